// The assessment report page (pure: result → HTML). Strict CSP with a nonce (no inline style attributes),
// no remote resources, VS Code theme variables, native buttons for keyboard use; every value from the logs
// goes through esc(). Its header names the scope (files, line ranges, period).
import { t } from '@vscode/l10n';
import type { ConnectorPlanResult, ExoRejectionSummary, FileSummary, MigrationPath, PlanWarning, PredictedRejection, SourceProfile } from '../../../server/src/protocol/assessment';
import { periodLabel, plural } from '../scope';
import { CHART_CSS, messagesPerDayChart } from './chart';
import { esc } from './escape';
import { REPORT_SCRIPT } from './reportScript';
import { webviewPage } from './page';

/** Rows shown per table before "Show all". */
export const TOP_ROWS = 25;

interface Column {
  title: string;
  /** Width class (the table has a fixed layout so it never scrolls sideways). */
  cls: string;
  numeric?: boolean;
  /** Sort key. */
  value: (p: SourceProfile) => string | number;
  /** Cell HTML when it differs from the escaped value. */
  html?: (p: SourceProfile) => string;
}

const day = (iso: string): string => iso.slice(0, 10);
const list = (items: readonly string[]): string => items.filter(Boolean).map(esc).join(', ');

/** Few, wrapping columns: the table fits half a screen without sideways scrolling. */
const COLUMNS: Column[] = [
  { title: t('Source'), cls: 'c-source', value: (p) => p.address || '(none)', html: (p) => `<strong>${esc(p.address || '(none)')}</strong><br><span class="muted">${list(p.heloNames.slice(0, 2))}</span>` },
  {
    title: t('Scenario'),
    cls: 'c-scenario',
    value: (p) => p.scenario ?? p.internetTraffic ?? p.category,
    html: (p) => esc(p.scenario ?? p.internetTraffic ?? p.category) + (p.relayDenials > 0 ? `<br><span class="warn">${esc(plural(p.relayDenials, 'relay denial', 'relay denials'))}</span>` : ''),
  },
  { title: t('Messages'), cls: 'c-num', numeric: true, value: (p) => p.messages },
  { title: t('Recipients'), cls: 'c-num', numeric: true, value: (p) => p.recipients },
  { title: t('Seen'), cls: 'c-seen', value: (p) => p.firstSeen, html: (p) => esc(day(p.firstSeen) === day(p.lastSeen) ? day(p.firstSeen) : `${day(p.firstSeen)} – ${day(p.lastSeen)}`) + `<br><span class="muted">${esc(plural(p.messagesPerDay.length, 'day', 'days'))}</span>` },
  { title: t('Auth / TLS'), cls: 'c-auth', value: (p) => p.authentication.join(' + '), html: (p) => `${esc(p.authentication.join(' + '))}<br><span class="muted">${esc(t('TLS: {0}', p.tlsSessions))}</span>` },
  {
    title: t('Senders → external domains'),
    cls: 'c-senders',
    value: (p) => p.senders[0]?.key ?? '',
    html: (p) => `${list(p.senders.slice(0, 3).map((s) => s.key))}${p.externalRecipientDomains.length ? `<br><span class="muted">→ ${list(p.externalRecipientDomains.slice(0, 3).map((s) => s.key))}</span>` : ''}`,
  },
];

/** Display names of the server's migration paths (ids from the protocol; the verdict itself is the server's). */
const PATH_LABELS: Record<MigrationPath, string> = {
  'relay-through-edge': t('Relay through the Edge'),
  'direct-to-exo': t('Direct Send to Exchange Online'),
  'oauth-smtp-auth': t('OAuth SMTP AUTH'),
  hve: t('High Volume Email'),
  acs: t('Azure Communication Services'),
  retire: t('Retire'),
  review: t('Review'),
};

const pathLabel = (path: MigrationPath): string => PATH_LABELS[path] ?? path;

