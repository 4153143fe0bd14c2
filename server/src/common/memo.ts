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
/** The longest pause, in limits. */
const MAX_PAUSE = 16;
/** Entries after which a memo first judges its hits (a large memo need not fill to find it is useless). */
const PROBE = 4096;

/** `compute`, remembered (undefined and null answers included). */
export function boundedMemo<T>(compute: (key: string) => T, options: MemoOptions): (key: string) => T {
  const known = new Map<string, T>();
  const { limit, maxKeyLength = Number.MAX_SAFE_INTEGER, ownKey } = options;
  let hits = 0;
  /** Calls still to answer without remembering, and how many the next such pause lasts (see below). */
  let unremembered = 0;
  let pause = limit;
  /** The size at which the memo judges its hits: early (PROBE entries in), then at its limit. */
  let judgeAt = Math.min(PROBE, limit);
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
    if (known.size >= judgeAt) {
      // Values that hardly ever came back (a spam run's fresh address on every line) cost a map insert each for
      // nothing: the next calls are answered without remembering, then the memo tries again; each pause in a row
      // twice as long as the one before (up to MAX_PAUSE limits), since the values are likely as new as before.
      const useless = hits < known.size / UNREMEMBERED_BELOW;
      if (useless) {
        unremembered = pause;
        pause = Math.min(pause * 2, limit * MAX_PAUSE);
      }
      if (useless || known.size >= limit) {
        if (!useless) pause = limit;
        hits = 0;
        known.clear();
        judgeAt = Math.min(PROBE, limit);
      } else judgeAt = limit;
    }
    known.set(ownKey ? ownKey(key) : key, value);
    return value;
  };
}
