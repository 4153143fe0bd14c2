// `check FILE|FOLDER...`: diagnostics as `file:line:col severity code message`; exit 1 when any error.
import { parseArgs } from 'node:util';
import { checkLogFile, type FileProblem } from '../smtpLog/fileCheck';
import { expandPaths } from './args';

const LOG_NAME = /\.(log|txt)$/i;

export async function runCheck(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'accepted-domain': { type: 'string', multiple: true },
        'max-diagnostics': { type: 'string' },
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
    process.stdout.write('usage: node dist/cli.js check [--accepted-domain D]... [--max-diagnostics N] [--quiet] FILE|FOLDER...\n');
    return positionals.length === 0 && !values.help ? 2 : 0;
  }
  const max = Number(values['max-diagnostics'] ?? 1000);
  const acceptedDomains = (values['accepted-domain'] ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean);
  const { files, missing } = expandPaths(positionals, (name) => LOG_NAME.test(name));
  let errors = missing.length;
  let warnings = 0;
  let shown = 0;
  for (const m of missing) process.stderr.write(`${m}: cannot read (no such file or folder, or no permission)\n`);
  for (const file of files) {
    let problems: FileProblem[];
    let total: number;
    try {
      const result = await checkLogFile(file, { acceptedDomains, maxProblems: Number.isFinite(max) && max > 0 ? max : 1000 });
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
