// Exchange Online rules that will reject an application's mail, predicted before the cut-over from what the logs
// show (issue 11; facts from exchange-2026.md, "Exchange Online inbound rules"). Only evidence makes a
// prediction: the MAIL FROM domains an application used with the recipient domains they reached, the accepted
// domains (and where they come from: an inferred one is a guess), the plan's route, and the next hops IIS used.
//   - 550 5.7.64, the relay rule since 1 Nov 2023: relaying through Exchange Online needs the certificate domain
//     or the MAIL FROM domain to be an accepted domain, and a matching OnPremises inbound connector. Predicted for
//     mail to external domains, sent as a domain that is not accepted, that the plan routes through Exchange Online;
//     the certificate path of the plan covers it only when the Edge's certificate name is an accepted domain.
//   - 550 5.7.68, Reject Direct Send: anonymous mail as an accepted domain that no connector matches. Predicted
//     when the Edge will deliver by DNS to the tenant MX endpoint IIS used (no connector in the plan), or when the
//     verdict offers Direct Send as an alternative.
//   - 4.7.230/5.7.230 (out-of-date on-premises Exchange): IIS logs name no Exchange version, so it is never
//     predicted; the summary says so once.
import { exoReplyCode } from '../common/exoReplyCodes';
import { isExchangeOnlineMx } from '../common/exchangeOnlineHosts';
import type { AcceptedDomainSource } from '../traffic/domains';
import { domainMatches, isDomainName } from '../traffic/domains';
import { isExternalDomain } from '../traffic/relay';
import type { Count, ExoRejectionRule, ExoRejectionSummary, OutboundSummary, PlanWarning, PredictedRejection, SourceProfile } from '../protocol/assessment';
import { splitSenderRecipientKey } from './accumulator';

/** What a trigger found: the evidence values its texts are written from. */
interface Found {
  /** `as contoso.com to fabrikam.com (3)…`. */
  pairs: string;
  /** The accepted domains and where they come from. */
  accepted: string;
  /** The next hop the rule depends on (the tenant endpoint, or the MX endpoint IIS used). */
  hop: string;
}

interface Trigger {
  rule: ExoRejectionRule;
  /** Enhanced code; the reply line and the hover text come from common/exoReplyCodes.ts. */
  code: string;
  applies: PredictedRejection['applies'];
  /** The review-note code of the generated script. */
  note: string;
  /** The condition in a few words (review notes). */
  short: string;
  condition: (f: Found) => string;
  evidence: (f: Found) => string;
  action: string;
}

