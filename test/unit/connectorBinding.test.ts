// Parameter binding as PowerShell does it (issue 10 items 18, 19 and issue 14 item 10), on synthetic scripts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, MarkupContent } from 'vscode-languageserver';
import type { TargetRole } from '../../server/src/settings';
import { caret, codes, diagnose, open } from '../fixtures/connectors/harness';

async function at(marked: string, role: TargetRole = 'EdgeTransport') {
  const { text, position } = caret(marked);
  const o = await open(text, role);
  const ctx = { settings: o.settings };
  const labels = ((o.svc.completion!(o.model, o.doc, position, ctx) as CompletionItem[] | null) ?? []).map((i) => i.label);
  const hover = o.svc.hover!(o.model, o.doc, position, ctx);
  const signature = o.svc.signatureHelp!(o.model, o.doc, position, ctx);
  o.svc.close!(o.model);
  return { labels, hover: hover ? (hover.contents as MarkupContent).value : '', signature };
}

test('New-ReceiveConnector without a usage type binds the default set (Custom) instead of failing', async () => {
  const complete = await diagnose('New-ReceiveConnector -Name R -Bindings 10.1.1.1:25 -RemoteIPRanges 10.0.0.1 -PermissionGroups ExchangeServers\n');
  assert.ok(!codes(complete).includes('CONNECTOR004'), JSON.stringify(complete));
  const partial = (await diagnose('New-ReceiveConnector -Name R -Bindings 10.1.1.1:25\n')).find((d) => d.code === 'CONNECTOR004');
  const message = String(partial?.message);
  assert.ok(partial);
  assert.match(message, /default parameter set Custom/);
  assert.match(message, /-RemoteIPRanges/);
  assert.match(message, /prompt/);
  assert.doesNotMatch(message, /cannot tell which parameter set/);
  // created as Custom: without permission groups it accepts nothing (EXR023)
  assert.ok(codes(await diagnose('New-ReceiveConnector -Name R -Bindings 10.1.1.1:25 -RemoteIPRanges 10.0.0.1\n')).includes('CONNECTOR123'));
});

test('a misspelt parameter is reported and the security rules still read it', async () => {
  const text =
    'New-ReceiveConnector -Name R -Custom -Bindings 10.1.1.2:25 -RemoteIPRnages 0.0.0.0/0 -PermissionGroups AnonymousUsers -ProtocolLoggingLevel Verbose\n' +
    "Add-ADPermission R -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n";
  const got = codes(await diagnose(text));
  assert.ok(got.includes('CONNECTOR001'), JSON.stringify(got));
  assert.ok(got.includes('CONNECTOR103'), `the open range is reported before the typo is fixed: ${JSON.stringify(got)}`);
  assert.ok(!got.includes('CONNECTOR004'), 'the misspelt -RemoteIPRanges is not also reported as missing');
});

test('BasicAuthTLS suggests BasicAuthRequireTLS', async () => {
  const d = (await diagnose('Set-ReceiveConnector R -AuthMechanism Tls,BasicAuth,BasicAuthTLS\n')).find((x) => x.code === 'CONNECTOR006');
  assert.match(String(d?.message), /did you mean 'BasicAuthRequireTLS'/);
});

test('completion after -Usage Custom offers no usage switch and nothing the target role rejects', async () => {
  const edge = await at('New-ReceiveConnector -Name R -Usage Custom -§');
  for (const gone of ['-Custom', '-Internal', '-Internet', '-DomainController']) assert.ok(!edge.labels.includes(gone), `${gone} offered`);
  assert.ok(edge.labels.includes('-Bindings') && edge.labels.includes('-PermissionGroups'));
  const mailbox = await at('New-ReceiveConnector -Name R -Usage Custom -§', 'Mailbox');
  assert.ok(mailbox.labels.includes('-DomainController'), 'available on a Mailbox server');
});

test('hover on a binding: 0.0.0.0 is every local address, a specific address must exist', async () => {
  const all = await at('New-ReceiveConnector -Name R -Custom -Bindings 0.0.0.0:2§5 -RemoteIPRanges 10.0.0.1\n');
  assert.match(all.hover, /every local IPv4 address/);
  assert.doesNotMatch(all.hover, /must exist/);
  const one = await at('New-ReceiveConnector -Name R -Custom -Bindings 10.1.1.2:2§5 -RemoteIPRanges 10.0.0.1\n');
  assert.match(one.hover, /must exist on a local network adapter/);
});

test('signature help shows the set in use compactly: mandatory and given parameters, the rest counted', async () => {
  const { signature } = await at('New-ReceiveConnector -Name R -Custom -Ban§');
  assert.ok(signature);
  const sig = signature.signatures[0]!;
  assert.match(sig.label, /^New-ReceiveConnector -Name <string> -Bindings <[^>]+>+ -RemoteIPRanges <[^>]+>+ (\[-Custom\] \[-Banner <string>\]|\[-Banner <string>\] \[-Custom\]) \[\d+ more optional\]$/);
  const active = sig.parameters![signature.activeParameter!]!.label as [number, number];
  assert.equal(sig.label.slice(active[0], active[1]), '-Banner <string>');
  const usage = await at('New-ReceiveConnector -Name R -Usage Custom -Ban§');
  assert.match(usage.signature!.signatures[0]!.label, /^New-ReceiveConnector -Name <string> -Bindings <[^>]+>+ -RemoteIPRanges <[^>]+>+ -Usage <ReceiveUsageType> \[-Banner <string>\]/);
  const none = await at('New-ReceiveConnector -Name R §');
  assert.match(String(none.signature!.signatures[0]!.documentation), /Parameter set Custom \(used when no usage type is given\)/);
});
