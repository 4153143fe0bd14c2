// EXR025–EXR029 beyond the one-line cases in ruleCases.ts: messages, quick fixes and the boundaries (synthetic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { caret, codes, diagnose, open } from '../fixtures/connectors/harness';

const RELAY = "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5,10.0.0.6 -PermissionGroups AnonymousUsers -ProtocolLoggingLevel Verbose\n";

test('EXR025 names the list it replaces and offers @{Add=…}', async () => {
  const text = `${RELAY}Set-ReceiveConnector Relay -RemoteIPRanges 10.0.0.7, 10.0.0.8\n`;
  const o = await open(text);
  const ctx = { settings: o.settings };
  const d = o.svc.diagnostics(o.model, o.doc, ctx).find((x) => x.code === 'CONNECTOR125');
  assert.ok(d);
  assert.match(String(d.message), /10\.0\.0\.5, 10\.0\.0\.6/);
  const actions = o.svc.codeActions!(o.model, o.doc, { textDocument: { uri: o.doc.uri }, range: d.range, context: { diagnostics: [d] } }, ctx);
  const fix = actions.find((a) => 'edit' in a && /@\{Add=/.test(a.title));
  assert.ok(fix && 'edit' in fix);
  const edit = fix.edit!.changes![o.doc.uri]![0]!;
  assert.equal(edit.newText, "@{Add='10.0.0.7','10.0.0.8'}");
  o.svc.close!(o.model);
  // a connector the script did not create: the list on the server is not known
  const unknown = (await diagnose('Set-ReceiveConnector Relay -RemoteIPRanges 10.0.0.7\n')).find((x) => x.code === 'CONNECTOR125');
  assert.match(String(unknown?.message), /already configured on the server/);
  // read-modify-write of the retrieved list (corpus sample 04) is not a replacement
  const rmw = '$c = Get-ReceiveConnector Relay\n$c.RemoteIPRanges += $ip\nSet-ReceiveConnector -Identity $c.Identity -RemoteIPRanges $c.RemoteIPRanges\n';
  assert.ok(!codes(await diagnose(rmw)).includes('CONNECTOR125'));
});

test('EXR026: same binding and same ranges in one script is an error; a narrower range on the same binding is fine', async () => {
  const dup = `${RELAY}New-ReceiveConnector -Name Relay2 -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.6, 10.0.0.5 -PermissionGroups ExchangeServers\n`;
  const d = (await diagnose(dup)).find((x) => x.code === 'CONNECTOR126');
  assert.equal(d?.severity, DiagnosticSeverity.Error);
  assert.match(String(d?.message), /'Relay2' listens on 10\.1\.1\.2:25 for the same RemoteIPRanges as 'Relay'/);
  const narrower = `${RELAY}New-ReceiveConnector -Name Relay2 -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5 -PermissionGroups ExchangeServers\n`;
  assert.ok(!codes(await diagnose(narrower)).includes('CONNECTOR126'));
  // the default Edge connector moved to the external address first (Microsoft's standalone-Edge pattern)
  const moved = "Set-ReceiveConnector 'Default internal receive connector EDGE01' -Bindings 203.0.113.25:25\nNew-ReceiveConnector -Name Inet -Internet -Bindings 0.0.0.0:25 -Banner '220 SMTP Server Ready'\n";
  assert.ok(!codes(await diagnose(moved)).includes('CONNECTOR126'));
  // only an Edge has that default connector
  assert.ok(!codes(await diagnose("New-ReceiveConnector -Name Inet -Internet -Bindings 0.0.0.0:25 -Banner '220 x'\n", 'Mailbox')).includes('CONNECTOR126'));
});

test('EXR027 states the December 2026 change and the Edge → Exchange Online path', async () => {
  const d = (await diagnose('Set-SendConnector Out -SmartHosts smtp.office365.com -SmartHostAuthMechanism BasicAuth\n')).find((x) => x.code === 'CONNECTOR127');
  assert.ok(d);
  assert.match(String(d.message), /end of December 2026/);
  assert.match(String(d.message), /5\.7\.30/);
  assert.match(String(d.message), /mail\.protection\.outlook\.com, port 25/);
  assert.match(String(d.message), /OnPremises inbound connector/);
  assert.ok(!codes(await diagnose('Set-SendConnector Out -SmartHosts smtp.contoso.com -Port 587 -SmartHostAuthMechanism BasicAuthRequireTLS\n')).includes('CONNECTOR127'));
});

test('EXR028 is a warning on a restricted OnPremises connector and an error with SenderDomains * and no restriction', async () => {
  const warn = (await diagnose('New-InboundConnector -Name A -ConnectorType OnPremises -SenderDomains * -SenderIPAddresses 203.0.113.5 -TreatMessagesAsInternal $true\n', 'ExchangeOnline')).find((x) => x.code === 'CONNECTOR128');
  assert.equal(warn?.severity, DiagnosticSeverity.Warning);
  const err = (await diagnose('New-InboundConnector -Name A -ConnectorType OnPremises -SenderDomains * -TreatMessagesAsInternal $true\n', 'ExchangeOnline')).find((x) => x.code === 'CONNECTOR128');
  assert.equal(err?.severity, DiagnosticSeverity.Error);
});

test('hover explains Exchange Online reply codes quoted in comments, and nothing in strings', async () => {
  const hoverAt = async (marked: string) => {
    const { text, position } = caret(marked);
    const o = await open(text);
    const h = o.svc.hover!(o.model, o.doc, position, { settings: o.settings });
    o.svc.close!(o.model);
    return h ? (h.contents as { value: string }).value : '';
  };
  const expected: [string, RegExp][] = [
    ['5.7.6§4', /TenantAttribution.*accepted domain/s],
    ['5.7.6§8', /Reject Direct Send.*~all/s],
    ['4.7.2§30', /throttles.*not confirmed/s],
    ['5.7.2§30', /blocks/],
    ['5.7.§30', /December 2026/],
    ['5.7.5§4', /ms-Exch-SMTP-Accept-Any-Recipient/],
    ['5.7.6§0', /Send As/],
  ];
  for (const [code, meaning] of expected) {
    assert.match(await hoverAt(`# the device gets 550 ${code} from the server\nSet-ReceiveConnector R -Banner '220 x'\n`), meaning, code);
  }
  assert.match(await hoverAt('<#\n 550 5.7.6§4\n#>\n'), /TenantAttribution/);
  assert.equal(await hoverAt("$reply = '550 5.7.6§4'\n"), '');
});
