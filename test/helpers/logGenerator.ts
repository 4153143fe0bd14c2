// Deterministic generator of realistic (synthetic) IIS SMTP W3C logs, with the ground truth the assessment
// must reproduce: which applications relay, how many messages per day, senders, recipients, auth, TLS,
// relay denials, public noise and the outbound next hop. Used by the tests and the benchmark.
import { createWriteStream } from 'node:fs';

/** One simulated sender of mail. */
export interface AppSpec {
  ip: string;
  helo: string;
  ehlo: boolean;
  auth: 'none' | 'LOGIN' | 'NTLM';
  tls: boolean;
  senders: string[];
  recipients: string[];
  /** Messages per working day: [min, max]. */
  perDay: [number, number];
  weekdaysOnly: boolean;
}

export const APPS: readonly AppSpec[] = [
  { ip: '10.1.20.15', helo: 'erp01.contoso.local', ehlo: true, auth: 'none', tls: false, senders: ['erp@contoso.com'], recipients: ['ap@contoso.com', 'finance@contoso.com', 'controller@contoso.com'], perDay: [20, 40], weekdaysOnly: true },
  { ip: '10.1.30.7', helo: 'SCANNER07', ehlo: false, auth: 'none', tls: false, senders: ['scans@contoso.com'], recipients: ['alice@contoso.com', 'bob@contoso.com', 'carol@contoso.com'], perDay: [5, 15], weekdaysOnly: true },
  { ip: '10.1.40.21', helo: 'web01.contoso.local', ehlo: true, auth: 'none', tls: false, senders: ['noreply@contoso.com', 'orders@contoso.com'], recipients: ['jane@fabrikam.example', 'sam@northwind.example', 'lee@adatum.example', 'sales@contoso.com'], perDay: [30, 60], weekdaysOnly: false },
  { ip: '10.1.40.22', helo: 'web02.contoso.local', ehlo: true, auth: 'none', tls: false, senders: ['noreply@contoso.com'], recipients: ['max@fabrikam.example', 'ana@wingtip.example'], perDay: [25, 50], weekdaysOnly: false },
  { ip: '10.1.50.10', helo: 'crm.contoso.local', ehlo: true, auth: 'LOGIN', tls: false, senders: ['crm@contoso.com'], recipients: ['buyer@tailspin.example', 'team@contoso.com'], perDay: [8, 20], weekdaysOnly: true },
  { ip: '10.1.50.11', helo: 'HRAPP', ehlo: true, auth: 'NTLM', tls: false, senders: ['hr@contoso.com'], recipients: ['staff@contoso.com'], perDay: [2, 6], weekdaysOnly: true },
  { ip: '127.0.0.1', helo: 'RELAY01', ehlo: true, auth: 'none', tls: false, senders: ['monitor@contoso.com'], recipients: ['admins@contoso.com'], perDay: [1, 3], weekdaysOnly: false },
];

/** An internal device that is refused relay (it never delivers a message). */
export const DENIED = { ip: '10.1.60.5', helo: 'printer-3f', sender: 'printer@contoso.com', recipient: 'partner@litware.example', perDay: [1, 3] as [number, number] };
/** A public host trying to relay, and a public scanner sending junk. */
export const PUBLIC_RELAY = { ip: '198.51.100.23', helo: 'mail.example.net', sender: 'promo@example.net', recipient: 'victim@example.org' };
export const PUBLIC_SCANNER = { ip: '203.0.113.45' };
/** The outbound next hop: Exchange Online front ends. */
export const OUTBOUND = { ips: ['52.101.68.10', '52.101.68.11'], banner: 'AM4PEPF00027A5E.mail.protection.outlook.com' };

export interface AppTruth {
  ip: string;
  helo: string;
  messages: number;
  perDay: Record<string, number>;
  senders: Record<string, number>;
  recipientDomains: Record<string, number>;
  bytes: number;
  auth: AppSpec['auth'];
  tls: boolean;
  sessions: number;
}

export interface GroundTruth {
  apps: Record<string, AppTruth>;
  denied: { ip: string; denials: number; domains: Record<string, number> };
  publicRelay: { ip: string; denials: number };
  scanner: { ip: string; unrecognized: number };
  outbound: { ips: string[]; banner: string; messages: number };
  days: string[];
  messages: number;
}

