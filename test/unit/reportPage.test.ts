// The report page's client-side formatting: scope named in title and header, CSP-compatible chart colours, a
// real time axis with gaps, top-N rows, and "nothing to assess" decided from the server's totals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { messagesPerDayChart } from '../../client/src/report/chart';
import { reportHtml, TOP_ROWS } from '../../client/src/report/reportHtml';
import { nothingToAssess, scopeLabel, suggestedFileName } from '../../client/src/scope';
import type { SourceProfile } from '../../server/src/protocol/assessment';
import { outboundDelivery, planTexts, session, w3cLog } from '../helpers/assessmentHelpers';
import { REPO_ROOT } from '../helpers/lspClient';

function app(address: string, days: [string, number][]): SourceProfile {
  const [p] = planTexts([{ name: 'x.log', text: w3cLog('2026-11-02', session('08:00:00', address, 'h', 'a@contoso.com', ['b@contoso.com'])) }]).profiles;
  return { ...p!, address, messagesPerDay: days.map(([key, count]) => ({ key, count })) };
}

test('the page has no style attributes (the CSP blocks them): colours are classes with rules in the nonce style', () => {
  const r = planTexts([{ name: 'x.log', text: w3cLog('2026-11-02', [...session('08:00:00', '10.4.0.1', 'erp', 'a@contoso.com', ['b@contoso.com']), ...session('09:00:00', '10.4.0.2', 'scan', 'c@contoso.com', ['d@contoso.com'])]) }]);
  const html = reportHtml(r, 'n', 'c', 'x.log');
  assert.doesNotMatch(html, /\sstyle=/);
  assert.match(html, /<span class="swatch s0"><\/span>/);
  assert.match(html, /<rect class="s1"/);
  assert.match(html, /\.legend \.s0 \{ background: var\(--vscode-charts-blue\); \}/);
  assert.match(html, /\.chart \.s0 \{ fill: var\(--vscode-charts-blue\); \}/);
});

test('one day draws one bar labelled once', () => {
  const svg = messagesPerDayChart([app('10.0.0.1', [['2026-11-02', 3]])]);
  assert.equal((svg.match(/<rect /g) ?? []).length, 1);
  assert.equal((svg.match(/2026-11-02<\/text>/g) ?? []).length, 1);
  assert.doesNotMatch(svg, /2026-11-02 … 2026-11-02/);
});

test('the x axis is a time axis: days without messages leave gaps, and labels are spread', () => {
  const svg = messagesPerDayChart([app('10.0.0.1', [['2026-11-01', 1], ['2026-11-02', 1], ['2026-11-30', 1]])]);
  const xs = [...svg.matchAll(/<rect class="s0" x="([\d.]+)"/g)].map((m) => Number(m[1]));
  assert.equal(xs.length, 3);
  // 30 day slots: the gap between the 2nd and 30th day is 28 slots, the first step one.
  assert.ok(Math.abs((xs[2]! - xs[1]!) / (xs[1]! - xs[0]!) - 28) < 0.01, `x positions ${xs.join(', ')}`);
  const labels = [...svg.matchAll(/>(\d{4}-\d{2}-\d{2})<\/text>/g)].map((m) => m[1]);
  assert.ok(labels.length >= 3 && labels.length <= 6, `labels ${labels.join(', ')}`);
  assert.ok(labels.includes('2026-11-01') && labels.includes('2026-11-15'));
  assert.match(svg, /aria-label="Messages per day, 2026-11-01 to 2026-11-30 \(30 days\)"/);
});

test('the title and header name the scope and period; long tables show the top rows and a Show all button', () => {
  const rows = [];
  for (let i = 1; i <= TOP_ROWS + 5; i++) rows.push(...session('08:00:00', `10.4.1.${i}`, `h${i}`, 'a@contoso.com', ['b@contoso.com']));
  const r = planTexts([{ name: 'ex261102.log', text: w3cLog('2026-11-02', rows), ranges: [{ start: { line: 4, character: 0 }, end: { line: 200, character: 0 } }] }]);
  const label = scopeLabel(r.assessment!.files, 'fallback');
  assert.equal(label, 'ex261102.log (lines 5-200)');
  const html = reportHtml(r, 'n', 'c', label);
  assert.match(html, /<h1>IIS SMTP relay assessment: ex261102\.log \(lines 5-200\)<\/h1>/);
  assert.match(html, /Scope: ex261102\.log \(lines 5-200\) · Period: 2026-11-02/);
  const apps = html.slice(html.indexOf('<table id="apps"'), html.indexOf('</table>', html.indexOf('<table id="apps"')));
  assert.equal((apps.match(/<tr class="hidden">/g) ?? []).length, 5);
  assert.match(html, /<button type="button" class="more" data-table="apps"[^>]*>Show all 30<\/button>/);
  assert.equal(suggestedFileName('connectors', label, r, 'ps1'), 'connectors-ex261102-lines-5-200-2026-11-02.ps1');
});

