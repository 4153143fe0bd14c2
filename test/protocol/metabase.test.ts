// The iis-metabase language through the built server over stdio (run `npm run build` first).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { hoverText, positionOf, REPO_ROOT, startClient, type TestLspClient } from '../helpers/lspClient';
import { BLOBS, EXO_BASIC_SUBMISSION, metabaseXml, QUIET_SERVICE, quietServer } from '../fixtures/metabase/build';

const EXAMPLE = readFileSync(join(REPO_ROOT, 'examples', 'MetaBase.xml'), 'utf8');
const CORPUS_FIXTURE = join(REPO_ROOT, '..', 'shared', 'corpus', 'metabase', '08-SYNTHETIC-metabase-smtp-fixture.xml');

let client: TestLspClient;
before(async () => {
  client = await startClient({ settings: { maxDiagnostics: 1000 } });
});
after(async () => {
  await client.shutdown();
});

const codesOf = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.map((d) => String(d.code));

test('the server announces metabase features', () => {
  const caps = client.initializeResult!.capabilities;
  assert.ok(caps.hoverProvider);
  assert.ok(caps.completionProvider?.triggerCharacters?.includes('|'));
  assert.ok(caps.documentSymbolProvider);
  assert.ok(caps.codeActionProvider);
  assert.ok(caps.foldingRangeProvider);
});

test('example: insecure settings are reported inline with codes, messages and related information', async () => {
  const uri = 'file:///proto/example/MetaBase.xml';
  await client.open(uri, 'iis-metabase', EXAMPLE);
  const p = await client.waitForDiagnostics(uri, (x) => x.diagnostics.length > 0);
  const codes = codesOf(p);
  for (const c of ['METABASE101', 'METABASE107', 'METABASE108', 'METABASE111', 'METABASE113', 'METABASE114']) assert.ok(codes.includes(c), `${c} missing from ${codes.join(',')}`);
  const open = p.diagnostics.find((d) => d.code === 'METABASE101')!;
  assert.equal(open.source, 'IIS SMTP metabase');
  assert.equal(open.range.start.line, positionOf(EXAMPLE, 'RelayIpList=', 0, 1).line);
  // Nothing on the carefully configured server 1 (lines before server 2).
  const server2Line = positionOf(EXAMPLE, '/LM/SmtpSvc/2').line;
  const serviceLine = positionOf(EXAMPLE, '<IIsSmtpServer').line;
  assert.deepEqual(p.diagnostics.filter((d) => d.range.start.line >= serviceLine && d.range.start.line < server2Line - 5).map((d) => d.message), []);
});

test('hover on the virtual server key decodes the relay list', async () => {
  const uri = 'file:///proto/example/MetaBase.xml';
  const h = hoverText(await client.hover(uri, positionOf(EXAMPLE, 'IIsSmtpServer', 2)));
  assert.match(h, /only these 3 ranges may relay/);
  assert.match(h, /10\.10\.6\.0\/24/);
});

test('completion offers property names and flag values', async () => {
  const uri = 'file:///proto/example/MetaBase.xml';
  const res = (await client.completion(uri, positionOf(EXAMPLE, 'AuthFlags="AuthBasic | ', 'AuthFlags="AuthBasic | '.length))) as CompletionItem[] | CompletionList;
  const items = Array.isArray(res) ? res : res.items;
  assert.ok(items.some((i) => i.label === 'AuthNTLM'));
  assert.ok(!items.some((i) => i.label === 'AuthBasic'));
  const res2 = (await client.completion(uri, positionOf(EXAMPLE, 'ServerComment="Legacy scanners (RISKY)"', 'ServerComment="Legacy scanners (RISKY)"'.length))) as CompletionItem[] | CompletionList;
  const items2 = Array.isArray(res2) ? res2 : res2.items;
  assert.ok(items2.some((i) => i.label === 'AccessSSLFlags'));
});

test('outline and folding', async () => {
  const uri = 'file:///proto/example/MetaBase.xml';
  const syms = (await client.documentSymbols(uri))!;
  assert.equal(syms[0]!.name, 'SMTP service');
  assert.deepEqual(syms[0]!.children!.map((c) => c.name), ['1 — Application relay', '2 — Legacy scanners (RISKY)']);
  const folds = (await client.foldingRanges(uri))!;
  assert.ok(folds.length >= 6);
});

