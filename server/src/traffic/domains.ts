// Accepted domains: configured (iisSmtp.acceptedDomains / --accepted-domain), else from the metabase (the
// virtual server's local IIsSmtpDomain entries), else inferred from evidence in the logs. The editor and the
// assessment feed the same per-session evidence into the same rule, so they infer the same domains.
import { hostName } from '../common/hostName';
import { boundedMemo } from '../common/memo';
import { addressDomain, domainMatches } from '../smtpLog/addresses';
import type { Session } from '../smtpLog/types';
import { isDelivered, recipientsConfirmed } from './delivery';
import { isNonRoutableDomain, isPublicMailDomain } from './publicMailDomains';
import { isOrganisationSource, sourceOrigin } from './source';

/** A DNS domain already in canonical form (lower case, no trailing dot): the one host-name rule, common/hostName.ts. */
export function isDomainName(value: string): boolean {
  return hostName(value) === value;
}

/** True when a domain is an accepted domain or one of its subdomains. */
export { domainMatches } from '../smtpLog/addresses';

export type AcceptedDomainSource = 'settings' | 'metabase' | 'inferred' | 'none';

export interface InferredDomain {
  domain: string;
  /** Which evidence made it a candidate, in words (for the report and the script comment). */
  evidence: string;
}

export interface ExcludedDomain {
  domain: string;
  reason: string;
}

export interface AcceptedDomains {
  domains: string[];
  source: AcceptedDomainSource;
  /** Inferred only: why each domain is suggested. */
  inferred: InferredDomain[];
  /** Candidates seen in the logs that were not suggested, and why. */
  excluded: ExcludedDomain[];
  /** Configured source only: domains the logs prove are the organisation's that the setting does not list. */
  unlisted?: InferredDomain[];
}

/**
 * Evidence keys, counted once per delivered message: `#` a message from an organisation source,
 * `s:<d>` its sender domain, `i:<d>` a recipient domain of it, `x:<d>` a recipient domain of a message an
 * Internet host delivered without authenticating (confirmed by the status codes).
 */
export type DomainEvidence = Map<string, number>;

const MAX_EVIDENCE_KEYS = 20_000;

export function addEvidence(into: DomainEvidence, key: string, by = 1): void {
  const v = into.get(key);
  if (v !== undefined) into.set(key, v + by);
  else if (into.size < MAX_EVIDENCE_KEYS) into.set(key, by);
}

/** The keys already built, per kind and domain: the same key string each time, hashed once by the maps it keys. */
const builtKeys = {
  s: boundedMemo((d) => `s:${d}`, { limit: 100_000 }),
  i: boundedMemo((d) => `i:${d}`, { limit: 100_000 }),
  x: boundedMemo((d) => `x:${d}`, { limit: 100_000 }),
};

const evidenceKey = (kind: 's' | 'i' | 'x', domain: string): string => builtKeys[kind](domain);

/** One key per distinct recipient domain of a message, in first-seen order (most messages have one recipient: no set). */
function pushRecipientDomains(keys: string[], kind: 'i' | 'x', accepted: readonly string[]): void {
  if (accepted.length === 1) {
    const d = addressDomain(accepted[0]);
    if (d) keys.push(evidenceKey(kind, d));
    return;
  }
  for (const d of new Set(accepted.map(addressDomain))) if (d) keys.push(evidenceKey(kind, d));
}

/** The evidence keys of one session (one entry per message and key; keys may repeat across messages). */
export function sessionDomainEvidence(s: Session): string[] {
  if (s.direction !== 'in') return [];
  const origin = sourceOrigin(s.clientIp, s.serverIp).origin;
  const keys: string[] = [];
  if (isOrganisationSource(origin)) {
    for (const m of s.messages) {
      if (!isDelivered(m)) continue;
      keys.push('#');
      const from = addressDomain(m.from);
      if (from) keys.push(evidenceKey('s', from));
      pushRecipientDomains(keys, 'i', m.accepted);
    }
  } else if (origin === 'public' && !(s.auth !== 'none' && s.authStatus === 235)) {
    for (const m of s.messages) {
      if (!recipientsConfirmed(m)) continue;
      pushRecipientDomains(keys, 'x', m.accepted);
    }
  }
  return keys;
}

