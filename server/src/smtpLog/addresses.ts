// Envelope addresses from MAIL/RCPT arguments as IIS logs them (`+FROM:<a@b>+SIZE=12`, `+TO:+<c@d>`,
// `FROM:a@b` outbound). A literal `+` inside an address cannot be told from an encoded space; we keep
// `+` inside angle brackets, where spaces are not allowed anyway.
import { boundedMemo } from '../common/memo';

/** The address in a MAIL/RCPT argument, lower-cased; '' for the null sender `<>`; undefined if unreadable. */
export const envelopeAddress: (rawQuery: string) => string | undefined = boundedMemo(readEnvelopeAddress, { limit: 200_000 });

function readEnvelopeAddress(rawQuery: string): string | undefined {
  let s = rawQuery;
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 32)) i++;
  const colon = s.indexOf(':', i);
  if (colon < 0 || colon - i > 10) return undefined;
  const keyword = s.slice(i, colon).toUpperCase().replace(/[+ ]/g, '');
  if (keyword !== 'FROM' && keyword !== 'TO') return undefined;
  i = colon + 1;
  while (i < s.length && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 32)) i++;
  s = s.slice(i);
  if (s.startsWith('<')) {
    const close = s.indexOf('>');
    const inner = close < 0 ? s.slice(1) : s.slice(1, close);
    return inner.trim().toLowerCase().slice(0, 320);
  }
  const end = s.search(/[+ ]/);
  return (end < 0 ? s : s.slice(0, end)).toLowerCase().slice(0, 320);
}

/**
 * How much of a MAIL argument the log readers keep: up to the first `>` that a `+` or a space follows, where
 * ESMTP parameters begin (`+FROM:<a@b>+SIZE=2884`), or all of it. envelopeAddress reads the same address from
 * the kept part (the argument's address ends at or before that `>`), and no rule reads the parameters. IIS writes
 * a new SIZE on every message it delivers: without it the argument repeats all day, so the readers' column cache
 * and the memo above find it instead of decoding and remembering a new string per message.
 */
export function mailArgumentEnd(text: string, start: number, end: number): number {
  for (let i = start; i + 1 < end; i++) {
    if (text.charCodeAt(i) !== 62) continue;
    const next = text.charCodeAt(i + 1);
    if (next === 43 || next === 32) return i + 1;
  }
  return end;
}

/** mailArgumentEnd on latin1 bytes (the file readers' buffers). */
export function mailArgumentEndInBytes(bytes: Uint8Array, start: number, end: number): number {
  for (let i = start; i + 1 < end; i++) {
    if (bytes[i] !== 62) continue;
    const next = bytes[i + 1];
    if (next === 43 || next === 32) return i + 1;
  }
  return end;
}

/**
 * The domain of an address (after the last `@`, without a final dot); '' when there is none. Remembered: the same
 * domain string comes back, its hash already computed for the counting maps it keys.
 */
export const addressDomain: (address: string) => string = boundedMemo((address) => {
  const at = address.lastIndexOf('@');
  const end = address.charCodeAt(address.length - 1) === 46 ? address.length - 1 : address.length;
  return at < 0 ? '' : address.slice(at + 1, Math.max(at + 1, end));
}, { limit: 200_000 });

/** `LOGIN`, `NTLM`… from an AUTH argument (`+LOGIN`, `+PLAIN+dXNlcg==`). */
export function authMechanism(rawQuery: string): string {
  const m = /^[+ ]*([A-Za-z0-9_-]{1,20})/.exec(rawQuery);
  return m ? m[1]!.toUpperCase() : '';
}

/** The 3-digit reply code at the start of an outbound response (`250+2.1.0+Ok`), or -1. Hot path: no regex. */
export function replyCodeOf(rawQuery: string): number {
  if (rawQuery.length < 3) return -1;
  const a = rawQuery.charCodeAt(0) - 48;
  const b = rawQuery.charCodeAt(1) - 48;
  const c = rawQuery.charCodeAt(2) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 && c >= 0 && c <= 9 ? a * 100 + b * 10 + c : -1;
}

/** True when a domain is the accepted domain or one of its subdomains. */
export function domainMatches(domain: string, accepted: readonly string[]): boolean {
  for (const a of accepted) {
    if (domain === a || domain.endsWith(`.${a}`)) return true;
  }
  return false;
}
