// Assessment benchmark: `dist/cli.js assess` over generated ~200 MB logs of three shapes (a relay server
// delivering to a smart host, one delivering straight to the recipients' MX hosts, and the older
// inbound-only shape), each beside `wc -l` and, when installed, an lnav SQL query on the same file; then a
// ~2 GB folder of relay-shaped logs (peak RSS must not grow with the input); then a spam run (distinct public
// addresses, one refused attempt each), with and without date and time fields. All data is generated
// deterministically under os.tmpdir() and removed afterwards.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLargeLog, writeSpamRunLog, type LogShape } from '../helpers/logGenerator';
import { baselines, concurrentSeconds, runCli, runCliOk, writePreload, type Run } from './baselines';
import type { BenchFigure } from './run';

const MB = 1e6;
const SHAPES: readonly LogShape[] = ['smart-host', 'mx', 'inbound-only'];

export default async function bench(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'assess-bench-'));
  const figures: BenchFigure[] = [];
  try {
    const preload = writePreload(dir);
    let relayFile = '';
    let relaySingle: Run | undefined;
    for (const shape of SHAPES) {
      const file = join(dir, `ex250101-${shape}.log`);
      const bytes = await writeLargeLog(file, 200 * MB, 42, shape);
      const mb = bytes / MB;
      const label = `[${shape}]`;
      // One file: read in byte ranges, one per worker thread (one per CPU), stitched in file order.
      const assess = runCli(preload, ['assess', file, '--format', 'json', '--out', join(dir, 'out.json')]);
      if (!assess.ok) throw new Error(`assess failed on ${shape}`);
      figures.push({ name: `${label} assess throughput (${mb.toFixed(0)} MB, workers)`, value: mb / assess.seconds, unit: 'MB/s', target: { min: 250 } });
      figures.push({ name: `${label} assess peak RSS (workers)`, value: assess.peakRssMb, unit: 'MB', target: { max: 200 } });
      // CPU seconds of all threads: what the split costs beyond one thread's work (load changes it less than time).
      figures.push({ name: `${label} assess per CPU second (workers)`, value: mb / assess.cpuSeconds, unit: 'MB/s' });
      // The same in one thread, and per CPU second (independent of what else the machine is running).
      const single = runCli(preload, ['assess', file, '--jobs', '1', '--format', 'json', '--out', join(dir, 'out1.json')]);
      if (!single.ok) throw new Error(`assess --jobs 1 failed on ${shape}`);
      figures.push({ name: `${label} assess throughput, one thread`, value: mb / single.seconds, unit: 'MB/s' });
      figures.push({ name: `${label} assess per CPU second, one thread`, value: mb / single.cpuSeconds, unit: 'MB/s' });
      figures.push({ name: `${label} assess peak RSS, one thread`, value: single.peakRssMb, unit: 'MB', target: { max: 200 } });
      if (shape === 'smart-host') {
        // Two one-thread runs at once against one alone: how much two threads can gain on this machine at all,
        // so the default-jobs figure can be read against what the cores allow.
        const pair = await concurrentSeconds(['assess', file, '--jobs', '1', '--format', 'json', '--out', join(dir, 'pair.json')], 2);
        const scaling = (2 * single.seconds) / pair;
        figures.push({ name: `${label} this machine: two one-thread runs at once vs one alone`, value: scaling, unit: 'x' });
        figures.push({ name: `${label} assess throughput two threads could reach here (one thread x that)`, value: (mb / single.seconds) * scaling, unit: 'MB/s' });
      }
      const { wcSeconds, lnavSeconds } = baselines(file, mb, figures, label);
      if (wcSeconds !== undefined) figures.push({ name: `${label} assess time / wc -l time`, value: assess.seconds / wcSeconds, unit: 'x' });
      if (lnavSeconds !== undefined) figures.push({ name: `${label} assess speed-up over lnav`, value: lnavSeconds / assess.seconds, unit: 'x', target: { min: 10 } });
      if (shape === 'smart-host') {
        relayFile = file;
        relaySingle = single;
      } else rmSync(file);
    }

    // A folder of ten relay-shaped files (~2 GB): worker threads in parallel; memory must stay flat.
    const folder = join(dir, 'SMTPSVC1');
    mkdirSync(folder);
    for (let i = 0; i < 10; i++) copyFileSync(relayFile, join(folder, `ex2501${String(i + 1).padStart(2, '0')}.log`));
    rmSync(relayFile);
    const totalMb = (statSync(join(folder, 'ex250101.log')).size * 10) / MB;
    const many = runCli(preload, ['assess', folder, '--format', 'json', '--out', join(dir, 'out2.json')]);
    if (!many.ok) throw new Error('assess of the folder failed');
    figures.push({ name: `assess throughput (${(totalMb / 1000).toFixed(1)} GB folder, workers)`, value: totalMb / many.seconds, unit: 'MB/s', target: { min: 250 } });
    figures.push({ name: 'assess peak RSS (2 GB folder, main thread + workers)', value: many.peakRssMb, unit: 'MB', target: { max: 200 } });
    // `check` over the same folder: memory must not grow with the input either.
    const checked = runCliOk(preload, ['check', '--quiet', folder]);
    figures.push({ name: `check throughput (${(totalMb / 1000).toFixed(1)} GB folder, workers)`, value: totalMb / checked.seconds, unit: 'MB/s', target: { min: 200 } });
    figures.push({ name: 'check peak RSS (2 GB folder, main thread + workers)', value: checked.peakRssMb, unit: 'MB', target: { max: 200 } });
    // Memory must not grow with the input: the same folder in one thread needs what one file needs.
    const sequential = runCli(preload, ['assess', folder, '--jobs', '1', '--format', 'json', '--out', join(dir, 'out3.json')]);
    if (!sequential.ok) throw new Error('assess of the folder (one thread) failed');
    figures.push({ name: 'assess peak RSS (2 GB folder, one thread)', value: sequential.peakRssMb, unit: 'MB', target: { max: 200 } });
    figures.push({ name: 'peak RSS growth, 2 GB folder vs one 200 MB file (one thread)', value: sequential.peakRssMb / relaySingle!.peakRssMb, unit: 'x', target: { max: 1.5 } });
    rmSync(folder, { recursive: true, force: true });

    // An open relay under a spam run: every attempt from a new public address, a quarter never QUIT. Not a
    // real relay's shape (no throughput target), but memory must stay bounded on it as on any input; so too on the
    // same run logged without date and time, where no idle limit can let the dropped sessions go.
    for (const untimed of [false, true]) {
      const label = untimed ? '[spam-run, no times]' : '[spam-run]';
      const spam = join(dir, 'ex250102-spam.log');
      const spamMb = (await writeSpamRunLog(spam, 150 * MB, 42, untimed)) / MB;
      for (const [command, args] of [
        ['assess', ['assess', spam, '--format', 'json', '--out', join(dir, 'out4.json')]],
        ['check', ['check', '--quiet', spam]],
      ] as const) {
        for (const threads of ['default jobs', 'one thread'] as const) {
          const run = runCliOk(preload, threads === 'one thread' ? [...args, '--jobs', '1'] : [...args]);
          figures.push({ name: `${label} ${command} throughput (${spamMb.toFixed(0)} MB, ${threads})`, value: spamMb / run.seconds, unit: 'MB/s' });
          figures.push({ name: `${label} ${command} peak RSS (${threads})`, value: run.peakRssMb, unit: 'MB', target: { max: 200 } });
        }
      }
      rmSync(spam);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
