// Which host names are Exchange Online, decided once for the logs, the metabase, the scripts and the emitter:
// a tenant's MX endpoint, and the client-submission (SMTP AUTH) service.
import { hostName } from './hostName';

export const EXO_TLS_DOMAIN = 'mail.protection.outlook.com';
const EXO_MX_SUFFIX = `.${EXO_TLS_DOMAIN}`;

/** True for a tenant MX endpoint (`<tenant>.mail.protection.outlook.com`). */
export function isExchangeOnlineMx(host: string): boolean {
  const h = hostName(host);
  return h !== null && h.endsWith(EXO_MX_SUFFIX) && h.length > EXO_MX_SUFFIX.length;
}

/** Exchange Online's client-submission (SMTP AUTH) hosts: smtp.office365.com and any other *.office365.com name. */
export function isExchangeOnlineSubmission(host: string): boolean {
  const h = hostName(host);
  return h !== null && (h === 'office365.com' || h.endsWith('.office365.com'));
}
