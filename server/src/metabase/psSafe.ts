// Safe-by-construction PowerShell text: single-quoted literals with every quote character doubled,
// strict validation for names and hosts, and comments that can never end early.
import ipaddr from 'ipaddr.js';

export { psQuote } from '../common/powershell';

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}$)(?:${LABEL}\\.)*${LABEL}$`);

/** A DNS host name (no wildcard), or null. */
export function validHostName(s: string): string | null {
  const t = s.trim().replace(/\.$/, '');
  return HOST_NAME.test(t) && !/^\d+(\.\d+)*$/.test(t) ? t.toLowerCase() : null;
}

/** An IPv4 address re-printed from its parsed form, or null. */
export function validIPv4(s: string): string | null {
  const t = s.trim();
  return ipaddr.IPv4.isValidFourPartDecimal(t) ? ipaddr.IPv4.parse(t).toString() : null;
}

/** A smart host: host name or IP literal (brackets stripped), re-printed; null if neither. */
export function validSmartHost(s: string): string | null {
  const t = s.trim().replace(/^\[(.*)\]$/, '$1');
  return validIPv4(t) ?? validHostName(t);
}

/** An SMTP address space domain: `*`, `domain`, or `*.domain`. */
export function validAddressSpace(s: string): string | null {
  const t = s.trim();
  if (t === '*') return '*';
  if (t.startsWith('*.')) {
    const h = validHostName(t.slice(2));
    return h ? `*.${h}` : null;
  }
  return validHostName(t);
}

/** Connector names: letters, digits, space and . _ ( ) - only; at most 64 characters. */
export function validConnectorText(s: string, max = 64): string | null {
  const t = s.trim().replace(/\s+/g, ' ');
  return /^[A-Za-z0-9][A-Za-z0-9 ._()-]*$/.test(t) ? t.slice(0, max).trim() : null;
}

/** Account names for Get-Credential: user@domain, DOMAIN\user or user. */
export function validUserName(s: string): string | null {
  const t = s.trim();
  return /^[A-Za-z0-9][A-Za-z0-9._@\\-]{0,127}$/.test(t) ? t : null;
}

/** Text for a `#` comment: printable ASCII only, so nothing can end the comment line. */
export function commentText(s: string): string {
  return s.replace(/[^\x20-\x7E]/g, '?');
}
