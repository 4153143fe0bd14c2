// Outbound connections, counted straight into the next-hop totals. Relay servers write about a dozen
// outbound records per message, and the assessment needs only per-connection facts (TLS, reply codes,
// delivered messages), so this follows SessionBuilder's outbound grouping without building sessions.
// test/unit/assessmentFastReader.test.ts checks it gives the same totals as SessionBuilder.
import { boundedMemo } from '../common/memo';
import { addressDomain, envelopeAddress, replyCodeOf } from '../smtpLog/addresses';
import type { LogRecord } from '../smtpLog/types';
import type { OutboundFact } from '../smtpLog/fastReader';
import { COUNT_CONNECTIONS_EVERY, isBanner, MAX_OPEN_CONNECTIONS, replyOpensConnection, staleBeyondCap } from '../smtpLog/sessions';
import type { AssessmentAccumulator } from './accumulator';

/** One open outbound connection (plain data: it crosses threads when a file is read in byte ranges). */
export interface Connection {
  ip: string;
  /** Lines of its first and latest record (which to give up past MAX_OPEN_CONNECTIONS, in file order). */
  firstLine: number;
  lastLine: number;
  lastCommand: string;
  awaitingDataResult: boolean;
  endTime: number;
  tls: boolean;
  replies: number[];
  /** The current (last) message: -1 none, else its data status so far. */
  hasMessage: boolean;
  messageNullSender: boolean;
  messageDataStatus: number;
  messages: number;
  nullSender: number;
  /** Recipient domains of the RCPT commands (the routing evidence). */
  domains: string[];
}

/**
 * Whether an outbound record starts a new connection whatever was open before it: a 220 reply after a command
 * that was not STARTTLS (`lastCommand`: the remote address's previous command, undefined when not known).
 */
export function startsConnection(f: OutboundFact, lastCommand: string | undefined): boolean {
  return f.response && lastCommand !== undefined && isBanner(f.code, lastCommand);
}

/** The fact of an outbound record (a line the byte-level reader handed to the parser). */
export function factOf(r: LogRecord): OutboundFact {
  const response = r.direction === 'out-response';
  return { line: r.line, clientIp: r.clientIp, time: r.time, response, serverPort: r.serverPort, verb: r.verb, code: response ? replyCodeOf(r.query) : -1, query: r.query };
}

/** The null sender `<>`, read as the session model reads MAIL arguments (an unreadable one counts as null too). */
function senderIsNull(query: string): boolean {
  return (envelopeAddress(query) ?? '') === '';
}

export class OutboundTracker {
  private readonly open = new Map<string, Connection>();
  /** Connections given up unterminated past MAX_OPEN_CONNECTIONS (only with `capOpen`), as SessionBuilder does. */
  givenUp = 0;
  private startedSinceCount = 0;

  /** `capOpen`: a file reader's tracker, which gives up the least recently active connections past the cap. */
  constructor(
    private readonly acc: AssessmentAccumulator,
    private readonly capOpen = false,
  ) {}

  /** Recipient domain of each RCPT argument seen (a relay repeats a few recipients all day). */
  private readonly domainOf = boundedMemo((query) => addressDomain(envelopeAddress(query) ?? ''), { limit: 10_000 });

  push(r: LogRecord): void {
    this.pushFact(factOf(r));
  }

  pushFact(f: OutboundFact): void {
    if (this.startedSinceCount >= COUNT_CONNECTIONS_EVERY) {
      this.startedSinceCount = 0;
      this.giveUpOldest();
    }
    let st = this.open.get(f.clientIp);
    if (f.response) {
      const code = f.code;
      if (!st || replyOpensConnection(st.lastCommand, st.endTime, code, f.time)) {
        if (st) this.close(st);
        st = this.start(f.clientIp, f.time, f.line);
      }
      st.lastLine = f.line;
      if (!Number.isNaN(f.time)) st.endTime = f.time;
      if (code >= 0) st.replies.push(code);
      switch (st.lastCommand) {
        case 'DATA':
          if (st.hasMessage) {
            if (code === 354 && !st.awaitingDataResult) st.awaitingDataResult = true;
            else {
              st.messageDataStatus = code;
              st.awaitingDataResult = false;
            }
          }
          break;
        case 'STARTTLS':
          if (code === 220) st.tls = true;
          break;
        case 'QUIT':
          this.close(st);
          this.open.delete(f.clientIp);
          return;
      }
      return;
    }
    if (!st) st = this.start(f.clientIp, f.time, f.line);
    st.lastLine = f.line;
    if (!Number.isNaN(f.time)) st.endTime = f.time;
    st.lastCommand = f.verb;
    if (f.verb === 'MAIL') this.newMessage(st, senderIsNull(f.query));
    else if (f.verb === 'RCPT') {
      if (!st.hasMessage) this.newMessage(st, true);
      if (st.domains.length < 1000) st.domains.push(this.domainOf(f.query));
    }
  }

  /** The connections still open, by remote address (a byte range hands them to the next one). */
  openConnections(): Map<string, Connection> {
    return this.open;
  }

  /** Puts a remote address in a state taken from another tracker (undefined: nothing open). */
  setConnection(ip: string, st: Connection | undefined): void {
    if (st) this.open.set(ip, st);
    else this.open.delete(ip);
  }

  flush(): void {
    for (const st of this.open.values()) this.close(st);
    this.open.clear();
  }

  /** Past MAX_OPEN_CONNECTIONS, closes the least recently active half, in file order (SessionBuilder's rule). */
  private giveUpOldest(): void {
    const stale = staleBeyondCap([...this.open.values()], (st) => st, MAX_OPEN_CONNECTIONS);
    for (const st of stale) {
      this.close(st);
      this.open.delete(st.ip);
    }
    this.givenUp += stale.length;
  }

  private start(ip: string, time: number, line: number): Connection {
    if (this.capOpen) this.startedSinceCount++;
    const st: Connection = { ip, firstLine: line, lastLine: line, lastCommand: '', awaitingDataResult: false, endTime: time, tls: false, replies: [], hasMessage: false, messageNullSender: false, messageDataStatus: -1, messages: 0, nullSender: 0, domains: [] };
    this.open.set(ip, st);
    return st;
  }

  private settleMessage(st: Connection): void {
    if (st.hasMessage && st.messageDataStatus === 250) {
      st.messages++;
      if (st.messageNullSender) st.nullSender++;
    }
  }

  private newMessage(st: Connection, nullSender: boolean): void {
    this.settleMessage(st);
    st.hasMessage = true;
    st.messageNullSender = nullSender;
    st.messageDataStatus = -1;
  }

  private close(st: Connection): void {
    this.settleMessage(st);
    st.hasMessage = false;
    this.acc.addConnection(st.ip, st.tls, st.replies, st.messages, st.nullSender, st.domains);
  }
}
