// Finding what is under an offset: the key element, the property (name or value).
import type { MetabaseKey, MetabaseModel, PropertyOccurrence } from './model';

/** The key whose element contains `offset` (keys are sorted by start). */
export function keyAt(model: MetabaseModel, offset: number): MetabaseKey | undefined {
  const keys = model.keys;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = keys[mid]!;
    if (k.end < offset) lo = mid + 1;
    else if (k.start > offset) hi = mid - 1;
    else return k;
  }
  return undefined;
}

export function occurrenceAt(key: MetabaseKey, offset: number): { occ: PropertyOccurrence; onValue: boolean } | undefined {
  for (const occ of key.props) {
    if (offset >= occ.valueStart && offset <= occ.valueEnd) return { occ, onValue: true };
    if (offset >= occ.nameStart && offset <= occ.nameEnd) return { occ, onValue: false };
    if (occ.source === 'custom' && occ.elementStart !== undefined && occ.elementEnd !== undefined && offset >= occ.elementStart && offset < occ.elementEnd) {
      return { occ, onValue: false };
    }
  }
  return undefined;
}
