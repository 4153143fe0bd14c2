// `assess PATH... [--metabase FILE] [--accepted-domain D]... [--format text|json|csv|md|ps1] [--out FILE]`:
// the same engine and plan as the server command. Many files are read in parallel worker threads; results are
// merged in file order, so the output does not depend on the number of workers.
import { availableParallelism } from 'node:os';
import { AssessmentAccumulator } from '../assessment/accumulator';
import { toCsv, toMarkdown, toTextTable } from '../assessment/formats';
import { metabaseNotes, readMetabase } from '../assessment/metabase';
import { finalizeAssessment } from '../assessment/profiles';
import { planFromAssessment } from '../assessment/run';
import { expandPaths, type ExpandedPath } from '../assessment/sources';
import { assessFiles } from './assessInPool';
import { POOL_WORKER } from './workerPool';
import { errorText } from '../common/files';
import { overwritesInput, writeFileAtomic } from '../common/safeWrite';
import { terminalSafe, writeLine } from '../common/terminal';
import { cutoverCsv, cutoverJson, cutoverMarkdown, cutoverText } from '../cutover/formats';
import { cutoverFor, splitLogKinds } from '../cutover/inputs';

const FORMATS = ['text', 'json', 'csv', 'md', 'ps1'] as const;
type Format = (typeof FORMATS)[number];

const HELP = `Usage: node dist/cli.js assess PATH... [options]

Assesses IIS SMTP logs (files, or folders walked for *.log): who relays what, and the Exchange Edge
connector script that carries exactly that traffic. Given the Edge's SMTP protocol logs too (the kind is
detected per file), it adds the cut-over status of each source: moved, failing, still-on-iis, new-on-edge
or not-seen.

Options:
  --accepted-domain D   A domain your organisation accepts mail for (repeatable; default: inferred from senders).
  --metabase FILE       MetaBase.xml of the IIS server (its smart host is used for the send connector).
  --format F            text (table and script, default), json, csv, md, ps1 (script only).
  --out FILE            Write the output to FILE instead of standard output.
  --cidr-rounding       Round connector ranges out to covering CIDR blocks (default: exact addresses seen).
  --jobs N              Worker threads for many files (default: number of CPUs; 1 = no workers).
  --help                This text.

Exit status: 0 success, 1 some files could not be read (the others are still assessed), 2 usage error.
`;

interface CliOptions {
  paths: string[];
  accepted: string[];
  metabase?: string;
  format: Format;
  out?: string;
  cidr: boolean;
  jobs: number;
}

function parseArgs(args: string[]): CliOptions | string {
  const o: CliOptions = { paths: [], accepted: [], format: 'text', cidr: false, jobs: availableParallelism() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => args[++i];
    switch (a) {
      case '--accepted-domain': {
        const v = value();
        if (!v) return '--accepted-domain needs a value';
        o.accepted.push(v.trim().toLowerCase());
        break;
      }
      case '--metabase':
        o.metabase = value();
        if (!o.metabase) return '--metabase needs a file';
        break;
      case '--format': {
        const v = value() as Format;
        if (!FORMATS.includes(v)) return `--format must be one of ${FORMATS.join(', ')}`;
        o.format = v;
        break;
      }
      case '--out':
        o.out = value();
        if (!o.out) return '--out needs a file';
        break;
      case '--cidr-rounding':
        o.cidr = true;
        break;
      case '--jobs': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) return '--jobs needs a positive integer';
        o.jobs = n;
        break;
      }
      default:
        if (a.startsWith('--')) return `unknown option ${a}`;
        o.paths.push(a);
    }
  }
  if (o.paths.length === 0) return 'no PATH given';
  return o;
}

export class ProgressBar {
  private done = 0;
  private last = 0;
  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}
  add(bytes: number): void {
    this.done += bytes;
    const now = Date.now();
    if (!this.enabled || now - this.last < 100) return;
    this.last = now;
    const pct = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const width = 30;
    const fill = Math.round(pct * width);
    process.stderr.write(`\rassess [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(pct * 100).toFixed(0).padStart(3)}%  ${(this.done / 1e6).toFixed(0)}/${(this.total / 1e6).toFixed(0)} MB`);
  }
  end(): void {
    if (this.enabled) process.stderr.write('\r\x1b[K');
  }
}

