// `check FILE|FOLDER...`: diagnostics as `file:line:col severity code message`; exit 1 when any error.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { analyzeConnectorScript } from '../connectors';
import { checkMetabaseText, decodeMetabaseBytes } from '../metabase';
import { normalizeSettings, type Settings } from '../settings';
import { byteRanges, checkLogFileInRanges, checkLogFile, type FileCheckOptions, type FileCheckPart, type FileCheckResult, type FileProblem } from '../smtpLog/fileCheck';
import { errorText, expandPaths } from '../common/files';
import { readRegularFile } from '../common/safeRead';
import { writeLine } from '../common/terminal';
import { POOL_WORKER, poolAvailable, WorkerPool } from './workerPool';
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

/** Logs at least this large are checked by several worker threads, each taking a byte range. */
const SPLIT_BYTES = 64 * 1024 * 1024;

/** Checks one log in `jobs` worker threads (one byte range each) and stitches the parts. */
export async function checkLogInWorkers(file: string, options: FileCheckOptions, jobs: number, workerFile = POOL_WORKER): Promise<FileCheckResult> {
  const pool = new WorkerPool(jobs, workerFile);
  try {
    return await checkLogFileInRanges(file, options, byteRanges((await stat(file)).size, jobs), (range) => pool.run<FileCheckPart>({ kind: 'check', path: file, options, range }, file));
  } finally {
    pool.close();
  }
}

/** Diagnostics of one file, by kind: metabase export, connector script, or SMTP log (streamed). */
async function checkFile(file: string, settings: Settings, jobs: number): Promise<{ problems: FileProblem[]; total: number }> {
  if (/\.(xml|ps1|psm1)$/i.test(file)) {
    const bytes = await readRegularFile(file, { maxBytes: MAX_WHOLE_FILE });
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
  if (jobs > 1 && (await stat(file)).size >= SPLIT_BYTES && poolAvailable()) {
    process.stderr.write(`${file}: checked in ${jobs} worker threads\n`);
    return checkLogInWorkers(file, options, jobs);
  }
  return checkLogFile(file, options);
}

const USAGE =
  'usage: node dist/cli.js check [--accepted-domain D]... [--max-diagnostics N] [--jobs N] [--quiet] FILE|FOLDER...\n  Logs of 64 MB and more are checked by --jobs worker threads (default: one per CPU).\n  Folders are walked for *.log, *.txt (SMTP logs), *.xml (metabase exports) and *.ps1/*.psm1 (connector scripts).\n';

function usageError(message: string): number {
  writeLine(process.stderr, `check: ${message}`);
  process.stderr.write(USAGE);
  return 2;
}

/** `"12"` → 12; anything but a whole number of at least 1 → undefined. */
function positiveInteger(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) && Number(text) >= 1 ? Number(text) : undefined;
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
    return usageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE);
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  const jobs = values.jobs === undefined ? Math.min(16, availableParallelism()) : positiveInteger(values.jobs);
  const maxDiagnostics = values['max-diagnostics'] === undefined ? 1000 : positiveInteger(values['max-diagnostics']);
  if (jobs === undefined || jobs > 64) return usageError('--jobs needs a whole number from 1 to 64');
  if (maxDiagnostics === undefined) return usageError('--max-diagnostics needs a whole number of at least 1');
  const settings = normalizeSettings({ acceptedDomains: values['accepted-domain'] ?? [], maxDiagnostics });
  const expanded = await expandPaths(positionals, (name) => CHECKED_NAME.test(name));
  const files = expanded.filter((f) => !f.error).map((f) => f.path);
  let errors = 0;
  let warnings = 0;
  let shown = 0;
  for (const f of expanded) {
    if (!f.error) continue;
    writeLine(process.stderr, `${f.path}: cannot read (${f.error})`);
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
      const text = errorText(err);
      writeLine(process.stderr, text.startsWith(`${file}: `) ? text : `${file}: cannot read: ${text}`);
      errors++;
      continue;
    }
    for (const p of problems) {
      if (p.severity === 'error') errors++;
      else if (p.severity === 'warning') warnings++;
      if (!values.quiet) writeLine(process.stdout, `${file}:${p.line + 1}:${p.column + 1} ${p.severity} ${p.code} ${p.message}`);
      shown++;
    }
    if (total > problems.length) writeLine(process.stdout, `${file}: ${total - problems.length} more problem(s) not shown (--max-diagnostics)`);
  }
  process.stdout.write(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s), ${shown} diagnostic(s) shown\n`);
  return errors > 0 ? 1 : 0;
}
