// Per-application migration path, decided only from what the logs show. The primary path is the one the
// generated script implements (relay through the Edge) unless the evidence says the application is gone
// or its recipients are unknown; the other paths Microsoft lists (exchange-2026.md) are given as alternatives
// only when the evidence fits them (HVE: internal recipients only; OAuth: it already authenticates; ACS: bulk
// external mail; Direct Send: internal recipients and Exchange Online as next hop).
import type { AppVerdict, MigrationPath, OutboundSummary, SourceProfile } from '../protocol/assessment';
import { DAY_MS } from '../common/days';

/** An application silent for this long before the end of the logs is a retirement candidate... */
const SILENT_DAYS = 30;
/** ...when the logs cover at least this many days (a short capture proves nothing about silence). */
const MIN_PERIOD_DAYS = 60;
/** Peak messages per day from which external mail counts as bulk (ACS Email). */
const BULK_PER_DAY = 1000;

export function applicationVerdict(p: SourceProfile, periodStart: string, periodEnd: string, outbound: OutboundSummary): AppVerdict {
  const start = Date.parse(periodStart);
  const end = Date.parse(periodEnd);
  const last = Date.parse(p.lastSeen);
  const periodDays = (end - start) / DAY_MS;
  if (p.scenario === 'review') {
    const reason = p.anonymousRelayWithheld
      ? 'it relayed without AUTH only in sessions that may be an authenticated session cut in two (sessions were ended early to bound memory): decide from the logs'
      : 'its recipients are not proven by the logs (cs-uri-query or sc-status not logged)';
    return { path: 'review', reason, alternatives: [] };
  }
  if (Number.isFinite(last) && Number.isFinite(periodDays) && periodDays >= MIN_PERIOD_DAYS && (end - last) / DAY_MS >= SILENT_DAYS) {
    return { path: 'retire', reason: `not seen for ${Math.floor((end - last) / DAY_MS)} days before the end of ${Math.floor(periodDays)} days of logs: confirm it is gone before granting it anything`, alternatives: ['relay-through-edge'] };
  }
  const alternatives: MigrationPath[] = [];
  const internalOnly = p.externalRecipientDomains.length === 0;
  if (internalOnly) alternatives.push('hve');
  if (internalOnly && outbound.exchangeOnline) alternatives.push('direct-to-exo');
  if (p.authenticatedSessions > 0 && p.authentication.includes('basic')) alternatives.push('oauth-smtp-auth');
  const peak = p.messagesPerDay.reduce((m, d) => Math.max(m, d.count), 0);
  if (!internalOnly && peak >= BULK_PER_DAY) alternatives.push('acs');
  const why = internalOnly ? 'sends only to accepted domains' : `sends to ${p.externalRecipientDomains.length} external domain(s)`;
  return { path: 'relay-through-edge', reason: `${why}; the generated connectors carry it`, alternatives };
}
