// The text rules of generated PowerShell, in one place: the comment rule for values read from input,
// connector names, account names and time spans. Quoting is common/powershell.ts; host names are
// common/hostName.ts.

export { psList, psQuote } from '../common/powershell';

/** Characters allowed in comments: no quotes, `#`, `<`, `>`, backtick, `$`, control characters or line breaks. */
const COMMENT_UNSAFE = /[^A-Za-z0-9 .,:;@_\-()/=+*[\]!?%&]/g;

/**
 * The one rule for a value read from input (log, metabase, settings) that is shown in a `#` comment:
 * unsafe characters become `?` and the length is capped, so a value can neither end the comment nor
 * close a block comment an admin wraps around a section.
 */
export function commentText(value: string, max = 120): string {
  const clean = value.replace(COMMENT_UNSAFE, '?');
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}

/** Connector names: letters, digits, space and . _ ( ) - only; at most `max` characters (Exchange allows 64). */
export function connectorName(value: string, max = 64): string | null {
  const t = value.trim().replace(/\s+/g, ' ');
  return /^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/.test(t) ? t.slice(0, max).trim() : null;
}

/** Account names for Get-Credential: user@domain, DOMAIN\user or user. */
export function accountName(value: string): string | null {
  const t = value.trim();
  return /^[A-Za-z0-9][A-Za-z0-9._@\\-]{0,127}$/.test(t) ? t : null;
}

/** An Exchange EnhancedTimeSpan (`hh:mm:ss`, at most `1.00:00:00`) for a number of seconds, at least one second. */
export function timeSpan(seconds: number): string {
  const s = Math.max(1, Math.min(Math.floor(seconds), 86400));
  if (s >= 86400) return '1.00:00:00';
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}
