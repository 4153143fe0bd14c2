// What one session shows: who connected, which connector took it, what it was allowed, what it sent, and what
// went wrong for the sender (refusals placed on the line of the reply or information that shows them).
import type { Finding } from '../common/finding';
import { classifyAddress } from '../common/ipClass';
import { boundedMemo, type MemoOptions } from '../common/memo';
import { flatten } from '../smtpLog/intern';
import { printable } from '../smtpLog/sessionRules';
import { DEFAULT_RECEIVE_CONNECTOR } from './catalog';
import { EXLOG_CODES, type ExlogCodeKey } from './codes';
import { endpointAddress, type ExLogType } from './parser';
import { matchInfo, matchReplyParts, replyParts, type AdviceContext, type RefusalRule } from './refusals';
import type { ExSession } from './sessions';

export interface ExRefusal {
  key: ExlogCodeKey;
  reason: string;
  line: number;
  time: number;
  /** `550 5.7.54`, or '' for an information line. */
  reply: string;
}

/** A session rule's result; worded (and so made a Finding) once the relay connectors of the whole log are known. */
export interface ExSessionFinding {
  key: ExlogCodeKey;
  line: number;
  start: number;
  end: number;
  rule?: RefusalRule;
  context: Omit<AdviceContext, 'relayConnectors'>;
}

export interface SessionOutcome {
  side: ExLogType;
  /** Canonical IP of the other side ('' when unreadable), else the endpoint as logged. */
  host: string;
  hostValid: boolean;
  helo: string;
  permissions: string[];
  /** The session was allowed to relay (SMTPAcceptAnyRecipient). */
  relayGranted: boolean;
  tls: boolean;
  authMechanism: string;
  authenticated: boolean;
  mailCommands: number;
  recipients: number;
  messages: number;
  /** Last time a message was accepted, NaN if none. */
  lastAccepted: number;
  refusals: ExRefusal[];
  findings: ExSessionFinding[];
  /** Send logs: the host name in the next hop's 220 banner. */
  banner: string;
}

/** Sessions repeat the same HELO names, connectors, permissions; hostile lines cannot make the caches large. */
const KEPT: MemoOptions = { limit: 4096, maxKeyLength: 512, ownKey: flatten };
/** Kept texts by length limit, then by the raw text. */
const keptByMax = new Map<number, (text: string) => string>();

/** Log text kept after the session: printable, short, and a flat copy (a substring would pin the chunk it came from). */
function keep(text: string, max: number): string {
  let kept = keptByMax.get(max);
  if (!kept) keptByMax.set(max, (kept = boundedMemo((t) => flatten(printable(t, max)), KEPT)));
  return kept(text);
}

/** Permissions by the data of a Set Session Permissions line (each session logs one of a few such lines). */
const permissionsByData = boundedMemo((data): readonly string[] => data.split(/\s+/).filter((p) => p !== '').slice(0, 40).map((p) => keep(p, 60)), KEPT);

/** The permissions a Set Session Permissions line grants (a fresh array: the session owns it). */
function permissionsOf(data: string): string[] {
  return permissionsByData(data).slice();
}

const verbOf = (text: string): string => {
  const space = text.indexOf(' ');
  return (space < 0 ? text : text.slice(0, space)).toUpperCase();
};

const detailOf = (text: string): string => {
  const because = /failed because of (\S+)/i.exec(text);
  if (because) return flatten(because[1]!.slice(0, 60));
  return keep(text, 120);
};

