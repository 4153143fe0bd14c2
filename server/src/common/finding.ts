// The one diagnostic vocabulary of every language: a severity spelling, a code table entry, a located
// finding and the per-file cap. Import-free on purpose: rules, catalogues, the CLI and the LSP edge
// (lspDiagnostics.ts) all read it, and only the edge knows LSP types.

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Every severity, most severe first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];

/** Rank for ordering: lower is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2, hint: 3 };

/** One entry of a language's code table: a stable code, its default severity and what it means. */
export interface CodeInfo {
  code: string;
  severity: Severity;
  title: string;
}

/** Zero-based line and character (UTF-16 code units), as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Offsets to positions: a TextDocument, or anything else with `positionAt` (languages whose rules work on offsets). */
export interface Positions {
  positionAt(offset: number): Position;
}

/** The range of the offsets [start, end) of a document (an end before the start is read as the start). */
export function spanRange(doc: Positions, start: number, end: number): Range {
  return { start: doc.positionAt(start), end: doc.positionAt(Math.max(start, end)) };
}

/** A second place in the same document that explains a finding (e.g. where the session started). */
export interface RelatedInfo {
  range: Range;
  message: string;
}

/** A problem found in a document or file, located by line and character. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedInfo[];
}

/** A language's diagnostic vocabulary: its code table, the source name shown beside its findings, its cap code. */
export interface DiagnosticVocabulary {
  source: string;
  codes: readonly CodeInfo[];
  capReached: CodeInfo;
}

/** A finding of `info`'s code and default severity. */
export function findingOf(info: CodeInfo, message: string, range: Range): Finding {
  return { code: info.code, severity: info.severity, message, range };
}

/** Where the reader is told how to see what the cap hides. */
export type CapAudience = 'editor' | 'cli';

const SEE_MORE: Readonly<Record<CapAudience, string>> = {
  editor: 'Raise iisSmtp.maxDiagnostics to see more, or use "node dist/cli.js check" for the full list.',
  cli: 'Raise --max-diagnostics to see more.',
};

/** The one wording of the per-file cap. */
export function capMessage(shown: number, total: number, audience: CapAudience): string {
  return `Showing the first ${shown} of ${total} problems in this file (${total - shown} more problems are not shown). ${SEE_MORE[audience]}`;
}

/**
 * The items the cap keeps, in list order. With `severityOf`, errors are kept first, then warnings, ... (each in
 * list order), so that an error is never hidden behind hints; without it, the first `max`.
 */
export function keptByCap<T>(items: readonly T[], max: number, severityOf?: (item: T) => Severity): T[] {
  if (items.length <= max) return [...items];
  if (!severityOf) return items.slice(0, max);
  const order = items.map((item, i) => ({ rank: SEVERITY_RANK[severityOf(item)], i }));
  order.sort((a, b) => a.rank - b.rank || a.i - b.i);
  return order
    .slice(0, max)
    .map((o) => o.i)
    .sort((a, b) => a - b)
    .map((i) => items[i]!);
}

/**
 * The one per-file cap: keeps `max` of `items` (see keptByCap), locates them as findings (only those kept are
 * located) and, when some are cut, appends one finding of the language's cap code at the top of the file that
 * says how many and how to see them.
 */
export function capFindings<T>(items: readonly T[], max: number, capReached: CodeInfo, locate: (item: T) => Finding, severityOf?: (item: T) => Severity): Finding[] {
  const kept = keptByCap(items, max, severityOf).map(locate);
  if (items.length > max) kept.push(findingOf(capReached, capMessage(kept.length, items.length, 'editor'), pointRange(0, 0)));
  return kept;
}

/** A zero-width range at `line`, `character`. */
export function pointRange(line: number, character: number): Range {
  return { start: { line, character }, end: { line, character } };
}
