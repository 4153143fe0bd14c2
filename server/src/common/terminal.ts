// Text bound for a terminal. Log, metabase and file-name text can hold escape sequences (`ESC]0;…BEL` sets
// the window title, `ESC]52;…` writes the clipboard, `ESC[2J` clears the screen) and bidi overrides that
// reorder what is shown; every line the CLI prints goes through here.

// C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** `text` with every control character shown as `?`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, '?');
}

/** Writes one line (safe) to a stream. */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${terminalSafe(line)}\n`);
}

/**
 * A closed pipe (`… | head`) ends the program quietly instead of with an EPIPE stack trace; other
 * write errors are reported once.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exit(0);
    else {
      process.stderr.write(`iis-smtp: cannot write output: ${err.code ?? err.message}\n`);
      exit(2);
    }
  });
}
