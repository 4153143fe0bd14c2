// SMTP log language benchmark: a deterministic ~40 MB log through the built server over stdio, and
// `dist/cli.js check` throughput on ~200 MB beside `wc -l` on the same file.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { startClient } from '../helpers/lspClient';
import type { BenchFigure } from './run';

const FIELDS = 'date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)';

/** Deterministic realistic W3C log text of roughly `bytes` bytes, produced in pieces. */
function* generate(bytes: number): Generator<string> {
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  let size = 0;
  let t = Date.UTC(2026, 10, 1);
  const header = `#Software: Microsoft Internet Information Services 6.0\r\n#Version: 1.0\r\n#Date: 2026-11-01 00:00:00\r\n#Fields: ${FIELDS}\r\n`;
  yield header;
  size += header.length;
  while (size < bytes) {
    const app = rand(40);
    const ip = `10.1.${app >> 4}.${10 + app}`;
    const helo = `app${app}.corp.contoso.com`;
    const lines: string[] = [];
    const rec = (verb: string, query: string, status: number, win32 = 0, cs = 30) => {
      t += rand(400);
      const d = new Date(t).toISOString();
      lines.push(`${d.slice(0, 10)} ${d.slice(11, 19)} ${ip} ${helo} SMTPSVC1 RELAY01 10.1.0.5 0 ${verb} - ${query} ${status} ${win32} 40 ${cs} 0 SMTP - - - -`);
    };
    rec('EHLO', `+${helo}`, 250);
    const messages = 1 + rand(3);
    for (let m = 0; m < messages; m++) {
      rec('MAIL', `+FROM:<app${app}@contoso.com>+SIZE=${1000 + rand(50000)}`, 250);
      const rcpts = 1 + rand(4);
      for (let r = 0; r < rcpts; r++) {
        const external = rand(10) === 0;
        rec('RCPT', `+TO:<user${rand(500)}@${external ? 'fabrikam.example' : 'contoso.com'}>`, external && app % 7 === 0 ? 550 : 250);
      }
      rec('DATA', `+<${t}.${m}@${helo}>`, 250, 0, 1000 + rand(50000));
    }
    rec('QUIT', helo, 240, rand(5000), 4);
    const chunk = `${lines.join('\r\n')}\r\n`;
    size += chunk.length;
    yield chunk;
  }
}

async function writeLog(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (const piece of generate(bytes)) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

export default async function smtpLogBench(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'smtplog-bench-'));
  const figures: BenchFigure[] = [];
  try {
    const small = join(dir, 'ex261101.log');
    await writeLog(small, 40 * 1024 * 1024);
    const text = readFileSync(small, 'latin1');
    const mb = text.length / 1024 / 1024;
    const client = await startClient();
    try {
      const uri = 'file:///bench/SMTPSVC1/ex261101.log';
      let t0 = performance.now();
      await client.open(uri, 'iis-smtp-log', text);
      await client.waitForDiagnostics(uri, () => true, 120000);
      figures.push({ name: `first diagnostics after didOpen (${mb.toFixed(0)} MB)`, value: performance.now() - t0, unit: 'ms', target: { max: 1500 } });
      const lines = text.split('\r\n');
      const mid = Math.floor(lines.length / 2);
      const edits: number[] = [];
      for (let i = 0; i < 10; i++) {
        const line = mid + i * 7;
        t0 = performance.now();
        const version = await client.change(uri, { start: { line, character: 0 }, end: { line, character: 10 } }, i % 2 ? '2026-11-01' : '2026-11-0x');
        await client.waitForVersion(uri, version, 60000);
        edits.push(performance.now() - t0);
      }
      figures.push({ name: 'edit-to-diagnostics, one-line edit mid-file (median of 10)', value: percentile(edits, 50), unit: 'ms', target: { max: 50 } });
      const hovers: number[] = [];
      let seed = 9;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
      for (let i = 0; i < 1000; i++) {
        const line = 4 + rand(lines.length - 6);
        const character = rand(Math.max(1, lines[line]!.length));
        t0 = performance.now();
        await client.hover(uri, { line, character });
        hovers.push(performance.now() - t0);
      }
      figures.push({ name: 'hover latency p50 (1000 positions)', value: percentile(hovers, 50), unit: 'ms' });
      figures.push({ name: 'hover latency p99 (1000 positions)', value: percentile(hovers, 99), unit: 'ms', target: { max: 10 } });
      const { rss, peak } = rssOf(client.process.pid!);
      figures.push({ name: 'server RSS with the document open', value: rss, unit: 'MB', target: { max: 10 * mb } });
      figures.push({ name: 'server peak RSS', value: peak, unit: 'MB' });
    } finally {
      await client.shutdown();
    }
    rmSync(small);
    const big = join(dir, 'ex261102.log');
    await writeLog(big, 200 * 1024 * 1024);
    const bigMb = statSync(big).size / 1024 / 1024;
    const t0 = performance.now();
    spawnSync('wc', ['-l', big]);
    const wc = (performance.now() - t0) / 1000;
    const checkSeconds = (jobs: string[]): number => {
      const start = performance.now();
      const check = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'cli.js'), 'check', '--quiet', ...jobs, big], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (check.status === null) throw new Error(`check failed: ${check.stderr}`);
      return (performance.now() - start) / 1000;
    };
    figures.push({ name: `dist/cli.js check throughput (${bigMb.toFixed(0)} MB, default jobs)`, value: bigMb / checkSeconds([]), unit: 'MB/s', target: { min: 150 } });
    figures.push({ name: 'dist/cli.js check throughput, --jobs 1', value: bigMb / checkSeconds(['--jobs', '1']), unit: 'MB/s' });
    figures.push({ name: 'wc -l throughput, same file', value: bigMb / wc, unit: 'MB/s' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
