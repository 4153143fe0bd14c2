// Groups applications by the migration playbook's scenarios and decides what the Edge needs: accepted
// domains (configured, from the metabase, or suggested from evidence), at most one authenticated and one
// anonymous-relay receive connector (an address appears in only one connector, since two connectors on one
// binding must not share ranges), message-size limits, and a send connector. Nothing is granted without
// evidence: sources whose recipients the logs do not prove are listed for review.
import type { Assessment, OutboundSummary, PlanWarning, SourceProfile } from '../protocol/assessment';
import { connectorRanges, hasIpv6, type WidenedBlock } from './ipRanges';
import { isDomainName } from '../traffic/domains';
import { messageSizePlan, type MessageSizePlan } from './sizes';
import { rejectionNotes } from './exoRejections';

export interface ReceivePlan {
  profiles: SourceProfile[];
  ranges: string[];
  bindings: string[];
  /** Blocks CIDR rounding made wider than the addresses seen. */
  widened: WidenedBlock[];
}

export interface AuthenticatedPlan extends ReceivePlan {
  authMechanism: string[];
  basic: boolean;
  /** Some basic-auth application authenticated without TLS, so BasicAuthRequireTLS would break it. */
  basicWithoutTls: boolean;
  integrated: boolean;
}

export interface ConnectorPlan {
  acceptedDomains: string[];
  acceptedDomainsInferred: boolean;
  acceptedDomainSource: Assessment['summary']['acceptedDomainSource'];
  acceptedDomainEvidence: { domain: string; evidence: string }[];
  excludedDomains: { domain: string; reason: string }[];
  internalOnly: SourceProfile[];
  authenticated?: AuthenticatedPlan;
  anonymousRelay?: ReceivePlan;
  /** Applications on the IIS server itself (loopback, or c-ip = s-ip): they will connect from that server's address. */
  onServer: SourceProfile[];
  /** Applications whose recipients the logs do not prove: never granted relay. */
  review: SourceProfile[];
  /** Applications whose anonymous relaying may be split authenticated sessions (SourceProfile.anonymousRelayWithheld): not granted it. */
  anonymousRelayWithheld: SourceProfile[];
  relayDenied: SourceProfile[];
  /** Internet hosts delivering ordinary mail to accepted domains. */
  inbound: SourceProfile[];
  publicSources: SourceProfile[];
  noise: SourceProfile[];
  send: OutboundSummary;
  sizes: MessageSizePlan;
  /** Why the assessment is incomplete, when it is. */
  partial: string[];
  warnings: PlanWarning[];
}

export const CONNECTOR_NAMES = {
  authenticated: 'IIS SMTP migration - authenticated applications',
  anonymousRelay: 'IIS SMTP migration - anonymous relay',
  send: 'IIS SMTP migration - outbound',
} as const;

export const BINDING = '0.0.0.0:25';
export const BINDING_V6 = '[::]:25';

function receivePlan(profiles: SourceProfile[], all: readonly SourceProfile[], cidrRounding: boolean): ReceivePlan {
  const mine = new Set(profiles.map((p) => p.address));
  // Rounding must never admit an address seen in another role: refused, public, noise, another connector's.
  const exclude = all.filter((p) => !mine.has(p.address)).map((p) => p.address);
  const { ranges, widened } = connectorRanges([...mine], cidrRounding, exclude);
  return { profiles, ranges, widened, bindings: hasIpv6(ranges) ? [BINDING, BINDING_V6] : [BINDING] };
}

function widenedNote(name: string, r: ReceivePlan, warnings: PlanWarning[]): void {
  if (r.widened.length === 0) return;
  const blocks = r.widened.map((w) => `${w.block} adds ${w.added} address(es) never seen (${w.seen} seen)`).join('; ');
  warnings.push({ code: 'cidr-widened', message: `CIDR rounding on the ${name} connector: ${blocks}. No block covers an address that was refused or seen in another role.` });
}