/** The predictions, as data: one entry per way the evidence meets a rule. */
export const EXO_REJECTION_TRIGGERS = {
  relayNotAccepted: {
    rule: 'tenant-attribution',
    code: '5.7.64',
    applies: 'plan',
    note: 'exo-tenant-attribution',
    short: 'relayed mail, after the cut-over, unless the inbound connector matches the Edge by a certificate whose name is an accepted domain',
    condition: (f) =>
      `After the cut-over the Edge relays this mail through Exchange Online (${f.hop}). Since 1 Nov 2023 Exchange Online relays only when the certificate domain or the MAIL FROM domain is an accepted domain of the tenant and an OnPremises inbound connector matches: rejected when that connector matches the Edge by IP address, or by a certificate whose name is not an accepted domain.`,
    evidence: (f) => `sends ${f.pairs}: that MAIL FROM domain is not among the ${f.accepted}`,
    action:
      "Make the application send as an address in an accepted domain, or add its domain to the tenant's accepted domains if it is yours; else keep the certificate path: the Edge presents a certificate named in an accepted domain and the inbound connector matches it (TlsSenderCertificateName). Null-sender mail (<>) always needs that path.",
  },
  directSendByDns: {
    rule: 'reject-direct-send',
    code: '5.7.68',
    applies: 'plan',
    note: 'exo-reject-direct-send',
    short: 'after the cut-over, once Reject Direct Send is on: the Edge delivers by DNS to the tenant MX endpoint and the plan has no inbound connector for it',
    condition: (f) =>
      `After the cut-over the Edge's send connector delivers by DNS to the tenant's MX endpoint (${f.hop}) and the plan writes no inbound connector for it: anonymous mail as an accepted domain that no connector matches is Direct Send, rejected once Reject Direct Send is turned on (Set-OrganizationConfig -RejectDirectSend $true, opt-in). IIS is in the same position today unless Exchange Online has a connector for its address; the logs cannot show one.`,
    evidence: (f) => `sends ${f.pairs}, in the ${f.accepted}; IIS delivered those recipient domains to ${f.hop}`,
    action: 'Before turning on Reject Direct Send, create an OnPremises inbound connector in Exchange Online that matches the Edge (its certificate, or its public IP), or route the Edge through the tenant endpoint as a smart host with that connector.',
  },
  directSendAlternative: {
    rule: 'reject-direct-send',
    code: '5.7.68',
    applies: 'alternative',
    note: 'exo-direct-send-alternative',
    short: 'only if moved to Direct Send while Reject Direct Send is on',
    condition: () =>
      'Only if the application is moved to Direct Send (a migration alternative) and Reject Direct Send is turned on (Set-OrganizationConfig -RejectDirectSend $true, opt-in): its mail would arrive anonymously as an accepted domain with no connector.',
    evidence: (f) => `sends ${f.pairs}, in the ${f.accepted}; the next hop today is ${f.hop}`,
    action: 'Keep it on the Edge (relay through the Edge), or create an inbound connector in Exchange Online for its public IP address before turning on Reject Direct Send.',
  },
} as const satisfies Record<string, Trigger>;

/** Said once in every output instead of a prediction the logs cannot support. */
export const NOT_PREDICTED = {
  outOfDateServer:
    '4.7.230/5.7.230 (Exchange Online throttles, then blocks, out-of-date on-premises Exchange servers sending over OnPremises inbound connectors) is not predicted: these IIS logs name no Exchange server version. Keep the Edge on a current Exchange Server SE update; whether Exchange Online fingerprints an Edge that is not subscribed is not confirmed.',
  noAcceptedDomain: '5.7.64 and 5.7.68 are not predicted: no accepted domain is known (set iisSmtp.acceptedDomains or --accepted-domain).',
  unprovenRecipients: (n: number): string =>
    `5.7.64 and 5.7.68 are not predicted for ${n} application(s) with delivered messages the logs do not prove (sc-status or cs-uri-query not logged): "none" does not cover those messages.`,
} as const;

/** What the plan and the logs say about Exchange Online, for every application. */
export interface ExoRoute {
  accepted: readonly string[];
  acceptedSource: AcceptedDomainSource;
  /** Accepted domains suggested from log evidence (inferred alone, or added to the metabase's). */
  suggested: readonly string[];
  outbound: OutboundSummary;
}

/** The plan's send connector goes to Exchange Online (the tenant MX endpoint, through an OnPremises inbound connector). */
export function routesToExchangeOnline(o: OutboundSummary): boolean {
  return o.mode === 'smart-host' && o.exchangeOnline;
}

const MAX_LISTED = 3;

function shown(domain: string): string {
  return isDomainName(domain) ? domain : '(not a valid domain)';
}

/** `as a.com to b.com (3), c.com (1); with a null sender (<>) to d.com (2)`: the largest first, a few of each. */
function describePairs(pairs: ReadonlyMap<string, Map<string, number>>): string {
  const total = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  const senders = [...pairs].sort((a, b) => total(b[1]) - total(a[1]) || (a[0] < b[0] ? -1 : 1));
  const parts = senders.slice(0, MAX_LISTED).map(([sender, to]) => {
    const recipients = [...to].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const list = recipients.slice(0, MAX_LISTED).map(([d, n]) => `${shown(d)} (${n})`);
    if (recipients.length > MAX_LISTED) list.push(`${recipients.length - MAX_LISTED} more domain(s)`);
    return `${sender === '' ? 'with a null sender (<>)' : `as ${shown(sender)}`} to ${list.join(', ')}`;
  });
  if (senders.length > MAX_LISTED) parts.push(`and ${senders.length - MAX_LISTED} more sender domain(s)`);
  return parts.join('; ');
}

