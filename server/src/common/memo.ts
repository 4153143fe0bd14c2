// The answers of a pure function of a string, remembered: log values repeat all day, so a value seen before costs
// one map lookup. Bounded: past `limit` entries it starts over, so hostile input never grows it; when hardly any
// value came back before that, it answers without remembering for a while.

export interface MemoOptions {
  /** Entries kept before starting over. */
  limit: number;
  /**
   * Values longer than this are answered without being remembered (a cache of long hostile lines would be large).
   * No bound by default.
   */
  maxKeyLength?: number;
  /**
   * The key as stored: a flat copy of a substring, which would otherwise keep the whole text it was cut from alive.
   * The key as given by default.
   */
  ownKey?: (key: string) => string;
}

/** A memo filled with fewer hits than 1/8 of its limit stops remembering for a while. */
const UNREMEMBERED_BELOW = 8;

/** `compute`, remembered (undefined and null answers included). */
export function boundedMemo<T>(compute: (key: string) => T, options: MemoOptions): (key: string) => T {
  const known = new Map<string, T>();
  const { limit, maxKeyLength = Number.MAX_SAFE_INTEGER, ownKey } = options;
  let hits = 0;
  /** Calls still to answer without remembering (see below). */
  let unremembered = 0;
  return (key) => {
    if (unremembered > 0) {
      unremembered--;
      return compute(key);
    }
    const found = known.get(key);
    if (found !== undefined || known.has(key)) {
      hits++;
      return found as T;
    }
    const value = compute(key);
    if (key.length > maxKeyLength) return value;
    if (known.size >= limit) {
      // Values that hardly ever came back (a spam run's fresh address on every line) cost a map insert each for
      // nothing: the next `limit` calls are answered without remembering, then the memo tries again.
      if (hits < limit / UNREMEMBERED_BELOW) unremembered = limit;
      hits = 0;
      known.clear();
    }
    known.set(ownKey ? ownKey(key) : key, value);
    return value;
  };
}
