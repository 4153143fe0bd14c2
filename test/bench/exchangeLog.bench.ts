// Exchange protocol log benchmark: a deterministic realistic Edge receive log (concurrent sessions interleaved,
// 10–20 lines each, some refused) — editor first diagnostics on ~40 MB over stdio, then `check` and `assess`
// (with a small IIS log beside it, so the cut-over status is computed) on ~200 MB beside `wc -l`.
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { startClient } from '../helpers/lspClient';
import { runCliOk as cli, timeCommand, writePreload } from './baselines';
import { percentile, rssOf } from './measure';
import type { BenchFigure } from './run';
import { EXCHANGE_RECEIVE_HEADER as HEADER } from '../helpers/exchangeLogHeader';

interface Open {
  id: string;
  connector: string;
  ip: string;
  seq: number;
  /** Event and the rest of the line (data,context), already CSV-quoted. */
  lines: [string, string][];
}

/** Deterministic Edge receive log of roughly `bytes` bytes: 8 sessions open at once, their lines interleaved. */
function* generate(bytes: number): Generator<string> {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  let t = Date.UTC(2026, 10, 20, 8);
  // Session ids count up from a fixed prefix (a 64-bit number would lose its low digits in a double, and
  // every session would share one id).
  let next = 0x4470a10000;
  let size = 0;
  const head = `${HEADER.join('\r\n')}\r\n`;
  yield head;
  size += head.length;
  const open: Open[] = [];
  const start = (): Open => {
    const app = rand(60);
    const id = `08DF3B${(next++).toString(16).toUpperCase().padStart(10, '0')}`;
    const connector = app % 13 === 0 ? 'EDGE01\\Default internal receive connector EDGE01' : 'EDGE01\\App relay';
    const ip = `10.20.${app >> 4}.${10 + app}`;
    const lines: [string, string][] = [['+', ','], ['*', `${app % 13 === 0 ? 'SMTPSubmit SMTPAcceptAnySender AcceptRoutingHeaders' : 'SMTPSubmit SMTPAcceptAnyRecipient SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders'},Set Session Permissions`]];
    lines.push(['>', '"220 EDGE01.contoso.com Microsoft ESMTP MAIL Service ready at Fri, 20 Nov 2026 08:00:01 +0000",'], ['<', `EHLO app${app}.contoso.local,`], ['>', `250  EDGE01.contoso.com Hello [${ip}] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME CHUNKING,`]);
    if (app % 29 !== 0) {
      lines.push(['<', `MAIL FROM:<app${app}@contoso.com> SIZE=${1000 + rand(50000)},`], ['*', `${id};2026-11-20T08:00:00.000Z;1,receiving message`], ['>', '250 2.1.0 Sender OK,']);
      const rcpts = 1 + rand(3);
      for (let r = 0; r < rcpts; r++) {
        lines.push(['<', `RCPT TO:<user${rand(500)}@fabrikam.example>,`]);
        lines.push(['>', app % 13 === 0 ? '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain,' : '250 2.1.5 Recipient OK,']);
      }
      if (app % 13 !== 0) lines.push(['<', 'DATA,'], ['>', '354 Start mail input; end with <CRLF>.<CRLF>,'], ['>', `"250 2.6.0 <${id}@app${app}> [InternalId=${rand(1e6)}, Hostname=EDGE01.contoso.com] Queued mail for delivery",`]);
    }
    lines.push(['<', 'QUIT,'], ['>', '221 2.0.0 Service closing transmission channel,'], ['-', ',Local']);
    return { id, connector, ip, seq: 0, lines };
  };
  while (size < bytes) {
    while (open.length < 8) open.push(start());
    const i = rand(open.length);
    const s = open[i]!;
    const [event, rest] = s.lines[s.seq]!;
    t += rand(40);
    const line = `${new Date(t).toISOString()},${s.connector},${s.id},${s.seq},10.0.0.30:25,${s.ip}:${50000 + (Number.parseInt(s.id.slice(-4), 16) % 10000)},${event},${rest}\r\n`;
    s.seq++;
    if (s.seq >= s.lines.length) open.splice(i, 1);
    size += line.length;
    yield line;
  }
}

export async function writeLog(path: string, bytes: number): Promise<void> {
  const out = createWriteStream(path);
  let batch = '';
  for (const piece of generate(bytes)) {
    batch += piece;
    if (batch.length < 1 << 16) continue;
    if (!out.write(batch)) await once(out, 'drain');
    batch = '';
  }
  out.write(batch);
  out.end();
  await once(out, 'finish');
}