export interface GeneratorOptions {
  seed?: number;
  /** First day, `yyyy-mm-dd`. */
  start?: string;
  days?: number;
  /** Multiplies every application's daily volume. */
  scale?: number;
  /** Write outbound deliveries (default true). */
  outbound?: boolean;
  /**
   * Where the outbound deliveries go: `smart-host` (default: every message to the two Exchange Online front
   * ends) or `mx` (direct delivery: one connection per recipient domain, to that domain's MX hosts).
   */
  nextHop?: NextHop;
}

export type NextHop = 'smart-host' | 'mx';

/** The MX hosts of a recipient domain (direct delivery): two per domain, stable for the domain. */
export function mxHostsOf(domain: string): { ips: string[]; banner: string } {
  let h = 0;
  for (let i = 0; i < domain.length; i++) h = (h * 31 + domain.charCodeAt(i)) >>> 0;
  const a = 1 + (h % 200);
  const b = 1 + ((h >>> 8) % 250);
  return { ips: [`203.0.${a}.${b}`, `203.0.${a}.${(b % 250) + 1}`], banner: `mx.${domain}` };
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER_FIELDS = '#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Referer)';

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

function stamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1);
}

function bump(map: Record<string, number>, key: string, by = 1): void {
  map[key] = (map[key] ?? 0) + by;
}

/** Writes the lines of one day; returns them joined with CRLF. */
class DayWriter {
  lines: string[] = [];
  constructor(private readonly rnd: () => number) {}

  header(ms: number): void {
    this.lines.push('#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', `#Date: ${stamp(ms)}`, HEADER_FIELDS);
  }

  in(ms: number, ip: string, user: string, verb: string, query: string, status: number, csBytes: number, win32 = 0): void {
    this.lines.push(`${stamp(ms)} ${ip} ${user || '-'} SMTPSVC1 RELAY01 10.1.1.25 0 ${verb} - ${query || '-'} ${status} ${win32} ${20 + Math.floor(this.rnd() * 200)} ${csBytes} ${Math.floor(this.rnd() * 30)} SMTP - - -`);
  }

  outCmd(ms: number, ip: string, verb: string, arg: string): void {
    this.lines.push(`${stamp(ms)} ${ip} OutboundConnectionCommand SMTPSVC1 RELAY01 - 25 ${verb} - ${arg || '-'} 0 0 ${verb.length} 0 ${Math.floor(this.rnd() * 400)} SMTP - - -`);
  }

  outResp(ms: number, ip: string, reply: string): void {
    this.lines.push(`${stamp(ms)} ${ip} OutboundConnectionResponse SMTPSVC1 RELAY01 - 25 - - ${reply} 0 0 ${reply.length} 0 ${Math.floor(this.rnd() * 400)} SMTP - - -`);
  }

  /** The relay's own delivery of one message over one connection, banner to 221, as IIS logs it. */
  delivery(t: number, hop: string, banner: string, from: string, size: number, to: readonly string[]): void {
    this.outResp(t, hop, `220+${banner}+Microsoft+ESMTP+MAIL+Service+ready+at+${stamp(t).replace(' ', '+')}`);
    this.outCmd(t, hop, 'EHLO', 'RELAY01.contoso.local');
    this.outResp(t, hop, `250-${banner}+Hello+[192.0.2.10]`);
    this.outCmd(t, hop, 'STARTTLS', '');
    this.outResp(t, hop, '220+2.0.0+SMTP+server+ready');
    this.outCmd(t, hop, 'EHLO', 'RELAY01.contoso.local');
    this.outResp(t, hop, `250-${banner}+Hello+[192.0.2.10]`);
    this.outCmd(t, hop, 'MAIL', `FROM:<${from}>+SIZE=${size}`);
    this.outResp(t, hop, '250+2.1.0+Sender+OK');
    for (const r of to) {
      this.outCmd(t, hop, 'RCPT', `TO:<${r}>`);
      this.outResp(t, hop, '250+2.1.5+Recipient+OK');
    }
    this.outCmd(t, hop, 'DATA', '');
    this.outResp(t, hop, '354+Start+mail+input;+end+with+<CRLF>.<CRLF>');
    this.outResp(t, hop, `250+2.6.0+<${Math.floor(this.rnd() * 1e9)}@RELAY01>+[InternalId=${Math.floor(this.rnd() * 1e12)}]+Queued+mail+for+delivery`);
    this.outCmd(t, hop, 'QUIT', '');
    this.outResp(t, hop, `221+2.0.0+Service+closing+transmission+channel`);
  }
}

