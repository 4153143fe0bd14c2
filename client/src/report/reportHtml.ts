// The assessment report page (pure: result → HTML). Strict CSP with a nonce, no remote resources, VS Code
// theme variables, native buttons for keyboard use; every value from the logs goes through esc().
import type { ConnectorPlanResult, SourceProfile } from '../../../server/src/protocol/assessment';
import { messagesPerDayChart } from './chart';
import { esc } from './escape';
import { t } from '@vscode/l10n';

interface Column {
  title: string;
  numeric?: boolean;
  value: (p: SourceProfile) => string | number;
}

const COLUMNS: Column[] = [
  { title: t('Source'), value: (p) => p.address || '(none)' },
  { title: t('HELO'), value: (p) => p.heloNames.slice(0, 2).join(', ') },
  { title: t('Scenario'), value: (p) => p.scenario ?? p.category },
  { title: t('Messages'), numeric: true, value: (p) => p.messages },
  { title: t('Recipients'), numeric: true, value: (p) => p.recipients },
  { title: t('Days'), numeric: true, value: (p) => p.messagesPerDay.length },
  { title: t('First seen'), value: (p) => p.firstSeen },
  { title: t('Last seen'), value: (p) => p.lastSeen },
  { title: t('Auth'), value: (p) => p.authentication.join(' + ') },
  { title: t('TLS sessions'), numeric: true, value: (p) => p.tlsSessions },
  { title: t('Senders'), value: (p) => p.senders.slice(0, 3).map((s) => s.key).join(', ') },
  { title: t('External domains'), value: (p) => p.externalRecipientDomains.slice(0, 3).map((s) => s.key).join(', ') },
  { title: t('Relay denials'), numeric: true, value: (p) => p.relayDenials },
];

function table(id: string, rows: readonly SourceProfile[], caption: string): string {
  if (rows.length === 0) return `<p>None.</p>`;
  const head = COLUMNS.map((c, i) => `<th scope="col" aria-sort="none"><button type="button" data-col="${i}" data-numeric="${c.numeric ? '1' : '0'}">${esc(c.title)}</button></th>`).join('');
  const body = rows
    .map((p) => `<tr>${COLUMNS.map((c) => {
      const v = c.value(p);
      return `<td${c.numeric ? ' class="num"' : ''} data-sort="${esc(v)}">${esc(typeof v === 'number' ? v.toLocaleString('en-US') : v)}</td>`;
    }).join('')}</tr>`)
    .join('');
  return `<table id="${esc(id)}" class="sortable"><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

export function reportHtml(result: ConnectorPlanResult, nonce: string, cspSource: string): string {
  const a = result.assessment;
  const s = result.summary;
  const sources = a?.sources ?? result.profiles;
  const apps = sources.filter((p) => p.category === 'application');
  const denied = sources.filter((p) => p.category === 'relay-denied');
  const publicSources = sources.filter((p) => p.category === 'public');
  const quality = a?.quality ?? [];
  const csp = `default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IIS SMTP assessment</title>
<style nonce="${esc(nonce)}">
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
.banner { display: flex; flex-wrap: wrap; gap: 24px; padding: 12px 16px; border: 1px solid var(--vscode-panel-border); background: var(--vscode-editorWidget-background); }
.banner div { display: flex; flex-direction: column; } .banner strong { font-size: 1.4em; }
.warn { color: var(--vscode-editorWarning-foreground); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--vscode-panel-border); padding: 4px 8px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible, .actions button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; } th[aria-sort="descending"] button::after { content: " \\25BC"; }
tbody tr:nth-child(even) { background: var(--vscode-list-hoverBackground); }
.actions { display: flex; gap: 8px; margin: 12px 0; }
.actions button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 6px 12px; cursor: pointer; }
.actions button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
.chart { width: 100%; max-width: 900px; height: auto; } .chart text { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 12px; } .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
</style></head>
<body>
<h1>${esc(t('IIS SMTP relay assessment'))}</h1>
<section class="banner" aria-label="${esc(t('Summary'))}">
<div><span>${esc(t('Period'))}</span><strong>${esc(s.firstSeen.slice(0, 10) || '?')} – ${esc(s.lastSeen.slice(0, 10) || '?')}</strong><span>${esc(t('{0} day(s)', s.days))}</span></div>
<div><span>${esc(t('Messages'))}</span><strong>${esc(s.messages.toLocaleString('en-US'))}</strong></div>
<div><span>${esc(t('Applications'))}</span><strong>${esc(s.applications)}</strong></div>
<div><span>${esc(t('Relay-denied / public sources'))}</span><strong>${esc(s.relayDeniedSources)} / ${esc(s.publicSources)}</strong></div>
<div><span>${esc(t('Accepted domains'))}</span><strong>${esc(s.acceptedDomains.join(', ') || '(none)')}</strong><span>${esc(s.acceptedDomainsInferred ? t('inferred from senders') : t('from settings'))}</span></div>
<div><span>${esc(t('Data-quality warnings'))}</span><strong class="${quality.length > 0 ? 'warn' : ''}">${esc(quality.length)}</strong></div>
</section>
<div class="actions">
<button type="button" data-action="generate">${esc(t('Generate connector script'))}</button>
<button type="button" class="secondary" data-action="export" data-format="csv">${esc(t('Export CSV'))}</button>
<button type="button" class="secondary" data-action="export" data-format="json">${esc(t('Export JSON'))}</button>
<button type="button" class="secondary" data-action="export" data-format="markdown">${esc(t('Export Markdown'))}</button>
</div>
${result.cancelled ? `<p class="warn">${esc(t('The assessment was cancelled: figures cover only the part read.'))}</p>` : ''}
<h2>${esc(t('Applications'))}</h2>
${table('apps', apps, t('Application profiles, by volume (select a column header to sort)'))}
<h2>${esc(t('Messages per day'))}</h2>
${messagesPerDayChart(apps)}
<h2>${esc(t('Relay denials'))}</h2>
${table('denied', denied, t('Internal sources refused relay: review, not granted'))}
<h2>${esc(t('Public sources'))}</h2>
${table('public', publicSources, t('Public addresses: never granted, possible abuse'))}
<h2>${esc(t('Review notes'))}</h2>
<ul>${result.warnings.map((w) => `<li><code>${esc(w.code)}</code> ${esc(w.message)}</li>`).join('') || `<li>${esc(t('None.'))}</li>`}</ul>
<h2>${esc(t('Data quality'))}</h2>
<ul>${quality.map((q) => `<li>${esc(q.message)}</li>`).join('') || `<li>${esc(t('No problems found.'))}</li>`}</ul>
<script nonce="${esc(nonce)}">
const vscode = acquireVsCodeApi();
document.querySelectorAll('.actions button').forEach((b) => b.addEventListener('click', () => vscode.postMessage({ type: b.dataset.action, format: b.dataset.format })));
document.querySelectorAll('table.sortable').forEach((table) => {
  table.querySelectorAll('th button').forEach((button) => button.addEventListener('click', () => {
    const th = button.parentElement;
    const col = Number(button.dataset.col);
    const numeric = button.dataset.numeric === '1';
    const dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
    table.querySelectorAll('th').forEach((h) => h.setAttribute('aria-sort', 'none'));
    th.setAttribute('aria-sort', dir);
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort((x, y) => {
      const a = x.cells[col].dataset.sort, b = y.cells[col].dataset.sort;
      const c = numeric ? Number(a) - Number(b) : a.localeCompare(b);
      return dir === 'ascending' ? c : -c;
    });
    rows.forEach((r) => body.appendChild(r));
  }));
});
</script>
</body></html>`;
}
