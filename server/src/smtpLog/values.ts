// Small parsers for the value syntaxes of SMTP log columns. All are total: bad input gives NaN / -1.
import { DAY_MS } from '../common/days';

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

function digits(s: string, start: number, end: number): number {
  if (end <= start) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** `yyyy-MM-dd` → UTC midnight in ms, or NaN. */
export function parseIsoDate(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  return validDate(y, m, d) ? Date.UTC(y, m - 1, d) : NaN;
}

/** `HH:mm:ss` (also `H:mm:ss`, optional `.fff`) → ms since midnight, or NaN. */
export function parseClock(s: string): number {
  const c1 = s.indexOf(':');
  const c2 = s.indexOf(':', c1 + 1);
  if (c1 < 1 || c1 > 2 || c2 !== c1 + 3) return NaN;
  const h = digits(s, 0, c1);
  const m = digits(s, c1 + 1, c2);
  let secEnd = s.length;
  let ms = 0;
  const dot = s.indexOf('.', c2);
  if (dot >= 0) {
    secEnd = dot;
    const frac = digits(s, dot + 1, Math.min(s.length, dot + 4));
    if (frac < 0) return NaN;
    ms = frac * Math.pow(10, 3 - Math.min(3, s.length - dot - 1));
  }
  if (secEnd !== c2 + 3) return NaN;
  const sec = digits(s, c2 + 1, secEnd);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) return NaN;
  return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

/** `M/D/YY` or `M/D/YYYY` (IIS log format, local date) → midnight ms read as UTC, or NaN. */
export function parseUsDate(s: string): number {
  const a = s.indexOf('/');
  const b = s.indexOf('/', a + 1);
  if (a < 1 || b < a + 2) return NaN;
  const m = digits(s, 0, a);
  const d = digits(s, a + 1, b);
  let y = digits(s, b + 1, s.length);
  const yLen = s.length - b - 1;
  if (yLen === 2 && y >= 0) y += y >= 70 ? 1900 : 2000;
  else if (yLen !== 4) return NaN;
  return validDate(y, m, d) ? Date.UTC(y, m - 1, d) : NaN;
}

/** NCSA `11/Oct/2006:13:16:41 -0600` → UTC ms, or NaN. */
export function parseNcsaTimestamp(s: string): number {
  const m = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{1,2}):(\d{2}):(\d{2})(?: ([+-])(\d{2})(\d{2}))?$/.exec(s);
  if (!m) return NaN;
  const month = MONTHS[m[2]!.toLowerCase()];
  const y = Number(m[3]);
  const d = Number(m[1]);
  if (month === undefined || !validDate(y, month + 1, d)) return NaN;
  const h = Number(m[4]);
  const min = Number(m[5]);
  const sec = Number(m[6]);
  if (h > 23 || min > 59 || sec > 60) return NaN;
  let t = Date.UTC(y, month, d, h, min, sec);
  if (m[7]) {
    const offset = (Number(m[8]) * 60 + Number(m[9])) * 60000;
    t += m[7] === '-' ? offset : -offset;
  }
  return t;
}

/** A non-negative decimal integer (up to 2^53), or -1. */
export function parseCount(s: string): number {
  if (s.length === 0 || s.length > 15) return -1;
  return digits(s, 0, s.length);
}

/** Undoes IIS's space encoding: every `+` in a value stood for a space (a literal `+` cannot be told apart). */
export function decodePlus(s: string): string {
  return s.indexOf('+') < 0 ? s : s.replace(/\+/g, ' ');
}

/** `yyyy-MM-dd HH:mm:ss` (the #Date directive) → UTC ms, or NaN. */
export function parseDirectiveDate(s: string): number {
  const trimmed = s.trim();
  const sp = trimmed.indexOf(' ');
  const date = parseIsoDate(sp < 0 ? trimmed : trimmed.slice(0, sp));
  if (Number.isNaN(date)) return NaN;
  if (sp < 0) return date;
  const clock = parseClock(trimmed.slice(sp + 1).trim());
  return Number.isNaN(clock) ? date : date + clock;
}

/** UTC midnight of a timestamp. */
export function utcDay(t: number): number {
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS);
}

/** `2008-03-26 19:18:06` for a UTC ms timestamp. */
export function formatTimestamp(t: number): string {
  return Number.isNaN(t) ? '?' : new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}
