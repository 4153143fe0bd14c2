// Does a virtual server (or one of its remote domains) relay through Exchange Online's SMTP AUTH client
// submission with Basic authentication? That path stops working when Microsoft disables Basic SMTP AUTH
// (reference exchange-2026.md, "Exchange Online SMTP AUTH"). One test, read by the rule and the script.
import { isExchangeOnlineSubmission } from '../scriptEmitter/exchangeOnline';
import { RA } from './catalog/flags';
import type { DomainSummary, VirtualServerSummary } from './virtualServer';

export interface BasicSubmission {
  /** The smart host as written (validated by isExchangeOnlineSubmission). */
  host: string;
  port: number;
  userName?: string;
  /** RouteAction has SMTP_SASL or SMTP_AUTH_CLEARTEXT. */
  basicFlag: boolean;
}

const BASIC = RA.SASL | RA.AUTH_CLEARTEXT;

/** The server's default route, when it is Exchange Online SMTP AUTH with Basic credentials (a Basic flag or a RouteUserName). */
export function serverBasicSubmission(s: VirtualServerSummary): BasicSubmission | undefined {
  const o = s.outbound;
  if (!o.smartHost || o.smartHostType.value === 0 || !isExchangeOnlineSubmission(o.smartHost)) return undefined;
  const basicFlag = (o.routeAction.value & BASIC) !== 0;
  if (!basicFlag && !o.userName) return undefined;
  return { host: o.smartHost, port: o.port.value, userName: o.userName, basicFlag };
}

/** A remote domain routed to Exchange Online SMTP AUTH with Basic credentials. */
export function domainBasicSubmission(s: VirtualServerSummary, d: DomainSummary): BasicSubmission | undefined {
  if (!d.smartHost || !isExchangeOnlineSubmission(d.smartHost)) return undefined;
  if (!d.outboundBasic && !d.userName) return undefined;
  return { host: d.smartHost, port: s.outbound.port.value, userName: d.userName, basicFlag: d.outboundBasic };
}
