import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CompletionItem, Hover } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { caret, open } from '../fixtures/connectors/harness';

function hoverText(h: Hover | null | undefined): string {
  if (!h) return '';
  const c = h.contents as { value: string };
  return c.value;
}

async function hoverAt(marked: string): Promise<string> {
  const { text, position } = caret(marked);
  const o = await open(text);
  return hoverText(o.svc.hover!(o.model, o.doc, position, { settings: o.settings }));
}

async function completeAt(marked: string): Promise<CompletionItem[]> {
  const { text, position } = caret(marked);
  const o = await open(text);
  const r = o.svc.completion!(o.model, o.doc, position, { settings: o.settings });
  return Array.isArray(r) ? r : r?.items ?? [];
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

test('hover on a cmdlet: synopsis, Edge availability, parameter set and the accumulated connector state', async () => {
  const text = "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.0/29 -PermissionGroups AnonymousUsers\nGet-ReceiveConnector Relay | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\nSet-Rece§iveConnector Relay -ProtocolLoggingLevel Verbose\n";
  const h = await hoverAt(text);
  assert.match(h, /\*\*Set-ReceiveConnector\*\*/);
  assert.match(h, /Edge Transport: available/);
  assert.match(h, /Connector 'Relay' as this script leaves it/);
  assert.match(h, /RemoteIPRanges: `10\.0\.0\.0\/29`/);
  assert.match(h, /Rights of ANONYMOUS LOGON: .*ms-exch-smtp-accept-any-recipient/);
  const created = await hoverAt('New-Receive§Connector -Name R -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5\n');
  assert.match(created, /Parameter set in use: `Custom`/);
});

test('hover on a parameter, an enum value, a permission group and a range', async () => {
  assert.match(await hoverAt('Set-ReceiveConnector R -AuthMech§anism Tls\n'), /\*\*-AuthMechanism\*\* `AuthMechanisms`[\s\S]*Accepted values \(several allowed\): `None`, `Tls`/);
  assert.match(await hoverAt('Set-ReceiveConnector R -AuthMechanism Tls,ExternalAuth§oritative\n'), /ExternalAuthoritative\*\* — Externally secured/);
  assert.match(await hoverAt('Set-ReceiveConnector R -PermissionGroups Anonym§ousUsers\n'), /NT AUTHORITY\\ANONYMOUS LOGON/);
  assert.match(await hoverAt('Set-ReceiveConnector R -RemoteIPRanges 10.0.0.1, 192.168.1.0§/24\n'), /192\.168\.1\.0 – 192\.168\.1\.255 \(256 addresses\)/);
  assert.match(await hoverAt('Set-ReceiveConnector R -RemoteIPRanges 0.0.0.0-255.255.255.2§55\n'), /4,294,967,296 addresses\) — every address/);
  assert.match(await hoverAt('Set-ReceiveConnector R -MaxMessageSize 36M§B\n'), /37,748,736 bytes/);
  assert.equal(await hoverAt('Get-Child§Item -Path C:\\\n'), '');
});

test('completion: cmdlet names, unused parameters of the set in use, enum values, rights and principals', async () => {
  assert.ok(labels(await completeAt('New-Rec§')).includes('New-ReceiveConnector'));
  const params = labels(await completeAt('New-ReceiveConnector -Name R -Custom -§'));
  assert.ok(params.includes('-Bindings') && params.includes('-RemoteIPRanges'));
  assert.ok(!params.includes('-Name'), 'already used');
  assert.ok(!params.includes('-Internet') && !params.includes('-Usage'), 'other parameter sets');
  const prefixed = labels(await completeAt('Set-ReceiveConnector R -Remote§'));
  assert.ok(prefixed.includes('-RemoteIPRanges'));
  assert.deepEqual(labels(await completeAt('Set-ReceiveConnector R -AuthMechanism Tls,§')).slice(0, 3), ['None', 'Tls', 'Integrated']);
  assert.ok(labels(await completeAt('Set-SendConnector S -TlsAuthLevel §')).includes('DomainValidation'));
  const rights = await completeAt("Add-ADPermission R -User x -ExtendedRights ms-Exch-SMTP-§");
  assert.ok(labels(rights).includes('ms-Exch-SMTP-Accept-Any-Recipient'));
  const users = await completeAt('Add-ADPermission R -User §');
  const anon = users.find((u) => u.label === 'NT AUTHORITY\\ANONYMOUS LOGON')!;
  assert.equal((anon.textEdit as { newText: string }).newText, "'NT AUTHORITY\\ANONYMOUS LOGON'");
  assert.deepEqual(labels(await completeAt('Set-SendConnector S -RequireTLS §')), ['$true', '$false']);
  assert.deepEqual(await completeAt('Get-ChildItem -§'), []);
});

test('completion of keys inside a hashtable splatted into a connector cmdlet', async () => {
  const items = await completeAt("$p = @{\n  Name = 'Relay'\n  Remo§\n}\nNew-ReceiveConnector @p\n");
  assert.ok(labels(items).includes('RemoteIPRanges'));
  assert.ok(!labels(items).includes('Name'), 'key already present');
});