/** Why a domain can never be inferred ('' when it can). */
function exclusionReason(d: string): string {
  if (!isDomainName(d)) return 'not a valid domain name';
  if (isNonRoutableDomain(d)) return 'not routable on the Internet (single label or a private suffix such as .local)';
  if (isPublicMailDomain(d)) return 'a public mailbox provider or vendor domain, never your own';
  return '';
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

/**
 * The inference rule. A domain is suggested when it is routable, not a public-mail or vendor domain, and
 * either (a) at least half of the organisation's delivered messages were sent from it, or (b) Internet hosts
 * delivered mail to it without authenticating (the server accepted it as its own) and the organisation's
 * applications also send from or to it.
 */
export function inferAcceptedDomains(evidence: DomainEvidence): { inferred: InferredDomain[]; excluded: ExcludedDomain[] } {
  const total = evidence.get('#') ?? 0;
  const inferred = new Map<string, string>();
  const excluded = new Map<string, string>();
  const consider = (d: string, evidenceText: string, ok: boolean, failText: string): void => {
    if (inferred.has(d)) return;
    const reason = exclusionReason(d);
    if (reason !== '') excluded.set(d, reason);
    else if (ok) {
      inferred.set(d, evidenceText);
      excluded.delete(d);
    } else if (!excluded.has(d)) excluded.set(d, failText);
  };
  for (const [key, n] of evidence) {
    if (key.startsWith('s:')) {
      const d = key.slice(2);
      consider(d, `sender domain of ${n} of ${plural(total, 'message')} from your applications`, total > 0 && 2 * n >= total, `sender domain of only ${n} of ${plural(total, 'message')} from your applications, with no other evidence that it is yours`);
    }
  }
  for (const [key, n] of evidence) {
    if (!key.startsWith('x:')) continue;
    const d = key.slice(2);
    const own = (evidence.get(`s:${d}`) ?? 0) + (evidence.get(`i:${d}`) ?? 0);
    if (own > 0) consider(d, `${plural(n, 'message')} from Internet hosts to it were accepted without authentication, and your applications also use it`, true, '');
  }
  const byName = (a: { domain: string }, b: { domain: string }): number => (a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0);
  return {
    inferred: [...inferred].map(([domain, e]) => ({ domain, evidence: e })).sort(byName),
    excluded: [...excluded].map(([domain, reason]) => ({ domain, reason })).sort(byName),
  };
}

function cleanList(list: readonly string[]): string[] {
  return [...new Set(list.map((d) => d.trim().toLowerCase().replace(/\.$/, '')).filter((d) => d !== ''))].sort();
}

/** Configured → metabase → inferred: the first source that names any domain wins. */
export function resolveAcceptedDomains(configured: readonly string[], metabase: readonly string[], evidence: DomainEvidence): AcceptedDomains {
  const fromSettings = cleanList(configured);
  const { inferred, excluded } = inferAcceptedDomains(evidence);
  if (fromSettings.length > 0) {
    // Configured domains are authoritative; domains the logs prove are yours but the setting lacks are only
    // reported (mail to them counts as external, so it may be granted relay).
    const unlisted = inferred.filter((d) => !domainMatches(d.domain, fromSettings));
    return { domains: fromSettings, source: 'settings', inferred: [], excluded: [], ...(unlisted.length > 0 ? { unlisted } : {}) };
  }
  const fromMetabase = cleanList(metabase).filter((d) => d !== '*');
  if (fromMetabase.length > 0) {
    // The metabase often holds only the server's own default domain (smtp01.contoso.com): domains the logs
    // prove are the organisation's are added as suggestions too, so mail to them is never taken for relay.
    const extra = inferred.filter((d) => !fromMetabase.includes(d.domain));
    return { domains: [...new Set([...fromMetabase, ...extra.map((d) => d.domain)])].sort(), source: 'metabase', inferred: extra, excluded: excluded.filter((e) => !fromMetabase.includes(e.domain)) };
  }
  return { domains: inferred.map((d) => d.domain), source: inferred.length > 0 ? 'inferred' : 'none', inferred, excluded };
}

/** Incremental form for streaming callers (CLI check, editor): add sessions, merge parts, read the result. */
export class AcceptedDomainInference {
  readonly evidence: DomainEvidence = new Map();

  add(s: Session): void {
    for (const k of sessionDomainEvidence(s)) addEvidence(this.evidence, k);
  }

  merge(entries: Iterable<[string, number]>): void {
    for (const [k, n] of entries) addEvidence(this.evidence, k, n);
  }

  entries(): [string, number][] {
    return [...this.evidence];
  }

  result(): string[] {
    return inferAcceptedDomains(this.evidence).inferred.map((d) => d.domain);
  }
}
