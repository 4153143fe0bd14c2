// Renders a connector plan as an Exchange Management Shell script for a standalone Edge Transport server,
// following the migration playbook. Every cmdlet comes from the connector-script emitter (checked against
// the connector catalogue, values quoted there); every value read from the logs shown in a comment goes
// through commentText. The output depends only on the plan (deterministic).
import type { FileSummary, Scenario, SourceProfile } from '../protocol/assessment';
import {
  acceptedDomain,
  ANONYMOUS,
  AUTHENTICATED,
  commentText,
  EXO_TLS_DOMAIN,
  exchangeOnlineSendConnector,
  grantRights,
  isExchangeOnlineMx,
  receiveConnector,
  RELAY_RIGHT,
  ScriptWriter,
  SENDER_RIGHT,
  sendConnector,
  smartHost,
  transportConfig,
  type AuthMechanism,
  type ListenBinding,
} from '../scriptEmitter/index';
import { CONNECTOR_NAMES, type ConnectorPlan, type ReceivePlan } from './plan';
import { groupDigits } from '../common/numbers';

const SCENARIO_TEXT: Record<Scenario, string> = {
  'internal-only': 'nothing beyond the default connector (accepted domains only)',
  authenticated: 'the authenticated connector (section 3)',
  'anonymous-relay': 'the anonymous relay connector (section 4)',
  review: 'a decision: its recipients are not proven by the logs (see the review section)',
};

const INTERNET_TEXT = {
  'stolen-credentials': 'AUTHENTICATED from the Internet and relayed to external domains: stolen credentials used for spam?',
  'open-relay': 'relayed to external domains WITHOUT authenticating: open relay',
  inbound: 'inbound mail to accepted domains',
} as const;

const SMART_HOST_PLACEHOLDER = 'smarthost.replace-me.invalid';
const MAX_LISTED = 50;

function num(n: number): string {
  return groupDigits(n);
}

function span(p: SourceProfile): string {
  const a = p.firstSeen.slice(0, 10);
  const b = p.lastSeen.slice(0, 10);
  return a === '' ? 'dates unknown' : a === b ? a : `${a} to ${b}`;
}

function topList(items: { key: string; count: number }[], max = 5): string {
  const shown = items.slice(0, max).map((c) => `${c.key} (${num(c.count)})`);
  if (items.length > max) shown.push(`${items.length - max} more`);
  return shown.join(', ');
}

/** Evidence lines for one source, all sanitised (each is written as `#   text`). */
function evidence(p: SourceProfile): string[] {
  const lines = [`${p.address || '(no address)'}  HELO ${p.heloNames.slice(0, 3).join(', ') || '(none)'}  ${span(p)}`];
  if (p.messages > 0) lines.push(`  ${num(p.messages)} messages, ${num(p.recipients)} recipients, ${num(p.bytes)} bytes`);
  if (p.senders.length > 0) lines.push(`  senders: ${topList(p.senders)}`);
  if (p.acceptedRecipientDomains.length > 0) lines.push(`  to accepted domains: ${topList(p.acceptedRecipientDomains)}`);
  if (p.externalRecipientDomains.length > 0) lines.push(`  to external domains: ${topList(p.externalRecipientDomains)}`);
  if (p.unconfirmedRecipientDomains.length > 0) lines.push(`  recipients without status codes (sc-status not logged, acceptance not proven): ${topList(p.unconfirmedRecipientDomains)}`);
  if (p.unknownRecipientMessages > 0) lines.push(`  ${num(p.unknownRecipientMessages)} message(s) with no readable recipient (cs-uri-query not logged, or no RCPT record)`);
  if (p.internetTraffic) lines.push(`  ${INTERNET_TEXT[p.internetTraffic]}`);
  if (p.origin === 'local') lines.push('  the client address is the address of the IIS server (c-ip = s-ip): an application on the server itself');
  const auth = p.authMechanisms.length > 0 ? `AUTH ${p.authMechanisms.join('/')} in ${num(p.authenticatedSessions)} of ${num(p.sessions)} sessions` : `no AUTH in ${num(p.sessions)} sessions`;
  lines.push(`  ${auth}; STARTTLS in ${num(p.tlsSessions)}${p.usedHelo ? '; uses HELO (not EHLO)' : ''}`);
  if ((p.origin === 'loopback' || p.origin === 'local') && p.scenario) lines.push(`  needs: ${SCENARIO_TEXT[p.scenario]}`);
  if (p.maxMessageSize > 0 && p.messages > 0) lines.push(`  largest message ${num(p.maxMessageSize)} bytes`);
  if (p.relayDenials > 0) lines.push(`  relay denied ${num(p.relayDenials)} times, to ${topList(p.deniedDomains)}`);
  if (p.rejectedRecipients > 0) lines.push(`  ${num(p.rejectedRecipients)} recipient(s) in accepted domains refused with 550 (unknown users, not relay): ${topList(p.rejectedRecipientDomains)}`);
  if (p.unrecognizedCommands > 0) lines.push(`  ${num(p.unrecognizedCommands)} unrecognised commands`);
  return lines.map((l) => `  ${commentText(l, 160)}`);
}

