// Turning values read from logs into PowerShell text that cannot be anything but data: single-quoted
// literals with every quote character doubled, strict name patterns, and comments reduced to a safe
// character set. Nothing else in the script generator builds text from log values.

export { psList, psQuote } from '../common/powershell';

import { isDomainName } from '../traffic/domains';

export { isDomainName };

/** A host name is a domain name in this context (a smart host needs an FQDN). */
export function isHostName(value: string): boolean {
  return isDomainName(value.toLowerCase());
}

/** Characters allowed in comments: no quotes, `#`, `<`, `>`, backtick, `$`, control characters or line breaks. */
const COMMENT_UNSAFE = /[^A-Za-z0-9 .,:;@_\-()/=+*[\]!?%&]/g;

/** Text safe inside a `#` line comment: unsafe characters become `?`, length is capped. */
export function commentText(value: string, max = 120): string {
  const clean = value.replace(COMMENT_UNSAFE, '?');
  return clean.length > max ? `${clean.slice(0, max - 3)}...` : clean;
}