/** Per application: the migration path the server decided, the alternatives it allows, and why. */
const MIGRATION_COLUMNS: Column[] = [
  COLUMNS[0]!,
  COLUMNS[2]!,
  {
    title: t('Migration path'),
    cls: 'c-path',
    value: (p) => (p.verdict ? pathLabel(p.verdict.path) : ''),
    html: (p) => (p.verdict ? `<span class="path path-${esc(p.verdict.path)}">${esc(pathLabel(p.verdict.path))}</span>` : ''),
  },
  { title: t('Alternatives'), cls: 'c-alt', value: (p) => (p.verdict?.alternatives ?? []).map(pathLabel).join(', ') },
  { title: t('Why'), cls: 'c-reason', value: (p) => p.verdict?.reason ?? '' },
  {
    title: t('Predicted Exchange Online rejections'),
    cls: 'c-reject',
    value: (p) => (p.exoRejections ?? []).map(rejectionLabel).join(', '),
    html: (p) => (p.exoRejections ?? []).map((r) => `<span class="reject reject-${esc(r.applies)}">${esc(rejectionLabel(r))}</span>`).join('<br>') || `<span class="muted">${esc(t('None predicted'))}</span>`,
  },
];

/** `550 5.7.64`, or `550 5.7.68 if moved to Direct Send` when the server predicts it only on that alternative. */
function rejectionLabel(r: PredictedRejection): string {
  const code = `${r.reply.split(' ')[0]} ${r.code}`;
  return r.applies === 'alternative' ? t('{0} if moved to Direct Send', code) : code;
}

/**
 * Below the migration table, full width: each predicted rejection with its application and code, and on
 * expanding, the server's evidence, condition and what to do.
 */
function rejectionDetails(apps: readonly SourceProfile[]): string {
  const items = apps.flatMap((p) =>
    (p.exoRejections ?? []).map(
      (r) =>
        `<details class="reject reject-${esc(r.applies)}"><summary><span class="code">${esc(rejectionLabel(r))}</span> ${esc(p.address || '(none)')} <span class="muted">${list(p.heloNames.slice(0, 1))}</span></summary><p class="evidence">${esc(t('Evidence: {0}', r.evidence))}</p><p class="muted">${esc(r.condition)}</p><p>${esc(t('What to do: {0}', r.action))}</p></details>`,
    ),
  );
  return items.length > 0 ? `<div id="rejections" class="rejections"><h3>${esc(t('Predicted Exchange Online rejections, per application'))}</h3>${items.join('')}</div>` : '';
}

/** The summary line of the predictions, and what the server did not predict and why. */
function rejectionNotice(x: ExoRejectionSummary): string {
  const predicted = x.planApplications + x.alternativeApplications;
  const line =
    predicted === 0
      ? t('None predicted from the evidence.')
      : t("{0} on the plan's route, {1} more only if moved to Direct Send. By code: {2}.", plural(x.planApplications, 'application', 'applications'), x.alternativeApplications, x.byCode.map((c) => `${c.key} (${c.count})`).join(', '));
  const title = t('Predicted Exchange Online rejections');
  return `<section class="notice exo-rejections${x.planApplications > 0 ? ' danger' : ''}" role="note" aria-label="${esc(title)}"><h2>${esc(title)}</h2><p class="summary-line">${esc(line)}</p><ul>${x.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>`;
}

