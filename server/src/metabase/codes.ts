// Stable diagnostic codes of the metabase language. Knowledge as data: severity, the reference rule
// id (metabase.md §4) and how sure the underlying behaviour is.
import type { CodeInfo, DiagnosticVocabulary, Severity } from '../common/finding';
import type { Confidence } from './catalog/flags';

export interface CodeDef extends CodeInfo {
  /** Rule id in the reference, where there is one. */
  rule?: string;
  confidence: Confidence;
}

const E: Severity = 'error';
const W: Severity = 'warning';
const I: Severity = 'info';

export const CODES = {
  xmlSyntax: { code: 'METABASE001', title: 'XML syntax problem', severity: W, confidence: 'high' },
  doctype: { code: 'METABASE002', title: 'DOCTYPE / DTD present (never processed)', severity: E, confidence: 'high' },
  entity: { code: 'METABASE003', title: 'Entity reference not expanded', severity: W, confidence: 'high' },
  depth: { code: 'METABASE004', title: 'Nesting too deep', severity: E, confidence: 'high' },
  limit: { code: 'METABASE005', title: 'Size limit reached', severity: E, confidence: 'high' },
  badChars: { code: 'METABASE006', title: 'Invalid or binary characters', severity: E, confidence: 'high' },
  notMetabase: { code: 'METABASE007', title: 'Not a metabase export', severity: W, confidence: 'high' },
  hugeValue: { code: 'METABASE008', title: 'Value too large to analyse', severity: W, confidence: 'high' },
  wrongKeyType: { code: 'METABASE010', title: 'Property not valid for this key type', severity: W, confidence: 'medium' },
  unknownProperty: { code: 'METABASE011', title: 'Property not in the SMTP catalogue', severity: I, confidence: 'medium' },
  wrongValueType: { code: 'METABASE012', title: 'Value of the wrong type', severity: E, confidence: 'high' },
  malformedBlob: { code: 'METABASE013', title: 'Malformed relay/connection list', severity: E, confidence: 'high' },
  duplicateProperty: { code: 'METABASE014', title: 'Property set twice on one key', severity: W, confidence: 'high' },
  duplicateKey: { code: 'METABASE015', title: 'Key defined twice', severity: W, confidence: 'high' },
  missingLocation: { code: 'METABASE016', title: 'Key without Location', severity: W, confidence: 'high' },
  badCustom: { code: 'METABASE017', title: 'Malformed <Custom> property', severity: W, confidence: 'high' },
  keyTypeMismatch: { code: 'METABASE018', title: 'KeyType does not match the location', severity: W, confidence: 'medium' },
  openRelay: { code: 'METABASE101', rule: 'RELAY-OPEN-ALLEXCEPT', title: 'Open relay ("All except the list below")', severity: E, confidence: 'medium' },
  relayCheckDisabled: { code: 'METABASE102', rule: 'RELAY-CHECK-DISABLED', title: 'Relay check disabled', severity: E, confidence: 'medium' },
  domainRelay: { code: 'METABASE103', rule: 'RELAY-WILDCARD-DOMAIN', title: 'Anyone may relay to this domain', severity: E, confidence: 'medium' },
  broadGrant: { code: 'METABASE104', rule: 'RELAY-GRANT-TOO-BROAD', title: 'Relay grant too broad', severity: W, confidence: 'high' },
  dnsGrant: { code: 'METABASE105', rule: 'RELAY-BY-DNS-NAME', title: 'Relay granted by DNS name', severity: W, confidence: 'medium' },
  inconsistentList: { code: 'METABASE106', rule: 'RELAY-INCONSISTENT', title: 'Inconsistent relay/connection list', severity: W, confidence: 'high' },
  relayForAuth: { code: 'METABASE107', rule: 'RELAY-FOR-AUTH', title: 'Any authenticated user may relay', severity: W, confidence: 'medium' },
  basicNoTls: { code: 'METABASE108', rule: 'AUTH-BASIC-NO-TLS', title: 'Basic authentication without TLS', severity: E, confidence: 'high' },
  anonNoConnectionControl: { code: 'METABASE109', rule: 'ANON-NO-CONNECTION-CONTROL', title: 'Anonymous access without connection control', severity: W, confidence: 'high' },
  storedCredentials: { code: 'METABASE110', rule: 'OUTBOUND-CREDS-STORED', title: 'Stored credential', severity: W, confidence: 'high' },
  cleartextCredentials: { code: 'METABASE111', rule: 'OUTBOUND-CREDS-CLEARTEXT', title: 'Smart-host password sent without TLS', severity: E, confidence: 'medium' },
  smartHostFallback: { code: 'METABASE112', rule: 'SMARTHOST-FALLBACK', title: 'DNS first, then smart host', severity: I, confidence: 'high' },
  unboundedLimit: { code: 'METABASE113', rule: 'LIMITS-UNBOUNDED', title: 'Unlimited message limit', severity: W, confidence: 'medium' },
  loggingOff: { code: 'METABASE114', rule: 'LOGGING-OFF', title: 'Logging off or missing fields', severity: W, confidence: 'high' },
  allInterfaces: { code: 'METABASE115', rule: 'BINDING-ALL-INTERFACES', title: 'Relay listener on every interface', severity: I, confidence: 'high' },
  esmtpOutboundDisabled: { code: 'METABASE116', rule: 'ESMTP-OUTBOUND-DISABLED', title: 'ESMTP disabled outbound', severity: I, confidence: 'medium' },
  exchangeOwned: { code: 'METABASE117', rule: 'EXCHANGE-OWNED', title: 'Metabase looks Exchange-managed', severity: I, confidence: 'low' },
  exportNotInherited: { code: 'METABASE118', rule: 'EXPORT-NOT-INHERITED', title: 'Export without the service key', severity: I, confidence: 'medium' },
  relayListAbsent: { code: 'METABASE119', rule: 'RELAY-LIST-ABSENT', title: 'No relay list anywhere', severity: W, confidence: 'low' },
  secureBindings: { code: 'METABASE120', title: 'Implicit-TLS binding (no Edge equivalent)', severity: I, confidence: 'low' },
  ignoredRoute: { code: 'METABASE121', title: 'Domain entry ignored by the service', severity: W, confidence: 'medium' },
  domainRelayList: { code: 'METABASE122', title: 'Per-domain relay list (not known to be honoured)', severity: I, confidence: 'low' },
  exoBasicSmtpAuth: { code: 'METABASE123', rule: 'EXO-BASIC-SMTP-AUTH', title: 'Relays through Exchange Online Basic SMTP AUTH', severity: W, confidence: 'high' },
} as const satisfies Record<string, CodeDef>;

export type CodeName = keyof typeof CODES;

/** The per-file cap (not a rule: kept out of CODES, whose every entry has a rule case). */
export const CAP_REACHED: CodeDef = { code: 'METABASE099', title: 'Diagnostic cap reached', severity: I, confidence: 'high' };

export const ALL_CODES: readonly CodeDef[] = Object.values(CODES);

export const METABASE_DIAGNOSTICS: DiagnosticVocabulary = { source: 'IIS SMTP metabase', codes: [...ALL_CODES, CAP_REACHED], capReached: CAP_REACHED };
