// Moves every offset held by a cached command (and its findings) by `delta`, in place, so that an unchanged
// command after an edit is reused instead of re-read. Catalogue objects and links to other commands are skipped.
const SKIP = new Set(['entry', 'spec', 'pipelineFrom']);

export function shiftSpans(value: unknown, delta: number, seen = new Set<object>()): void {
  if (delta === 0 || value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) shiftSpans(v, delta, seen);
    return;
  }
  if (value instanceof Map) {
    for (const v of value.values()) shiftSpans(v, delta, seen);
    return;
  }
  const o = value as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number') {
    o.start += delta;
    o.end += delta;
  }
  for (const key of Object.keys(o)) {
    if (SKIP.has(key)) continue;
    const v = o[key];
    if (v !== null && typeof v === 'object') shiftSpans(v, delta, seen);
  }
}