function table(id: string, rows: readonly SourceProfile[], caption: string, columns: readonly Column[] = COLUMNS): string {
  if (rows.length === 0) return `<p>${esc(t('None.'))}</p>`;
  const head = columns.map((c, i) => `<th scope="col" aria-sort="none"><button type="button" data-col="${i}" data-numeric="${c.numeric ? '1' : '0'}">${esc(c.title)}</button></th>`).join('');
  const body = rows
    .map((p, r) => `<tr${r >= TOP_ROWS ? ' class="hidden"' : ''}>${columns.map((c) => {
      const v = c.value(p);
      const shown = c.html ? c.html(p) : esc(typeof v === 'number' ? v.toLocaleString('en-US') : v);
      return `<td${c.numeric ? ' class="num"' : ''} data-sort="${esc(v)}">${shown}</td>`;
    }).join('')}</tr>`)
    .join('');
  const more =
    rows.length > TOP_ROWS
      ? `<button type="button" class="more" data-table="${esc(id)}" data-all="${esc(t('Show all {0}', '{0}'))}" data-less="${esc(t('Show the top {0}', TOP_ROWS))}">${esc(t('Show all {0}', rows.length))}</button>`
      : '';
  return `<p class="count" data-table="${esc(id)}" data-filtered="${esc(t('{0} of {1} match the filter', '{0}', '{1}'))}"></p><table id="${esc(id)}" class="sortable" data-top="${TOP_ROWS}"><caption>${esc(caption)}</caption><colgroup>${columns.map((c) => `<col class="${c.cls}">`).join('')}</colgroup><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

function section(id: string, title: string, body: string): string {
  return `<details open data-section="${esc(id)}"><summary><h2>${esc(title)}</h2></summary>${body}</details>`;
}

/** A server finding shown as a notice above the tables (its message is the server's text, dates included). */
function notice(cls: string, title: string, message: string): string {
  return `<section class="notice ${cls}" role="note" aria-label="${esc(title)}"><h2>${esc(title)}</h2><p>${esc(message)}</p></section>`;
}

function warning(warnings: readonly PlanWarning[], code: string): PlanWarning | undefined {
  return warnings.find((w) => w.code === code);
}

function filesList(files: readonly FileSummary[]): string {
  if (files.length === 0) return `<p>${esc(t('None.'))}</p>`;
  const rows = files
    .slice(0, 200)
    .map((f) => `<li><code>${esc(f.name)}</code>${f.range ? ` ${esc(f.range)}` : ''}: ${esc(plural(f.records, 'record', 'records'))}${f.firstSeen ? `, ${esc(day(f.firstSeen))} – ${esc(day(f.lastSeen))}` : ''}${f.error ? ` <span class="warn">${esc(f.error)}</span>` : ''}</li>`);
  if (files.length > 200) rows.push(`<li>${esc(t('… and {0} more', files.length - 200))}</li>`);
  return `<ul>${rows.join('')}</ul>`;
}

const CSS = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.5em; margin-bottom: 4px; } .scope { margin-top: 0; color: var(--vscode-descriptionForeground); }
.banner { display: flex; flex-wrap: wrap; gap: 12px 24px; padding: 12px 16px; border: 1px solid var(--vscode-panel-border); background: var(--vscode-editorWidget-background); }
.banner div { display: flex; flex-direction: column; } .banner strong { font-size: 1.4em; }
.warn { color: var(--vscode-editorWarning-foreground); } .muted { color: var(--vscode-descriptionForeground); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; table-layout: fixed; }
.c-source { width: 17%; } .c-scenario { width: 15%; } .c-num { width: 13%; } .c-seen { width: 13%; } .c-auth { width: 11%; } .c-senders { width: 18%; } caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--vscode-panel-border); padding: 4px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
td.num { text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: normal; }
tr.hidden { display: none; }
th button { all: unset; cursor: pointer; font-weight: 600; font-size: 0.92em; }
button:focus-visible, input:focus-visible, summary:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; } th[aria-sort="descending"] button::after { content: " \\25BC"; }
tbody tr:nth-child(even) { background: var(--vscode-list-hoverBackground); }
summary { cursor: pointer; } summary h2 { display: inline; font-size: 1.2em; } details { margin: 16px 0; }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin: 12px 0; } .actions > span { display: inline-flex; align-items: center; gap: 4px; }
.actions button, button.more { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 6px 12px; cursor: pointer; }
.actions button.secondary, button.more { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
.filter { margin: 8px 0; } .filter input { width: min(360px, 100%); padding: 4px 6px; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, var(--vscode-panel-border)); }
.count:empty { display: none; }
.c-path { width: 16%; } .c-alt { width: 16%; } .c-reason { width: 20%; } .c-reject { width: 18%; } .path { font-weight: 600; } .reason { font-size: 0.92em; }
span.reject, details.reject summary { font-weight: 600; } span.reject-plan, details.reject-plan .code { color: var(--vscode-editorError-foreground); } .rejections h3 { font-size: 1em; margin: 12px 0 4px; }
details.reject { margin: 0 0 6px; } details.reject p { margin: 2px 0 2px 16px; }
.notice ul { margin: 4px 0; padding-left: 20px; }
.notice { margin: 12px 0; padding: 8px 16px; border-left: 4px solid var(--vscode-editorWarning-foreground); background: var(--vscode-inputValidation-warningBackground, var(--vscode-editorWidget-background)); }
.notice h2 { font-size: 1.1em; margin: 4px 0; } .notice p { margin: 4px 0; }
.notice.danger { border-left-color: var(--vscode-editorError-foreground); background: var(--vscode-inputValidation-errorBackground, var(--vscode-editorWidget-background)); }
.partial { margin: 8px 0; padding: 8px 16px; font-weight: 600; color: var(--vscode-editorError-foreground); border: 2px solid var(--vscode-editorError-foreground); }
${CHART_CSS}
`;

export function reportHtml(result: ConnectorPlanResult, nonce: string, cspSource: string, scope = ''): string {
  const a = result.assessment;
  const s = result.summary;
  const sources = a?.sources ?? result.profiles;
  const apps = sources.filter((p) => p.category === 'application');
  const denied = sources.filter((p) => p.category === 'relay-denied');
  const inbound = sources.filter((p) => p.category === 'inbound');
  const publicSources = sources.filter((p) => p.category === 'public');
  const toReview = apps.filter((p) => p.verdict?.path === 'review');
  const partial = a?.summary.partial ?? s.partial;
  const exoBasic = warning(result.warnings, 'exo-basic-auth');
  const exoEvidence = a?.outbound.exchangeOnlineBasicAuth;
  const exoRejections = a?.summary.exoRejections ?? s.exoRejections;
  const stolen = warning(result.warnings, 'stolen-credentials');
  const openRelay = warning(result.warnings, 'open-relay');
  const quality = a?.quality ?? [];
  const files = a?.files ?? [];
  const period = periodLabel(result) || t('unknown (the logs carry no dates)');
  const title = scope ? t('IIS SMTP relay assessment: {0}', scope) : t('IIS SMTP relay assessment');
  const body = `<h1>${esc(title)}</h1>
${partial ? `<p class="partial" role="alert">${esc(t('PARTIAL ASSESSMENT: {0}. Traffic in the part not read is missing.', partial.join('; ')))}</p>` : ''}
<p class="scope">${esc(t('Scope: {0}', scope || t('{0} assessed', plural(files.length, 'file', 'files'))))} · ${esc(t('Period: {0}', period))}</p>
<section class="banner" aria-label="${esc(t('Summary'))}">
<div><span>${esc(t('Period'))}</span><strong>${esc(period)}</strong><span>${esc(plural(s.days, 'day', 'days'))}</span></div>
<div><span>${esc(t('Messages'))}</span><strong>${esc(s.messages.toLocaleString('en-US'))}</strong></div>
<div><span>${esc(t('Applications'))}</span><strong>${esc(s.applications)}</strong></div>
<div><span>${esc(t('Relay-denied / public sources'))}</span><strong>${esc(s.relayDeniedSources)} / ${esc(s.publicSources)}</strong></div>
<div><span>${esc(t('Inbound mail sources'))}</span><strong>${esc(s.inboundSources)}</strong></div>
<div><span>${esc(t('Accepted domains'))}</span><strong>${esc(s.acceptedDomains.join(', ') || '(none)')}</strong><span>${esc(s.acceptedDomainsInferred ? t('inferred from senders') : t('from settings'))}</span></div>
<div><span>${esc(t('Data-quality warnings'))}</span><strong class="${quality.length > 0 ? 'warn' : ''}">${esc(quality.length)}</strong></div>
</section>
<div class="actions">
<button type="button" data-action="generate">${esc(t('Generate connector script'))}</button>
<span role="group" aria-label="${esc(t('Export'))}"><span class="muted">${esc(t('Export'))}</span>
<button type="button" class="secondary" data-action="export" data-format="csv" aria-label="${esc(t('Export CSV'))}">CSV</button>
<button type="button" class="secondary" data-action="export" data-format="json" aria-label="${esc(t('Export JSON'))}">JSON</button>
<button type="button" class="secondary" data-action="export" data-format="markdown" aria-label="${esc(t('Export Markdown'))}">Markdown</button></span>
<span role="group" aria-label="${esc(t('Copy'))}"><span class="muted">${esc(t('Copy'))}</span>
<button type="button" class="secondary" data-action="copy" data-format="csv" aria-label="${esc(t('Copy as CSV'))}">CSV</button>
<button type="button" class="secondary" data-action="copy" data-format="markdown" aria-label="${esc(t('Copy as Markdown'))}">Markdown</button>
<button type="button" class="secondary" data-action="copy" data-format="script" aria-label="${esc(t('Copy the connector script'))}">${esc(t('Script'))}</button></span>
</div>
${result.cancelled ? `<p class="warn">${esc(t('The assessment was cancelled: figures cover only the part read.'))}</p>` : ''}
<div class="filter"><label>${esc(t('Filter sources'))} <input id="filter" type="search" placeholder="${esc(t('address, HELO name, sender, domain…'))}"></label></div>
${exoBasic ? notice('exo-basic-auth', t('Exchange Online Basic SMTP AUTH dependency'), exoBasic.message) : exoEvidence ? notice('exo-basic-auth', t('Exchange Online Basic SMTP AUTH dependency'), exoEvidence.evidence) : ''}
${exoRejections ? rejectionNotice(exoRejections) : ''}
${stolen ? notice('danger stolen-credentials', t('Stolen credentials?'), stolen.message) : ''}
${openRelay ? notice('danger open-relay', t('Open relay'), openRelay.message) : ''}
${section('apps', t('Applications'), table('apps', apps, t('Application profiles, by volume (select a column header to sort)')))}
${section('migration', t('Migration path'), table('migration', apps, t('Where each application\'s mail goes after IIS, as the evidence allows'), MIGRATION_COLUMNS) + rejectionDetails(apps))}
${section('chart', t('Messages per day'), messagesPerDayChart(apps))}
${toReview.length ? section('review', t('To review: recipients not proven'), table('review', toReview, t('Applications whose recipients the logs do not prove: no relay right is granted'))) : ''}
${section('denied', t('Relay denials'), table('denied', denied, t('Internal sources refused relay: review, not granted')))}
${section('inbound', t('Inbound mail'), table('inbound', inbound, t('Internet hosts delivering ordinary mail to accepted domains: the server is also an inbound MX (not abuse)')))}
${section('public', t('Public sources'), table('public', publicSources, t('Public addresses: never granted, possible abuse')))}
${section('notes', t('Review notes'), `<ul>${result.warnings.map((w) => `<li><code>${esc(w.code)}</code> ${esc(w.message)}</li>`).join('') || `<li>${esc(t('None.'))}</li>`}</ul>`)}
${section('quality', t('Data quality'), `<ul>${quality.map((q) => `<li>${esc(q.message)}</li>`).join('') || `<li>${esc(t('No problems found.'))}</li>`}</ul>`)}
${section('files', t('Files read'), filesList(files))}`;
  return webviewPage({ title, nonce, cspSource, css: CSS, body, script: REPORT_SCRIPT });
}
