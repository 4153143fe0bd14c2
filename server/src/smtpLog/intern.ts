// Interning keeps one flat copy of each distinct short value (IPs, HELO names, verbs, addresses).
// A substring of a large text can pin the whole text in V8; a flat copy cannot.

export class StringPool {
  private readonly table = new Map<string, string>();

  constructor(private readonly limit = 1_000_000) {}

  get size(): number {
    return this.table.size;
  }

  intern(value: string): string {
    return this.table.get(value) ?? this.keep(flatten(value));
  }

  /** `intern` for a value known to be flat already (freshly decoded, not sliced from a larger string). */
  internFlat(value: string): string {
    return this.table.get(value) ?? this.keep(value);
  }

  private keep(flat: string): string {
    // Past the limit (hostile input with endless distinct values) values are still copied, not pooled.
    if (this.table.size < this.limit) this.table.set(flat, flat);
    return flat;
  }
}

/** A copy of `value` that does not reference the string it was sliced from. */
export function flatten(value: string): string {
  if (value.length < 13) return value; // V8 copies short substrings already
  return Buffer.from(value, 'utf16le').toString('utf16le');
}
