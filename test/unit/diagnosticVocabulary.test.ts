// One diagnostic vocabulary (issue 9): every language's code table speaks the one Severity, the per-file cap
// says the same thing in every language, and the LSP edge maps each severity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatFinding } from '../../server/src/cli/check';
import { capFindings, capMessage, keptByCap, SEVERITIES, type Finding } from '../../server/src/common/finding';
import { CONNECTOR_DIAGNOSTICS } from '../../server/src/connectors/catalogue/codes';
import { connectorFindings } from '../../server/src/connectors/features/locate';
import { EXLOG_DIAGNOSTICS } from '../../server/src/exchangeLog/codes';
import { exchangeLogFindings } from '../../server/src/exchangeLog/diagnostics';
import { ExDocumentModel } from '../../server/src/exchangeLog/documentModel';
import { toLspDiagnostic, toLspDiagnostics } from '../../server/src/lspDiagnostics';
import { METABASE_DIAGNOSTICS } from '../../server/src/metabase/codes';
import { metabaseFindings } from '../../server/src/metabase/diagnostics';
import { parseMetabase } from '../../server/src/metabase/model';
import { normalizeSettings } from '../../server/src/settings';
import { SMTPLOG_DIAGNOSTICS } from '../../server/src/smtpLog/codes';
import { logFindings } from '../../server/src/smtpLog/diagnostics';
import { LogDocumentModel } from '../../server/src/smtpLog/documentModel';

const LANGUAGES = [SMTPLOG_DIAGNOSTICS, METABASE_DIAGNOSTICS, CONNECTOR_DIAGNOSTICS, EXLOG_DIAGNOSTICS];

test('every code table uses the one severity spelling, codes are unique and each language has its cap code', () => {
  const seen = new Set<string>();
  for (const language of LANGUAGES) {
    assert.ok(language.codes.length > 1, language.source);
    for (const c of language.codes) {
      assert.ok(SEVERITIES.includes(c.severity), `${c.code}: ${String(c.severity)}`);
      assert.ok(c.title.length > 0, c.code);
      assert.ok(!seen.has(c.code), `${c.code} twice`);
      seen.add(c.code);
    }
    assert.ok(language.codes.includes(language.capReached), `${language.source}: cap code in its table`);
    assert.equal(language.capReached.severity, 'info', language.source);
  }
  assert.deepEqual(
    LANGUAGES.map((l) => l.capReached.code),
    ['SMTPLOG099', 'METABASE099', 'CONNECTOR000', 'EXLOG099'],
  );
});

test('the LSP edge maps each severity and keeps code, range, message, source and related locations', () => {
  const expected = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };
  for (const severity of SEVERITIES) {
    const f: Finding = { code: 'X001', severity, message: 'm', range: { start: { line: 2, character: 3 }, end: { line: 2, character: 7 } } };
    const d = toLspDiagnostic(f, 'file:///a', 'src');
    assert.equal(d.severity, expected[severity], severity);
    assert.deepEqual([d.code, d.message, d.source, d.range], ['X001', 'm', 'src', f.range]);
    assert.equal(d.relatedInformation, undefined);
  }
  const related: Finding = { code: 'X002', severity: 'warning', message: 'n', range: { start: { line: 5, character: 0 }, end: { line: 5, character: 1 } }, related: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } }, message: 'starts here' }] };
  assert.deepEqual(toLspDiagnostics([related], 'file:///b', 's')[0]!.relatedInformation, [{ location: { uri: 'file:///b', range: related.range && related.related![0]!.range }, message: 'starts here' }]);
});