test('nothing to assess: header lines only, a text file, no files; records present is not empty', () => {
  const log = w3cLog('2026-11-02', session('08:00:00', '10.4.0.1', 'erp', 'a@contoso.com', ['b@contoso.com']));
  const headers = planTexts([{ name: 'ex.log', text: log, ranges: [{ start: { line: 0, character: 0 }, end: { line: 3, character: 5 } }] }]);
  assert.match(nothingToAssess(headers, 'ex.log (lines 1-4)') ?? '', /no log records, only header/);
  const notes = planTexts([{ name: 'notes.txt', text: 'shopping list\r\nmilk\r\n' }]);
  assert.match(nothingToAssess(notes, 'notes.txt') ?? '', /notes\.txt holds no IIS SMTP log records/);
  const none = planTexts([]);
  assert.match(nothingToAssess(none, 'empty') ?? '', /empty holds no log files/);
  assert.equal(nothingToAssess(planTexts([{ name: 'ex.log', text: log }]), 'ex.log'), undefined);
});

/** The e2e workspace's synthetic log: IIS relays to Exchange Online on port 587 with AUTH LOGIN; an inbound MX host. */
const EXO_LOG = { name: 'ex261102.log', text: readFileSync(join(REPO_ROOT, 'test', 'e2e', 'workspace', 'SMTPSVC3', 'ex261102.log'), 'utf8') };

/** The HTML of one table row (the `<tr>` whose first cell shows `address`). */
function row(html: string, table: string, address: string): string {
  const body = html.slice(html.indexOf(`<table id="${table}"`), html.indexOf('</table>', html.indexOf(`<table id="${table}"`)));
  return body.split('<tr').find((r) => r.includes(`<strong>${address}</strong>`)) ?? '';
}

