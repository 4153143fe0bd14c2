// How the IIS server delivered onward, decided from evidence: a metabase smart host; one next hop for many
// recipient domains (a smart host); next hops that follow the recipient domains (DNS/MX routing); or
// undetermined, in which case DNS routing is proposed with the smart-host alternative commented.
import { isExchangeOnlineMx, isExchangeOnlineSubmission as isSubmissionHostName } from '../common/exchangeOnlineHosts';

/** A hop that is Exchange Online, as an MX endpoint or as the client-submission service. */
export function isExchangeOnlineFrontEnd(host: string): boolean {
  return isExchangeOnlineMx(host) || isSubmissionHostName(host);
}

/** The hop is client submission to Exchange Online: port 587, or a submission banner. */
export function isExchangeOnlineSubmission(h: { bannerHost: string; submissionRecords: number }): boolean {
  return isSubmissionHostName(h.bannerHost) || (h.submissionRecords > 0 && (h.bannerHost === '' || isExchangeOnlineFrontEnd(h.bannerHost)));
}

export interface HopEvidence {
  address: string;
  bannerHost: string;
  messages: number;
  connections: number;
  /** Recipient domains this hop was given (RCPT commands), with counts. */
  recipientDomains: { key: string; count: number }[];
  submissionRecords: number;
  basicAuthCommands: number;
}

export type RoutingEvidence = 'metabase' | 'exo-submission' | 'one-hop-many-domains' | 'hops-follow-domains' | 'undetermined' | 'no-outbound';

export interface RoutingDecision {
  mode: 'none' | 'smart-host' | 'direct';
  evidence: RoutingEvidence;
  /** The hop identity used as smart host ('exo' for Exchange Online), when mode is smart-host or as the alternative. */
  hop?: HopEvidence;
  exchangeOnline: boolean;
  /** Words for the report and the script. */
  explanation: string;
}

/** mx1.fabrikam.com → fabrikam.com (the organisation a host name belongs to, roughly). */
function parentDomain(host: string): string {
  const labels = host.split('.');
  return labels.length >= 3 ? labels.slice(1).join('.') : host;
}

function identityOf(h: HopEvidence): string {
  if ((h.bannerHost !== '' && isExchangeOnlineFrontEnd(h.bannerHost)) || isExchangeOnlineSubmission(h)) return 'exo';
  return h.bannerHost !== '' ? parentDomain(h.bannerHost) : h.address;
}

/** The hop's name belongs to the recipient domain (mx1.fabrikam.com for fabrikam.com): MX routing. */
function follows(h: HopEvidence, domain: string): boolean {
  if (h.bannerHost === '' || isExchangeOnlineFrontEnd(h.bannerHost)) return false;
  const p = parentDomain(h.bannerHost);
  return h.bannerHost.endsWith(`.${domain}`) || p === domain || domain.endsWith(`.${p}`);
}

export function decideRouting(hops: readonly HopEvidence[], metabaseSmartHost: boolean): RoutingDecision {
  const exchangeOnline = hops.some((h) => isExchangeOnlineMx(h.bannerHost));
  if (metabaseSmartHost) return { mode: 'smart-host', evidence: 'metabase', exchangeOnline, explanation: 'The metabase names a smart host (IIS Delivery tab).' };
  const used = hops.filter((h) => h.connections > 0 || h.messages > 0);
  if (used.length === 0) return { mode: 'none', evidence: 'no-outbound', exchangeOnline: false, explanation: 'The logs show no outbound delivery.' };
  // Client submission relays every recipient: it is a smart host by definition (replaced by the tenant's MX endpoint).
  const submission = used.find((h) => isExchangeOnlineSubmission(h));
  if (submission) {
    return { mode: 'smart-host', evidence: 'exo-submission', hop: submission, exchangeOnline: true, explanation: 'IIS submitted mail to Exchange Online client submission (smtp.office365.com, port 587): the Edge relays to the MX endpoint of the tenant on port 25 instead, with TLS and a certificate, and no Basic credential.' };
  }
  const groups = new Map<string, { hops: HopEvidence[]; domains: Set<string> }>();
  for (const h of used) {
    const id = identityOf(h);
    const g = groups.get(id) ?? { hops: [], domains: new Set<string>() };
    g.hops.push(h);
    for (const d of h.recipientDomains) if (d.key !== '') g.domains.add(d.key);
    groups.set(id, g);
  }
  const allDomains = new Set<string>();
  for (const g of groups.values()) for (const d of g.domains) allDomains.add(d);
  const main = [...groups.values()].sort((a, b) => b.hops.reduce((n, h) => n + h.messages, 0) - a.hops.reduce((n, h) => n + h.messages, 0))[0]!;
  const undetermined = (why: string): RoutingDecision => ({ mode: 'direct', evidence: 'undetermined', hop: main.hops[0], exchangeOnline, explanation: `${why} DNS routing is proposed; the smart-host alternative is commented out.` });
  if (allDomains.size === 0) return undetermined('The outbound records name no recipients (cs-uri-query not logged?), so a smart host cannot be told from direct delivery.');
  const everyFollows = used.every((h) => h.recipientDomains.length > 0 && h.recipientDomains.every((d) => follows(h, d.key)));
  if (everyFollows) return { mode: 'direct', evidence: 'hops-follow-domains', exchangeOnline, explanation: 'Each next hop belongs to the recipient domain it was given (MX delivery): DNS routing.' };
  if (groups.size === 1 && allDomains.size >= 2) {
    return { mode: 'smart-host', evidence: 'one-hop-many-domains', hop: main.hops[0], exchangeOnline, explanation: `The same next hop carried mail for ${allDomains.size} recipient domains: a smart host.` };
  }
  // Several next hops, each for its own recipient domains (no domain split between two of them): MX delivery.
  const owner = new Map<string, string>();
  let shared = false;
  for (const [id, g] of groups) for (const d of g.domains) {
    if (owner.has(d) && owner.get(d) !== id) shared = true;
    owner.set(d, id);
  }
  if (groups.size >= 2 && !shared) return { mode: 'direct', evidence: 'hops-follow-domains', exchangeOnline, explanation: `${groups.size} different next hops, each for its own recipient domains: DNS routing.` };
  return undetermined(groups.size === 1 ? 'All outbound mail went to one next hop for one recipient domain: that is a smart host or the own mail server of that domain.' : 'The next hops do not clearly follow the recipient domains.');
}
