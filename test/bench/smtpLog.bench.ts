// SMTP log language benchmark, on three log shapes: a relay server delivering to a smart host, one
// delivering straight to the recipients' MX hosts (both about half outbound records, like real relay
// logs), and the older inbound-only shape. Per shape: a deterministic ~40 MB log through the built server
// over stdio (first diagnostics, edits on inbound and on outbound records, hovers, memory), and
// `dist/cli.js check` throughput on ~200 MB beside `wc -l` and lnav on the same file.
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { startClient } from '../helpers/lspClient';
import { writeLargeLog, type LogShape } from '../helpers/logGenerator';
import { baselines, runCliOk, writePreload, type Run } from './baselines';
import { percentile, rssOf } from './measure';
import type { BenchFigure } from './run';

const FIELDS = 'date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)';

/** Deterministic W3C log text of inbound sessions only, roughly `bytes` bytes, produced in pieces. */
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

/** The older bench shape: inbound sessions only, from 40 applications. */
export async function writeInboundLog(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  for (const piece of generate(bytes)) {
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}



type Shape = LogShape | 'inbound-only (old bench)';
const SHAPES: readonly Shape[] = ['smart-host', 'mx', 'inbound-only (old bench)'];

async function writeShape(path: string, bytes: number, shape: Shape): Promise<void> {
  if (shape === 'inbound-only (old bench)') await writeInboundLog(path, bytes);
  else await writeLargeLog(path, bytes, 42, shape);
}

/** Ten lines from the middle of the file on, of inbound records (or outbound ones). */
function editLines(lines: string[], outbound: boolean): number[] {
  const picked: number[] = [];
  for (let i = Math.floor(lines.length / 2); i < lines.length && picked.length < 10; i += 7) {
    const line = lines[i]!;
    if (line.startsWith('#') || line === '') continue;
    if (line.includes(' OutboundConnection') === outbound) picked.push(i);
  }
  return picked;
}

/**
 * What first diagnostics cannot beat: the same text opened as a language the server does not serve (it drops the
 * text), then a hover on it, answered once the open is read: the client's JSON encoding, the pipe, and the server's
 * JSON decoding of the message. Measured in a server of its own, so the editor figures' memory does not include it.
 */
async function transportFloor(text: string): Promise<number> {
  const client = await startClient();
  try {
    const uri = 'file:///bench/floor.txt';
    const t0 = performance.now();
    await client.open(uri, 'plaintext', text);
    await client.hover(uri, { line: 0, character: 0 });
    return performance.now() - t0;
  } finally {
    await client.shutdown();
  }
}

async function editorFigures(dir: string, shape: Shape, figures: BenchFigure[]): Promise<void> {
  const small = join(dir, 'ex261101.log');
  await writeShape(small, 40 * 1024 * 1024, shape);
  const text = readFileSync(small, 'latin1');
  rmSync(small);
  const mb = text.length / 1024 / 1024;
  const label = `[${shape}]`;
  const transport = await transportFloor(text);
  figures.push({ name: `${label} didOpen transport alone (same ${mb.toFixed(0)} MB, a language the server drops)`, value: transport, unit: 'ms' });
  const client = await startClient();
  try {
    const uri = 'file:///bench/SMTPSVC1/ex261101.log';
    let t0 = performance.now();
    await client.open(uri, 'iis-smtp-log', text);
    await client.waitForDiagnostics(uri, () => true, 120000);
    const first = performance.now() - t0;
    figures.push({ name: `${label} first diagnostics after didOpen (${mb.toFixed(0)} MB)`, value: first, unit: 'ms', target: { max: 1000 } });
    figures.push({ name: `${label} first diagnostics beyond the transport (the server's parse, grouping and rules)`, value: first - transport, unit: 'ms' });
    const lines = text.split('\r\n');
    for (const outbound of [false, true]) {
      const at = editLines(lines, outbound);
      if (at.length === 0) continue;
      const edits: number[] = [];
      for (let i = 0; i < at.length; i++) {
        const line = at[i]!;
        t0 = performance.now();
        // Breaks the date, then restores it: the record's time changes, so its session is regrouped.
        const version = await client.change(uri, { start: { line, character: 0 }, end: { line, character: 10 } }, '2026-11-0x');
        await client.waitForVersion(uri, version, 60000);
        edits.push(performance.now() - t0);
        t0 = performance.now();
        const back = await client.change(uri, { start: { line, character: 0 }, end: { line, character: 10 } }, lines[line]!.slice(0, 10));
        await client.waitForVersion(uri, back, 60000);
        edits.push(performance.now() - t0);
      }
      figures.push({ name: `${label} edit-to-diagnostics, ${outbound ? 'outbound' : 'inbound'} record (median of ${edits.length})`, value: percentile(edits, 50), unit: 'ms', target: { max: 50 } });
    }
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
    figures.push({ name: `${label} hover latency p50 (1000 positions)`, value: percentile(hovers, 50), unit: 'ms' });
    figures.push({ name: `${label} hover latency p99 (1000 positions)`, value: percentile(hovers, 99), unit: 'ms', target: { max: 10 } });
    const { rss, peak } = rssOf(client.process.pid!);
    figures.push({ name: `${label} server RSS with the document open`, value: rss, unit: 'MB', target: { max: Math.round(8 * mb) } });
    figures.push({ name: `${label} server peak RSS`, value: peak, unit: 'MB', target: { max: Math.round(8 * mb) } });
  } finally {
    await client.shutdown();
  }
}

function checkFigures(big: string, shape: Shape, figures: BenchFigure[], preload: string): void {
  const bigMb = statSync(big).size / 1024 / 1024;
  const label = `[${shape}]`;
  const check = (jobs: string[]): Run => {
    return runCliOk(preload, ['check', '--quiet', ...jobs, big]);
  };
  const workers = check([]);
  figures.push({ name: `${label} check throughput (${bigMb.toFixed(0)} MB, default jobs)`, value: bigMb / workers.seconds, unit: 'MB/s', target: { min: 200 } });
  figures.push({ name: `${label} check peak RSS (default jobs)`, value: workers.peakRssMb, unit: 'MB', target: { max: 200 } });
  const single = check(['--jobs', '1']);
  figures.push({ name: `${label} check throughput, --jobs 1`, value: bigMb / single.seconds, unit: 'MB/s' });
  figures.push({ name: `${label} check per CPU second, --jobs 1`, value: bigMb / single.cpuSeconds, unit: 'MB/s' });
  figures.push({ name: `${label} check per CPU second, default jobs`, value: bigMb / workers.cpuSeconds, unit: 'MB/s' });
  baselines(big, bigMb, figures, label);
}

export default async function smtpLogBench(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'smtplog-bench-'));
  const figures: BenchFigure[] = [];
  try {
    const preload = writePreload(dir);
    for (const shape of SHAPES) {
      await editorFigures(dir, shape, figures);
      const big = join(dir, 'ex261102.log');
      await writeShape(big, 200 * 1024 * 1024, shape);
      checkFigures(big, shape, figures, preload);
      rmSync(big);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
