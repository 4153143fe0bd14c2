// The assessment as text for people and tools: an aligned table (CLI), CSV, Markdown and JSON.
// Log-derived text is kept as data: CSV fields are quoted (and formula-leading characters neutralised),
// Markdown cells are escaped.
import type { Assessment, AssessmentSummary, FileSummary, PredictedRejection, SourceProfile } from '../protocol/assessment';
import { rejectionSummaryLine } from './exoRejections';

/** `550 5.7.64`, or `550 5.7.68 if moved to Direct Send` for a prediction that holds only on an alternative path. */
function rejectionLabel(r: PredictedRejection): string {
  return `${r.reply.split(' ')[0]} ${r.code}${r.applies === 'alternative' ? ' if moved to Direct Send' : ''}`;
}

/** `csvOnly`: long text that the Markdown table leaves to its own section. */
const COLUMNS: { title: string; value: (p: SourceProfile) => string; csvOnly?: boolean }[] = [
  { title: 'Source', value: (p) => p.address || '(none)' },
  { title: 'Category', value: (p) => p.category },
  { title: 'Scenario', value: (p) => p.scenario ?? '' },
  { title: 'HELO', value: (p) => p.heloNames[0] ?? '' },
  { title: 'Messages', value: (p) => String(p.messages) },
  { title: 'Recipients', value: (p) => String(p.recipients) },
  { title: 'Days', value: (p) => String(p.messagesPerDay.length) },
  { title: 'First seen', value: (p) => p.firstSeen },
  { title: 'Last seen', value: (p) => p.lastSeen },
  { title: 'Auth', value: (p) => p.authentication.join('+') },
  { title: 'TLS sessions', value: (p) => String(p.tlsSessions) },
  { title: 'Senders', value: (p) => p.senders.map((s) => s.key).slice(0, 5).join(' ') },
  { title: 'External domains', value: (p) => p.externalRecipientDomains.map((s) => s.key).slice(0, 5).join(' ') },
  { title: 'Relay denials', value: (p) => String(p.relayDenials) },
  { title: 'Origin', value: (p) => p.origin },
  { title: 'Internet traffic', value: (p) => p.internetTraffic ?? '' },
  { title: 'Migration path', value: (p) => (p.verdict ? [p.verdict.path, ...p.verdict.alternatives.map((a) => `or ${a}`)].join(' ') : '') },
  { title: 'Predicted Exchange Online rejections', value: (p) => (p.exoRejections ?? []).map(rejectionLabel).join('; ') },
  { title: 'Rejection evidence', csvOnly: true, value: (p) => (p.exoRejections ?? []).map((r) => `${r.code}: ${r.evidence}. ${r.condition} What to do: ${r.action}`).join(' | ') },
];

/** The predicted rejections per application, then what is not predicted and why (text and Markdown sections). */
function rejectionLines(a: Assessment): string[] {
  const s = a.summary.exoRejections;
  if (!s) return [];
  const lines = [rejectionSummaryLine(s)];
  for (const p of a.sources) {
    for (const r of p.exoRejections ?? []) lines.push(`${p.address || '(none)'}: ${rejectionLabel(r)}. Evidence: ${r.evidence}. ${r.condition} What to do: ${r.action}`);
  }
  return [...lines, ...s.notes];
}

/** Where the accepted domains come from, in words. */
function domainSource(s: AssessmentSummary): string {
  switch (s.acceptedDomainSource) {
    case 'settings':
      return 'from settings';
    case 'metabase':
      return s.acceptedDomainEvidence.length > 0 ? `from the metabase, plus SUGGESTED from log evidence: ${s.acceptedDomainEvidence.map((e) => e.domain).join(', ')}` : 'from the metabase';
    case 'inferred':
      return 'SUGGESTED from log evidence, not confirmed';
    default:
      return 'none determined';
  }
}

/** The scope lines every report starts with: files (and line ranges) and the period; and PARTIAL when it is. */
function scopeLines(a: Assessment): string[] {
  const s = a.summary;
  const lines: string[] = [];
  if (s.partial) lines.push(`PARTIAL ASSESSMENT: ${s.partial.join('; ')}. Traffic in the part not read is missing.`);
  const fileText = (f: FileSummary): string => `${f.name}${f.range ? ` (${f.range})` : ''}: ${f.records} records${f.error ? ' - NOT READ' : ''}`;
  lines.push(`Scope: ${a.files.slice(0, 20).map(fileText).join('; ')}${a.files.length > 20 ? `; and ${a.files.length - 20} more files` : ''}`);
  return lines;
}

/** Printable ASCII only, for terminal output (no escape sequences from the log reach the terminal). */
export function plain(value: string, max = 40): string {
  const s = value.replace(/[^\x20-\x7e]/g, '?');
  return s.length > max ? `${s.slice(0, max - 1)}~` : s;
}

