// Attack: log-controlled text in every field of the report webview (client/src/report/reportHtml.ts, a pure
// function) renders as text: no markup, no javascript:/command: links, no script or style without the nonce,
// and the CSP allows no inline script or style.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportHtml } from '../../../client/src/report/reportHtml';
import type { ConnectorPlanResult } from '../../../server/src/protocol/assessment';
import { planTexts, session, w3cLog } from '../../helpers/assessmentHelpers';

const PAYLOAD = `<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">j</a><a href='command:workbench.action.terminal.new'>c</a>"'\`\u202etxt.exe\u2028x</style><style>*{}</style>`;
const NONCE = 'n0nce';

/** Appends the payload to every string in the result (what a hostile log, metabase or server could send). */
function poison<T>(value: T): T {
  if (typeof value === 'string') return `${value}${PAYLOAD}` as T;
  if (Array.isArray(value)) return value.map(poison) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v)])) as T;
  return value;
}

function hostileResult(): ConnectorPlanResult {
  const helo = 'app<b>01';
  const rows = [...session('08:00:00', '10.1.40.21', helo, `a"b'<i>@contoso.com`, ['x@fabrikam.example']), ...session('08:01:00', '10.1.40.22', 'web&amp;', 'c@contoso.com', ['y@contoso.com'])];
  const plan = planTexts([{ name: `ex<svg onload=alert(1)>.log`, text: w3cLog('2026-11-02', rows) }]);
  return poison(plan);
}

test('every log-derived string renders as text', () => {
  const html = reportHtml(hostileResult(), NONCE, 'vscode-resource:');
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the payload is shown, escaped');
  assert.doesNotMatch(html, /<img|<svg|<iframe|<a[\s>]|<b>|<i>/i, 'no markup from the data');
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    assert.doesNotMatch(tag, /\son\w+=/i, `no event handler attributes: ${tag}`);
    assert.doesNotMatch(tag, /\s(href|src|action|formaction)=/i, `no links or sources: ${tag}`);
  }
  assert.equal((html.match(/<script/gi) ?? []).length, 1, 'only the page script');
  assert.match(html, new RegExp(`<script nonce="${NONCE}">`));
  for (const tag of html.match(/<style[^>]*>/gi) ?? []) assert.equal(tag, `<style nonce="${NONCE}">`);
  assert.doesNotMatch(html, /<\/style><style>\*\{\}/, 'a closing tag in data does not end the style');
  // The page script embeds no data (U+2028 and quotes in data could break out of a script string).
  const script = html.slice(html.indexOf(`<script nonce="${NONCE}">`), html.indexOf('</script>'));
  assert.doesNotMatch(script, /alert|contoso|10\.1\.40/);
});

test('bidi controls and line separators from a HELO or file name cannot change how the page reads', () => {
  const spoof = '\u202egpj.exe\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029';
  const rows = session('08:00:00', '10.1.40.23', `app${spoof}01`, `a${spoof}@contoso.com`, ['b@contoso.com']);
  const html = reportHtml(planTexts([{ name: `ex${spoof}.log`, text: w3cLog('2026-11-02', rows) }]), NONCE, 'vscode-resource:', `ex${spoof}.log`);
  assert.ok(html.includes('app\ufffdgpj.exe'), 'the HELO is shown with the control replaced');
  assert.doesNotMatch(html, /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029]/);
  assert.doesNotMatch(reportHtml(hostileResult(), NONCE, 'vscode-resource:'), /[\u202e\u2028]/, 'the poisoned result too');
});

test('the CSP allows no inline script or style and no remote resources', () => {
  const html = reportHtml(hostileResult(), NONCE, 'vscode-resource:');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1]?.replace(/&#39;/g, "'");
  assert.ok(csp, 'a CSP meta tag');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, new RegExp(`script-src 'nonce-${NONCE}';`));
  assert.match(csp, new RegExp(`style-src 'nonce-${NONCE}';`));
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style'), 'the CSP comes before any style or script');
});
