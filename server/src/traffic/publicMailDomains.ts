// Domains that are never an organisation's own accepted domain, even when devices send as them: public
// mailbox providers (a NAS sending as someone@gmail.com) and vendors whose domains devices use by default
// (a UPS sending as ...@apc.com). Data, not logic: extend the table, not the rule. Matching includes
// subdomains (mail.yahoo.co.uk matches yahoo.co.uk).

export const PUBLIC_MAIL_DOMAINS: readonly string[] = [
  // Public mailbox providers.
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'hotmail.fr', 'live.com', 'msn.com',
  'yahoo.com', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'ymail.com', 'aol.com', 'icloud.com', 'me.com', 'mac.com',
  'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.com', 'protonmail.com', 'proton.me', 'zoho.com', 'yandex.com',
  'yandex.ru', 'mail.ru', 'qq.com', '163.com', '126.com', 'orange.fr', 'free.fr', 'laposte.net', 't-online.de',
  'libero.it', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'btinternet.com', 'fastmail.com',
  // Cloud mail and notification services used as sender domains by devices and applications.
  'onmicrosoft.com', 'sendgrid.net', 'amazonses.com', 'mailgun.org', 'mailchimp.com',
  // Device and software vendors whose domains appear as default sender addresses.
  'apc.com', 'schneider-electric.com', 'eaton.com', 'synology.com', 'qnap.com', 'netgear.com', 'hp.com', 'hpe.com',
  'canon.com', 'xerox.com', 'ricoh.com', 'kyocera.com', 'brother.com', 'konicaminolta.com', 'sharp.com',
  'lexmark.com', 'epson.com', 'dell.com', 'cisco.com', 'fortinet.com', 'sophos.com', 'veeam.com', 'vmware.com',
  'microsoft.com', 'example.com', 'example.org', 'example.net',
];

export function isPublicMailDomain(domain: string): boolean {
  for (const d of PUBLIC_MAIL_DOMAINS) if (domain === d || domain.endsWith(`.${d}`)) return true;
  return false;
}

/** Suffixes that are never routable on the Internet (RFC 6762, RFC 8375, common private conventions). */
export const NON_ROUTABLE_SUFFIXES: readonly string[] = ['local', 'lan', 'internal', 'intranet', 'corp', 'home', 'home.arpa', 'localdomain', 'localhost', 'test', 'invalid', 'example', 'private'];

/** Single-label names and private suffixes (`contoso.local`, `server`, `corp`). */
export function isNonRoutableDomain(domain: string): boolean {
  if (!domain.includes('.')) return true;
  for (const s of NON_ROUTABLE_SUFFIXES) if (domain === s || domain.endsWith(`.${s}`)) return true;
  return false;
}
