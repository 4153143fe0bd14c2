// Running the CLI with its time, CPU time and peak memory, and the yardsticks every throughput figure is
// shown beside: `wc -l` and (when installed) an lnav SQL group-by, both timed on the same file.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchFigure } from './run';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');

export interface Run {
  seconds: number;
  /** User + system CPU time of the child (all its threads). */
  cpuSeconds: number;
  peakRssMb: number;
  /** Exit code 0. */
  ok: boolean;
  /** The exit code (null: killed). */
  status: number | null;
}

/** Writes (into `dir`) the preload that makes a CLI run report its peak RSS and CPU time on exit. */
export function writePreload(dir: string): string {
  const preload = join(dir, 'rss.js');
  writeFileSync(preload, "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`maxRSS=${u.maxRSS} cpu=${u.userCPUTime + u.systemCPUTime}\\n`); });\n");
  return preload;
}

/** Runs the CLI with the preload (resourceUsage().maxRSS is in KB). */
export function runCli(preload: string, args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['-r', preload, CLI, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  const m = /maxRSS=(\d+) cpu=(\d+)/.exec(r.stderr ?? '');
  return { seconds, cpuSeconds: m ? Number(m[2]) / 1e6 : NaN, peakRssMb: m ? Number(m[1]) / 1024 : NaN, ok: r.status === 0, status: r.status };
}

/**
 * `runCli` for a run that must have worked: exit code 0, or 1 (`check` found problems). A crash, a signal or
 * exit code 2 (unreadable input) throws, so no throughput is reported for a run that did not do the work.
 */
export function runCliOk(preload: string, args: string[]): Run {
  const run = runCli(preload, args);
  if (run.status === null || run.status > 1) throw new Error(`${args.join(' ')}: failed (exit ${String(run.status)})`);
  return run;
}

/**
 * Seconds until `count` copies of the CLI, started together, have all finished (each must exit 0): with one-thread
 * runs, what this machine's cores give to parallel work whoever does it (a VM's two vCPUs may share one core).
 */
export async function concurrentSeconds(args: string[], count: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')}: exit ${String(code)}`))));
        }),
    ),
  );
  return (performance.now() - t0) / 1000;
}

/** Seconds a command takes, or undefined when it cannot run. */
export function timeCommand(cmd: string, args: string[]): number | undefined {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.error || r.status !== 0) return undefined;
  return (performance.now() - t0) / 1000;
}

export interface Baselines {
  wcSeconds: number | undefined;
  lnavSeconds: number | undefined;
}

/** Times `wc -l` and lnav's DATA-per-client query on `file` and adds their throughput figures. */
export function baselines(file: string, mb: number, figures: BenchFigure[], label: string): Baselines {
  const wcSeconds = timeCommand('wc', ['-l', file]);
  if (wcSeconds !== undefined) figures.push({ name: `${label}: wc -l on the same file`, value: mb / wcSeconds, unit: 'MB/s' });
  const lnavSeconds = timeCommand('lnav', ['-n', '-c', ";SELECT c_ip, count(*) FROM w3c_log WHERE cs_method='DATA' GROUP BY c_ip", file]);
  if (lnavSeconds !== undefined) figures.push({ name: `${label}: lnav DATA-per-c_ip query, same file`, value: mb / lnavSeconds, unit: 'MB/s' });
  else process.stdout.write('  (lnav not installed: the lnav comparison is skipped; apt-get install -y lnav to add it)\n');
  return { wcSeconds, lnavSeconds };
}