function listed(profiles: SourceProfile[], w: ScriptWriter): void {
  for (const p of profiles.slice(0, MAX_LISTED)) w.comment(...evidence(p));
  if (profiles.length > MAX_LISTED) w.comment(`  ... and ${profiles.length - MAX_LISTED} more (see the assessment report)`);
}

function fileLine(f: FileSummary): string {
  const when = f.firstSeen ? ` ${f.firstSeen.slice(0, 10)} to ${f.lastSeen.slice(0, 10)}` : '';
  return `  ${commentText(`${f.name}${f.range ? ` (${f.range})` : ''}: ${num(f.records)} records${when}${f.error ? ' - NOT READ' : ''}`, 200)}`;
}

export interface ScriptContext {
  files: FileSummary[];
  firstSeen: string;
  lastSeen: string;
  messages: number;
  applications: number;
}

/** A smart host as written to the script: the emitter's host rule (a valid name or a re-printed IP), or the placeholder. */
function scriptHost(value: string): string {
  return smartHost(value) ?? SMART_HOST_PLACEHOLDER;
}

/** `0.0.0.0:25` / `[::]:25` of the plan as listeners. */
function listenBinding(text: string): ListenBinding {
  const m = /^\[?([^\]]*)\]?:(\d+)$/.exec(text);
  if (!m) throw new Error(`assessment script: binding ${text}`);
  return { address: m[1] === '0.0.0.0' ? null : m[1]!, port: Number(m[2]) };
}

/** A receive connector of the plan, with -MaxMessageSize when the 36 MB default is too small. */
function planReceiveConnector(w: ScriptWriter, name: string, r: ReceivePlan, plan: ConnectorPlan, auth?: { mechanisms: readonly AuthMechanism[] }): void {
  receiveConnector(w, {
    name,
    bindings: r.bindings.map(listenBinding),
    remoteIPRanges: r.ranges,
    authMechanism: auth?.mechanisms,
    permissionGroups: [auth ? 'ExchangeUsers' : 'AnonymousUsers'],
    limits: plan.sizes.receive ? { maxMessageSize: plan.sizes.limit } : undefined,
  });
}

