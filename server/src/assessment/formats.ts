// The assessment as text for people and tools: an aligned table (CLI), CSV, Markdown and JSON.
// Log-derived text is kept as data: CSV fields are quoted (and formula-leading characters neutralised),
// Markdown cells are escaped.
import type { Assessment, SourceProfile } from '../protocol/assessment';
import { plural } from '../common/plural';

const COLUMNS: { title: string; value: (p: SourceProfile) => string }[] = [
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
];

/** Printable ASCII only, for terminal output (no escape sequences from the log reach the terminal). */
function plain(value: string, max = 40): string {
  const s = value.replace(/[^\x20-\x7e]/g, '?');
  return s.length > max ? `${s.slice(0, max - 1)}~` : s;
}

export function toTextTable(a: Assessment): string {
  const s = a.summary;
  const lines = [
    `Period: ${s.firstSeen || '?'} to ${s.lastSeen || '?'} (${plural(s.days, 'day', 'days')})   Messages: ${s.messages}   Applications: ${s.applications}   Relay-denied: ${s.relayDeniedSources}   Public: ${s.publicSources}   Noise: ${s.noiseSources}`,
    `Accepted domains: ${s.acceptedDomains.map((d) => plain(d)).join(', ') || '(none)'}${s.acceptedDomainsInferred ? ' (inferred from senders)' : ''}`,
    `Outbound: ${a.outbound.mode}${a.outbound.smartHost ? ` via ${plain(a.outbound.smartHost, 80)}` : ''}${a.outbound.exchangeOnline ? ' (Exchange Online)' : ''}, ${a.outbound.messages} messages`,
    '',
  ];
  const cols = [0, 1, 2, 3, 4, 5, 6, 9, 10, 12, 13].map((i) => COLUMNS[i]!);
  const rows = a.sources.map((p) => cols.map((c) => plain(c.value(p), 36)));
  const widths = cols.map((c, i) => Math.max(c.title.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  lines.push(fmt(cols.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) lines.push(fmt(r));
  if (a.quality.length > 0) {
    lines.push('', 'Data quality:');
    for (const q of a.quality) lines.push(`  - ${plain(q.message, 400)}`);
  }
  return lines.join('\n') + '\n';
}

function csvField(value: string): string {
  // A leading = + - @ would make a spreadsheet evaluate the cell.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(a: Assessment): string {
  const lines = [COLUMNS.map((c) => csvField(c.title)).join(',')];
  for (const p of a.sources) lines.push(COLUMNS.map((c) => csvField(c.value(p))).join(','));
  return lines.join('\r\n') + '\r\n';
}

function mdCell(value: string): string {
  return value.replace(/[\\`*_{}[\]()#+!|<>&~]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

export function toMarkdown(a: Assessment): string {
  const s = a.summary;
  const out = [
    '# IIS SMTP relay assessment',
    '',
    `- Period: ${mdCell(s.firstSeen || '?')} to ${mdCell(s.lastSeen || '?')} (${plural(s.days, 'day', 'days')})`,
    `- Messages: ${s.messages} from ${s.applications} applications`,
    `- Accepted domains: ${s.acceptedDomains.map(mdCell).join(', ') || '(none)'}${s.acceptedDomainsInferred ? ' (inferred)' : ''}`,
    `- Relay-denied sources: ${s.relayDeniedSources}; public sources: ${s.publicSources}; noise: ${s.noiseSources}`,
    '',
    `| ${COLUMNS.map((c) => c.title).join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
  ];
  for (const p of a.sources) out.push(`| ${COLUMNS.map((c) => mdCell(c.value(p))).join(' | ')} |`);
  if (a.quality.length > 0) {
    out.push('', '## Data quality', '');
    for (const q of a.quality) out.push(`- ${mdCell(q.message)}`);
  }
  return out.join('\n') + '\n';
}

export function toJson(a: Assessment): string {
  return JSON.stringify(a, null, 2) + '\n';
}