function acceptedText(r: ExoRoute): string {
  const list = r.accepted.slice(0, 5).join(', ') + (r.accepted.length > 5 ? ` and ${r.accepted.length - 5} more` : '');
  switch (r.acceptedSource) {
    case 'settings':
      return `configured accepted domains (${list})`;
    case 'metabase':
      return r.suggested.length > 0
        ? `accepted domains from the metabase plus some inferred from the logs, a guess (${list}; the tenant may accept more)`
        : `accepted domains from the metabase (${list}; the tenant may accept more)`;
    default:
      return `accepted domains inferred from the logs (${list}; a guess until you confirm them)`;
  }
}

/** Pairs (sender domain → recipient domain → messages) that pass a filter. */
function selectPairs(pairs: ReadonlyMap<string, number>, keep: (sender: string, recipient: string) => boolean): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [key, n] of pairs) {
    const { sender, recipient } = splitSenderRecipientKey(key);
    if (!keep(sender, recipient)) continue;
    const to = out.get(sender) ?? new Map<string, number>();
    to.set(recipient, (to.get(recipient) ?? 0) + n);
    out.set(sender, to);
  }
  return out;
}

function predicted(t: Trigger, f: Found): PredictedRejection {
  return { rule: t.rule, code: t.code, reply: exoReplyCode(t.code)?.reply ?? t.code, applies: t.applies, condition: t.condition(f), evidence: t.evidence(f), action: t.action };
}

const isAcceptedSender = (sender: string, accepted: readonly string[]): boolean => sender !== '' && domainMatches(sender, accepted);

/**
 * The predictions for one application. `pairs` counts its delivered messages by (MAIL FROM domain, recipient
 * domain), recipients confirmed by the status codes (accumulator.ts).
 */
export function predictRejections(p: SourceProfile, pairs: ReadonlyMap<string, number>, r: ExoRoute): PredictedRejection[] {
  if (p.category !== 'application' || r.acceptedSource === 'none' || r.accepted.length === 0) return [];
  const out: PredictedRejection[] = [];
  const o = r.outbound;
  const accepted = acceptedText(r);
  if (routesToExchangeOnline(o)) {
    const relayed = selectPairs(pairs, (sender, recipient) => isExternalDomain(recipient, r.accepted) && !isAcceptedSender(sender, r.accepted));
    const hop = o.smartHost !== '' ? `send connector to ${o.smartHost}` : "send connector to the tenant's MX endpoint";
    if (relayed.size > 0) out.push(predicted(EXO_REJECTION_TRIGGERS.relayNotAccepted, { pairs: describePairs(relayed), accepted, hop }));
  }
  if (o.mode === 'direct') {
    // The tenant MX endpoints IIS delivered to, and the recipient domains it gave them.
    const mx = o.hops.filter((h) => isExchangeOnlineMx(h.bannerHost) && h.recipientDomains.length > 0);
    const viaMx = new Set(mx.flatMap((h) => h.recipientDomains.map((d) => d.key)));
    const direct = selectPairs(pairs, (sender, recipient) => isAcceptedSender(sender, r.accepted) && viaMx.has(recipient));
    const hop = mx.map((h) => `${h.bannerHost} (${h.address})`).slice(0, MAX_LISTED).join(', ');
    if (direct.size > 0) out.push(predicted(EXO_REJECTION_TRIGGERS.directSendByDns, { pairs: describePairs(direct), accepted, hop }));
  }
  const v = p.verdict;
  if (v && (v.path === 'direct-to-exo' || v.alternatives.includes('direct-to-exo'))) {
    const own = selectPairs(pairs, (sender) => isAcceptedSender(sender, r.accepted));
    const hop = o.smartHost !== '' && o.exchangeOnline ? `Exchange Online (${o.smartHost})` : 'Exchange Online';
    if (own.size > 0) out.push(predicted(EXO_REJECTION_TRIGGERS.directSendAlternative, { pairs: describePairs(own), accepted, hop }));
  }
  return out;
}

