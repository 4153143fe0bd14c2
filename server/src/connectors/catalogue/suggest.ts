// "Did you mean" suggestions: the closest candidate by edit distance, if it is close enough.
import { editDistance } from '../../common/editDistance';

/** Canonical form for loose comparisons: lower case, no spaces, dashes or underscores. */
export function looseKey(s: string): string {
  return s.toLowerCase().replace(/[\s\-_]/g, '');
}

export function closest(written: string, candidates: readonly string[]): string | undefined {
  const w = written.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const score = looseKey(lc) === looseKey(w) ? 0 : abbreviates(w, lc) ? 1 : editDistance(w, lc, limit);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best !== undefined && bestScore <= limit ? best : undefined;
}

/**
 * `BasicAuthTLS` for `BasicAuthRequireTLS`: the written word keeps the candidate's start and end and the rest of
 * its letters in order. Scored as one edit, so it beats a shorter candidate that merely drops the ending.
 */
function abbreviates(w: string, c: string): boolean {
  if (w.length < 4 || w.length >= c.length || w[0] !== c[0] || w.slice(-2) !== c.slice(-2)) return false;
  let j = 0;
  for (const ch of c) if (ch === w[j]) j++;
  return j === w.length;
}