/** Reads a session's events in sequence order. */
export function analyzeSession(s: ExSession): SessionOutcome {
  const side: ExLogType = s.side === 'unknown' ? 'receive' : s.side;
  const ip = endpointAddress(s.remote);
  const cls = classifyAddress(ip);
  const o: SessionOutcome = {
    side: s.side,
    host: cls.cls === 'invalid' ? keep(ip, 60) : cls.canonical,
    hostValid: cls.cls !== 'invalid',
    helo: '',
    permissions: [],
    relayGranted: false,
    tls: false,
    authMechanism: '',
    authenticated: false,
    mailCommands: 0,
    recipients: 0,
    messages: 0,
    lastAccepted: NaN,
    refusals: [],
    findings: [],
    banner: '',
  };
  // On a receive log the client's commands are `<` and this server's replies `>`; on a send log the reverse.
  const commandEvent = side === 'send' ? '>' : '<';
  const replyEvent = side === 'send' ? '<' : '>';
  let command = '';
  let awaitingData = false;
  let detail = '';
  let connected = false;
  const reported = new Set<ExlogCodeKey>();
  const refuse = (rule: RefusalRule, e: ExSession['events'][number], reply: string): void => {
    // One TLS finding per session: the information line and the reply that follows tell the same story.
    if ((rule.key === 'tlsFailed' || rule.key === 'sendTls') && reported.has(rule.key)) return;
    reported.add(rule.key);
    o.refusals.push({ key: rule.key, reason: rule.reason, line: e.line, time: e.time, reply });
    o.findings.push({ key: rule.key, line: e.line, start: e.dataStart, end: e.dataEnd, rule, context: { connector: keep(s.connector, 120), host: o.host, permissions: o.permissions, detail } });
  };
  for (const e of s.events) {
    if (e.event === '+') connected = true;
    else if (e.event === commandEvent) {
      command = verbOf(e.data);
      if (command === 'EHLO' || command === 'HELO') o.helo = keep(e.data.slice(5).trim(), 80);
      else if (command === 'MAIL') o.mailCommands++;
      else if (command === 'AUTH') o.authMechanism = keep(verbOf(e.data.slice(5).trim()), 20);
      else if (command === 'BDAT' && /\bLAST\b/i.test(e.data)) awaitingData = true;
    } else if (e.event === replyEvent) {
      const parts = replyParts(e.data);
      const { code, enhanced } = parts;
      if (Number.isNaN(code)) continue;
      if (code === 220 && side === 'send' && o.banner === '' && command === '') o.banner = keep(e.data.slice(4).split(' ')[0] ?? '', 80);
      if (code === 354) awaitingData = true;
      else if (code === 235) o.authenticated = true;
      else if (code === 220 && command === 'STARTTLS') o.tls = true;
      else if (code >= 200 && code < 300 && command === 'RCPT') o.recipients++;
      else if (code >= 200 && code < 300 && awaitingData) {
        o.messages++;
        if (!Number.isNaN(e.time)) o.lastAccepted = Number.isNaN(o.lastAccepted) ? e.time : Math.max(o.lastAccepted, e.time);
      }
      if (code !== 354) awaitingData = false;
      const rule = matchReplyParts(s.side, parts, e.data, command);
      if (rule) refuse(rule, e, `${code}${enhanced ? ` ${enhanced}` : ''}`);
    } else if (e.event === '*') {
      if (/^Set Session Permissions$/i.test(e.context.trim())) {
        o.permissions = permissionsOf(e.data);
        o.relayGranted = o.permissions.some((p) => p.toLowerCase() === 'smtpacceptanyrecipient');
        continue;
      }
      const text = `${e.data} ${e.context}`;
      if (/negotiation succeeded/i.test(text)) o.tls = true;
      const rule = matchInfo(s.side, text);
      if (rule) {
        detail = detailOf(e.context || e.data);
        refuse(rule, e, '');
      } else if (/failed because of/i.test(text)) detail = detailOf(text);
    }
  }
  if (side === 'receive' && connected && s.closed && o.mailCommands === 0 && o.refusals.length === 0) {
    const first = s.events[0];
    if (first) o.findings.push({ key: 'unusedSession', line: first.line, start: first.dataStart, end: first.dataEnd, context: { connector: keep(s.connector, 120), host: o.host, permissions: o.permissions, detail: '' } });
  }
  return o;
}

/** The diagnostic message of a finding, once the relay connectors of the whole log are known. */
export function findingMessage(f: ExSessionFinding, relayConnectors: readonly string[]): string {
  if (f.rule) return f.rule.advice({ ...f.context, relayConnectors });
  if (f.key === 'unusedSession') {
    return `Session from ${f.context.host || '?'} on "${f.context.connector || '?'}" ended without MAIL FROM: a monitor or load-balancer probe, or a client that gave up (look for a TLS or AUTH step it expected).`;
  }
  return EXLOG_CODES[f.key].title;
}

/** The finding located on its line and worded. */
export function exFinding(f: ExSessionFinding, relayConnectors: readonly string[]): Finding {
  const info = EXLOG_CODES[f.key];
  return { code: info.code, severity: info.severity, message: findingMessage(f, relayConnectors), range: { start: { line: f.line, character: f.start }, end: { line: f.line, character: Math.max(f.end, f.start) } } };
}

/**
 * The connector a session shows to be a relay connector (kept as text), or '' when it does not: anonymous relay
 * granted on a named connector. Default connectors grant relay to authenticated sessions only; they are never
 * "the relay connector".
 */
export function relayConnectorOf(connector: string, o: SessionOutcome): string {
  return o.relayGranted && !o.authenticated && connector !== '' && !DEFAULT_RECEIVE_CONNECTOR.test(connector) ? keep(connector, 120) : '';
}

/** Non-default receive connectors that granted relay, for naming the right one in relay-refused advice. */
export class RelayConnectorSet {
  private readonly names = new Set<string>();
  add(connector: string, o: SessionOutcome): void {
    const name = this.names.size < 50 ? relayConnectorOf(connector, o) : '';
    if (name !== '') this.names.add(name);
  }
  list(): string[] {
    return [...this.names].sort();
  }
}
