// Attack (slow): time against input size for every pathological input, per parser, through the language
// services; fails on super-linear growth. Ratio checks only, generous (8x the input may take at most 24x the
// time, best of three), so a slow machine does not fail them, a quadratic (64x) does. Also 50 MB single lines
// through the CLI. Figures are printed for the report.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CASES, exercise, languageServices } from './helpers/pathological';

const BASE = Number(process.env.ATTACK_BASE ?? 25_000);
const FACTOR = 8;
const MAX_RATIO = 24;
/** Below this the timer is noise, not a growth rate. */
const NOISE_MS = 40;

function best(run: () => void): number {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    run();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

for (const c of CASES) {
  test(`${c.languageId}: ${c.name} grows linearly`, async () => {
    const service = (await languageServices()).get(c.languageId)!;
    const small = c.make(BASE);
    const large = c.make(BASE * FACTOR);
    exercise(service, c.languageId, small); // warm up
    const t1 = best(() => exercise(service, c.languageId, small));
    const t8 = best(() => exercise(service, c.languageId, large));
    console.log(`[scaling] ${c.languageId} | ${c.name} | ${small.length} chars ${t1.toFixed(1)} ms | ${large.length} chars ${t8.toFixed(1)} ms | ratio ${(t8 / Math.max(t1, 0.1)).toFixed(1)}`);
    if (t8 < NOISE_MS) return;
    assert.ok(t8 / Math.max(t1, NOISE_MS / FACTOR) <= MAX_RATIO, `${c.name}: ${t1.toFixed(1)} ms → ${t8.toFixed(1)} ms for ${FACTOR}x the input`);
  });
}

/** A log whose record line is `bytes` long, written in pieces (never held in memory whole). */
function writeLongLine(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  writeSync(fd, '#Software: Microsoft Internet Information Services 6.0\r\n#Fields: date time c-ip cs-username cs-method cs-uri-query sc-status\r\n2026-11-02 07:00:01 10.1.20.15 erp01 MAIL +FROM:<');
  const chunk = Buffer.alloc(1 << 20, '+');
  for (let done = 0; done < bytes; done += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - done));
  writeSync(fd, '> 250\r\n2026-11-02 07:00:02 10.1.20.15 erp01 QUIT - 240\r\n');
  closeSync(fd);
}

test('50 MB single lines: check and assess stream past them in linear time', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attack-long-line-'));
  try {
    const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
    const timed = (bytes: number, command: string): number => {
      const path = join(dir, `ex${bytes}.log`);
      writeLongLine(path, bytes);
      const t = performance.now();
      const r = spawnSync(process.execPath, [cli, command, path], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const ms = performance.now() - t;
      assert.ok(r.status === 0 || r.status === 1, `${command}: ${r.stderr}`);
      rmSync(path);
      return ms;
    };
    for (const command of ['check', 'assess']) {
      const small = timed(6 << 20, command);
      const large = timed(50 << 20, command);
      console.log(`[scaling] cli ${command} | single line | 6 MB ${small.toFixed(0)} ms | 50 MB ${large.toFixed(0)} ms`);
      assert.ok(large / small <= MAX_RATIO, `${command}: ${small.toFixed(0)} ms → ${large.toFixed(0)} ms`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
