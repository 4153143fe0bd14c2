// Checks that work grows linearly with input size: times a task at size n and 8n and fails when the
// larger one takes far more than 8 times as long (quadratic code takes ~64 times). A ratio, not a time,
// so a slow machine does not fail it; the ratio allowed is generous, and the time measured is the
// process's CPU time (best of a few runs), so other processes on a busy machine do not count.
import assert from 'node:assert/strict';

const FACTOR = 8;
/** Linear work gives ~8; quadratic ~64. */
const MAX_RATIO = 24;

/** Milliseconds of CPU time this process has used. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function bestOf(runs: number, task: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    task();
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

async function bestOfAsync(runs: number, task: () => Promise<unknown>): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = cpuMs();
    await task();
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

function check(what: string, small: number, large: number): void {
  // Below a millisecond, timer noise dominates: count the small run as at least 1 ms.
  const ratio = large / Math.max(small, 1);
  assert.ok(ratio < MAX_RATIO, `${what}: ${FACTOR}x the input took ${ratio.toFixed(1)}x the time (${small.toFixed(1)} ms → ${large.toFixed(1)} ms): super-linear`);
}

/** `make(n)` builds an input of size n; `task` processes it. */
export function assertLinear<T>(what: string, n: number, make: (n: number) => T, task: (input: T) => unknown): void {
  const small = make(n);
  const large = make(n * FACTOR);
  task(small); // warm up the JIT
  check(what, bestOf(3, () => task(small)), bestOf(3, () => task(large)));
}

export async function assertLinearAsync<T>(what: string, n: number, make: (n: number) => T, task: (input: T) => Promise<unknown>): Promise<void> {
  const small = make(n);
  const large = make(n * FACTOR);
  await task(small);
  check(what, await bestOfAsync(3, () => task(small)), await bestOfAsync(3, () => task(large)));
}