export interface GeneratedDay {
  /** File name in IIS's daily naming: `exYYMMDD.log`. */
  name: string;
  text: string;
}

function fileName(ms: number): string {
  const d = new Date(ms);
  return `ex${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}.log`;
}

/** Generates one log file per day, with the ground truth of all of them. */
export function generateLogs(options: GeneratorOptions = {}): { files: GeneratedDay[]; truth: GroundTruth } {
  const truth: GroundTruth = {
    apps: {},
    denied: { ip: DENIED.ip, denials: 0, domains: {} },
    publicRelay: { ip: PUBLIC_RELAY.ip, denials: 0 },
    scanner: { ip: PUBLIC_SCANNER.ip, unrecognized: 0 },
    outbound: { ips: [...OUTBOUND.ips], banner: OUTBOUND.banner, messages: 0 },
    days: [],
    messages: 0,
  };
  for (const a of APPS) truth.apps[a.ip] = { ip: a.ip, helo: a.helo, messages: 0, perDay: {}, senders: {}, recipientDomains: {}, bytes: 0, auth: a.auth, tls: a.tls, sessions: 0 };
  const files: GeneratedDay[] = [];
  const days = options.days ?? 2;
  const start = Date.parse(`${options.start ?? '2026-11-02'}T00:00:00Z`);
  for (let d = 0; d < days; d++) {
    const dayMs = start + d * 86_400_000;
    const lines = generateDay(dayMs, options, truth, (options.seed ?? 1) * 7919 + d);
    files.push({ name: fileName(dayMs), text: lines.join('\r\n') + '\r\n' });
  }
  return { files, truth };
}

interface PlannedSession {
  at: number;
  kind: 'app' | 'denied' | 'relay' | 'scanner';
  app?: AppSpec;
  messages?: number;
}