export function renderScript(plan: ConnectorPlan, ctx: ScriptContext): string {
  const w = new ScriptWriter('line');
  const rule = '-'.repeat(100);
  const section = (title: string): void => {
    w.blank();
    w.comment(rule, title, rule);
  };
  w.comment('Exchange Edge Transport connectors for the applications that relayed through IIS SMTP.');
  if (plan.partial.length > 0) {
    w.comment(`PARTIAL ASSESSMENT: ${commentText(plan.partial.join('; '), 300)}.`, 'Traffic in the part that was not read is missing: do not cut over on this script alone.');
  }
  w.comment(
    'Generated by IIS SMTP Migration Assistant from these logs:',
    ...ctx.files.slice(0, MAX_LISTED).map(fileLine),
    ...(ctx.files.length > MAX_LISTED ? [`  ... and ${ctx.files.length - MAX_LISTED} more files`] : []),
    `Period: ${commentText(ctx.firstSeen ? `${ctx.firstSeen} to ${ctx.lastSeen}` : 'unknown')}; ${num(ctx.messages)} messages from ${num(ctx.applications)} applications.`,
    'Run it in the Exchange Management Shell of a standalone (not subscribed) Edge Transport server of',
    'Exchange Server SE (Exchange 2016 and 2019 are out of support since October 2025),',
    'after reviewing every block. Nothing here was copied from the logs: addresses are re-printed,',
    'names validated, and all values are single-quoted literals.',
  );
  for (const n of plan.warnings) w.note(n);
  w.reviewNotesHere();

  section('1. Accepted domains: the domains the applications send as');
  if (plan.acceptedDomains.length === 0) w.comment('None determined: add New-AcceptedDomain lines for your domains.');
  else if (plan.acceptedDomainSource === 'inferred') {
    w.comment('SUGGESTED, not confirmed: inferred from the logs. Uncomment the lines for domains that are really yours', '(or set iisSmtp.acceptedDomains / --accepted-domain and generate again).');
    for (const e of plan.acceptedDomainEvidence) {
      if (!plan.acceptedDomains.includes(e.domain)) continue;
      w.comment(`  evidence for ${commentText(e.domain)}: ${commentText(e.evidence, 200)}`);
      acceptedDomain(w, e.domain, 'Authoritative', { commented: true });
    }
  } else {
    const suggested = new Map(plan.acceptedDomainEvidence.map((e) => [e.domain, e.evidence]));
    w.comment(plan.acceptedDomainSource === 'metabase' ? 'From the metabase: the local domains of the IIS virtual server.' : 'From your settings.');
    for (const d of plan.acceptedDomains) if (!suggested.has(d)) acceptedDomain(w, d, 'Authoritative');
    if (suggested.size > 0) w.comment('SUGGESTED, not in the metabase: the logs show these domains are yours. Uncomment the lines you confirm.');
    for (const [d, e] of suggested) {
      if (!plan.acceptedDomains.includes(d)) continue;
      w.comment(`  evidence for ${commentText(d)}: ${commentText(e, 200)}`);
      acceptedDomain(w, d, 'Authoritative', { commented: true });
    }
  }
  if (plan.excludedDomains.length > 0) {
    w.comment('Sender domains seen but never suggested as accepted domains:');
    for (const e of plan.excludedDomains.slice(0, MAX_LISTED)) w.comment(`  ${commentText(e.domain)}: ${commentText(e.reason, 200)}`);
  }

  section('2. Applications sending only to accepted domains without authentication');
  if (plan.internalOnly.length === 0) w.comment('None.');
  else {
    w.comment('The default Edge receive connector already accepts this mail: no new connector is needed.', 'Point these applications at the Edge (DNS alias or moved IP address):');
    listed(plan.internalOnly, w);
  }

  section('3. Authenticated applications sending to any recipient');
  const a = plan.authenticated;
  if (!a) w.comment('None.');
  else {
    w.comment('Evidence:');
    listed(a.profiles, w);
    if (a.basicWithoutTls) w.comment('WARNING: some applications send LOGIN/PLAIN credentials without STARTTLS, so BasicAuthRequireTLS is not set.', 'Enable TLS on them, then run: Set-ReceiveConnector -Identity (name) -AuthMechanism Tls,BasicAuth,BasicAuthRequireTLS');
    if (a.integrated) w.comment('NTLM (Integrated): the Edge can verify domain accounts only when it is domain-joined; Exchange Online never', 'accepts NTLM for SMTP. Plan to move these applications to Basic over TLS or to relay by address.');
    planReceiveConnector(w, CONNECTOR_NAMES.authenticated, a, plan, { mechanisms: a.authMechanism as AuthMechanism[] });
    w.comment('A standalone Edge cannot resolve the authenticated user to an address: without this right it answers', '"550 5.7.60 Client does not have permissions to send as this sender".');
    grantRights(w, CONNECTOR_NAMES.authenticated, AUTHENTICATED, [SENDER_RIGHT]);
  }

  section('4. Applications relaying anonymously to external recipients');
  const r = plan.anonymousRelay;
  if (!r) w.comment('None.');
  else {
    w.comment('WARNING: anonymous relay. Anyone who can use these addresses can send anywhere through the Edge.', 'The connector is limited to exactly the addresses seen; keep it that narrow. Evidence:');
    listed(r.profiles, w);
    planReceiveConnector(w, CONNECTOR_NAMES.anonymousRelay, r, plan);
    grantRights(w, CONNECTOR_NAMES.anonymousRelay, ANONYMOUS, [RELAY_RIGHT]);
  }
  if (plan.anonymousRelayWithheld.length > 0) {
    w.comment('NOT GRANTED: these relayed without AUTH in some sessions and authenticated in others, in logs whose reading', 'ended sessions early (an authenticated session cut in two looks the same). Add them by hand only if the logs', 'show they really relay without AUTH. Evidence:');
    listed(plan.anonymousRelayWithheld, w);
  }

  section('5. Message size limits');
  const z = plan.sizes;
  w.comment(commentText(z.limit > 0 ? `Needed: ${z.limitText} (${z.origin}).` : `Unknown: ${z.origin}.`, 300));
  if (z.transport) {
    w.comment('The Edge refuses anything above MaxReceiveSize/MaxSendSize (10 MB by default), whatever the connectors allow.');
    transportConfig(w, { maxReceiveSize: z.limit, maxSendSize: z.limit });
  } else if (z.limit > 0) w.comment('The Edge defaults (10 MB transport, 36 MB receive connector, 35 MB send connector) already allow it.');

  if (plan.onServer.length > 0) {
    section('Applications on the IIS server itself (loopback, or the address of the server)');
    w.comment("They connect from the IIS server's own address once pointed at the Edge; add that address to the matching connector.");
    listed(plan.onServer, w);
  }

  if (plan.review.length > 0) {
    section('Applications to review (recipients not proven by the logs: no relay right granted)');
    w.comment('Log cs-uri-query and sc-status (IIS extended logging properties), collect again, and generate again;', 'or, if you know these applications only send to external recipients, add them to section 4 by hand.');
    listed(plan.review, w);
  }

  section('Internal sources refused relay (review: not granted)');
  if (plan.relayDenied.length === 0) w.comment('None.');
  else listed(plan.relayDenied, w);

  if (plan.inbound.length > 0) {
    section('Inbound Internet mail to accepted domains (the IIS server is also an MX: normal, not abuse)');
    w.comment("The Edge's default receive connector accepts this mail once the MX record points at the Edge.");
    listed(plan.inbound, w);
  }

  section('Public sources (never granted: possible abuse)');
  if (plan.publicSources.length === 0) w.comment('None.');
  else listed(plan.publicSources, w);
  if (plan.noise.length > 0) w.comment(`Plus ${num(plan.noise.length)} internal source(s) that connected without delivering mail (probes, monitoring, refused users).`);

  section('6. Send connector');
  sendSection(w, plan);
  w.blank();
  w.comment('Cut over gradually: move a few applications first, check mail flow (message tracking), then the rest.');
  return w.render('\r\n');
}

