// Hostile XML: entity expansion, external entities, a 50 MB attribute, deep nesting, invalid UTF-8,
// element floods and random mutations. Each yields a diagnostic and a bounded response (generous
// test timeouts; the timing targets themselves live in the benchmark), and nothing is read from
// disk or network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkMetabaseText, decodeMetabaseBytes } from '../../server/src/metabase/index';
import { metabaseService } from '../../server/src/metabase/service';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { hoverText, positionOf, REPO_ROOT, startClient, type TestLspClient } from '../helpers/lspClient';

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
const messages = (ds: Diagnostic[]) => ds.map((d) => (typeof d.message === 'string' ? d.message : d.message.value)).join('\n');

const BILLION_LAUGHS = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE lolz [',
  ' <!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`),
  ']>',
  '<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"><MBProperty>',
  '<IIsSmtpServer Location="/LM/SmtpSvc/1" ServerComment="&lol9;">&lol9;</IIsSmtpServer>',
  '</MBProperty></configuration>',
].join('\n');

const XXE = [
  '<?xml version="1.0"?>',
  '<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>',
  '<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"><MBProperty>',
  '<IIsSmtpServer Location="/LM/SmtpSvc/1" ServerComment="&xxe;" ServerBindings=":25:"></IIsSmtpServer>',
  '</MBProperty></configuration>',
].join('\n');

test('billion laughs: DOCTYPE and entity diagnostics, nothing expanded', { timeout: 10000 }, () => {
  const ds = checkMetabaseText(BILLION_LAUGHS);
  assert.ok(codes(ds).includes('METABASE002'), codes(ds).join(','));
  assert.ok(codes(ds).includes('METABASE003'));
  assert.match(messages(ds), /declares 10 entities.*billion laughs/);
  assert.ok(!/lollol/.test(messages(ds)));
});

test('external entity: reported, never resolved', { timeout: 10000 }, () => {
  const ds = checkMetabaseText(XXE);
  assert.ok(codes(ds).includes('METABASE002'));
  assert.match(messages(ds), /SYSTEM\/PUBLIC\) is never fetched/);
  assert.match(messages(ds), /'&xxe;' is not expanded/);
  assert.ok(!/root:/.test(messages(ds)));
  const service = metabaseService();
  const doc = TextDocument.create('file:///x.xml', 'iis-metabase', 1, XXE);
  const model = service.open(doc);
  const h = service.hover!(model, doc, doc.positionAt(XXE.indexOf('ServerComment') + 2), { settings: DEFAULT_SETTINGS });
  assert.ok(h);
  const text = (h.contents as { value: string }).value;
  assert.match(text, /\\?&xxe\\?;/);
  assert.ok(!/root:/.test(text));
});

test('the metabase modules import no file, network or process APIs', () => {
  const dir = join(REPO_ROOT, 'server', 'src', 'metabase');
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  assert.ok(files.length > 10);
  for (const f of files) {
    const src = readFileSync(join(dir, f), 'utf8');
    assert.ok(!/from '(node:)?(fs|net|http|https|child_process|dgram|dns|tls)'|require\(/.test(src), `${f} imports I/O`);
  }
});

function hugeAttributeText(): string {
  const blob = '18000080'.repeat(50 * 1024 * 1024 / 8);
  return `<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"><MBProperty>\n<IIsSmtpServer Location="/LM/SmtpSvc/1" RelayIpList="${blob}" ServerComment="ok">\n</IIsSmtpServer></MBProperty></configuration>`;
}

test('50 MB attribute: reported as too large, not decoded', { timeout: 30000 }, () => {
  const ds = checkMetabaseText(hugeAttributeText());
  assert.ok(codes(ds).includes('METABASE008'), codes(ds).join(','));
  assert.match(messages(ds), /RelayIpList is 50\.0 MB; values over 8 MB are not analysed/);
});

test('deep nesting: one diagnostic, bounded', { timeout: 20000 }, () => {
  const depth = 200_000;
  const text = '<configuration>' + '<a>'.repeat(depth) + '</a>'.repeat(depth) + '</configuration>';
  const ds = checkMetabaseText(text);
  assert.ok(codes(ds).includes('METABASE004'));
  assert.equal(codes(ds).filter((c) => c === 'METABASE004').length, 1);
});

test('element flood: stops at the element limit with a diagnostic', { timeout: 20000 }, () => {
  const text = '<configuration><MBProperty>' + '<x Location="/LM/W3SVC/1"/>'.repeat(250_000) + '</MBProperty></configuration>';
  const ds = checkMetabaseText(text);
  assert.ok(codes(ds).includes('METABASE005'), codes(ds).slice(0, 10).join(','));
});

test('invalid UTF-8 and NUL bytes: decoded with replacement characters and reported', { timeout: 10000 }, () => {
  const bytes = Buffer.concat([
    Buffer.from('<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"><MBProperty>\n<IIsSmtpServer Location="/LM/SmtpSvc/1" ServerComment="'),
    Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x00, 0xed, 0xa0, 0x80]),
    Buffer.from('"></IIsSmtpServer></MBProperty></configuration>'),
  ]);
  const text = decodeMetabaseBytes(bytes);
  const ds = checkMetabaseText(text);
  assert.match(messages(ds), /invalid UTF-8 byte sequences/);
  assert.match(messages(ds), /NUL characters/);
});

