// One pass over a log file on disk: format detection, line parsing and session grouping, streamed.
import { detectFormat } from './detectFormat';
import { readLogLines, type ReadOptions, type ReadResult } from './fileReader';
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

const DETECT_LINES = 128;

export async function scanLogFile(path: string, handlers: ScanHandlers, options: ReadOptions & { pool?: StringPool } = {}): Promise<ScanResult> {
  const sessions = handlers.onSession ? new SessionBuilder(handlers.onSession) : undefined;
  let parser: LogLineParser | undefined;
  const head: string[] = [];
  const pool = options.pool ?? new StringPool();

  const handle = (text: string, line: number, start = 0, end = text.length): void => {
    const entry = parser!.parse(text, line, start, end);
    if (entry.kind === 'blank') return;
    handlers.onEntry?.(entry, line);
    if (entry.kind === 'record') sessions?.push(entry);
  };
  const start = (): void => {
    parser = new LogLineParser(detectFormat(head), pool);
    head.forEach((text, line) => handle(text, line));
    head.length = 0;
  };

  const result = await readLogLines(
    path,
    (text, line, s, e) => {
      if (parser) handle(text, line, s, e);
      else {
        head.push(text.slice(s, e));
        if (head.length >= DETECT_LINES) start();
      }
    },
    options,
  );
  if (!parser) start();
  sessions?.flush();
  return { ...result, format: parser!.format };
}
