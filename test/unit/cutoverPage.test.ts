// The cut-over view (pure: server result → HTML): counts per status match the rows, one timeline slot per day
// with both series coloured as in the legend, log and script text escaped, and the script line opened only for
// an entry the server named a script on disk for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutoverHtml } from '../../client/src/report/cutoverHtml';
import { scriptTarget } from '../../client/src/report/cutoverScript';
import type { CutoverCommandResult, CutoverEntry, CutoverReport } from '../../server/src/protocol/cutover';

function result(entries: CutoverEntry[], extra: Partial<CutoverReport> = {}): CutoverCommandResult {
  const report: CutoverReport = {
    edgeLive: '2026-11-19T07:00:00Z',
    edgeLast: '2026-11-21T07:00:00Z',
    iisFirst: '2026-11-16T07:00:00Z',
    iisLast: '2026-11-21T09:00:00Z',
    entries,
    counts: (['failing', 'still-on-iis', 'not-seen', 'new-on-edge', 'moved'] as const).map((key) => ({ key, count: entries.filter((e) => e.status === key).length })),
    sendRefusals: [],
    volumePerDay: [
      { day: '2026-11-18', iis: 3, edge: 0 },
      { day: '2026-11-19', iis: 1, edge: 2 },
      { day: '2026-11-20', iis: 0, edge: 0 },
    ],
    scripts: ['/ws/edge.ps1'],
    files: { iis: 2, edge: 1 },
    notes: [],
    ...extra,
  };
  return { report, markdown: '## Cut-over status\n' };
}

const FAILING: CutoverEntry = {
  source: '192.168.10.40',
  status: 'failing',
  reason: 'Refused on the Edge <b>',
  fix: { address: '192.168.10.40', landedOn: 'EDGE02\\Default', target: { file: '/ws/edge.ps1', line: 4, column: 20, connector: 'Cutover relay' }, text: "Add 192.168.10.40 to the RemoteIPRanges of 'Cutover relay' at /ws/edge.ps1:4" },
};
const MOVED: CutoverEntry = { source: '192.168.10.11', status: 'moved', reason: 'On the Edge since 2026-11-19.' };

test('counts per status, a row per source, one timeline slot per day, escaped text, no inline style', () => {
  const html = cutoverHtml(result([FAILING, MOVED]), 'n0nce', 'vscode-resource:', 'IIS iis; Edge edge');
  assert.doesNotMatch(html, /\sstyle=/);
  assert.match(html, /script-src &#39;nonce-n0nce&#39;/);
  assert.match(html, /<div data-status="failing"><span>[^<]+<\/span><strong>1<\/strong>/);
  assert.match(html, /<div data-status="not-seen"><span>[^<]+<\/span><strong>0<\/strong>/);
  assert.equal(html.match(/<tr data-status="/g)?.length, 2);
  assert.equal(html.match(/<g class="day"/g)?.length, 3);
  assert.match(html, /<g class="day" data-day="2026-11-19" data-iis="1" data-edge="2"><rect class="s0"[^>]*>.*?<\/rect><rect class="s1"/);
  assert.match(html, /<span class="swatch s0"><\/span>IIS SMTP<\/li><li><span class="swatch s1"><\/span>Exchange Edge/);
  assert.match(html, /class="golive"/);
  assert.match(html, /Refused on the Edge &lt;b&gt;/);
  assert.match(html, /<button type="button" class="link script-line" data-entry="0"[^>]*>edge\.ps1:4<\/button>/);
});

test('a generated plan is named but not linked; no report shows the server\'s reason', () => {
  const generated = { ...FAILING, fix: { ...FAILING.fix!, target: { ...FAILING.fix!.target!, file: 'the generated script', generated: true } } };
  assert.doesNotMatch(cutoverHtml(result([generated]), 'n', 'c', 's'), /class="link script-line"/);
  assert.match(cutoverHtml({ markdown: '', message: 'needs both <kinds>' }, 'n', 'c', 's'), /needs both &lt;kinds&gt;/);
});

test('the extension opens only a script the server read, for an entry index it sent', () => {
  const r = result([MOVED, FAILING]);
  assert.deepEqual(scriptTarget(r, 1), { file: '/ws/edge.ps1', line: 4, column: 20 });
  for (const bad of [0, 2, -1, 1.5, '1', null, undefined]) assert.equal(scriptTarget(r, bad), undefined, String(bad));
  assert.equal(scriptTarget(result([MOVED, FAILING], { scripts: [] }), 1), undefined);
});

test('connector placeholders read as what they stand for; names are quoted and escaped', () => {
  const counts = (...keys: string[]) => keys.map((key, i) => ({ key, count: i + 1 }));
  const edge = { address: '192.168.10.40', firstSeen: '2026-11-19T07:00:00Z', lastSeen: '2026-11-19T08:00:00Z', sessions: 3, messages: 0, unusedSessions: 0, refusals: counts('relay refused'), replyCodes: [], connectors: counts('EDGE01\\<Default>'), refusalConnectors: counts('(none)', '(other)'), relayRefusalConnectors: counts('(none)'), lastRefusal: '2026-11-19T08:00:00Z', lastAccepted: '', heloNames: [] };
  const html = cutoverHtml(result([{ ...FAILING, edge }]), 'n', 'c', 's');
  assert.match(html, /not logged \(no connector-id\) ×1<br>one of several \(beyond the 20 listed\) ×2/);
  assert.doesNotMatch(html, /\(none\) ×|\(other\) ×/);
  const named = cutoverHtml(result([{ ...FAILING, edge: { ...edge, refusalConnectors: [] } }]), 'n', 'c', 's');
  assert.match(named, /&quot;EDGE01\\&lt;Default&gt;&quot; ×1/);
});