test('random mutations of the example never throw', { timeout: 60000 }, () => {
  const base = readFileSync(join(REPO_ROOT, 'examples', 'MetaBase.xml'), 'utf8');
  let seed = 99;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pieces = ['<', '>', '"', "'", '&', '&amp;', '</IIsSmtpServer>', '<!--', '-->', '<!DOCTYPE', '=', '\u0000', '\uFFFD', '|', 'ffff', '\r\n\t\t'];
  const service = metabaseService();
  for (let i = 0; i < 300; i++) {
    let text = base;
    for (let k = 0; k < 1 + rnd(5); k++) {
      const at = rnd(text.length);
      const cut = rnd(3) === 0 ? rnd(40) : 0;
      text = text.slice(0, at) + pieces[rnd(pieces.length)] + text.slice(at + cut);
    }
    const doc = TextDocument.create('file:///m.xml', 'iis-metabase', 1, text);
    const model = service.open(doc);
    service.diagnostics(model, doc, { settings: DEFAULT_SETTINGS });
    const pos = doc.positionAt(rnd(text.length));
    service.hover!(model, doc, pos, { settings: DEFAULT_SETTINGS });
    service.completion!(model, doc, pos, { settings: DEFAULT_SETTINGS });
    service.documentSymbols!(model, doc, { settings: DEFAULT_SETTINGS });
    service.codeActions!(model, doc, { textDocument: { uri: doc.uri }, range: { start: pos, end: pos }, context: { diagnostics: [] } }, { settings: DEFAULT_SETTINGS });
  }
});

// The same hostile inputs through the built server: it answers and keeps answering.
let client: TestLspClient;
before(async () => {
  client = await startClient();
});
after(async () => {
  await client.shutdown();
});

test('server: billion laughs and external entity get diagnostics; hover shows the unexpanded reference', { timeout: 30000 }, async () => {
  await client.open('file:///hostile/laughs.xml', 'iis-metabase', BILLION_LAUGHS);
  const p = await client.waitForDiagnostics('file:///hostile/laughs.xml');
  assert.ok(p.diagnostics.some((d) => d.code === 'METABASE002'));
  await client.open('file:///hostile/xxe.xml', 'iis-metabase', XXE);
  const q = await client.waitForDiagnostics('file:///hostile/xxe.xml');
  assert.ok(q.diagnostics.some((d) => d.code === 'METABASE002'));
  const h = hoverText(await client.hover('file:///hostile/xxe.xml', positionOf(XXE, 'ServerComment', 2)));
  assert.match(h, /\\?&xxe\\?;/);
  assert.ok(!/root:/.test(h));
});

test('server: a 50 MB attribute gets a diagnostic and the server stays responsive', { timeout: 120000 }, async () => {
  const uri = 'file:///hostile/huge.xml';
  await client.open(uri, 'iis-metabase', hugeAttributeText());
  const p = await client.waitForDiagnostics(uri, () => true, 100000);
  assert.ok(p.diagnostics.some((d) => d.code === 'METABASE008'));
  const h = await client.hover(uri, { line: 1, character: 3 });
  assert.ok(hoverText(h).length > 0);
  await client.close(uri);
});
