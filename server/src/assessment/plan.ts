// Groups applications by the migration playbook's scenarios and decides what the Edge needs: accepted
// domains, at most one authenticated and one anonymous-relay receive connector (an address appears in only
// one connector, since two connectors on one binding must not share ranges), and a send connector.
import type { Assessment, OutboundSummary, PlanWarning, SourceProfile } from '../protocol/assessment';
import { remoteIpRanges } from './ipRanges';
import { isDomainName } from './psText';
import { plural } from '../common/plural';

export interface ReceivePlan {
  profiles: SourceProfile[];
  ranges: string[];
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
  internalOnly: SourceProfile[];
  authenticated?: AuthenticatedPlan;
  anonymousRelay?: ReceivePlan;
  /** Applications on the IIS server itself (loopback): they will connect from that server's address. */
  loopback: SourceProfile[];
  relayDenied: SourceProfile[];
  publicSources: SourceProfile[];
  noise: SourceProfile[];
  send: OutboundSummary;
  warnings: PlanWarning[];
}

export const CONNECTOR_NAMES = {
  authenticated: 'IIS SMTP migration - authenticated applications',
  anonymousRelay: 'IIS SMTP migration - anonymous relay',
  send: 'IIS SMTP migration - outbound',
} as const;

export const BINDING = '0.0.0.0:25';

export function buildPlan(assessment: Assessment, options: { cidrRounding: boolean }): ConnectorPlan {
  const apps = assessment.sources.filter((s) => s.category === 'application');
  const loopback = apps.filter((s) => s.addressClass === 'loopback');
  const routable = apps.filter((s) => s.addressClass !== 'loopback' && s.address !== '');
  const warnings: PlanWarning[] = [];
  const plan: ConnectorPlan = {
    acceptedDomains: assessment.summary.acceptedDomains.filter(isDomainName),
    acceptedDomainsInferred: assessment.summary.acceptedDomainsInferred,
    internalOnly: routable.filter((s) => s.scenario === 'internal-only'),
    loopback,
    relayDenied: assessment.sources.filter((s) => s.category === 'relay-denied'),
    publicSources: assessment.sources.filter((s) => s.category === 'public'),
    noise: assessment.sources.filter((s) => s.category === 'noise'),
    send: assessment.outbound,
    warnings,
  };
  const invalidDomains = assessment.summary.acceptedDomains.length - plan.acceptedDomains.length;
  if (invalidDomains > 0) warnings.push({ code: 'invalid-domain', message: `${invalidDomains} accepted domain(s) are not valid domain names and were left out of the script.` });
  if (plan.acceptedDomains.length === 0 && apps.length > 0) warnings.push({ code: 'no-accepted-domain', message: 'No accepted domain could be determined: set iisSmtp.acceptedDomains (or --accepted-domain) and generate again.' });

  const relay = routable.filter((s) => s.scenario === 'anonymous-relay');
  if (relay.length > 0) {
    plan.anonymousRelay = { profiles: relay, ranges: remoteIpRanges(relay.map((s) => s.address), options.cidrRounding) };
    warnings.push({
      code: 'anonymous-relay',
      exr: 'EXR001',
      message: `${plural(relay.length, 'application sends', 'applications send')} anonymously to external domains: the script grants ms-Exch-SMTP-Accept-Any-Recipient to ANONYMOUS LOGON on a connector limited to ${plan.anonymousRelay.ranges.join(', ')}. The connector language reports this as EXR001 by design; prefer authenticated submission where the application allows it.`,
    });
    warnings.push({
      code: 'binding-all-interfaces',
      exr: 'EXR009',
      message: `The relay connector listens on ${BINDING} (every interface). On an Edge with an internet-facing NIC, change -Bindings to the internal NIC address so the relay is not reachable from the internet.`,
    });
    const alsoAuth = relay.filter((s) => s.authenticatedSessions > 0);
    if (alsoAuth.length > 0) warnings.push({ code: 'mixed-auth', message: `${alsoAuth.map((s) => s.address).join(', ')} also authenticated in some sessions; the anonymous relay connector offers no AUTH, so configure these applications to send without authentication.` });
  }
  const auth = routable.filter((s) => s.scenario === 'authenticated');
  if (auth.length > 0) {
    const basic = auth.filter((s) => s.authentication.includes('basic') || s.authentication.includes('other'));
    const integrated = auth.some((s) => s.authentication.includes('integrated'));
    const basicWithoutTls = basic.some((s) => s.tlsSessions < s.authenticatedSessions);
    const mech = ['Tls'];
    if (basic.length > 0) mech.push('BasicAuth');
    if (basic.length > 0 && !basicWithoutTls) mech.push('BasicAuthRequireTLS');
    if (integrated) mech.push('Integrated');
    plan.authenticated = { profiles: auth, ranges: remoteIpRanges(auth.map((s) => s.address), options.cidrRounding), authMechanism: mech, basic: basic.length > 0, basicWithoutTls, integrated };
    if (basicWithoutTls) warnings.push({ code: 'basic-without-tls', exr: 'EXR004', message: 'Some applications authenticate with LOGIN/PLAIN without STARTTLS: the connector must allow BasicAuth without BasicAuthRequireTLS (EXR004: credentials in clear text). Enable TLS on those applications, then add BasicAuthRequireTLS.' });
    if (integrated) warnings.push({ code: 'integrated-auth', message: 'Some applications authenticate with NTLM (Integrated): a standalone Edge can check domain accounts only when it is domain-joined, and Exchange Online never accepts NTLM for SMTP. Consider relay by address or Basic over TLS for them.' });
  }
  if (loopback.length > 0) warnings.push({ code: 'loopback-source', message: `${plural(loopback.length, 'application runs', 'applications run')} on the IIS server itself (127.0.0.1): once pointed at the Edge they connect from the address of the IIS server, which is not in the logs. Add it to the right connector by hand.` });
  if (plan.relayDenied.length > 0) warnings.push({ code: 'relay-denied', message: `${plural(plan.relayDenied.length, 'internal source was', 'internal sources were')} only refused relay: listed for review, not granted.` });
  if (plan.publicSources.length > 0) warnings.push({ code: 'public-sources', message: `${plural(plan.publicSources.length, 'public address', 'public addresses')} connected: never granted; review them as possible abuse.` });
  const send = plan.send;
  if (send.mode === 'smart-host' && send.smartHost === '') warnings.push({ code: 'placeholder-smart-host', message: 'The smart host could not be determined as a valid host name: the send connector uses a placeholder to replace.' });
  if (send.mode === 'smart-host' && send.exchangeOnline) warnings.push({ code: 'exo-certificate', exr: 'EXR008', message: 'The send connector to Exchange Online needs TlsCertificateName from your Edge certificate (EXR008 until it is set): see the commented lines under the send connector.' });
  if (send.ambiguous) warnings.push({ code: 'outbound-ambiguous', message: 'All outbound mail went to one server for one recipient domain: that may be a smart host or that domain\u2019s own mail server. Check the IIS Delivery tab (or give the metabase) before creating the send connector.' });
  if (send.mode === 'none') warnings.push({ code: 'no-outbound', message: 'The logs show no outbound delivery: no send connector is generated (give the metabase for the smart host).' });
  return plan;
}
