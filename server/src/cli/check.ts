// `check FILE|FOLDER...`: diagnostics as `file:line:col severity code message`; exit 1 when any error.
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { capMessage, keptByCap, type Finding, type Severity } from '../common/finding';
import { analyzeConnectorScript } from '../connectors';
import { decodeMetabaseBytes, parseMetabase } from '../metabase';
import { metabaseCheckFindings } from '../metabase/diagnostics';
import { METABASE_LANGUAGE_ID } from '../protocol';
import { normalizeSettings, type Settings } from '../settings';
import { byteRanges, checkLogFileInRanges, checkLogFile, type FileCheckOptions, type FileCheckPart, type FileCheckResult } from '../smtpLog/fileCheck';
import { errorText, expandPaths } from '../common/files';
import { readRegularFile } from '../common/safeRead';
import { writeLine } from '../common/terminal';
import { POOL_WORKER, poolAvailable, WorkerPool } from './workerPool';
import { givenUpNote } from '../smtpLog/sessions';
import { detectLogKind, logTypeOfKind } from '../exchangeLog/detect';
import { checkExchangeLogFile } from '../exchangeLog/fileCheck';

const CHECKED_NAME = /\.(log|txt|xml|ps1|psm1)$/i;
/** Metabase exports and scripts are read whole; anything this big is not one. */
const MAX_WHOLE_FILE = 64 * 1024 * 1024;

/** Severity as printed (the editor's words: the README's tables use them too). */
const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'information', hint: 'hint' };

/** The one output line of a finding: `file:line:col severity code message` (1-based line and column). */
export function formatFinding(file: string, f: Finding): string {
  return `${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${SEVERITY_LABEL[f.severity]} ${f.code} ${f.message}`;
}

interface FileFindings {
  /** The findings the cap keeps. */
  problems: Finding[];
  /** All found, including those beyond the cap. */
  total: number;
}

/** Logs at least this large are checked by several worker threads, each taking a byte range. */
const SPLIT_BYTES = 64 * 1024 * 1024;

/** Checks one log in `jobs` worker threads (one byte range each) and stitches the parts. */
export async function checkLogInWorkers(file: string, options: FileCheckOptions, jobs: number, workerFile = POOL_WORKER): Promise<FileCheckResult> {
  const pool = new WorkerPool(jobs, workerFile);
  try {
    return await checkLogFileInRanges(
      file,
      options,
      byteRanges((await stat(file)).size, jobs),
      (range, stop) => pool.run<FileCheckPart>({ kind: 'check', path: file, options, range, stop }, file),
      // A one-pass fallback runs here: the workers' heaps need not stay beside it.
      () => pool.close(),
    );
  } finally {
    pool.close();
  }
}

/** Says on stderr when a log's reading gave up sessions to bound memory (the findings' grouping is then approximate). */
function withGivenUpNote(file: string, result: FileCheckResult): FileCheckResult {
  if (result.givenUp > 0) writeLine(process.stderr, givenUpNote(file, result.givenUp));
  return result;
}

/** Diagnostics of one file, by kind: metabase export, connector script, or SMTP log (streamed). */
async function checkFile(file: string, settings: Settings, jobs: number): Promise<FileFindings> {
  if (/\.xml$/i.test(file)) {
    const text = decodeMetabaseBytes(await readRegularFile(file, { maxBytes: MAX_WHOLE_FILE }));
    const { findings, total } = metabaseCheckFindings(parseMetabase(text), TextDocument.create('file:///metabase.xml', METABASE_LANGUAGE_ID, 1, text), settings.maxDiagnostics);
    return { problems: findings, total };
  }
  if (/\.(ps1|psm1)$/i.test(file)) {
    const bytes = await readRegularFile(file, { maxBytes: MAX_WHOLE_FILE });
    const { findings } = await analyzeConnectorScript(bytes.toString('utf8').replace(/^\ufeff/, ''), settings);
    return { problems: keptByCap(findings, settings.maxDiagnostics, (f) => f.severity), total: findings.length };
  }
  const kind = await detectLogKind(file);
  if (kind === 'exchange-other') {
    process.stderr.write(`${file}: an Exchange log that is not an SMTP protocol log: skipped\n`);
    return { problems: [], total: 0 };
  }
  if (kind !== 'iis') return checkExchangeLogFile(file, { maxProblems: settings.maxDiagnostics, logType: logTypeOfKind(kind) });
  const options = { acceptedDomains: settings.acceptedDomains, maxProblems: settings.maxDiagnostics };
  if (jobs > 1 && (await stat(file)).size >= SPLIT_BYTES && poolAvailable()) {
    const result = await checkLogInWorkers(file, options, jobs);
    process.stderr.write(
      result.readInOnePass
        ? `${file}: read again in one pass: its ${jobs} byte ranges could not be stitched (too many clients with one or two sessions each, a session open across a range start, or times that go back)\n`
        : `${file}: checked in ${jobs} worker threads\n`,
    );
    return withGivenUpNote(file, result);
  }
  return withGivenUpNote(file, await checkLogFile(file, options));
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
    let problems: Finding[];
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
      if (!values.quiet) writeLine(process.stdout, formatFinding(file, p));
      shown++;
    }
    if (total > problems.length) writeLine(process.stdout, `${file}: ${capMessage(problems.length, total, 'cli')}`);
  }
  process.stdout.write(`${files.length} file(s) checked: ${errors} error(s), ${warnings} warning(s), ${shown} diagnostic(s) shown\n`);
  return errors > 0 ? 1 : 0;
}