test('signature help shows the parameter set in use and the active parameter', async () => {
  const { text, position } = caret('New-ReceiveConnector -Name R -Custom -Bindings §');
  const o = await open(text);
  const sig = o.svc.signatureHelp!(o.model, o.doc, position, { settings: o.settings })!;
  assert.equal(sig.signatures.length, 1);
  assert.match(sig.signatures[0]!.label, /^New-ReceiveConnector -Name <string> -Bindings <MultiValuedProperty<IPBinding>> -RemoteIPRanges/);
  const active = sig.signatures[0]!.parameters![sig.activeParameter!]!.label as [number, number];
  assert.equal(sig.signatures[0]!.label.slice(active[0], active[1]), '-Bindings <MultiValuedProperty<IPBinding>>');
});

async function actions(text: string, needle: string): Promise<{ actions: CodeAction[]; apply: (a: CodeAction) => string }> {
  const o = await open(text);
  const i = text.indexOf(needle);
  const range = { start: o.doc.positionAt(i), end: o.doc.positionAt(i + needle.length) };
  const list = o.svc.codeActions!(o.model, o.doc, { textDocument: { uri: o.doc.uri }, range, context: { diagnostics: [] } }, { settings: o.settings }) as CodeAction[];
  const apply = (a: CodeAction) => TextDocument.applyEdits(o.doc, a.edit!.changes![o.doc.uri]!);
  return { actions: list, apply };
}

test('quick fixes: BasicAuth → BasicAuthRequireTLS, EXO TLS settings, misspellings, quoting, scoped range', async () => {
  let r = await actions('Set-ReceiveConnector R -AuthMechanism Tls,BasicAuth\n', 'BasicAuth');
  assert.equal(r.apply(r.actions.find((a) => /BasicAuthRequireTLS/.test(a.title))!), 'Set-ReceiveConnector R -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS\n');

  const exo = 'New-SendConnector -Name EXO -AddressSpaces * -SmartHosts contoso-com.mail.protection.outlook.com -DNSRoutingEnabled $false\n';
  r = await actions(exo, 'New-SendConnector');
  assert.ok(r.apply(r.actions.find((a) => a.title === 'Add -RequireTLS $true')!).endsWith('$false -RequireTLS $true\n'));
  assert.ok(r.apply(r.actions.find((a) => /TlsAuthLevel DomainValidation/.test(a.title))!).endsWith('-TlsAuthLevel DomainValidation -TlsDomain mail.protection.outlook.com\n'));

  r = await actions('Set-ReceiveConnector R -Bannr x\n', '-Bannr');
  assert.equal(r.apply(r.actions[0]!), 'Set-ReceiveConnector R -Banner x\n');
  r = await actions('Set-SendConnector S -TlsAuthLevel DomainValidaton\n', 'DomainValidaton');
  assert.equal(r.apply(r.actions[0]!), 'Set-SendConnector S -TlsAuthLevel DomainValidation\n');
  r = await actions('New-SendConnector -Name S -AddressSpaces contoso.com;2 -DNSRoutingEnabled $true\n', 'contoso.com');
  assert.equal(r.apply(r.actions.find((a) => /Quote/.test(a.title))!), 'New-SendConnector -Name S -AddressSpaces "contoso.com;2" -DNSRoutingEnabled $true\n');

  const wide = "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5, 0.0.0.0/0 -PermissionGroups AnonymousUsers -ProtocolLoggingLevel Verbose\nGet-ReceiveConnector Relay | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n";
  r = await actions(wide, '0.0.0.0/0');
  const scoped = r.actions.find((a) => /scoped range/.test(a.title))!;
  assert.match(r.apply(scoped), /-RemoteIPRanges 10\.0\.0\.5, '<device-ip-address>' -PermissionGroups/);
});

test('hover on a key of a hashtable splatted into a connector cmdlet', async () => {
  const h = await hoverAt("$p = @{\n  Name = 'Relay'\n  Remote§IPRanges = '10.0.0.5'\n}\nNew-ReceiveConnector @p -Custom -Bindings 10.1.1.2:25\n");
  assert.match(h, /\*\*-RemoteIPRanges\*\*[\s\S]*Splatted into New-ReceiveConnector/);
  assert.equal(await hoverAt("$q = @{ Rem§ote = 1 }\nWrite-Output @q\n"), '');
});

test('a script written from scratch, one keystroke at a time: completion and hover follow along', async () => {
  const target = "New-ReceiveConnector -Name 'Relay' -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 10.0.0.5 -PermissionGroups AnonymousUsers\n";
  const o = await open('');
  let doc = o.doc;
  const seen = new Set<string>();
  for (let i = 0; i < target.length; i++) {
    const at = doc.positionAt(i);
    const change = { range: { start: at, end: at }, text: target[i]! };
    doc = TextDocument.update(doc, [change], doc.version + 1);
    o.svc.update(o.model, doc, change);
    const pos = doc.positionAt(i + 1);
    const r = o.svc.completion!(o.model, doc, pos, { settings: o.settings });
    for (const item of Array.isArray(r) ? r : r?.items ?? []) seen.add(item.label);
    o.svc.diagnostics(o.model, doc, { settings: o.settings });
  }
  for (const label of ['New-ReceiveConnector', '-Custom', '-Bindings', '-RemoteIPRanges', 'AnonymousUsers']) assert.ok(seen.has(label), label);
  const final = o.svc.diagnostics(o.model, doc, { settings: o.settings });
  assert.deepEqual(final.map((d) => d.code), [], 'the finished script is clean');
  const h = o.svc.hover!(o.model, doc, doc.positionAt(target.indexOf('PermissionGroups')), { settings: o.settings });
  assert.match(hoverText(h), /-PermissionGroups/);
  o.svc.close!(o.model);
});
