import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { codes, covered, diagnose } from '../fixtures/connectors/harness';
import { RULE_CASES as CASES } from '../fixtures/connectors/ruleCases';

for (const c of CASES) {
  test(`${c.code} ${c.name}`, async () => {
    const diags = await diagnose(c.script, c.role);
    const hit = diags.find((d) => d.code === c.code);
    assert.ok(hit, `${c.code} expected; got ${JSON.stringify(diags.map((d) => [d.code, d.message]))}`);
    assert.equal(covered(c.script, hit), c.at);
    assert.ok(String(hit.message).length > 40, 'the message explains why and what to do');
    if (c.severity !== undefined) assert.equal(hit.severity, c.severity);
    const clean = await diagnose(c.clean, c.cleanRole ?? c.role);
    assert.ok(!codes(clean).includes(c.code), `${c.code} not expected on the clean variant; got ${JSON.stringify(clean.map((d) => [d.code, d.message]))}`);
  });
}

test('EXR001 becomes an error when the relay connector accepts every address', async () => {
  const text = "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 0.0.0.0/0 -PermissionGroups AnonymousUsers -ProtocolLoggingLevel Verbose\nGet-ReceiveConnector Relay | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n";
  const relay = (await diagnose(text)).find((d) => d.code === 'CONNECTOR101')!;
  assert.equal(relay.severity, DiagnosticSeverity.Error);
  assert.match(String(relay.message), /open relay/);
});

test('the target role selects availability rules', async () => {
  const script = 'New-InboundConnector -Name I -SenderDomains * -ConnectorType Partner\nSet-ReceiveConnector R -DomainController dc1.contoso.com\n';
  assert.deepEqual(codes(await diagnose(script, 'EdgeTransport')).sort(), ['CONNECTOR009', 'CONNECTOR010']);
  assert.deepEqual(codes(await diagnose(script, 'Mailbox')), ['CONNECTOR010']);
  assert.deepEqual(codes(await diagnose(script, 'ExchangeOnline')), ['CONNECTOR010']);
});

test('unknown values are never guessed: no format or security finding on variables from elsewhere', async () => {
  const text = 'New-ReceiveConnector -Name $n -Custom -Bindings $b -RemoteIPRanges $r -PermissionGroups $g -AuthMechanism $a\nAdd-ADPermission $n -User $u -ExtendedRights $x\n';
  assert.deepEqual(await diagnose(text), []);
});