test('issue 11: each application shows the migration path the server decided, with its alternatives and reason', () => {
  const r = planTexts([EXO_LOG]);
  const html = reportHtml(r, 'n', 'c', 'ex261102.log');
  assert.match(html, /<summary><h2>Migration path<\/h2><\/summary>[\s\S]*?<table id="migration" class="sortable"/);
  const cells = (address: string): string[] => [...row(html, 'migration', address).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
  const erp = cells('10.1.20.15');
  assert.equal(erp[2], '<span class="path path-relay-through-edge">Relay through the Edge</span>');
  assert.equal(erp[3], 'High Volume Email, Direct Send to Exchange Online');
  assert.equal(erp[4], 'sends only to accepted domains; the generated connectors carry it');
  const crm = cells('10.1.30.40');
  assert.equal(crm[3], 'OAuth SMTP AUTH');
  assert.equal(crm[4], r.profiles.find((p) => p.address === '10.1.30.40')!.verdict!.reason);
  // Sources that are not applications have no migration path.
  assert.equal(row(html, 'migration', '198.51.100.80'), '');
});

test('issue 11: the Exchange Online Basic SMTP AUTH dependency is a notice with the server\'s text and date', () => {
  const r = planTexts([EXO_LOG]);
  const html = reportHtml(r, 'n', 'c', 'ex261102.log');
  const notice = /<section class="notice exo-basic-auth" role="note"[^>]*><h2>Exchange Online Basic SMTP AUTH dependency<\/h2><p>([^<]*)<\/p>/.exec(html)?.[1];
  assert.ok(notice, 'the notice');
  assert.equal(notice, r.warnings.find((w) => w.code === 'exo-basic-auth')!.message.replace(/'/g, '&#39;'));
  assert.match(notice, /3 AUTH LOGIN\/PLAIN command\(s\) to am0pr01ca0001\.outlook\.office365\.com on port 587[\s\S]*end of December 2026/);
  assert.ok(html.indexOf('notice exo-basic-auth') < html.indexOf('data-section="apps"'), 'above the tables');
  // Without the dependency there is no notice.
  const plain = planTexts([{ name: 'x.log', text: w3cLog('2026-11-02', session('08:00:00', '10.4.0.1', 'erp', 'a@contoso.com', ['b@contoso.com'])) }]);
  assert.doesNotMatch(reportHtml(plain, 'n', 'c'), /class="notice/);
});

test('issue 11: predicted Exchange Online rejections per application in the migration table, and a summary notice', () => {
  // Synthetic: IIS relays through the tenant MX endpoint; a scanner sends as a vendor domain to a partner.
  const text =
    w3cLog('2026-11-02', [
      ...session('08:00:00', '10.4.0.30', 'scan01', 'scanner@tailspin.net', ['orders@partner.org']),
      ...session('08:10:00', '10.4.0.10', 'erp01', 'erp@contoso.com', ['ap@contoso.com']),
    ]) + outboundDelivery('2026-11-02', '08:20:00', '52.101.68.2', 'contoso-com.mail.protection.outlook.com', ['orders@partner.org', 'ap@contoso.com']);
  const r = planTexts([{ name: 'exo.log', text }], ['contoso.com']);
  const html = reportHtml(r, 'n', 'c', 'exo.log');
  const cells = (address: string): string[] => [...row(html, 'migration', address).matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
  assert.equal(cells('10.4.0.30')[5], '<span class="reject reject-plan">550 5.7.64</span>');
  assert.equal(cells('10.4.0.10')[5], '<span class="reject reject-alternative">550 5.7.68 if moved to Direct Send</span>');
  // Below the table, full width: each prediction with its evidence, condition and what to do.
  const details = html.slice(html.indexOf('<div id="rejections"'), html.indexOf('</div>', html.indexOf('<div id="rejections"')));
  assert.match(details, /<details class="reject reject-plan"><summary><span class="code">550 5\.7\.64<\/span> 10\.4\.0\.30 <span class="muted">scan01<\/span><\/summary><p class="evidence">Evidence: sends as tailspin\.net to partner\.org \(1\): that MAIL FROM domain is not among the configured accepted domains \(contoso\.com\)<\/p>/);
  assert.match(details, /What to do: Make the application send as an address in an accepted domain/);
  assert.match(details, /<details class="reject reject-alternative"><summary><span class="code">550 5\.7\.68 if moved to Direct Send<\/span> 10\.4\.0\.10 /);
  const notice = /<section class="notice exo-rejections danger" role="note"[^>]*><h2>Predicted Exchange Online rejections<\/h2><p class="summary-line">([^<]*)<\/p><ul>([\s\S]*?)<\/ul>/.exec(html);
  assert.ok(notice, 'the notice');
  assert.equal(notice[1], "1 application on the plan&#39;s route, 1 more only if moved to Direct Send. By code: 5.7.64 (1), 5.7.68 (1).");
  assert.match(notice[2]!, /4\.7\.230\/5\.7\.230 .* is not predicted: these IIS logs name no Exchange server version/);
  // No Exchange Online anywhere: no notice, and the column says none.
  const plain = planTexts([{ name: 'x.log', text: w3cLog('2026-11-02', session('08:00:00', '10.4.0.1', 'erp', 'a@contoso.com', ['b@contoso.com'])) }]);
  const plainHtml = reportHtml(plain, 'n', 'c');
  assert.doesNotMatch(plainHtml, /exo-rejections|id="rejections"/);
  assert.match(plainHtml, /<span class="muted">None predicted<\/span>/);
});

test('issue 10: inbound Internet mail has its own section and banner figure, not under public sources', () => {
  const html = reportHtml(planTexts([EXO_LOG]), 'n', 'c', 'ex261102.log');
  assert.match(row(html, 'inbound', '198.51.100.80'), /mx\.partner\.example/);
  assert.equal(row(html, 'public', '198.51.100.80'), '');
  assert.match(html, /<summary><h2>Inbound mail<\/h2><\/summary>/);
  assert.match(html, /<span>Inbound mail sources<\/span><strong>1<\/strong>/);
});

test('a partial assessment says so above everything; server review findings are notices', () => {
  const r = planTexts([EXO_LOG], [], undefined, false, { partial: ['cancelled after 1 of 3 files', '1 file(s) could not be read'] });
  const html = reportHtml({ ...r, warnings: [...r.warnings, { code: 'stolen-credentials', message: '203.0.113.5: stolen <credentials>' }] }, 'n', 'c', 'ex261102.log');
  assert.match(html, /<p class="partial" role="alert">PARTIAL ASSESSMENT: cancelled after 1 of 3 files; 1 file\(s\) could not be read\. Traffic in the part not read is missing\.<\/p>/);
  assert.ok(html.indexOf('class="partial"') < html.indexOf('class="banner"'));
  assert.match(html, /<section class="notice danger stolen-credentials"[^>]*><h2>Stolen credentials\?<\/h2><p>203\.0\.113\.5: stolen &lt;credentials&gt;<\/p>/);
  assert.doesNotMatch(reportHtml(planTexts([EXO_LOG]), 'n', 'c'), /PARTIAL/);
});
