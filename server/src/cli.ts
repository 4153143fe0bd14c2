// Command-line front end to the same engine as the language server: `iis-smtp check|assess …`.
import { setFlagsFromString } from 'node:v8';
import { runAssess } from './cli/assess';
import { runCheck } from './cli/check';
import { exitQuietlyOnClosedPipe, writeLine } from './common/terminal';

const USAGE = `IIS SMTP Migration Assistant — command line

Usage:
  node dist/cli.js check FILE|FOLDER...     Print diagnostics of IIS SMTP logs (and metabase/connector files)
                                            as "file:line:col severity code message"; exit 1 on errors.
  node dist/cli.js assess PATH... [options] Assess who relays through the server and write a connector script.
  node dist/cli.js --help                   This text.

check options:
  --accepted-domain D   A domain your organisation accepts mail for (repeatable).
  --max-diagnostics N   Cap per file (default 1000).
  --jobs N              Worker threads for logs of 64 MB and more (default: one per CPU).
  --quiet               Print only the summary line.

Run "node dist/cli.js assess --help" for the assess options.
`;

/**
 * Old space may grow 30 % past what the last full collection kept, not V8's default of up to four times: a log of
 * many clients keeps tens of MB of sessions alive while it is read, and the default let that reach 400-560 MB of RSS
 * (issue 13; no measurable cost on real-shaped logs, whose live heap is small). Process-wide: workers share it.
 */
setFlagsFromString('--heap-growing-percent=30');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    case 'check':
      return runCheck(rest);
    case 'assess':
      return runAssess(rest);
    default:
      writeLine(process.stderr, `iis-smtp: unknown command "${command}"`);
      process.stderr.write(`\n${USAGE}`);
      return 2;
  }
}

// `… | head` closes the pipe early: that ends the program quietly.
exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    writeLine(process.stderr, `iis-smtp: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
