// One pass over the lines of a protocol log: parse each line, group sessions, analyse each finished session.
// The editor model, `check` and the cut-over reader all read logs through this.
import { analyzeSession, RelayConnectorSet, type SessionOutcome } from './analyze';
import { ExLineParser, type ExEntry, type ExLogType } from './parser';
import { SessionGrouper, type ExSession } from './sessions';

export interface ExScanHandlers {
  onEntry?(entry: ExEntry, line: number): void;
  onSession?(s: ExSession, o: SessionOutcome): void;
}

export class ExScanner {
  readonly parser: ExLineParser;
  readonly relayConnectors = new RelayConnectorSet();
  private readonly grouper: SessionGrouper;
  /** First and last readable record times (ms), NaN until one is seen. */
  firstTime = NaN;
  lastTime = NaN;
  /** The session the last line read joined (undefined when it was no record, or one without a session-id). */
  lastSession: ExSession | undefined;

  constructor(
    private readonly handlers: ExScanHandlers,
    logType: ExLogType = 'unknown',
  ) {
    this.parser = new ExLineParser(logType);
    this.grouper = new SessionGrouper((s) => {
      const o = analyzeSession(s);
      this.relayConnectors.add(s.connector, o);
      this.handlers.onSession?.(s, o);
    });
  }

  /** The most sessions open at once so far. */
  get maxOpen(): number {
    return this.grouper.maxOpen;
  }

  /** `clean`: the line is known to hold no control character (see readFileLines). */
  line(text: string, line: number, clean = false): ExEntry {
    const entry = this.parser.parse(text, clean);
    this.lastSession = undefined;
    if (entry.kind === 'record') {
      const t = entry.time;
      if (!Number.isNaN(t)) {
        if (!(t >= this.firstTime)) this.firstTime = t;
        if (!(t <= this.lastTime)) this.lastTime = t;
      }
      this.lastSession = this.grouper.push(entry, line, this.parser.logType);
    }
    this.handlers.onEntry?.(entry, line);
    return entry;
  }

  /** Hands over the sessions still open (their disconnect may be in the next file). */
  end(): void {
    this.grouper.flush();
  }
}
