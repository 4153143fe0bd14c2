// The project's one rule for a DNS host or domain name that may reach a generated script (smart host,
// Fqdn, accepted domain, address space). The strictest of the rules the project had: at least two
// labels of letters, digits and inner hyphens (1-63 characters each, 253 in all) and an alphabetic or
// punycode top-level label, so an IP address, a single-label name or anything with a quote, space or
// non-ASCII character is never a host name.

const HOST = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** The canonical (trimmed, lower-case, no trailing dot) form of a host name, or null when it is not one. */
export function hostName(value: string): string | null {
  const t = value.trim().replace(/\.$/, '').toLowerCase();
  return HOST.test(t) ? t : null;
}

export function isHostName(value: string): boolean {
  return hostName(value) !== null;
}

/** `*`, `domain` or `*.domain` (an SMTP address space or an Exchange Online domain with subdomains). */
export function domainWithSubdomains(value: string): string | null {
  const t = value.trim();
  if (t === '*') return '*';
  if (t.startsWith('*.')) {
    const h = hostName(t.slice(2));
    return h ? `*.${h}` : null;
  }
  return hostName(t);
}
