// What the metabase rules report: a code of the table on a span of the text (offsets); diagnostics.ts locates
// these as Findings (common/finding.ts).
import type { Severity } from '../common/finding';
import type { CodeName } from './codes';
import type { MetabaseKey, PropertyOccurrence } from './model';

export interface RelatedSpan {
  start: number;
  end: number;
  message: string;
}

export interface SpanFinding {
  code: CodeName;
  start: number;
  end: number;
  message: string;
  /** Overrides the code's default severity. */
  severity?: Severity;
  related?: RelatedSpan[];
}

/** Span of an occurrence: attribute name through closing quote, or the Custom element's Name…Value. */
export function occurrenceSpan(occ: PropertyOccurrence): { start: number; end: number } {
  if (occ.source === 'attribute') return { start: occ.nameStart, end: Math.min(occ.valueEnd + 1, occ.nameStart + 100_000) };
  return { start: occ.elementStart ?? occ.nameStart, end: Math.min(occ.elementEnd ?? occ.nameEnd, (occ.elementStart ?? occ.nameStart) + 100_000) };
}

/** Span of a key's element name (the "<IIsSmtpServer" part). */
export function keySpan(key: MetabaseKey): { start: number; end: number } {
  return { start: key.start + 1, end: key.nameEnd };
}

export interface ValueSource {
  origin: string;
  occurrence?: PropertyOccurrence;
  from?: string;
}

/**
 * Where to report a finding about an effective value of `target`: on the value when the key sets
 * it, else on the key's name with related information pointing at the inherited value.
 */
export function anchor(target: MetabaseKey, src: ValueSource, what: string): { start: number; end: number; related?: RelatedSpan[] } {
  const occ = src.occurrence;
  if (occ && src.origin === 'own') return occurrenceSpan(occ);
  const span = keySpan(target);
  if (occ) {
    const o = occurrenceSpan(occ);
    return { ...span, related: [{ start: o.start, end: Math.min(o.end, o.start + 200), message: `${what} is inherited from here (${src.from ?? 'a parent key'})` }] };
  }
  return span;
}
