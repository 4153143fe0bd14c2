// Relay facts: whether a refused recipient was a relay attempt or an unknown user, and what an Internet
// host's delivered mail means (inbound mail, open relay, or stolen credentials).
import { addressDomain, domainMatches } from '../smtpLog/addresses';

/** A recipient answered 550: relay denied when its domain is not accepted, an unknown user when it is. */
export function refusalKind(address: string, accepted: readonly string[]): 'relay-denied' | 'rejected-recipient' {
  const d = addressDomain(address);
  return d !== '' && domainMatches(d, accepted) ? 'rejected-recipient' : 'relay-denied';
}

/** A recipient domain an Edge would need the relay right for ('' = unknown address: never counts as external). */
export function isExternalDomain(domain: string, accepted: readonly string[]): boolean {
  return domain !== '' && domain !== '(none)' && !domainMatches(domain, accepted);
}

/**
 * What an Internet (public) host's delivered mail is: `stolen-credentials` when it authenticated and relayed
 * to external domains (the classic pattern of a compromised account used for spam), `open-relay` when it
 * relayed without authenticating, `inbound` when everything went to accepted domains (ordinary inbound mail
 * of a server that is also an MX), '' when nothing was delivered or recipients are unknown.
 */
export type InternetTraffic = 'stolen-credentials' | 'open-relay' | 'inbound' | '';

export function internetTraffic(f: { authenticated: boolean; externalDelivered: number; acceptedDelivered: number }): InternetTraffic {
  if (f.externalDelivered > 0) return f.authenticated ? 'stolen-credentials' : 'open-relay';
  if (f.acceptedDelivered > 0) return 'inbound';
  return '';
}
