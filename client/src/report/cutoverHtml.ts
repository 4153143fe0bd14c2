// The cut-over page (pure: the server's cut-over result → HTML): scope and periods, counts per status, one row
// per source with its evidence, the IIS-vs-Edge timeline, and the line of the connector script to change.
// Same rules as the assessment report: strict CSP with a nonce, no inline style, theme colours, every value
// from the logs or scripts through esc(). The statuses and reasons are the server's; nothing is decided here.
import { t } from '@vscode/l10n';
import { connectorLabel, type CutoverCommandResult, type CutoverEntry, type CutoverReport, type CutoverStatus } from '../../../server/src/protocol/cutover';
import { plural } from '../scope';
import { CHART_CSS } from './chart';
import { CUTOVER_CHART_CSS, volumeChart } from './cutoverChart';
import { CUTOVER_SCRIPT } from './cutoverScript';
import { esc } from './escape';
import { webviewPage } from './page';

const STATUS_LABELS: Record<CutoverStatus, string> = {
  failing: t('Failing on the Edge'),
  'still-on-iis': t('Still on IIS'),
  'not-seen': t('Not seen since'),
  'new-on-edge': t('New on the Edge'),
  moved: t('Moved'),
};

const day = (iso: string): string => iso.slice(0, 10);
const span = (first: string, last: string): string => (!first ? '?' : day(first) === day(last) || !last ? day(first) : `${day(first)} – ${day(last)}`);
const counts = (list: readonly { key: string; count: number }[]): string => list.map((c) => `${esc(c.key)} ×${c.count}`).join('<br>');

function iisCell(e: CutoverEntry): string {
  const i = e.iis;
  if (!i) return `<span class="muted">${esc(t('never seen'))}</span>`;
  const interval = i.typicalIntervalDays !== undefined ? `<br><span class="muted">${esc(t('typically every {0} day(s)', i.typicalIntervalDays))}</span>` : '';
  return `${esc(span(i.firstSeen, i.lastSeen))}<br>${esc(plural(i.messages, 'message', 'messages'))}${e.status === 'not-seen' ? `<br><strong>${esc(t('last seen {0}', day(i.lastSeen) || '?'))}</strong>` : ''}${interval}`;
}

function edgeCell(e: CutoverEntry): string {
  const x = e.edge;
  if (!x) return `<span class="muted">${esc(t('never seen'))}</span>`;
  return `${esc(span(x.firstSeen, x.lastSeen))}<br>${esc(plural(x.messages, 'message', 'messages'))}, ${esc(plural(x.sessions, 'session', 'sessions'))}${x.unusedSessions > 0 ? `<br><span class="muted">${esc(t('{0} unused', x.unusedSessions))}</span>` : ''}`;
}

function connectorCell(e: CutoverEntry): string {
  const x = e.edge;
  if (!x) return '';
  const refused = x.replyCodes.length > 0 ? x.replyCodes : x.refusals;
  // Connector keys through the protocol's label: its placeholders ('(none)', '(other)') are not connector names.
  const connectors = (x.refusalConnectors.length > 0 ? x.refusalConnectors : x.connectors).slice(0, 2).map((c) => ({ key: connectorLabel(c.key), count: c.count }));
  return `${counts(connectors)}${refused.length > 0 ? `<br><span class="warn">${counts(refused.slice(0, 3))}</span>` : ''}`;
}

/** The reason, then the change: the script line as a link the extension opens (validated there). */
function reasonCell(e: CutoverEntry, index: number): string {
  const fix = e.fix;
  if (!fix) return esc(e.reason);
  const target = fix.target;
  const link = target && !target.generated ? `<button type="button" class="link script-line" data-entry="${index}" title="${esc(t('Open the script at this line'))}">${esc(`${baseName(target.file)}:${target.line}`)}</button> ` : '';
  return `${esc(e.reason)}<div class="fix"><strong>${esc(t('Change:'))}</strong> ${link}${esc(fix.text)}</div>`;
}

const baseName = (path: string): string => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

