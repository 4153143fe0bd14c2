// Line splitting shared by the editor model, the file reader and format detection: CRLF, LF and a lone
// CR each end a line, as in LSP.

/**
 * Calls `onLine(start, end)` for each line of `text` (offsets, line break excluded) and returns the
 * number of lines. With `finalEmptyLine`, text ending in a line break has one more, empty, line (the LSP
 * and editor view); without, a final line break ends the last line (the view of a file being read).
 * `onLine` may return false to stop early.
 */
export function forEachLine(text: string, onLine: (start: number, end: number) => boolean | void, finalEmptyLine: boolean): number {
  const n = text.length;
  let start = 0;
  let count = 0;
  // The next CR and the next LF are each searched once and reused until passed, so a text with only
  // one kind of line break is not rescanned to its end for every line (that was quadratic).
  let nextCr = text.indexOf('\r');
  let nextLf = text.indexOf('\n');
  while (start < n || (finalEmptyLine && start === n)) {
    if (nextLf >= 0 && nextLf < start) nextLf = text.indexOf('\n', start);
    if (nextCr >= 0 && nextCr < start) nextCr = text.indexOf('\r', start);
    const found = nextLf;
    const lf = found < 0 ? n : found;
    let end = lf;
    let next = lf + 1;
    if (nextCr >= 0 && nextCr < lf) {
      end = nextCr;
      // CR LF is one line break; a CR alone is one too.
      next = nextCr + 1 === found ? found + 1 : nextCr + 1;
    }
    count++;
    if (onLine(start, end) === false) break;
    if (end >= n) break;
    start = next;
  }
  return count;
}
