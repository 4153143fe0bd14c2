// One pass over a log file on disk: format detection, line parsing and session grouping, streamed in
// byte chunks by the fast reader (a file is never held whole).
import { openRegularFile } from '../common/safeRead';
import { detectFormat, leadingLines } from './detectFormat';
import { readRecordsFast, type FastReadOptions, type ReadResult } from './fastReader';
import { StringPool } from './intern';
import { LogLineParser, type LineEntry } from './lineParser';
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

export async function scanLogFile(path: string, handlers: ScanHandlers, options: Omit<FastReadOptions, 'strict'> & { pool?: StringPool } = {}): Promise<ScanResult> {
  const sessions = handlers.onSession ? new SessionBuilder(handlers.onSession) : undefined;
  const parser = new LogLineParser(await detectFileFormat(path), options.pool);
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