test('code action returns the connector script as an openGeneratedDocument command', async () => {
  const uri = 'file:///proto/example/MetaBase.xml';
  const pos = positionOf(EXAMPLE, '/LM/SmtpSvc/2');
  const actions = (await client.codeActions(uri, { start: pos, end: pos })) as CodeAction[];
  const a = actions.find((x) => x.title === 'Generate Exchange connectors for this virtual server')!;
  assert.ok(a, JSON.stringify(actions));
  assert.equal(a.command!.command, 'iisSmtp.openGeneratedDocument');
  const arg = a.command!.arguments![0] as { language: string; content: string };
  assert.equal(arg.language, 'powershell');
  assert.match(arg.content, /New-ReceiveConnector `\n    -Name 'IIS VS2 Legacy scanners \(RISKY\) - inbound'/);
  assert.match(arg.content, /New-SendConnector/);
  // Ctrl+. (quick fixes and refactorings) offers it too, not only Source Action...
  const kinds = actions.filter((x) => x.title === 'Generate Exchange connectors for this virtual server').map((x) => x.kind);
  assert.deepEqual(kinds, ['source', 'refactor.rewrite']);
  const caps = client.initializeResult!.capabilities.codeActionProvider as { codeActionKinds: string[] };
  for (const k of kinds) assert.ok(caps.codeActionKinds.includes(k!), `${k} not announced`);
});

test('Exchange Online Basic SMTP AUTH: METABASE123 on the server, fixed by the generated script (quick fix)', async () => {
  const uri = 'file:///proto/exo/MetaBase.xml';
  const text = metabaseXml([QUIET_SERVICE, quietServer('1', EXO_BASIC_SUBMISSION)]);
  await client.open(uri, 'iis-metabase', text);
  const p = await client.waitForDiagnostics(uri);
  const d = p.diagnostics.find((x) => x.code === 'METABASE123')!;
  assert.ok(d, codesOf(p).join(','));
  assert.match(String(d.message), /end of December 2026/);
  const actions = (await client.codeActions(uri, d.range, [d])) as CodeAction[];
  const fix = actions.find((a) => a.kind === 'quickfix')!;
  assert.ok(fix, JSON.stringify(actions.map((a) => a.kind)));
  assert.equal(fix.title, 'Generate Exchange connectors for this virtual server');
  assert.deepEqual(fix.diagnostics?.map((x) => x.code), ['METABASE123']);
  const content = (fix.command!.arguments![0] as { content: string }).content;
  assert.match(content, /-TlsDomain 'mail\.protection\.outlook\.com'/);
  assert.doesNotMatch(content, /Get-Credential|SmartHostAuthMechanism/);
});

test('edits update diagnostics: fixing the open relay removes METABASE101', async () => {
  const uri = 'file:///proto/edit/MetaBase.xml';
  const text = metabaseXml([QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.allExcept })]);
  await client.open(uri, 'iis-metabase', text);
  const first = await client.waitForDiagnostics(uri, (x) => x.version === 1);
  assert.ok(codesOf(first).includes('METABASE101'));
  const start = positionOf(text, BLOBS.allExcept);
  const end = { line: start.line, character: start.character + BLOBS.allExcept.length };
  const v = await client.change(uri, { start, end }, BLOBS.twoMasks);
  const second = await client.waitForVersion(uri, v);
  assert.ok(!codesOf(second).includes('METABASE101'), codesOf(second).join(','));
  // And an edit that breaks the structure still yields diagnostics (full re-parse path).
  const v2 = await client.change(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '<!DOCTYPE x [<!ENTITY a "b">]>\r\n');
  const third = await client.waitForVersion(uri, v2);
  assert.ok(codesOf(third).includes('METABASE002'));
});

test('the synthetic corpus sample: decoded relay lists on hover, warnings inline, a connector script', async () => {
  assert.ok(existsSync(CORPUS_FIXTURE), `corpus sample missing: ${CORPUS_FIXTURE}`);
  const text = readFileSync(CORPUS_FIXTURE, 'utf8');
  const uri = 'file:///proto/corpus/metabase-fixture.xml';
  await client.open(uri, 'iis-metabase', text);
  const p = await client.waitForDiagnostics(uri);
  assert.ok(codesOf(p).includes('METABASE101'), 'server 2 is an open relay');
  assert.ok(codesOf(p).includes('METABASE111'), 'server 1 sends its smart-host password without TLS');
  const h = hoverText(await client.hover(uri, positionOf(text, 'IIsSmtpServer', 2)));
  assert.match(h, /only these 3 ranges may relay: `10\.20\.30\.0\/24`, `192\.168\.1\.10`, `192\.168\.1\.20`/);
  const h2 = hoverText(await client.hover(uri, positionOf(text, 'cb007107', 0)));
  assert.match(h2, /open relay: every host except 1 denied entry may relay/);
  const pos = positionOf(text, '/LM/SmtpSvc/1"');
  const actions = (await client.codeActions(uri, { start: pos, end: pos })) as CodeAction[];
  const content = (actions[0]!.command!.arguments![0] as { content: string }).content;
  // IPSecurity lets only 10.20.30.0/24 connect: the two 192.168.1.x relay grants never relayed, so they are not granted.
  assert.match(content, /^\$remoteIPRanges = @\('10\.20\.30\.0\/24'\)$/m);
  assert.match(content, /^# {3}192\.168\.1\.10: IPSecurity refuses it at connect time$/m);
});

test('the real TechNet excerpt (Custom AuthFlags, UnknownName_, elisions): warnings and hover on effective values', async () => {
  const path = join(REPO_ROOT, '..', 'shared', 'corpus', 'metabase', '01-technet-ex2003-iissmtpservice-excerpt.xml');
  assert.ok(existsSync(path), `corpus sample missing: ${path}`);
  const text = readFileSync(path, 'utf8');
  const uri = 'file:///proto/corpus/technet-excerpt.xml';
  await client.open(uri, 'iis-metabase', text);
  const p = await client.waitForDiagnostics(uri);
  const codes = codesOf(p);
  assert.ok(codes.includes('METABASE108'), `Basic without TLS on the service: ${codes.join(',')}`);
  assert.ok(codes.includes('METABASE117'), 'UnknownName_61537 hints at Exchange');
  assert.ok(codes.includes('METABASE001'), "the '...' elision is reported, not fatal");
  const h = hoverText(await client.hover(uri, positionOf(text, 'AuthBasic | AuthAnonymous', 2)));
  assert.match(h, /\*\*AuthFlags\*\* \(ID 6000\)/);
  assert.match(h, /set on this key \\?\(as a \\?<Custom\\?> element\\?\)/);
  const hs = hoverText(await client.hover(uri, positionOf(text, 'IIsSmtpService', 2)));
  assert.match(hs, /SMTP service defaults/);
  assert.match(hs, /Authentication \| Anonymous, Basic, Integrated/);
});
