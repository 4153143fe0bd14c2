// One pass over a log file on disk: format detection, line parsing and session grouping, streamed in
// byte chunks by the fast reader (a file is never held whole).
import { openRegularFile } from '../common/safeRead';
import { detectFormat, leadingLines } from './detectFormat';
import { readRecordsFast, type FastReadOptions, type ReadResult } from './fastReader';
import { StringPool } from './intern';
import { LogLineParser, MAX_LINE_LENGTH, type LineEntry } from './lineParser';
import { SessionBuilder } from './sessions';
import type { LogFormat, Session } from './types';

export interface ScanHandlers {
  /** Every non-blank line entry (directive, record or invalid line), in file order. */
  onEntry?: (entry: LineEntry, line: number) => void;
  /** Every session, when it ends (or at the end of the file). */
  onSession?: (session: Session) => void;
}

export interface ScanResult extends ReadResult {
  format: LogFormat;
}

const DETECT_BYTES = 64 * 1024;

/** The format of a file, from its first lines (read separately: the format decides how lines are parsed). */
export async function detectFileFormat(path: string): Promise<LogFormat> {
  const { handle, size } = await openRegularFile(path);
  try {
    const buf = Buffer.alloc(DETECT_BYTES);
    const { bytesRead } = await handle.read(buf, 0, Math.min(DETECT_BYTES, size), 0);
    return detectFormat(leadingLines(buf.toString('latin1', 0, bytesRead).replace(/^\u00ef\u00bb\u00bf/, '')));
  } finally {
    await handle.close();
  }
}

const BACK_BLOCK = 1 << 20;

/** The directive name of the line whose `#` is at buf[hash] (trimmed, lower-cased, as the parser reads it), or ''. */
function directiveName(buf: Buffer, hash: number, end: number): string {
  let colon = hash + 1;
  while (colon < end && buf[colon] !== 58 && buf[colon] !== 10 && buf[colon] !== 13) colon++;
  if (colon >= end || buf[colon] !== 58) return '';
  return buf.toString('latin1', hash + 1, colon).trim().toLowerCase();
}

/**
 * A parser in the state a sequential read of `path` is in at byte `offset` (a line start): the #Fields
 * layout in force (read under the #Date before it) and the latest #Date. Found by reading back from the
 * offset for the directive lines that set them; nothing else before the offset changes the parser's state.
 */
export async function parserAt(path: string, format: LogFormat, offset: number, pool?: StringPool): Promise<LogLineParser> {
  const parser = new LogLineParser(format, pool);
  if (offset <= 0 || format !== 'w3c') return parser;
  const { handle } = await openRegularFile(path);
  try {
    // Start offsets of the lines to replay: the last #Date before the #Fields, the #Fields, a #Date after it.
    let fields = -1;
    let dateBeforeFields = -1;
    let latestDate = -1;
    // A block holds a directive's name whole when it starts in the block: names are read up to 256 bytes on.
    const buf = Buffer.alloc(BACK_BLOCK + 1 + 256);
    for (let end = offset; end > 0 && (fields < 0 || dateBeforeFields < 0); ) {
      const start = Math.max(0, end - BACK_BLOCK);
      // One byte before the block shows whether its first byte starts a line.
      const from = Math.max(0, start - 1);
      const { bytesRead } = await handle.read(buf, 0, end + 256 - from, from);
      for (let hash = buf.lastIndexOf(35, end - 1 - from); hash >= 0 && from + hash >= start; hash = hash > 0 ? buf.lastIndexOf(35, hash - 1) : -1) {
        const at = from + hash;
        const before = hash > 0 ? buf[hash - 1] : -1;
        const lineStart = at === 0 || before === 10 || before === 13 || (at === 3 && isBom(buf, hash - 3));
        if (!lineStart) continue;
        const name = directiveName(buf, hash, bytesRead);
        if (name === 'fields' && fields < 0) fields = at;
        else if (name === 'date') {
          if (fields < 0) {
            if (latestDate < 0) latestDate = at;
          } else if (dateBeforeFields < 0) dateBeforeFields = at;
        }
        if (fields >= 0 && dateBeforeFields >= 0) break;
      }
      end = start;
    }
    if (fields < 0 && latestDate < 0) return parser;
    const lineAt = async (at: number): Promise<string> => {
      const line = Buffer.alloc(MAX_DIRECTIVE);
      const { bytesRead } = await handle.read(line, 0, MAX_DIRECTIVE, at);
      let e = 0;
      while (e < bytesRead && line[e] !== 10 && line[e] !== 13) e++;
      return line.toString('latin1', 0, e);
    };
    for (const at of [dateBeforeFields, fields, latestDate]) if (at >= 0) parser.parse(await lineAt(at), 0);
    return parser;
  } finally {
    await handle.close();
  }
}

function isBom(buf: Buffer, at: number): boolean {
  return at >= 0 && buf[at] === 0xef && buf[at + 1] === 0xbb && buf[at + 2] === 0xbf;
}

/** One byte more than the longest line the parser reads, so a longer one stays too long for it. */
const MAX_DIRECTIVE = MAX_LINE_LENGTH + 1;

export interface ScanOptions extends Omit<FastReadOptions, 'strict'> {
  pool?: StringPool;
  /** The parser to read with, in the file's format (with a range: in the state at the range's start). */
  parser?: (format: LogFormat) => Promise<LogLineParser>;
}

export async function scanLogFile(path: string, handlers: ScanHandlers, options: ScanOptions = {}): Promise<ScanResult> {
  const sessions = handlers.onSession ? new SessionBuilder(handlers.onSession) : undefined;
  const format = await detectFileFormat(path);
  const parser = options.parser ? await options.parser(format) : new LogLineParser(format, options.pool);
  const result = await readRecordsFast(
    path,
    parser,
    {
      entry: (entry, line) => {
        handlers.onEntry?.(entry, line);
        if (entry.kind === 'record') sessions?.push(entry);
      },
    },
    { ...options, strict: true },
  );
  sessions?.flush();
  return { bytes: result.bytes, lines: result.lines, cancelled: result.cancelled, format: parser.format };
}