/** Per-file accumulators, in file order, read through the worker pool when there is enough work. */
export async function assessAll(files: ExpandedPath[], jobs: number, bar: ProgressBar, workerFile = POOL_WORKER): Promise<AssessmentAccumulator[]> {
  const { parts } = await assessFiles(files, { jobs, onBytes: (bytes) => bar.add(bytes), workerFile, readAgainHere: true });
  return parts as AssessmentAccumulator[];
}

export async function runAssess(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    writeLine(process.stderr, `assess: ${parsed}`);
    process.stderr.write(`\n${HELP}`);
    return 2;
  }
  const inputs = await splitLogKinds(await expandPaths(parsed.paths));
  const files = inputs.iis;
  if (parsed.out) {
    const everyInput = [...parsed.paths, ...inputs.iis.map((f) => f.path), ...inputs.edge.map((f) => f.path), ...(parsed.metabase ? [parsed.metabase] : [])];
    const clash = await overwritesInput(parsed.out, everyInput);
    if (clash) {
      writeLine(process.stderr, `assess: ${clash}`);
      return 2;
    }
  }
  for (const name of inputs.skipped) writeLine(process.stderr, `assess: ${name}: an Exchange log that is not an SMTP protocol log: skipped`);
  // A script serves only the cut-over status (the line to change); without Edge logs it is not read: say so.
  if (inputs.edge.length === 0) for (const s of inputs.scripts) writeLine(process.stderr, `assess: ${s.label}: a connector script is read only for the cut-over status (give the Edge's protocol logs too): skipped`);
  if (files.length === 0 && inputs.edge.length === 0) {
    process.stderr.write('assess: no *.log files found\n');
    return 1;
  }
  if (inputs.edge.length > 0 && (files.length === 0 || !inputs.edge.some((f) => f.logType === 'receive'))) {
    process.stderr.write('assess: the cut-over status needs both IIS logs and the Edge receive protocol logs\n');
  }
  const bar = new ProgressBar(
    files.reduce((n, f) => n + f.size, 0),
    process.stderr.isTTY === true,
  );
  const parts = await assessAll(files, parsed.jobs, bar);
  bar.end();
  const acc = new AssessmentAccumulator();
  for (const p of parts) acc.merge(p);
  const metabase = parsed.metabase ? await readMetabase(parsed.metabase) : undefined;
  const assessment = finalizeAssessment(acc, { acceptedDomains: parsed.accepted, metabaseSmartHost: metabase?.smartHost, metabaseRequireTls: metabase?.alwaysTls, metabaseDomains: metabase?.localDomains, metabaseMaxMessageSize: metabase?.maxMessageSize });
  const result = planFromAssessment(assessment, { acceptedDomains: parsed.accepted, cidrRounding: parsed.cidr, notes: metabaseNotes(metabase) });
  if (metabase?.error) writeLine(process.stderr, `assess: ${metabase.error}`);
  const cutover = await cutoverFor(inputs, assessment, { label: 'the script assess --format ps1 writes', text: result.script });
  let output: string;
  switch (parsed.format) {
    case 'json':
      output = `${JSON.stringify({ ...assessment, warnings: result.warnings, script: result.script, ...cutoverJson(cutover) }, null, 2)}\n`;
      break;
    case 'csv':
      output = toCsv(assessment) + (cutover ? `\r\n${cutoverCsv(cutover)}` : '');
      break;
    case 'md':
      output = toMarkdown(assessment) + (cutover ? `\n${cutoverMarkdown(cutover)}` : '');
      break;
    case 'ps1':
      output = result.script;
      break;
    default:
      output = `${toTextTable(assessment)}\n${cutover ? `${cutoverText(cutover)}\n` : ''}${result.script.replace(/\r\n/g, '\n')}`;
  }
  // Text for a terminal: no control sequence from a log reaches it.
  const forTerminal = (text: string): string => (parsed.format === 'text' ? text.split('\n').map(terminalSafe).join('\n') : text);
  if (parsed.out) {
    try {
      await writeFileAtomic(parsed.out, output, { forTerminal });
    } catch (err) {
      writeLine(process.stderr, `assess: cannot write ${parsed.out}: ${errorText(err)} (the previous file, if any, is unchanged)`);
      return 2;
    }
  } else process.stdout.write(forTerminal(output));
  const failed = assessment.files.filter((f) => f.error);
  for (const f of failed) writeLine(process.stderr, `assess: ${f.name}: ${f.error}`);
  if (failed.length > 0) process.stderr.write(`assess: ${failed.length} of ${assessment.files.length} file(s) could not be read\n`);
  return failed.length > 0 || metabase?.error ? 1 : 0;
}
