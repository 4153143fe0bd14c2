import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConnectorScript, type CommandSummary } from '../../server/src/connectors/index';
import { settingsFor } from '../fixtures/connectors/harness';

async function commands(text: string): Promise<CommandSummary[]> {
  return (await analyzeConnectorScript(text, settingsFor())).commands;
}

function param(cmd: CommandSummary, name: string) {
  return cmd.parameters.find((p) => p.name === name);
}

test('named, switch, -Switch:$false, arrays, positional identity and case-insensitive names', async () => {
  const [c] = await commands("Set-ReceiveConnector 'Relay' -remoteipranges 10.0.0.5, \"10.0.1.0/24\" -Enabled:$false -AuthMechanism Tls,BasicAuth -MaxMessageSize 25MB -WhatIf\n");
  assert.equal(c!.cmdlet, 'Set-ReceiveConnector');
  assert.deepEqual(param(c!, 'Identity'), { ...param(c!, 'Identity')!, source: 'positional', value: 'Relay', isLiteral: true });
  assert.deepEqual(param(c!, 'RemoteIPRanges')!.value, ['10.0.0.5', '10.0.1.0/24']);
  assert.equal(param(c!, 'Enabled')!.value, false);
  assert.deepEqual(param(c!, 'AuthMechanism')!.value, ['Tls', 'BasicAuth']);
  assert.equal(param(c!, 'MaxMessageSize')!.value, 25 * 1024 * 1024);
  assert.equal(param(c!, 'WhatIf')!.value, true);
  assert.equal(param(c!, 'RemoteIPRanges')!.range.start.character, 29);
});

test('a backtick-continued command keeps all its parameters, even after a grammar gap (", " in a bare list)', async () => {
  const [c] = await commands('New-ReceiveConnector -Name "Relay" `\n  -Custom -Bindings 10.1.1.2:25 `\n  -RemoteIpRanges 192.168.12.5, 192.168.20.0/24 -AuthMechanism Tls, BasicAuth -MaxMessageSize 10MB `\n  -Banner \'220 ok\'\n');
  assert.deepEqual(c!.parameters.map((p) => p.name), ['Name', 'Custom', 'Bindings', 'RemoteIPRanges', 'AuthMechanism', 'MaxMessageSize', 'Banner']);
  assert.deepEqual(param(c!, 'AuthMechanism')!.value, ['Tls', 'BasicAuth']);
});

test('variables from elsewhere are unknown; a single literal script-level assignment is known', async () => {
  const text = "$host1 = 'smtp.contoso.com'\n$size = 100MB\nparam2\nNew-SendConnector -Name $name -AddressSpaces * -SmartHosts $host1 -MaxMessageSize $size -DNSRoutingEnabled $false -Fqdn $env:COMPUTERNAME\nforeach ($x in $list) { Set-SendConnector $x -Port 25 }\n";
  const [a, b] = await commands(text);
  assert.equal(param(a!, 'Name')!.value, 'unknown');
  assert.equal(param(a!, 'Name')!.isLiteral, false);
  assert.equal(param(a!, 'SmartHosts')!.value, 'smtp.contoso.com');
  assert.equal(param(a!, 'MaxMessageSize')!.value, 100 * 1024 * 1024);
  assert.equal(param(a!, 'Fqdn')!.value, 'unknown');
  assert.equal(param(b!, 'Identity')!.value, 'unknown');
  const twice = await commands("$h = 'a.contoso.com'\n$h = 'b.contoso.com'\nNew-SendConnector -Name X -AddressSpaces * -SmartHosts $h -DNSRoutingEnabled $false\n");
  assert.equal(param(twice[0]!, 'SmartHosts')!.value, 'unknown', 'assigned twice: not guessed');
});

test('splatting: a literal hashtable, built up with $p.Key = and $p[\'Key\'] =, merged with named parameters', async () => {
  const text = "$p = @{ Name = 'Relay'; Custom = $true }\n$p.Bindings = '10.1.1.2:25'\n$p['RemoteIPRanges'] = '10.0.0.5', '10.0.0.6'\nNew-ReceiveConnector @p -PermissionGroups AnonymousUsers\n";
  const [c] = await commands(text);
  assert.deepEqual(c!.parameters.map((p) => [p.name, p.source]), [['Name', 'splat'], ['Custom', 'splat'], ['Bindings', 'splat'], ['RemoteIPRanges', 'splat'], ['PermissionGroups', 'named']]);
  assert.deepEqual(param(c!, 'RemoteIPRanges')!.value, ['10.0.0.5', '10.0.0.6']);
  assert.equal(c!.opaqueSplat, false);
  const [d] = await commands('New-ReceiveConnector @PSBoundParameters\n');
  assert.equal(d!.opaqueSplat, true);
  const [e] = await commands("$q = $base + @{ Name = 'x' }\nSet-ReceiveConnector @q\n");
  assert.equal(e!.opaqueSplat, true);
});

test('pipelines bind Identity from the upstream connector; an unknown upstream leaves it unknown', async () => {
  const cmds = await commands("Get-ReceiveConnector 'Relay' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n$c | Set-ReceiveConnector -Banner '220 x'\nGet-ReceiveConnector | Set-ReceiveConnector -MaxMessageSize 20MB\n");
  const add = cmds.find((c) => c.cmdlet === 'Add-ADPermission')!;
  assert.equal(add.pipelineFrom, 'Get-ReceiveConnector');
  assert.deepEqual([param(add, 'Identity')!.source, param(add, 'Identity')!.value], ['pipeline', 'Relay']);
  const sets = cmds.filter((c) => c.cmdlet === 'Set-ReceiveConnector');
  assert.equal(param(sets[0]!, 'Identity')!.value, 'unknown');
  assert.equal(param(sets[1]!, 'Identity')!.value, 'unknown');
  assert.equal(sets[1]!.pipelineFrom, 'Get-ReceiveConnector');
});

test('only connector cmdlets are modelled; commands nested in blocks and sub-expressions are found', async () => {
  const cmds = await commands("Get-ChildItem | Where-Object { $_.Length -gt 1 }\nfunction Setup { if ($x) { New-AcceptedDomain -Name C -DomainName contoso.com } }\n$r = (Get-ReceiveConnector 'X').RemoteIPRanges\n");
  assert.deepEqual(cmds.map((c) => c.cmdlet), ['New-AcceptedDomain', 'Get-ReceiveConnector']);
});
