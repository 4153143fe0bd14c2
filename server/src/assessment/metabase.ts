// What the IIS metabase adds to the plan: the smart host of the Delivery tab and review notes (outbound
// authentication and TLS, open relay settings, log fields the assessment needs). Read through the metabase
// language's own decoder, so the settings mean the same as in the metabase editor.
import { errorText } from '../common/files';
import { readRegularFile } from '../common/safeRead';
import { serverBasicSubmission } from '../metabase/exchangeOnlineAuth';
import { decodeMetabaseBytes, summarizeMetabaseText, type VirtualServerSummary } from '../metabase/index';
import type { PlanWarning } from '../protocol/assessment';
import { isExchangeOnlineSubmission } from '../scriptEmitter/index';
import { isDomainName } from '../traffic/domains';

const MAX_METABASE_BYTES = 64 * 1024 * 1024;

export interface MetabaseFacts {
  /** As written (validated by the plan before it reaches a script). */
  smartHost?: string;
  alwaysTls?: boolean;
  /** Local domains of the virtual server (IIsSmtpDomain entries that are not remote), valid names only. */
  localDomains?: string[];
  /** MaxMessageSize in bytes when set and above 0. */
  maxMessageSize?: number;
  notes: PlanWarning[];
  error?: string;
}

/** The virtual server the logs came from: instance 1 (SMTPSVC1) when present, else the first one. */
function pickServer(servers: VirtualServerSummary[]): VirtualServerSummary | undefined {
  return servers.find((s) => s.instanceId === '1') ?? servers[0];
}

export function metabaseFacts(text: string): MetabaseFacts {
  const servers = summarizeMetabaseText(text);
  const s = pickServer(servers);
  if (!s) return { notes: [], error: 'The metabase has no SMTP virtual server.' };
  const notes: PlanWarning[] = [];
  const which = `SMTP virtual server ${s.instanceId}`;
  if (servers.length > 1) notes.push({ code: 'metabase-server', message: `The metabase has ${servers.length} SMTP virtual servers; ${which} was used for the send connector.` });
  const out = s.outbound;
  // Exchange Online client submission (smtp.office365.com) is never carried forward, whatever the
  // authentication: the metabase language's rule (a Basic flag or a RouteUserName) and any other
  // authentication to that host both get the Edge -> tenant MX path instead of smart-host credentials.
  const basicSubmission = serverBasicSubmission(s);
  const toExchangeOnline = out.smartHost !== undefined && isExchangeOnlineSubmission(out.smartHost);
  if (basicSubmission || (toExchangeOnline && out.auth !== 'anonymous')) {
    const how = basicSubmission || out.auth === 'basic' ? 'Basic' : 'Integrated';
    notes.push({ code: 'metabase-smarthost-auth', message: `IIS authenticated to Exchange Online client submission (${how}): that dependency is not carried forward. The send connector relays to the MX endpoint of the tenant on port 25 with TLS and a certificate instead; no credential is needed.` });
  } else if (out.auth !== 'anonymous') {
    notes.push({ code: 'metabase-smarthost-auth', message: `IIS authenticated to the smart host (${out.auth === 'basic' ? 'Basic' : 'Integrated'}). Add -SmartHostAuthMechanism BasicAuthRequireTLS and -AuthenticationCredential (Get-Credential) to the send connector: credentials are not in the metabase, so they are not generated.` });
  }
  if (out.alwaysTls.value) notes.push({ code: 'metabase-outbound-tls', message: 'IIS always used TLS to the next hop, so the send connector requires TLS too.' });
  if (s.relay.open) notes.push({ code: 'metabase-open-relay', message: `IIS relay restrictions on ${which}: ${s.relay.verdict}. The plan grants relay only to the addresses seen in the logs.` });
  if (s.logging.missingForAssessment.length > 0) notes.push({ code: 'metabase-log-fields', message: `Logging on ${which} omits ${s.logging.missingForAssessment.join(', ')}: some assessment answers are impossible from these logs.` });
  const localDomains = [...new Set(s.domains.filter((d) => d.isLocal && d.name !== '*').map((d) => d.name.toLowerCase()))].filter(isDomainName).sort();
  const facts: MetabaseFacts = { smartHost: out.smartHost, alwaysTls: out.alwaysTls.value === true, notes };
  if (localDomains.length > 0) facts.localDomains = localDomains;
  if (s.limits.maxMessageSize.value > 0) facts.maxMessageSize = s.limits.maxMessageSize.value;
  return facts;
}

export async function readMetabase(path: string, isCancelled?: () => boolean): Promise<MetabaseFacts> {
  try {
    return metabaseFacts(decodeMetabaseBytes(await readRegularFile(path, { maxBytes: MAX_METABASE_BYTES, isCancelled })));
  } catch (err) {
    return { notes: [], error: `The metabase file ${path.split(/[\\/]/).pop()} could not be read: ${errorText(err)}.` };
  }
}

/** The notes to add to a plan, including a read error. */
export function metabaseNotes(facts: MetabaseFacts | undefined): PlanWarning[] {
  if (!facts) return [];
  return facts.error ? [...facts.notes, { code: 'metabase', message: facts.error }] : facts.notes;
}