function sendSection(w: ScriptWriter, plan: ConnectorPlan): void {
  const s = plan.send;
  const maxMessageSize = plan.sizes.send ? plan.sizes.limit : undefined;
  const name = CONNECTOR_NAMES.send;
  if (s.mode === 'none') {
    w.comment('No outbound delivery in the logs: create the send connector by hand (DNS or smart host, as the IIS Delivery tab says).');
    return;
  }
  w.comment('Observed next hops:');
  for (const h of s.hops.slice(0, 10)) w.comment(`  ${commentText(`${h.address} ${h.bannerHost || ''}: ${num(h.connections)} connections, ${num(h.messages)} messages, STARTTLS in ${num(h.tlsConnections)}${h.recipientDomains.length > 0 ? `; recipients in ${topList(h.recipientDomains, 3)}` : ''}`, 200)}`);
  w.comment(commentText(s.explanation, 300));
  if (s.mode === 'direct') {
    sendConnector(w, { name, usage: 'Internet', addressSpaces: ['*'], route: { kind: 'dns' }, maxMessageSize });
    if (s.ambiguous) {
      w.comment('If IIS used a smart host (IIS Delivery tab, Advanced), use this instead of the line above:');
      const alt = new ScriptWriter('line');
      sendConnector(alt, { name, usage: 'Custom', addressSpaces: ['*'], route: { kind: 'smartHosts', hosts: [scriptHost(s.alternativeSmartHost ?? '')] }, maxMessageSize });
      w.comment(alt.render().trimEnd());
    }
    return;
  }
  const host = scriptHost(s.smartHost);
  if (s.exchangeOnline && host === SMART_HOST_PLACEHOLDER && s.alternativeSmartHost && isExchangeOnlineMx(s.alternativeSmartHost)) {
    // Derived from an inferred domain: a guess, so the whole recipe stays commented until the admin confirms it.
    w.comment('The next hop is Exchange Online, but the tenant MX endpoint below comes from an inferred accepted domain.', 'Check it in the Exchange admin center (Domains, DNS records), then remove the comment marks:');
    const alt = new ScriptWriter('line');
    exchangeOnlineSendConnector(alt, { name, smartHost: s.alternativeSmartHost, maxMessageSize });
    w.comment(...alt.render('\n').trimEnd().split('\n'));
    return;
  }
  w.comment(s.smartHostSource === 'metabase' ? 'Smart host from the metabase (IIS Delivery tab).' : s.exchangeOnline ? "The next hop is Exchange Online: the smart host is the tenant's MX host (derived from the main accepted domain; check it)." : 'Smart host as observed in the logs.');
  if (host === SMART_HOST_PLACEHOLDER) w.comment('PLACEHOLDER: replace the smart host below with the real one.');
  const route = { kind: 'smartHosts', hosts: [host] } as const;
  if (s.exchangeOnline && isExchangeOnlineMx(host)) exchangeOnlineSendConnector(w, { name, smartHost: host, maxMessageSize });
  else if (s.exchangeOnline) sendConnector(w, { name, usage: 'Custom', addressSpaces: ['*'], route, tls: { authLevel: 'DomainValidation', domain: EXO_TLS_DOMAIN }, maxMessageSize });
  else sendConnector(w, { name, usage: 'Custom', addressSpaces: ['*'], route, requireTls: s.requireTls, maxMessageSize });
}
