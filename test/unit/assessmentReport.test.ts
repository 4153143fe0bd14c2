// The report page escapes every log-derived string, keeps a strict CSP, and the CodeLens counts correctly.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportHtml } from '../../client/src/report/reportHtml';
import { assessmentCodeLenses } from '../../server/src/assessment/codeLens';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { buildSessions } from '../../server/src/smtpLog/sessions';
import { LogLineParser } from '../../server/src/smtpLog/lineParser';
import type { LogRecord } from '../../server/src/smtpLog/types';
import { planTexts, session, w3cLog } from '../helpers/assessmentHelpers';
import { generateLogs } from '../helpers/logGenerator';

const EVIL = '<script>alert(1)</script>';

test('every log-derived string is escaped; the CSP allows only the nonce', () => {
  const text = w3cLog('2026-11-02', [
    ...session('08:00:00', '10.4.0.1', `${EVIL}"'\``, `x@contoso.com`, [`y@"><img src=x onerror=alert(1)>.example`]),
    ['08:00:01', '10.4.0.2', '<b>', 'HELO', '+<b>', 250],
    ['08:00:01', '10.4.0.2', '<b>', 'MAIL', '+FROM:<p@contoso.com>', 250],
    ['08:00:01', '10.4.0.2', '<b>', 'RCPT', `+TO:<a@${EVIL}>`, 550],
  ]);
  const r = planTexts([{ name: 'x.log', text }]);
  const html = reportHtml(r, 'NONCE123', 'vscode-resource:');
  assert.ok(!html.includes(EVIL));
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('<b>'));
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!.replace(/&#39;/g, "'");
  assert.equal(csp, "default-src 'none'; img-src vscode-resource: data:; style-src 'nonce-NONCE123'; script-src 'nonce-NONCE123';");
  // Exactly one script and one style element, both carrying the nonce; no remote resources.
  assert.deepEqual(html.match(/<script[^>]*>/g), ['<script nonce="NONCE123">']);
  assert.deepEqual(html.match(/<style[^>]*>/g), ['<style nonce="NONCE123">']);
  assert.doesNotMatch(html, /https?:\/\//);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
});

test('report sections: banner, sortable applications table, chart, denials and public sources', () => {
  const { files } = generateLogs({ days: 3, seed: 3 });
  const r = planTexts(files.map((f) => ({ name: f.name, text: f.text })));
  const html = reportHtml(r, 'n', 'c');
  assert.match(html, /<h2>Applications<\/h2><\/summary><p class="count" data-table="apps"[^>]*><\/p><table id="apps" class="sortable"/);
  // Applications, relay denials and public sources (7 columns each), and the migration path (6, with the predicted rejections).
  assert.equal((html.match(/<th scope="col" aria-sort="none"><button type="button"/g) ?? []).length, 7 * 3 + 6);
  assert.match(html, /<svg class="chart"[^>]*role="img"/);
  assert.match(html, /<table id="denied"[^]*10\.1\.60\.5/);
  assert.match(html, /<table id="public"[^]*198\.51\.100\.23/);
  assert.match(html, /data-action="export" data-format="csv"/);
  assert.match(html, /var\(--vscode-foreground\)/);
});

function sessionsOf(text: string) {
  const parser = new LogLineParser('w3c');
  const records: LogRecord[] = [];
  text.split('\r\n').forEach((l, i) => {
    const e = parser.parse(l, i);
    if (e.kind === 'record') records.push(e);
  });
  return buildSessions(records);
}

test('CodeLens: applications and messages on the first header line, with the two actions', () => {
  const { files, truth } = generateLogs({ days: 1, seed: 9 });
  const lenses = assessmentCodeLenses(sessionsOf(files[0]!.text), DEFAULT_SETTINGS, 'file:///x.log');
  const apps = Object.values(truth.apps).filter((a) => a.messages > 0).length;
  assert.equal(lenses.length, 3);
  assert.equal(lenses[0]!.command!.title, `${apps} applications · ${truth.messages} messages`);
  assert.deepEqual(lenses.slice(1).map((l) => [l.command!.title, l.command!.command, l.command!.arguments]), [
    ['Show report', 'iisSmtp.showAssessmentReport', ['file:///x.log']],
    ['Generate connectors', 'iisSmtp.generateConnectorsFromSelection', ['file:///x.log']],
  ]);
  assert.equal(lenses[0]!.line, 0);
  const one = assessmentCodeLenses(sessionsOf(w3cLog('2026-11-02', session('08:00:00', '10.4.0.1', 'a', 'a@contoso.com', ['b@contoso.com']))), DEFAULT_SETTINGS);
  assert.equal(one[0]!.command!.title, '1 application · 1 message');
});
