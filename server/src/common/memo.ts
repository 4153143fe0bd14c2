// The answers of a pure function of a string, remembered: log values repeat all day, so a value seen before costs
// one map lookup. Bounded: past `limit` entries it starts over, so hostile input never grows it.

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

/** `compute`, remembered (undefined and null answers included). */
export function boundedMemo<T>(compute: (key: string) => T, options: MemoOptions): (key: string) => T {
  const known = new Map<string, T>();
  const { limit, maxKeyLength = Number.MAX_SAFE_INTEGER, ownKey } = options;
  return (key) => {
    const found = known.get(key);
    if (found !== undefined || known.has(key)) return found as T;
    const value = compute(key);
    if (key.length > maxKeyLength) return value;
    if (known.size >= limit) known.clear();
    known.set(ownKey ? ownKey(key) : key, value);
    return value;
  };
}