export function toTextTable(a: Assessment): string {
  const s = a.summary;
  const lines = [
    ...scopeLines(a).map((l) => plain(l, 2000)),
    `Period: ${s.firstSeen || '?'} to ${s.lastSeen || '?'} (${s.days} days)   Messages: ${s.messages}   Applications: ${s.applications}   Relay-denied: ${s.relayDeniedSources}   Inbound: ${s.inboundSources}   Public: ${s.publicSources}   Noise: ${s.noiseSources}`,
    `Accepted domains: ${s.acceptedDomains.map((d) => plain(d)).join(', ') || '(none)'} (${domainSource(s)})`,
    `Outbound: ${a.outbound.mode}${a.outbound.smartHost ? ` via ${plain(a.outbound.smartHost, 80)}` : ''}${a.outbound.exchangeOnline ? ' (Exchange Online)' : ''}, ${a.outbound.messages} messages. ${plain(a.outbound.explanation, 300)}`,
    ...(a.outbound.exchangeOnlineBasicAuth ? [`Exchange Online Basic SMTP AUTH dependency: ${plain(a.outbound.exchangeOnlineBasicAuth.evidence, 300)} (disabled by default at the end of December 2026)`] : []),
    '',
  ];
  const cols = [0, 1, 2, 3, 4, 5, 6, 9, 10, 12, 13].map((i) => COLUMNS[i]!);
  const rows = a.sources.map((p) => cols.map((c) => plain(c.value(p), 36)));
  const widths = cols.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  lines.push(fmt(cols.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) lines.push(fmt(r));
  const rejections = rejectionLines(a);
  if (rejections.length > 0) {
    lines.push('', 'Exchange Online rejections:');
    for (const l of rejections) lines.push(`  - ${plain(l, 1200)}`);
  }
  if (a.quality.length > 0) {
    lines.push('', 'Data quality:');
    for (const q of a.quality) lines.push(`  - ${plain(q.message, 400)}`);
  }
  return lines.join('\n') + '\n';
}

export function csvField(value: string): string {
  // A leading = + - @ would make a spreadsheet evaluate the cell.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(a: Assessment): string {
  const lines = [COLUMNS.map((c) => csvField(c.title)).join(',')];
  for (const p of a.sources) lines.push(COLUMNS.map((c) => csvField(c.value(p))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function mdCell(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+!|<>&~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

export function toMarkdown(a: Assessment): string {
  const s = a.summary;
  const tableColumns = COLUMNS.filter((c) => !c.csvOnly);
  const out = [
    '# IIS SMTP relay assessment',
    '',
    ...scopeLines(a).map((l) => `- ${mdCell(l)}`),
    `- Period: ${mdCell(s.firstSeen || '?')} to ${mdCell(s.lastSeen || '?')} (${s.days} days)`,
    `- Messages: ${s.messages} from ${s.applications} applications`,
    `- Accepted domains: ${s.acceptedDomains.map(mdCell).join(', ') || '(none)'} (${domainSource(s)})`,
    ...s.acceptedDomainEvidence.map((e) => `  - ${mdCell(e.domain)}: ${mdCell(e.evidence)}`),
    ...s.excludedDomains.slice(0, 20).map((e) => `  - not suggested: ${mdCell(e.domain)} (${mdCell(e.reason)})`),
    `- Relay-denied sources: ${s.relayDeniedSources}; inbound Internet mail sources: ${s.inboundSources}; public sources: ${s.publicSources}; noise: ${s.noiseSources}`,
    `- Outbound: ${mdCell(a.outbound.explanation)}`,
    ...(a.outbound.exchangeOnlineBasicAuth ? [`- Exchange Online Basic SMTP AUTH dependency: ${mdCell(a.outbound.exchangeOnlineBasicAuth.evidence)} (disabled by default at the end of December 2026; replaced by the tenant's MX endpoint on port 25)`] : []),
    ...(s.exoRejections ? [`- ${mdCell(rejectionSummaryLine(s.exoRejections))}`] : []),
    '',
    `| ${tableColumns.map((c) => c.title).join(' | ')} |`,
    `| ${tableColumns.map(() => '---').join(' | ')} |`,
  ];
  for (const p of a.sources) out.push(`| ${tableColumns.map((c) => mdCell(c.value(p))).join(' | ')} |`);
  const rejections = rejectionLines(a);
  if (rejections.length > 0) {
    out.push('', '## Exchange Online rejections', '');
    for (const l of rejections) out.push(`- ${mdCell(l)}`);
  }
  if (a.quality.length > 0) {
    out.push('', '## Data quality', '');
    for (const q of a.quality) out.push(`- ${mdCell(q.message)}`);
  }
  return out.join('\n') + '\n';
}

export function toJson(a: Assessment): string {
  return JSON.stringify(a, null, 2) + '\n';
}