export default async function exchangeLogBench(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'exlog-bench-'));
  const figures: BenchFigure[] = [];
  try {
    const small = join(dir, 'RECV2026112008-1.LOG');
    await writeLog(small, 40 * 1024 * 1024);
    const text = readFileSync(small, 'utf8');
    const mb = text.length / 1024 / 1024;
    const client = await startClient();
    try {
      const uri = 'file:///bench/ProtocolLog/SmtpReceive/RECV2026112008-1.LOG';
      let t0 = performance.now();
      await client.open(uri, 'exchange-protocol-log', text);
      await client.waitForDiagnostics(uri, () => true, 120000);
      figures.push({ name: `first diagnostics after didOpen (${mb.toFixed(0)} MB)`, value: performance.now() - t0, unit: 'ms', target: { max: 1000 } });
      const lines = text.split('\r\n');
      const mid = Math.floor(lines.length / 2);
      const edits: number[] = [];
      for (let i = 0; i < 5; i++) {
        const line = mid + i * 7;
        t0 = performance.now();
        const version = await client.change(uri, { start: { line, character: 0 }, end: { line, character: 4 } }, i % 2 ? '2026' : 'x026');
        await client.waitForVersion(uri, version, 60000);
        edits.push(performance.now() - t0);
      }
      figures.push({ name: 'edit-to-diagnostics, one-line edit (median of 5)', value: percentile(edits, 50), unit: 'ms', target: { max: 50 } });
      const hovers: number[] = [];
      let seed = 9;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
      for (let i = 0; i < 500; i++) {
        const line = 6 + rand(lines.length - 8);
        t0 = performance.now();
        await client.hover(uri, { line, character: rand(Math.max(1, lines[line]!.length)) });
        hovers.push(performance.now() - t0);
      }
      figures.push({ name: 'hover latency p99 (500 positions)', value: percentile(hovers, 99), unit: 'ms', target: { max: 10 } });
      const { rss, peak } = rssOf(client.process.pid!);
      figures.push({ name: 'server RSS with the document open', value: rss, unit: 'MB', target: { max: Math.round(8 * mb) } });
      figures.push({ name: 'server peak RSS', value: peak, unit: 'MB', target: { max: Math.round(8 * mb) } });
    } finally {
      await client.shutdown();
    }
    rmSync(small);
    const edge = join(dir, 'edge', 'ProtocolLog', 'SmtpReceive');
    mkdirSync(edge, { recursive: true });
    const big = join(edge, 'RECV2026112009-1.LOG');
    await writeLog(big, 200 * 1024 * 1024);
    const bigMb = statSync(big).size / 1024 / 1024;
    const wc = timeCommand('wc', ['-l', big]) ?? NaN;
    const preload = writePreload(dir);
    const check = cli(preload, ['check', '--quiet', big]);
    figures.push({ name: `dist/cli.js check throughput (${bigMb.toFixed(0)} MB)`, value: bigMb / check.seconds, unit: 'MB/s', target: { min: 50 } });
    // Per CPU second: independent of what else the machine is running.
    figures.push({ name: 'dist/cli.js check per CPU second', value: bigMb / check.cpuSeconds, unit: 'MB/s' });
    figures.push({ name: 'dist/cli.js check peak RSS', value: check.peakRssMb, unit: 'MB', target: { max: 300 } });
    writeFileSync(join(dir, 'ex261119.log'), '#Software: Microsoft Internet Information Services 6.0\r\n#Fields: date time c-ip cs-username cs-method cs-uri-query sc-status\r\n2026-11-19 07:00:00 10.20.0.10 - EHLO +app0 250\r\n2026-11-19 07:00:01 10.20.0.10 - MAIL +FROM:<app0@contoso.com> 250\r\n2026-11-19 07:00:02 10.20.0.10 - RCPT +TO:<a@fabrikam.example> 250\r\n2026-11-19 07:00:03 10.20.0.10 - DATA +<x@app0> 250\r\n');
    const assess = cli(preload, ['assess', '--format', 'json', '--out', join(dir, 'out.json'), dir]);
    figures.push({ name: `dist/cli.js assess throughput with cut-over (${bigMb.toFixed(0)} MB Edge)`, value: bigMb / assess.seconds, unit: 'MB/s', target: { min: 50 } });
    figures.push({ name: 'dist/cli.js assess with cut-over per CPU second', value: bigMb / assess.cpuSeconds, unit: 'MB/s' });
    figures.push({ name: 'dist/cli.js assess peak RSS', value: assess.peakRssMb, unit: 'MB', target: { max: 300 } });
    figures.push({ name: 'wc -l throughput, same file', value: bigMb / wc, unit: 'MB/s' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