function table(r: CutoverReport): string {
  if (r.entries.length === 0) return `<p>${esc(t('No source to compare.'))}</p>`;
  const head = [t('Source'), t('Status'), t('On IIS'), t('On the Edge'), t('Connector, refusals'), t('Why, and what to change')].map((h) => `<th scope="col">${esc(h)}</th>`).join('');
  const rows = r.entries.map((e, i) => {
    const helo = e.edge?.heloNames[0] ?? '';
    return `<tr data-status="${esc(e.status)}"><td><strong>${esc(e.source)}</strong>${helo ? `<br><span class="muted">${esc(helo)}</span>` : ''}</td><td><span class="status status-${esc(e.status)}">${esc(e.status)}</span></td><td>${iisCell(e)}</td><td>${edgeCell(e)}</td><td>${connectorCell(e)}</td><td>${reasonCell(e, i)}</td></tr>`;
  });
  return `<table id="cutover"><colgroup><col class="c-source"><col class="c-status"><col class="c-side"><col class="c-side"><col class="c-conn"><col class="c-reason"></colgroup><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.5em; margin-bottom: 4px; } h2 { font-size: 1.2em; } .scope { margin-top: 0; color: var(--vscode-descriptionForeground); }
.banner { display: flex; flex-wrap: wrap; gap: 12px 24px; padding: 12px 16px; border: 1px solid var(--vscode-panel-border); background: var(--vscode-editorWidget-background); }
.banner div { display: flex; flex-direction: column; } .banner strong { font-size: 1.4em; }
.warn { color: var(--vscode-editorWarning-foreground); } .muted { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; table-layout: fixed; }
.c-source { width: 15%; } .c-status { width: 11%; } .c-side { width: 13%; } .c-conn { width: 18%; } .c-reason { width: 30%; }
th, td { border-bottom: 1px solid var(--vscode-panel-border); padding: 4px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
tbody tr:nth-child(even) { background: var(--vscode-list-hoverBackground); }
.status { font-weight: 600; } .status-failing { color: var(--vscode-editorError-foreground); } .status-still-on-iis { color: var(--vscode-editorWarning-foreground); }
.status-moved { color: var(--vscode-testing-iconPassed, var(--vscode-charts-green)); } .status-new-on-edge { color: var(--vscode-charts-blue); }
.fix { margin-top: 4px; padding: 4px 8px; border-left: 3px solid var(--vscode-editorWarning-foreground); background: var(--vscode-editorWidget-background); }
button.link { all: unset; cursor: pointer; color: var(--vscode-textLink-foreground); text-decoration: underline; font-family: var(--vscode-editor-font-family); }
button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
.actions button { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); border: none; padding: 6px 12px; cursor: pointer; }
${CHART_CSS}
${CUTOVER_CHART_CSS}
`;

/** `scope`: what the user picked (folders), for the title and header. */
export function cutoverHtml(result: CutoverCommandResult, nonce: string, cspSource: string, scope: string): string {
  const r = result.report;
  const title = t('Cut-over status');
  const body = r
    ? `<p class="scope">${esc(t('Scope: {0}', scope))}<br>${esc(t('IIS: {0}, {1}', plural(r.files.iis, 'log file', 'log files'), span(r.iisFirst, r.iisLast)))} · ${esc(t('Edge: {0}, {1} (live since {2})', plural(r.files.edge, 'protocol log', 'protocol logs'), span(r.edgeLive, r.edgeLast), r.edgeLive || '?'))}${r.scripts.length > 0 ? ` · ${esc(t('Connector scripts: {0}', r.scripts.map(baseName).join(', ')))}` : ''}</p>
<section class="banner" aria-label="${esc(t('Sources per status'))}">${r.counts.map((c) => `<div data-status="${esc(c.key)}"><span>${esc(STATUS_LABELS[c.key as CutoverStatus] ?? c.key)}</span><strong>${c.count}</strong><span class="muted">${esc(c.key)}</span></div>`).join('')}</section>
<h2>${esc(t('IIS and Edge volume per day'))}</h2>
${volumeChart(r.volumePerDay, r.edgeLive)}
<h2>${esc(t('Sources'))}</h2>
${table(r)}
${r.notes.length > 0 ? `<h2>${esc(t('Notes'))}</h2><ul class="notes">${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}`
    : `<p class="warn">${esc(result.message ?? t('No cut-over status.'))}</p>`;
  const page = `<h1>${esc(title)}</h1>
<div class="actions"><button type="button" data-action="markdown">${esc(t('Open as Markdown'))}</button></div>
${body}`;
  return webviewPage({ title, nonce, cspSource, css: CSS, body: page, script: CUTOVER_SCRIPT });
}