function generateDay(dayMs: number, options: GeneratorOptions, truth: GroundTruth, seed: number): string[] {
  const rnd = prng(seed);
  const w = new DayWriter(rnd);
  const scale = options.scale ?? 1;
  const day = new Date(dayMs).toISOString().slice(0, 10);
  const weekday = new Date(dayMs).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const planned: PlannedSession[] = [];
  const between = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const when = (): number => dayMs + 60_000 + Math.floor(rnd() * (86_400_000 - 120_000));
  for (const app of APPS) {
    if (app.weekdaysOnly && weekend) continue;
    let n = Math.round(between(app.perDay[0], app.perDay[1]) * scale);
    while (n > 0) {
      const batch = Math.min(n, between(1, 3));
      planned.push({ at: when(), kind: 'app', app, messages: batch });
      n -= batch;
    }
  }
  const deniedCount = Math.round(between(DENIED.perDay[0], DENIED.perDay[1]) * Math.max(1, scale / 4));
  for (let i = 0; i < deniedCount; i++) planned.push({ at: when(), kind: 'denied' });
  planned.push({ at: when(), kind: 'relay' });
  planned.push({ at: when(), kind: 'scanner' });
  planned.sort((a, b) => a.at - b.at);
  truth.days.push(day);

  w.header(planned.length > 0 ? planned[0]!.at : dayMs);
  let smartHost = 0;
  for (const p of planned) {
    let t = p.at;
    if (p.kind === 'app') {
      const app = p.app!;
      const tr = truth.apps[app.ip]!;
      tr.sessions++;
      w.in(t, app.ip, app.helo, app.ehlo ? 'EHLO' : 'HELO', `+${app.helo}`, 250, app.helo.length + 7);
      if (app.tls) {
        w.in(t, app.ip, app.helo, 'STARTTLS', '-', 220, 10);
        w.in(t, app.ip, app.helo, 'EHLO', `+${app.helo}`, 250, app.helo.length + 7);
      }
      if (app.auth !== 'none') w.in(t, app.ip, app.helo, 'AUTH', `+${app.auth}`, 235, 12);
      const delivered: { from: string; to: string[]; size: number }[] = [];
      for (let m = 0; m < p.messages!; m++) {
        const from = app.senders[Math.floor(rnd() * app.senders.length)]!;
        w.in(t, app.ip, app.helo, 'MAIL', `+FROM:<${from}>`, 250, from.length + 13);
        const count = between(1, Math.min(3, app.recipients.length));
        const first = Math.floor(rnd() * app.recipients.length);
        const to: string[] = [];
        for (let r = 0; r < count; r++) {
          const rcpt = app.recipients[(first + r) % app.recipients.length]!;
          to.push(rcpt);
          w.in(t, app.ip, app.helo, 'RCPT', `+TO:<${rcpt}>`, 250, rcpt.length + 11);
        }
        t += 1000;
        const size = 1200 + Math.floor(rnd() * 60_000);
        w.in(t, app.ip, app.helo, 'DATA', `+<${Math.floor(rnd() * 1e9)}@${app.helo}>`, 250, size);
        tr.messages++;
        truth.messages++;
        bump(tr.perDay, day);
        bump(tr.senders, from);
        for (const r of to) bump(tr.recipientDomains, domainOf(r));
        tr.bytes += size;
        delivered.push({ from, to, size });
      }
      w.in(t, app.ip, app.helo, 'QUIT', app.helo, 240, 4, 1000 + Math.floor(rnd() * 2000));
      if (options.outbound !== false) {
        for (const msg of delivered) {
          if (options.nextHop === 'mx') {
            // Direct delivery: one connection per recipient domain, to one of that domain's MX hosts.
            const byDomain = new Map<string, string[]>();
            for (const r of msg.to) byDomain.set(domainOf(r), [...(byDomain.get(domainOf(r)) ?? []), r]);
            for (const [domain, to] of byDomain) {
              const mx = mxHostsOf(domain);
              t += 500;
              w.delivery(t, mx.ips[Math.floor(rnd() * mx.ips.length)]!, mx.banner, msg.from, msg.size, to);
            }
          } else {
            t += 500;
            w.delivery(t, OUTBOUND.ips[smartHost++ % OUTBOUND.ips.length]!, OUTBOUND.banner, msg.from, msg.size, msg.to);
          }
          truth.outbound.messages++;
        }
      }
    } else if (p.kind === 'denied') {
      w.in(t, DENIED.ip, DENIED.helo, 'HELO', `+${DENIED.helo}`, 250, 17);
      w.in(t, DENIED.ip, DENIED.helo, 'MAIL', `+FROM:<${DENIED.sender}>`, 250, 34);
      w.in(t, DENIED.ip, DENIED.helo, 'RCPT', `+TO:<${DENIED.recipient}>`, 550, 36);
      w.in(t, DENIED.ip, DENIED.helo, 'QUIT', DENIED.helo, 240, 4, 310);
      truth.denied.denials++;
      bump(truth.denied.domains, domainOf(DENIED.recipient));
    } else if (p.kind === 'relay') {
      const r = PUBLIC_RELAY;
      w.in(t, r.ip, r.helo, 'EHLO', `+${r.helo}`, 250, 21);
      w.in(t, r.ip, r.helo, 'MAIL', `+FROM:<${r.sender}>`, 250, 32);
      w.in(t, r.ip, r.helo, 'RCPT', `+TO:<${r.recipient}>`, 550, 30);
      w.in(t, r.ip, r.helo, 'QUIT', r.helo, 240, 4, 812);
      truth.publicRelay.denials++;
    } else {
      const ip = PUBLIC_SCANNER.ip;
      w.in(t, ip, '', 'xxxx', '-', 500, 4);
      w.in(t, ip, '', 'get', '-', 500, 14);
      w.in(t, ip, '', 'QUIT', '-', 240, 4, 40);
      truth.scanner.unrecognized += 2;
    }
  }
  return w.lines;
}

