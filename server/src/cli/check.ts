// `check FILE|FOLDER...`: diagnostics as `file:line:col severity code message`; exit 1 when any error.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { analyzeConnectorScript } from '../connectors';
import { checkMetabaseText, decodeMetabaseBytes } from '../metabase';
import { normalizeSettings, type Settings } from '../settings';
import type { CheckJob } from '../smtpLog/checkWorker';
import { checkLogFile, mergeFileCheck, type FileCheckOptions, type FileCheckPart, type FileCheckResult, type FileProblem } from '../smtpLog/fileCheck';
import { expandPaths } from '../common/files';
import { detectLogKind, logTypeOfKind } from '../exchangeLog/detect';
import { checkExchangeLogFile } from '../exchangeLog/fileCheck';

const CHECKED_NAME = /\.(log|txt|xml|ps1|psm1)$/i;
/** Metabase exports and scripts are read whole; anything this big is not one. */
const MAX_WHOLE_FILE = 64 * 1024 * 1024;

const SEVERITY_NAMES: Record<number, FileProblem['severity']> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

function fromDiagnostic(d: Diagnostic): FileProblem {
  return {
    line: d.range.start.line,
    column: d.range.start.character,
    severity: SEVERITY_NAMES[d.severity ?? DiagnosticSeverity.Error] ?? 'error',
    code: String(d.code ?? ''),
    message: typeof d.message === 'string' ? d.message : d.message.value,
  };
}

/** Logs at least this large are checked by several worker threads, each taking a share of client addresses. */
const SPLIT_BYTES = 64 * 1024 * 1024;

/** Checks one log in `jobs` worker threads (partitioned by client address) and merges the parts. */
async function checkLogInWorkers(file: string, options: FileCheckOptions, jobs: number): Promise<FileCheckResult> {
  const workerFile = join(__dirname, 'checkWorker.js');
  const parts = await Promise.all(
    Array.from({ length: jobs }, (_, index) => {
      const worker = new Worker(workerFile);
      return new Promise<FileCheckPart>((resolve, reject) => {
        worker.once('message', (m: { part?: FileCheckPart; error?: string }) => {
          void worker.terminate();
          if (m.part) resolve(m.part);
          else reject(new Error(m.error ?? 'worker failed'));
        });
        worker.once('error', reject);
        worker.postMessage({ path: file, options, partition: { index, count: jobs } } satisfies CheckJob);
      });
    }),
  );
  return mergeFileCheck(parts, options);
}

/** Diagnostics of one file, by kind: metabase export, connector script, or SMTP log (streamed). */
async function checkFile(file: string, settings: Settings, jobs: number): Promise<{ problems: FileProblem[]; total: number }> {
  if (/\.(xml|ps1|psm1)$/i.test(file)) {
    if ((await stat(file)).size > MAX_WHOLE_FILE) throw new Error(`larger than ${MAX_WHOLE_FILE / 1024 / 1024} MB`);
    const bytes = await readFile(file);
    const diagnostics = /\.xml$/i.test(file)
      ? checkMetabaseText(decodeMetabaseBytes(bytes), settings)
      : (await analyzeConnectorScript(bytes.toString('utf8').replace(/^\ufeff/, ''), settings)).diagnostics;
    const problems = diagnostics.map(fromDiagnostic);
    return { problems, total: problems.length };
  }
  const kind = await detectLogKind(file);
  if (kind === 'exchange-other') {
    process.stderr.write(`${file}: an Exchange log that is not an SMTP protocol log: skipped\n`);
    return { problems: [], total: 0 };
  }
  if (kind !== 'iis') return checkExchangeLogFile(file, { maxProblems: settings.maxDiagnostics, logType: logTypeOfKind(kind) });
  const options = { acceptedDomains: settings.acceptedDomains, maxProblems: settings.maxDiagnostics };
  if (jobs > 1 && (await stat(file)).size >= SPLIT_BYTES && existsSync(join(__dirname, 'checkWorker.js'))) {
    process.stderr.write(`${file}: checked in ${jobs} worker threads\n`);
    return checkLogInWorkers(file, options, jobs);
  }
  return checkLogFile(file, options);
}

export async function runCheck(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'accepted-domain': { type: 'string', multiple: true },
        'max-diagnostics': { type: 'string' },
        jobs: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    process.stderr.write(`check: ${(err as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write('usage: node dist/cli.js check [--accepted-domain D]... [--max-diagnostics N] [--jobs N] [--quiet] FILE|FOLDER...\n  Logs of 64 MB and more are checked by --jobs worker threads (default: one per CPU).\n  Folders are walked for *.log, *.txt (SMTP logs), *.xml (metabase exports) and *.ps1/*.psm1 (connector scripts).\n');
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  const jobs = Math.max(1, Math.min(16, Number(values.jobs ?? availableParallelism()) || 1));
  const settings = normalizeSettings({ acceptedDomains: values['accepted-domain'] ?? [], maxDiagnostics: Number(values['max-diagnostics'] ?? 1000) });
  const expanded = await expandPaths(positionals, (name) => CHECKED_NAME.test(name));
  const files = expanded.filter((f) => !f.error).map((f) => f.path);
  let errors = 0;
  let warnings = 0;
  let shown = 0;
  for (const f of expanded) {
    if (!f.error) continue;
    process.stderr.write(`${f.path}: cannot read (${f.error})\n`);
    errors++;
  }
  for (const file of files) {
    let problems: FileProblem[];
    let total: number;
    try {
      const result = await checkFile(file, settings, jobs);
      problems = result.problems;
      total = result.total;
    } catch (err) {
      process.stderr.write(`${file}: cannot read: ${(err as Error).message}\n`);
      errors++;
      continue;
    }
    for (const p of problems) {
      if (p.severity === 'error') errors++;
      else if (p.severity === 'warning') warnings++;
      if (!values.quiet) process.stdout.write(`${file}:${p.line + 1}:${p.column + 1} ${p.severity} ${p.code} ${p.message}\n`);
      shown++;
    }
    if (total > problems.length) process.stdout.write(`${file}: ${total - problems.length} more problem(s) not shown (--max-diagnostics)\n`);
  }
  process.stdout.write(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s), ${shown} diagnostic(s) shown\n`);
  return errors > 0 ? 1 : 0;
}