/** The summary line of every output: applications per code, and what is not predicted and why. */
export function rejectionSummary(apps: readonly SourceProfile[], r: ExoRoute): ExoRejectionSummary | undefined {
  const o = r.outbound;
  const exoInvolved = o.exchangeOnline || o.hops.some((h) => isExchangeOnlineMx(h.bannerHost)) || apps.some((p) => p.exoRejections || p.verdict?.alternatives.includes('direct-to-exo'));
  if (!exoInvolved) return undefined;
  const byCode = new Map<string, number>();
  let plan = 0;
  let alternative = 0;
  for (const p of apps) {
    const list = p.exoRejections ?? [];
    if (list.some((x) => x.applies === 'plan')) plan++;
    else if (list.length > 0) alternative++;
    for (const code of new Set(list.map((x) => x.code))) byCode.set(code, (byCode.get(code) ?? 0) + 1);
  }
  const notes: string[] = [];
  if (r.acceptedSource === 'none' || r.accepted.length === 0) notes.push(NOT_PREDICTED.noAcceptedDomain);
  // Predictions count only confirmed deliveries: messages the logs cannot confirm are unknown, not clear, whether
  // they are all of an application's (scenario review) or only some.
  const unproven = apps.filter((p) => p.scenario === 'review' || p.unknownRecipientMessages > 0 || p.unconfirmedRecipientDomains.length > 0).length;
  if (unproven > 0) notes.push(NOT_PREDICTED.unprovenRecipients(unproven));
  notes.push(NOT_PREDICTED.outOfDateServer);
  const counts: Count[] = [...byCode].map(([key, count]) => ({ key, count })).sort((a, b) => (a.key < b.key ? -1 : 1));
  return { planApplications: plan, alternativeApplications: alternative, byCode: counts, notes };
}

/** One line for every output: applications per code, on the plan's route and only on an alternative. */
export function rejectionSummaryLine(s: ExoRejectionSummary): string {
  if (s.planApplications + s.alternativeApplications === 0) return 'Predicted Exchange Online rejections: none from the evidence.';
  const codes = s.byCode.map((c) => `${c.key} (${c.count})`).join(', ');
  return `Predicted Exchange Online rejections: ${s.planApplications} application(s) on the plan's route, ${s.alternativeApplications} more only if moved to Direct Send; applications by code: ${codes}.`;
}

/** Applications listed by name in the review notes; the report and the exports list them all. */
const MAX_NOTED = 10;

/**
 * The generated script's review notes: per rule, what it is and what to do, then one note per application with
 * its evidence; last, what is not predicted and why. (Each note stays short: the script cuts them at 400 characters.)
 */
export function rejectionNotes(sources: readonly SourceProfile[], s: ExoRejectionSummary | undefined): PlanWarning[] {
  if (!s) return [];
  const notes: PlanWarning[] = [];
  for (const t of Object.values(EXO_REJECTION_TRIGGERS) as Trigger[]) {
    const hits = sources.flatMap((p) => (p.exoRejections ?? []).filter((r) => r.rule === t.rule && r.applies === t.applies).map((r) => ({ p, r })));
    if (hits.length === 0) continue;
    const reply = exoReplyCode(t.code)?.reply ?? t.code;
    notes.push({ code: t.note, message: `${hits.length} application(s) predicted to get ${reply}: ${t.short}.` }, { code: t.note, message: `What to do: ${t.action}` });
    for (const { p, r } of hits.slice(0, MAX_NOTED)) notes.push({ code: t.note, message: `${p.address || '(no address)'} ${r.evidence}.` });
    if (hits.length > MAX_NOTED) notes.push({ code: t.note, message: `and ${hits.length - MAX_NOTED} more application(s): see the assessment report.` });
  }
  for (const n of s.notes) notes.push({ code: 'exo-not-predicted', message: n });
  return notes;
}