test('the cap keeps the first N (or the most severe first) and appends one note with the one wording', () => {
  const at = (line: number, severity: Finding['severity']): Finding => ({ code: `L${line}`, severity, message: '', range: { start: { line, character: 0 }, end: { line, character: 0 } } });
  const list = [at(0, 'hint'), at(1, 'error'), at(2, 'info'), at(3, 'warning')];
  assert.deepEqual(keptByCap(list, 2).map((f) => f.code), ['L0', 'L1']);
  assert.deepEqual(keptByCap(list, 2, (f) => f.severity).map((f) => f.code), ['L1', 'L3'], 'errors and warnings first, in list order');
  const capped = capFindings(list, 2, SMTPLOG_DIAGNOSTICS.capReached, (f) => f);
  assert.equal(capped.length, 3);
  assert.deepEqual({ ...capped[2] }, { code: 'SMTPLOG099', severity: 'info', message: capMessage(2, 4, 'editor'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  assert.equal(capFindings(list, 4, SMTPLOG_DIAGNOSTICS.capReached, (f) => f).length, 4, 'no note when nothing is cut');
  assert.match(capMessage(2, 6, 'editor'), /^Showing the first 2 of 6 problems in this file \(4 more problems are not shown\)\. Raise iisSmtp\.maxDiagnostics/);
  assert.match(capMessage(2, 6, 'cli'), /Raise --max-diagnostics/);
});

test('every language caps with the same message, under its own code', () => {
  const settings = normalizeSettings({ maxDiagnostics: 1 });
  const capNote = (findings: Finding[]): Finding => {
    assert.equal(findings.length, 2);
    return findings[1]!;
  };
  // Synthetic inputs with at least two findings each.
  const log = TextDocument.create('file:///ex.log', 'iis-smtp-log', 1, '#Fields: date time c-ip sc-status\r\n2026-11-02 07:00:01 10.0.0.1 2x0\r\n2026-11-02 07:00:02 10.0.0.1 2y0\r\n');
  const smtp = capNote(logFindings(new LogDocumentModel(log), log, settings));
  const xml = '<?xml version="1.0"?>\n<!DOCTYPE x>\n<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"><MBProperty><IIsSmtpServer AuthFlags="x"></IIsSmtpServer></MBProperty></configuration>\n';
  const metaDoc = TextDocument.create('file:///MetaBase.xml', 'iis-metabase', 1, xml);
  const meta = capNote(metabaseFindings(parseMetabase(xml), metaDoc, 1));
  const script = TextDocument.create('file:///a.ps1', 'powershell', 1, 'x');
  const two = [
    { code: 'CONNECTOR001', severity: 'error' as const, message: 'a', start: 0, end: 1 },
    { code: 'CONNECTOR002', severity: 'error' as const, message: 'b', start: 0, end: 1 },
  ];
  const ps = capNote(connectorFindings(script, two, 1));
  const exText = ['#Software: Microsoft Exchange Server', '#Log-type: SMTP Receive Protocol Log', '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context', 'garbage', 'more garbage'].join('\n');
  const exDoc = TextDocument.create('file:///RECV.LOG', 'exchange-protocol-log', 1, exText);
  const ex = capNote(exchangeLogFindings(new ExDocumentModel(exDoc), settings));
  const notes = [smtp, meta, ps, ex];
  assert.deepEqual(notes.map((n) => n.code), ['SMTPLOG099', 'METABASE099', 'CONNECTOR000', 'EXLOG099']);
  for (const n of notes) {
    assert.equal(n.severity, 'info');
    assert.match(n.message, /^Showing the first 1 of \d+ problems in this file \(\d+ more problems are not shown\)\. Raise iisSmtp\.maxDiagnostics to see more/);
  }
});

test('a connector script over the cap keeps its errors before earlier information, as a metabase does', () => {
  const script = TextDocument.create('file:///s.ps1', 'powershell', 1, 'x'.repeat(100));
  const findings = [
    { code: 'CONNECTOR125', severity: 'info' as const, message: 'early info', start: 0, end: 1 },
    { code: 'CONNECTOR126', severity: 'hint' as const, message: 'early hint', start: 2, end: 3 },
    { code: 'CONNECTOR101', severity: 'error' as const, message: 'late error', start: 90, end: 95 },
  ];
  const kept = connectorFindings(script, findings, 1);
  assert.deepEqual(kept.map((f) => f.message.slice(0, 10)), ['late error', 'Showing th']);
});

test('check prints findings with one formatter and the cap note for a metabase export too (needs npm run build)', () => {
  assert.equal(formatFinding('a.log', { code: 'SMTPLOG022', severity: 'info', message: 'm', range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } } }), 'a.log:4:5 information SMTPLOG022 m');
  const dir = mkdtempSync(join(tmpdir(), 'vocab-'));
  try {
    // Synthetic: a DOCTYPE (METABASE002) and more problems.
    writeFileSync(join(dir, 'MetaBase.xml'), '<?xml version="1.0"?>\n<!DOCTYPE x>\n<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0"><MBProperty><IIsSmtpServer AuthFlags="x"></IIsSmtpServer></MBProperty></configuration>\n');
    const r = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'check', '--max-diagnostics', '1', dir], { encoding: 'utf8' });
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0]!, /MetaBase\.xml:2:\d+ error METABASE002 /);
    assert.match(lines[1]!, /MetaBase\.xml: Showing the first 1 of \d+ problems in this file \(\d+ more problems are not shown\)\. Raise --max-diagnostics to see more\./);
    assert.match(lines[2]!, /^1 file\(s\) checked: 1 error\(s\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
