// `npm run bench`: runs every test/bench/*.bench.ts (each default-exports an async function that
// returns named figures) and prints the figures with their targets. Not part of `npm test`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** Target, e.g. { max: 1500 } or { min: 150 }. */
  target?: { max?: number; min?: number };
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  let missed = 0;
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default: () => Promise<BenchFigure[]> };
    process.stdout.write(`\n== ${file}\n`);
    const figures = await mod.default();
    for (const f of figures) {
      const t = f.target;
      const ok = !t || ((t.max === undefined || f.value <= t.max) && (t.min === undefined || f.value >= t.min));
      if (!ok) missed++;
      const goal = t ? (t.max !== undefined ? ` (target <= ${t.max} ${f.unit})` : ` (target >= ${t.min} ${f.unit})`) : '';
      process.stdout.write(`${ok ? ' ' : '!'} ${f.name.padEnd(48)} ${f.value.toFixed(f.value < 10 ? 2 : 1).padStart(10)} ${f.unit}${goal}\n`);
    }
  }
  process.stdout.write(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
