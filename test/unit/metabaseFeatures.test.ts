// Hover, completion, outline, folding and code actions as pure functions on the synthetic example.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver';
import { metabaseService } from '../../server/src/metabase/service';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { BLOBS, metabaseXml, QUIET_SERVICE, quietServer } from '../fixtures/metabase/build';

const REPO_ROOT = join(__dirname, '..', '..');
const EXAMPLE = readFileSync(join(REPO_ROOT, 'examples', 'MetaBase.xml'), 'utf8');
const service = metabaseService();
const ctx = { settings: structuredClone(DEFAULT_SETTINGS) as typeof DEFAULT_SETTINGS };

function open(text: string) {
  const doc = TextDocument.create('file:///t/MetaBase.xml', 'iis-metabase', 1, text);
  return { doc, model: service.open(doc) };
}

function at(text: string, needle: string, offset = 0, occurrence = 0) {
  let i = -1;
  for (let k = 0; k <= occurrence; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, needle);
  return i + offset;
}

function hoverText(h: Hover | null): string {
  assert.ok(h, 'no hover');
  return (h.contents as MarkupContent).value;
}

test('hover on a virtual server key: summary with decoded relay list, verdict and Edge mapping', () => {
  const { doc, model } = open(EXAMPLE);
  const h = hoverText(service.hover!(model, doc, doc.positionAt(at(EXAMPLE, 'IIsSmtpServer', 2)), ctx));
  assert.match(h, /Virtual server 1 — "Application relay"/);
  assert.match(h, /only these 3 ranges may relay: `10\.10\.6\.0\/24`, `10\.10\.5\.20`, `10\.10\.5\.21`/);
  assert.match(h, /Connection control \| only this 1 range may connect: `10\.10\.0\.0\/16`/);
  assert.match(h, /Relay for authenticated users \| no/);
  assert.match(h, /smart host `mail\.fabrikam\.test` \(always\)/);
  assert.match(h, /-RemoteIPRanges 10\.10\.6\.0\/24,10\.10\.5\.20,10\.10\.5\.21/);
  assert.match(h, /Generate Exchange connectors/);
});

test('hover on the risky server says where inherited values come from', () => {
  const { doc, model } = open(EXAMPLE);
  const h = hoverText(service.hover!(model, doc, doc.positionAt(at(EXAMPLE, '/LM/SmtpSvc/2', 3)), ctx));
  assert.match(h, /open relay\\?: every host except 1 denied entry may relay\\?: `10\.66\.6\.6`/);
  assert.match(h, /Relay for authenticated users \| yes _\(not set anywhere in the inheritance chain\\?; the SMTP service assumes TRUE \\?\(believed behaviour\\?, not confirmed on a live server\\?\)/);
  assert.match(h, /message 0 = unlimited/);
  assert.match(h, /Logging \| \*\*off\*\*/);
});

test('hover on a property: meaning, decoded value, origin, Edge equivalent', () => {
  const { doc, model } = open(EXAMPLE);
  const h = hoverText(service.hover!(model, doc, doc.positionAt(at(EXAMPLE, 'AuthFlags="AuthBasic', 2)), ctx));
  assert.match(h, /\*\*AuthFlags\*\* \(ID 6000\)/);
  assert.match(h, /Value: AuthAnonymous \\\| AuthBasic \\?\(3\\?, 0x3\\?\)/);
  assert.match(h, /Effective on \\?\/LM\\?\/SmtpSvc\\?\/2: set on this key/);
  assert.match(h, /Edge \(ReceiveConnector\):\*\* Anonymous → `-PermissionGroups AnonymousUsers`/);
});

test('hover on a blob value shows the decoded list', () => {
  const text = metabaseXml([QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.twoMasks })]);
  const { doc, model } = open(text);
  const h = hoverText(service.hover!(model, doc, doc.positionAt(at(text, BLOBS.twoMasks, 10)), ctx));
  assert.match(h, /\*\*only these 3 ranges may relay\*\*/);
  assert.match(h, /Granted: `10\.20\.30\.0\/24`, `192\.168\.1\.10`, `192\.168\.1\.20`/);
  assert.match(h, /Exchange: `-RemoteIPRanges '10\.20\.30\.0\/24','192\.168\.1\.10','192\.168\.1\.20'`/);
  assert.match(h, /IIS Manager shows: "Only the list below"/);
});

