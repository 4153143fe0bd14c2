// The cut-over status as text for people and tools: an aligned table (CLI), CSV and Markdown. JSON is the
// report object itself. Log-derived text is kept as data with the assessment's own cell functions.
import { csvField, mdCell, plain } from '../assessment/formats';
import { connectorLabel, type CutoverEntry, type CutoverReport } from '../protocol/cutover';

/** Refusing reply codes, or the reasons when the refusal was an information line (TLS). */
function refusals(e: CutoverEntry): string {
  if (!e.edge) return '';
  const list = e.edge.replyCodes.length > 0 ? e.edge.replyCodes : e.edge.refusals;
  return list.map((r) => `${r.key} x${r.count}`).join(' ');
}

const COLUMNS: { title: string; value: (e: CutoverEntry) => string }[] = [
  { title: 'Source', value: (e) => e.source },
  { title: 'Status', value: (e) => e.status },
  { title: 'IIS last seen', value: (e) => e.iis?.lastSeen ?? '' },
  { title: 'IIS messages', value: (e) => (e.iis ? String(e.iis.messages) : '') },
  { title: 'Edge first seen', value: (e) => e.edge?.firstSeen ?? '' },
  { title: 'Edge messages', value: (e) => (e.edge ? String(e.edge.messages) : '') },
  { title: 'Edge refusals', value: (e) => refusals(e) },
  { title: 'Connector', value: (e) => (e.edge ? connectorLabel((e.edge.refusalConnectors[0] ?? e.edge.connectors[0])?.key) : '') },
  { title: 'Reason', value: (e) => e.reason },
  { title: 'Change', value: (e) => e.fix?.text ?? '' },
];

function headline(r: CutoverReport): string {
  return `Edge live since ${r.edgeLive || '?'} (Edge logs to ${r.edgeLast || '?'}; IIS logs ${r.iisFirst || '?'} to ${r.iisLast || '?'}). ${r.counts.map((c) => `${c.key}: ${c.count}`).join(', ')}`;
}

export function cutoverText(r: CutoverReport): string {
  const cols = COLUMNS.slice(0, 8);
  const rows = r.entries.map((e) => cols.map((c) => plain(c.value(e), 40)));
  const widths = cols.map((c, i) => Math.max(c.title.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const lines = ['Cut-over status', plain(headline(r), 400), '', fmt(cols.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of rows) lines.push(fmt(row));
  lines.push('', 'Reasons:');
  for (const e of r.entries) {
    lines.push(`  ${plain(e.source, 45)} ${e.status}: ${plain(e.reason, 400)}`);
    if (e.fix) lines.push(`    Change: ${plain(e.fix.text, 600)}`);
  }
  if (r.notes.length > 0) {
    lines.push('', 'Cut-over notes:');
    for (const n of r.notes) lines.push(`  - ${plain(n, 400)}`);
  }
  return lines.join('\n') + '\n';
}

export function cutoverCsv(r: CutoverReport): string {
  const lines = [COLUMNS.map((c) => csvField(c.title)).join(',')];
  for (const e of r.entries) lines.push(COLUMNS.map((c) => csvField(c.value(e))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function cutoverMarkdown(r: CutoverReport): string {
  const out = ['## Cut-over status', '', mdCell(headline(r)), '', `| ${COLUMNS.map((c) => c.title).join(' | ')} |`, `| ${COLUMNS.map(() => '---').join(' | ')} |`];
  for (const e of r.entries) out.push(`| ${COLUMNS.map((c) => mdCell(c.value(e))).join(' | ')} |`);
  if (r.notes.length > 0) {
    out.push('');
    for (const n of r.notes) out.push(`- ${mdCell(n)}`);
  }
  return out.join('\n') + '\n';
}

/** The JSON members `assess --format json` adds: `cutover` (one object per source) and its context. */
export function cutoverJson(r: CutoverReport | undefined): { cutover?: CutoverEntry[]; cutoverSummary?: Omit<CutoverReport, 'entries'> } {
  if (!r) return {};
  const { entries, ...summary } = r;
  return { cutover: entries, cutoverSummary: summary };
}