const list = (ps: readonly SourceProfile[]): string => ps.map((p) => p.address || '(no address)').slice(0, 10).join(', ') + (ps.length > 10 ? ` and ${ps.length - 10} more` : '');

export function buildPlan(assessment: Assessment, options: { cidrRounding: boolean }): ConnectorPlan {
  const apps = assessment.sources.filter((s) => s.category === 'application');
  const onServer = apps.filter((s) => s.origin === 'loopback' || s.origin === 'local');
  const routable = apps.filter((s) => !onServer.includes(s) && s.address !== '');
  const warnings: PlanWarning[] = [];
  const s = assessment.summary;
  const publicAll = assessment.sources.filter((p) => p.category === 'public');
  const plan: ConnectorPlan = {
    acceptedDomains: s.acceptedDomains.filter(isDomainName),
    acceptedDomainsInferred: s.acceptedDomainSource === 'inferred' || s.acceptedDomainSource === 'none',
    acceptedDomainSource: s.acceptedDomainSource,
    acceptedDomainEvidence: s.acceptedDomainEvidence,
    excludedDomains: s.excludedDomains,
    internalOnly: routable.filter((p) => p.scenario === 'internal-only'),
    onServer,
    review: routable.filter((p) => p.scenario === 'review' && !p.anonymousRelayWithheld),
    anonymousRelayWithheld: routable.filter((p) => p.anonymousRelayWithheld),
    relayDenied: assessment.sources.filter((p) => p.category === 'relay-denied'),
    inbound: assessment.sources.filter((p) => p.category === 'inbound'),
    publicSources: publicAll,
    noise: assessment.sources.filter((p) => p.category === 'noise'),
    send: assessment.outbound,
    sizes: messageSizePlan(s.largestMessage, s.configuredMaxMessageSize),
    partial: s.partial ?? [],
    warnings,
  };
  if (plan.partial.length > 0) warnings.push({ code: 'partial', message: `PARTIAL ASSESSMENT: ${plan.partial.join('; ')}. Traffic in the part not read is missing from this plan.` });
  const givenUp = assessment.quality.filter((q) => q.code === 'sessions-given-up').length;
  if (givenUp > 0) warnings.push({ code: 'sessions-given-up', message: `SESSIONS ENDED EARLY in ${givenUp} file(s) to bound memory (see the quality notes): a session that went on after that counts as a new one without its HELO or AUTH. Check every anonymous relay grant against the logs before running this script.` });
  if (plan.anonymousRelayWithheld.length > 0) warnings.push({ code: 'anonymous-relay-withheld', message: `${list(plan.anonymousRelayWithheld)} relayed without AUTH in some sessions and authenticated in others, in logs whose reading ended sessions early: an authenticated session cut in two looks the same, so anonymous relay is NOT granted to them. If the logs show they really relay without AUTH, add them to the anonymous relay connector by hand.` });
  const invalidDomains = s.acceptedDomains.length - plan.acceptedDomains.length;
  if (invalidDomains > 0) warnings.push({ code: 'invalid-domain', message: `${invalidDomains} accepted domain(s) are not valid domain names and were left out of the script.` });
  if (plan.acceptedDomains.length === 0 && apps.length > 0) warnings.push({ code: 'no-accepted-domain', message: 'No accepted domain could be determined: set iisSmtp.acceptedDomains (or --accepted-domain) and generate again.' });
  if (s.unlistedDomains) warnings.push({ code: 'accepted-domain-not-configured', message: `The logs show ${s.unlistedDomains.map((d) => `${d.domain} (${d.evidence})`).join('; ')}, but the configured accepted domains do not list it: mail to it counts as external and may be granted relay. Add it to iisSmtp.acceptedDomains (or --accepted-domain) if it is yours.` });
  if (s.acceptedDomainSource === 'inferred') warnings.push({ code: 'accepted-domains-inferred', message: `Accepted domains were inferred from the logs (${plan.acceptedDomains.join(', ')}): the New-AcceptedDomain lines are commented suggestions. Confirm them, or set iisSmtp.acceptedDomains (or --accepted-domain).` });

  const relay = routable.filter((p) => p.scenario === 'anonymous-relay');
  if (relay.length > 0) {
    plan.anonymousRelay = receivePlan(relay, assessment.sources, options.cidrRounding);
    warnings.push({
      code: 'anonymous-relay',
      exr: 'EXR001',
      message: `${relay.length} application(s) sent anonymously to external domains (each with at least one accepted RCPT to a domain that is not accepted): the script grants ms-Exch-SMTP-Accept-Any-Recipient to ANONYMOUS LOGON on a connector limited to ${plan.anonymousRelay.ranges.join(', ')}. The connector language reports this as EXR001 by design; prefer authenticated submission where the application allows it.`,
    });
    warnings.push({
      code: 'binding-all-interfaces',
      exr: 'EXR009',
      message: `The relay connector listens on ${plan.anonymousRelay.bindings.join(' and ')} (every interface). On an Edge with an internet-facing NIC, change -Bindings to the internal NIC address so the relay is not reachable from the internet.`,
    });
    widenedNote('anonymous relay', plan.anonymousRelay, warnings);
    const alsoAuth = relay.filter((p) => p.authenticatedSessions > 0);
    if (alsoAuth.length > 0) warnings.push({ code: 'mixed-auth', message: `${list(alsoAuth)} also authenticated in some sessions; the anonymous relay connector offers no AUTH, so configure these applications to send without authentication.` });
  }
  const auth = routable.filter((p) => p.scenario === 'authenticated');
  if (auth.length > 0) {
    const basic = auth.filter((p) => p.authentication.includes('basic') || p.authentication.includes('other'));
    const integrated = auth.some((p) => p.authentication.includes('integrated'));
    const basicWithoutTls = basic.some((p) => p.tlsSessions < p.authenticatedSessions);
    const mech = ['Tls'];
    if (basic.length > 0) mech.push('BasicAuth');
    if (basic.length > 0 && !basicWithoutTls) mech.push('BasicAuthRequireTLS');
    if (integrated) mech.push('Integrated');
    plan.authenticated = { ...receivePlan(auth, assessment.sources, options.cidrRounding), authMechanism: mech, basic: basic.length > 0, basicWithoutTls, integrated };
    if (basicWithoutTls) warnings.push({ code: 'basic-without-tls', exr: 'EXR004', message: 'Some applications authenticate with LOGIN/PLAIN without STARTTLS: the connector must allow BasicAuth without BasicAuthRequireTLS (EXR004: credentials in clear text). Enable TLS on those applications, then add BasicAuthRequireTLS.' });
    if (integrated) warnings.push({ code: 'integrated-auth', message: 'Some applications authenticate with NTLM (Integrated): a standalone Edge can check domain accounts only when it is domain-joined, and Exchange Online never accepts NTLM for SMTP. Consider relay by address or Basic over TLS for them.' });
    widenedNote('authenticated', plan.authenticated, warnings);
  }
  for (const r of [plan.anonymousRelay, plan.authenticated]) {
    if (r && r.bindings.includes(BINDING_V6)) {
      warnings.push({ code: 'ipv6-listener', message: `Some applications connect over IPv6, so the connector for ${list(r.profiles.filter((p) => p.address.includes(':')))} listens on ${BINDING_V6} as well as ${BINDING}.` });
      break;
    }
  }
  const zoned = apps.filter((p) => p.zoneDropped);
  if (zoned.length > 0) warnings.push({ code: 'zone-dropped', message: `${list(zoned)} appeared in the log with an IPv6 zone index (such as %eth0): the zone was dropped, it only means something on the host that logged it.` });
  const authOnlyAccepted = routable.filter((p) => p.scenario === 'internal-only' && p.authenticatedSessions > 0);
  if (authOnlyAccepted.length > 0) warnings.push({ code: 'auth-not-needed', message: `${list(authOnlyAccepted)} authenticated but only sent to accepted domains: no relay right is needed. The default Edge connector does not offer Basic authentication, so configure them to send without AUTH.` });
  if (plan.review.length > 0) warnings.push({ code: 'recipients-unknown', message: `${plan.review.length} application(s) delivered mail whose recipients the logs do not prove (${list(plan.review)}): no relay right is granted. See the review section for what is missing from the logs.` });
  if (onServer.length > 0) warnings.push({ code: 'on-server', message: `${onServer.length} application(s) run on the IIS server itself (loopback, or the client address is the address of the server): once pointed at the Edge they connect from the address of the IIS server. Add it to the right connector by hand.` });
  if (plan.relayDenied.length > 0) warnings.push({ code: 'relay-denied', message: `${plan.relayDenied.length} internal source(s) were only refused relay: listed for review, not granted.` });
  const stolen = publicAll.filter((p) => p.internetTraffic === 'stolen-credentials');
  if (stolen.length > 0) warnings.push({ code: 'stolen-credentials', message: `${list(stolen)}: Internet host(s) authenticated and relayed to external domains, the classic pattern of stolen credentials used for spam. Never granted on the Edge; reset the passwords of the accounts used and check the IIS relay settings now.` });
  const open = publicAll.filter((p) => p.internetTraffic === 'open-relay');
  if (open.length > 0) warnings.push({ code: 'open-relay', message: `${list(open)}: Internet host(s) relayed to external domains without authenticating: IIS is an open relay. Never granted on the Edge.` });
  if (plan.inbound.length > 0) warnings.push({ code: 'inbound-mail', message: `${plan.inbound.length} Internet host(s) delivered ordinary inbound mail to accepted domains: the server is also an inbound MX. The default receive connector of the Edge accepts that mail; move the MX record when you cut over.` });
  const others = publicAll.length - stolen.length - open.length;
  if (others > 0) warnings.push({ code: 'public-sources', message: `${others} other public address(es) connected: never granted; review them as possible abuse.` });
  if (plan.sizes.note) warnings.push({ code: 'message-size', message: plan.sizes.note });
  const send = plan.send;
  if (send.exchangeOnlineBasicAuth) {
    warnings.push({
      code: 'exo-basic-auth',
      message: `IIS relays through Exchange Online client submission with Basic authentication (${send.exchangeOnlineBasicAuth.evidence}). Exchange Online disables Basic SMTP AUTH for client submission by default for existing tenants at the end of December 2026 (MC786329; then 550 5.7.30). The Edge does not carry it forward: its send connector relays to the MX endpoint of the tenant on port 25 with TLS and a certificate, matched by an OnPremises inbound connector in Exchange Online; no credential is generated.`,
    });
  }
  const tenantGuessed = send.mode === 'smart-host' && send.exchangeOnline && send.smartHost === '' && send.alternativeSmartHost !== undefined;
  if (tenantGuessed) warnings.push({ code: 'exo-tenant-inferred', message: `The next hop is Exchange Online; its tenant MX endpoint (${send.alternativeSmartHost}) could only be derived from an inferred accepted domain, so the send connector is written commented: set iisSmtp.acceptedDomains (or --accepted-domain) to your tenant domains, or check the endpoint and uncomment it.` });
  else if (send.mode === 'smart-host' && send.smartHost === '') warnings.push({ code: 'placeholder-smart-host', message: 'The smart host could not be determined as a valid host name: the send connector uses a placeholder to replace.' });
  if (send.mode === 'smart-host' && send.exchangeOnline && !tenantGuessed) warnings.push({ code: 'exo-certificate', exr: 'EXR008', message: 'The send connector to Exchange Online needs TlsCertificateName from your Edge certificate (EXR008 until it is set): see the commented lines under the send connector.' });
  if (send.ambiguous) warnings.push({ code: 'outbound-ambiguous', message: `${send.explanation} Check the IIS Delivery tab (or give the metabase) before creating the send connector.` });
  if (send.mode === 'none') warnings.push({ code: 'no-outbound', message: 'The logs show no outbound delivery: no send connector is generated (give the metabase for the smart host).' });
  warnings.push(...rejectionNotes(apps, s.exoRejections));
  return plan;
}