/**
 * Writes a single large log of about `targetBytes` (days follow one another until the size is reached),
 * streamed to disk. Returns the bytes written. For the benchmark. `shape`: a relay server's log with its
 * outbound deliveries to a smart host (the default) or straight to the recipients' MX hosts, or inbound
 * sessions only.
 */
export type LogShape = NextHop | 'inbound-only';

export async function writeLargeLog(path: string, targetBytes: number, seed = 42, shape: LogShape = 'smart-host'): Promise<number> {
  const options: GeneratorOptions = shape === 'inbound-only' ? { scale: 20, outbound: false } : { scale: 20, nextHop: shape };
  const out = createWriteStream(path);
  let written = 0;
  let d = 0;
  const start = Date.parse('2025-01-01T00:00:00Z');
  const truth: GroundTruth = { apps: {}, denied: { ip: DENIED.ip, denials: 0, domains: {} }, publicRelay: { ip: PUBLIC_RELAY.ip, denials: 0 }, scanner: { ip: PUBLIC_SCANNER.ip, unrecognized: 0 }, outbound: { ips: [], banner: '', messages: 0 }, days: [], messages: 0 };
  for (const a of APPS) truth.apps[a.ip] = { ip: a.ip, helo: a.helo, messages: 0, perDay: {}, senders: {}, recipientDomains: {}, bytes: 0, auth: a.auth, tls: a.tls, sessions: 0 };
  while (written < targetBytes) {
    const text = generateDay(start + d * 86_400_000, options, truth, seed * 7919 + d).join('\r\n') + '\r\n';
    d++;
    written += Buffer.byteLength(text, 'latin1');
    if (!out.write(text, 'latin1')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return written;
}

/**
 * Writes about `targetBytes` of an open relay's day under a spam run, for the benchmark: relay attempts from
 * public addresses, each address seen once (a botnet), every attempt refused (EHLO, MAIL, one or two RCPT
 * answered 550), three in four ending with QUIT and the rest dropped without one, as bots do. The shape that
 * defeats per-address caches and leaves the most sessions open. `untimed`: without the date and time fields (a
 * layout IIS allows), so no idle limit can let the dropped sessions go. Returns the bytes written.
 */
export async function writeSpamRunLog(path: string, targetBytes: number, seed = 42, untimed = false): Promise<number> {
  const rnd = prng(seed);
  const out = createWriteStream(path);
  const w = new DayWriter(rnd);
  let written = 0;
  let n = 0;
  let t = Date.parse('2025-01-01T00:00:00Z');
  w.header(t);
  while (written < targetBytes) {
    for (let k = 0; k < 2000; k++, n++) {
      t += Math.floor(rnd() * 40);
      // 45.0.0.0/8 and up: public unicast, one address per attempt.
      const ip = `${45 + ((n >>> 24) & 63)}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
      const helo = rnd() < 0.3 ? `[${ip}]` : `host${n % 9973}.example${n % 31}.net`;
      w.in(t, ip, helo, 'EHLO', `+${helo}`, 250, 20);
      w.in(t, ip, helo, 'MAIL', `+FROM:<${'abcdefgh'[n % 8]}${n}@sender${n % 211}.example>`, 250, 34);
      const rcpts = rnd() < 0.5 ? 1 : 2;
      for (let r = 0; r < rcpts; r++) w.in(t, ip, helo, 'RCPT', `+TO:<user${(n * 7 + r) % 50000}@victim${n % 97}.example>`, 550, 36);
      if (n % 4 !== 3) w.in(t, ip, helo, 'QUIT', helo, 240, 4, 300 + Math.floor(rnd() * 900));
    }
    // Records lose their first two fields, '#Fields' its first two names (the date and time).
    if (untimed) w.lines = w.lines.map((line) => (line.startsWith('#') ? line.replace('#Fields: date time ', '#Fields: ') : line.slice(line.indexOf(' ', line.indexOf(' ') + 1) + 1)));
    const text = w.lines.join('\r\n') + '\r\n';
    w.lines = [];
    written += Buffer.byteLength(text, 'latin1');
    if (!out.write(text, 'latin1')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return written;
}