test('hover on an inherited property value names the origin of the effective value', () => {
  const text = metabaseXml([QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/a.test', props: { RelayForAuth: '1' } }]);
  const { doc, model } = open(text);
  const h = hoverText(service.hover!(model, doc, doc.positionAt(at(text, 'RelayForAuth="1"', 2)), ctx));
  assert.match(h, /\*\*RelayForAuth\*\*/);
  assert.match(h, /When absent, the service assumes TRUE/);
});

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

test('completion offers properties valid for the key type that are not yet present', () => {
  const text = metabaseXml([QUIET_SERVICE, quietServer()]);
  const { doc, model } = open(text);
  const pos = doc.positionAt(at(text, 'ServerComment="Quiet relay"', 'ServerComment="Quiet relay"'.length));
  const items = service.completion!(model, doc, pos, ctx) as CompletionItem[];
  const l = labels(items);
  assert.ok(l.includes('AuthFlags'));
  assert.ok(l.includes('SmartHost'));
  assert.ok(!l.includes('ServerComment'), 'already present');
  assert.ok(!l.includes('RouteActionString'), 'domain-only property');
  assert.ok(!l.includes('SmtpDsHost') || true);
  const auth = items.find((i) => i.label === 'AuthFlags')!;
  assert.match((auth.documentation as MarkupContent).value, /Anonymous → `-PermissionGroups AnonymousUsers`/);
  // Domain keys get domain properties.
  const text2 = metabaseXml([QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/a.test', props: { RouteAction: '2' } }]);
  const o2 = open(text2);
  const l2 = labels(service.completion!(o2.model, o2.doc, o2.doc.positionAt(at(text2, 'RouteAction="2"', 'RouteAction="2"'.length)), ctx) as CompletionItem[]);
  assert.ok(l2.includes('RouteActionString'));
  assert.ok(!l2.includes('ServerBindings'));
});

test('completion inside values: flag names (minus those present), booleans, enumerations', () => {
  const text = metabaseXml([QUIET_SERVICE, quietServer('1', { AuthFlags: 'AuthBasic | Au', ServerAutoStart: '', SmartHostType: '' })]);
  const { doc, model } = open(text);
  const items = service.completion!(model, doc, doc.positionAt(at(text, 'AuthBasic | Au', 'AuthBasic | Au'.length)), ctx) as CompletionItem[];
  const l = labels(items);
  assert.ok(l.includes('AuthAnonymous') && l.includes('AuthNTLM'));
  assert.ok(!l.includes('AuthBasic'));
  const edit = items[0]!.textEdit as { range: { start: { character: number } }; newText: string };
  assert.equal(doc.getText().slice(doc.offsetAt(edit.range.start as never), at(text, 'AuthBasic | Au', 'AuthBasic | Au'.length)), 'Au');
  const bools = labels(service.completion!(model, doc, doc.positionAt(at(text, 'ServerAutoStart="', 'ServerAutoStart="'.length)), ctx) as CompletionItem[]);
  assert.deepEqual(bools, ['TRUE', 'FALSE']);
  const enums = service.completion!(model, doc, doc.positionAt(at(text, 'SmartHostType="', 'SmartHostType="'.length)), ctx) as CompletionItem[];
  assert.deepEqual(enums.map((e) => [e.label, e.detail]), [
    ['0', 'no smart host'],
    ['1', 'try DNS first, then the smart host'],
    ['2', 'always use the smart host'],
  ]);
});

test('outline: service → servers with ServerComment → domains and root', () => {
  const { doc, model } = open(EXAMPLE);
  const syms = service.documentSymbols!(model, doc, ctx);
  assert.equal(syms.length, 1);
  assert.equal(syms[0]!.name, 'SMTP service');
  assert.deepEqual(syms[0]!.children!.map((c) => c.name), ['1 — Application relay', '2 — Legacy scanners (RISKY)']);
  assert.deepEqual(syms[0]!.children![0]!.children!.map((c) => c.name), ['Root', 'smtp01.fabrikam.test']);
  assert.deepEqual(syms[0]!.children![1]!.children!.map((c) => c.name), ['partner.example']);
});

test('folding: one range per multi-line key and per comment', () => {
  const { doc, model } = open(EXAMPLE);
  const folds = service.foldingRanges!(model, doc, ctx);
  assert.equal(folds.filter((f) => f.kind === 'comment').length, 1);
  assert.equal(folds.filter((f) => f.kind === undefined).length, 6);
  const first = folds.find((f) => f.kind === undefined)!;
  assert.equal(doc.getText({ start: { line: first.startLine, character: 0 }, end: { line: first.startLine, character: 15 } }), '<IIsSmtpService');
});

test('code action on a virtual server (or inside one of its domains) opens the connector script', () => {
  const { doc, model } = open(EXAMPLE);
  for (const needle of ['/LM/SmtpSvc/2"', 'partner.example"']) {
    const p = doc.positionAt(at(EXAMPLE, needle));
    const actions = service.codeActions!(model, doc, { textDocument: { uri: doc.uri }, range: { start: p, end: p }, context: { diagnostics: [] } }, ctx);
    assert.deepEqual(actions.map((x) => (x as { kind: string }).kind), ['source', 'refactor.rewrite'], 'Source Action... and Ctrl+.');
    const a = actions[0] as { title: string; command: { command: string; arguments: { language: string; content: string }[] } };
    assert.equal(a.title, 'Generate Exchange connectors for this virtual server');
    assert.equal(a.command.command, 'iisSmtp.openGeneratedDocument');
    assert.equal(a.command.arguments[0]!.language, 'powershell');
    assert.match(a.command.arguments[0]!.content, /New-ReceiveConnector/);
    assert.match(a.command.arguments[0]!.content, /virtual server 2/);
  }
  const p2 = doc.positionAt(at(EXAMPLE, '/LM/SmtpSvc/2"'));
  const only = (kinds: string[]) => service.codeActions!(model, doc, { textDocument: { uri: doc.uri }, range: { start: p2, end: p2 }, context: { diagnostics: [], only: kinds } }, ctx).map((x) => (x as { kind: string }).kind);
  assert.deepEqual(only(['refactor']), ['refactor.rewrite']);
  assert.deepEqual(only(['source']), ['source']);
  assert.deepEqual(only(['quickfix']), [], 'a quick fix only for a finding the script fixes');
  const svc = doc.positionAt(at(EXAMPLE, '/LM/SmtpSvc"'));
  assert.deepEqual(service.codeActions!(model, doc, { textDocument: { uri: doc.uri }, range: { start: svc, end: svc }, context: { diagnostics: [] } }, ctx), []);
});

test('hover on a domain key: route action decoded with its Edge mapping', () => {
  const { doc, model } = open(EXAMPLE);
  const h = hoverText(service.hover!(model, doc, doc.positionAt(at(EXAMPLE, 'Domain/partner.example', 3)), ctx));
  assert.match(h, /Route action: `SMTP_SMARTHOST` \| `SMTP_DOMAIN_RELAY` \(4098\)/);
  assert.match(h, /smart host `mx\.partner\.example`/);
  assert.match(h, /-AddressSpaces partner\.example -SmartHosts mx\.partner\.example -DNSRoutingEnabled \$false/);
  assert.match(h, /\*\*Anyone may relay to this domain\*\*/);
});
