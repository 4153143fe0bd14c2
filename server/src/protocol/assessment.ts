// The assessment's wire contract, shared by the server, the CLI and the client (types only: no server or vscode
// imports). The server command `iisSmtp.connectorPlan` (commands.ts) takes ConnectorPlanArgs and answers a
// ConnectorPlanResult.

/** A zero-based LSP range (the shape of `vscode-languageserver` `Range`). */
export interface PlanRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface ConnectorPlanArgs {
  /** An open document; with `ranges`, only the lines those ranges touch are assessed. */
  uri?: string;
  ranges?: PlanRange[];
  /** Log files or folders on disk (folders are walked for `*.log`); read by the server with progress. */
  paths?: string[];
  /** A MetaBase.xml whose smart host and relay settings complete the plan. */
  metabase?: string;
  /** Overrides `iisSmtp.acceptedDomains` for this request. */
  acceptedDomains?: string[];
  /** Also return the full assessment and CSV/Markdown/JSON exports (for the report view). */
  includeReport?: boolean;
}

/** `inbound`: an Internet host delivering ordinary mail to accepted domains (the server is also an MX). */
export type SourceCategory = 'application' | 'relay-denied' | 'inbound' | 'public' | 'noise';
/** `review`: delivered mail whose recipients the logs do not prove (no relay right is granted). */
export type Scenario = 'internal-only' | 'authenticated' | 'anonymous-relay' | 'review';
/** Where a source sits: loopback, local (c-ip = s-ip: on the IIS server itself), internal, public, invalid. */
export type SourceOrigin = 'loopback' | 'local' | 'internal' | 'public' | 'invalid';
/** What an Internet host's delivered mail was. */
export type InternetTraffic = 'stolen-credentials' | 'open-relay' | 'inbound';
export type AuthUse = 'none' | 'basic' | 'integrated' | 'other';

export interface Count {
  key: string;
  count: number;
}

/**
 * Where an application's mail should go after IIS: through the Edge (what the script builds), straight to
 * Exchange Online (Direct Send), OAuth SMTP AUTH, High Volume Email, Azure Communication Services, retired,
 * or review (the logs cannot tell).
 */
export type MigrationPath = 'relay-through-edge' | 'direct-to-exo' | 'oauth-smtp-auth' | 'hve' | 'acs' | 'retire' | 'review';

export interface AppVerdict {
  path: MigrationPath;
  reason: string;
  /** Other paths the evidence allows. */
  alternatives: MigrationPath[];
}

/** Exchange Online rules that reject mail (exchange-2026.md): the 2023 relay rule (5.7.64) and Reject Direct Send (5.7.68). */
export type ExoRejectionRule = 'tenant-attribution' | 'reject-direct-send';

/** A rejection Exchange Online is predicted to give an application's mail, with the evidence and what to do. */
export interface PredictedRejection {
  rule: ExoRejectionRule;
  /** Enhanced status code, e.g. `5.7.64` (the hovers explain it). */
  code: string;
  /** The reply Exchange Online sends. */
  reply: string;
  /**
   * `plan`: on the route the generated script builds (after the cut-over); `alternative`: only if the
   * application is moved to a migration alternative (Direct Send).
   */
  applies: 'plan' | 'alternative';
  /** When it happens: the condition the logs cannot settle. */
  condition: string;
  /** What the logs show: sender domains with counts, next hop, and which accepted domains (configured or a guess). */
  evidence: string;
  action: string;
}

export interface ExoRejectionSummary {
  /** Applications with a prediction on the plan's route. */
  planApplications: number;
  /** Applications with a prediction only if moved to an alternative path. */
  alternativeApplications: number;
  /** Applications per enhanced code (`5.7.64`, `5.7.68`). */
  byCode: Count[];
  /** What is not predicted and why (no server version for 4.7.230/5.7.230, no accepted domain known). */
  notes: string[];
}

/** What one inbound source address did. */
export interface SourceProfile {
  /** Canonical address, re-printed from the parsed value ('' when the log had none or it was not an IP). */
  address: string;
  addressClass: string;
  origin: SourceOrigin;
  /** The log wrote an IPv6 zone index (`fe80::1%eth0`); it was dropped from the address. */
  zoneDropped?: boolean;
  category: SourceCategory;
  /** Internet hosts that delivered mail: inbound mail, open relay or stolen credentials. */
  internetTraffic?: InternetTraffic;
  /** Applications only: which connector scenario carries their traffic. */
  scenario?: Scenario;
  /**
   * Applications only: they relayed anonymously in some sessions and authenticated in others, in a log whose reading
   * ended sessions early (smtpLog/sessions.ts MAX_OPEN_SESSIONS): an authenticated session cut in two looks exactly
   * like that, so the anonymous relaying is not taken as evidence and no anonymous relay is granted.
   */
  anonymousRelayWithheld?: true;
  /** Applications only: the migration path the evidence supports. */
  verdict?: AppVerdict;
  /** Applications only: Exchange Online rejections predicted from the evidence (absent when none). */
  exoRejections?: PredictedRejection[];
  heloNames: string[];
  /** Some sessions used HELO rather than EHLO. */
  usedHelo: boolean;
  /** ISO timestamps (UTC), '' when the log has no times. */
  firstSeen: string;
  lastSeen: string;
  sessions: number;
  /** Messages accepted (DATA 250). */
  messages: number;
  /** Accepted recipients of those messages. */
  recipients: number;
  bytes: number;
  maxMessageSize: number;
  messagesPerDay: Count[];
  senders: Count[];
  senderDomains: string[];
  acceptedRecipientDomains: Count[];
  externalRecipientDomains: Count[];
  /** Messages delivered without authentication to a domain outside the accepted ones. */
  anonymousExternalMessages: number;
  /** Recipient domains of messages delivered while sc-status was not logged (acceptance not proven). */
  unconfirmedRecipientDomains: Count[];
  /** Delivered messages whose recipients are unknown (cs-uri-query not logged, no RCPT record). */
  unknownRecipientMessages: number;
  authentication: AuthUse[];
  authMechanisms: string[];
  authenticatedSessions: number;
  failedAuthentications: number;
  tlsSessions: number;
  /** AUTH sent before STARTTLS (credentials in clear). */
  authInClearSessions: number;
  /** RCPT answered 550 for a domain that is not accepted. */
  relayDenials: number;
  deniedDomains: Count[];
  /** RCPT answered 550 for an accepted domain: an unknown user, not a relay attempt. */
  rejectedRecipients: number;
  rejectedRecipientDomains: Count[];
  /** Other refusals by reply code (530, 503, 501, 552, 4xx…). */
  rejections: Count[];
  unrecognizedCommands: number;
  /** Per-source detail lists were capped (counts stay exact). */
  detailCapped: boolean;
}

export interface NextHop {
  address: string;
  /** Host name announced in the 220 banner, when it is a valid host name. */
  bannerHost: string;
  /** Recipient domains given to this hop (RCPT commands). */
  recipientDomains: Count[];
  /** Outbound records to port 587 (client submission). */
  submissionRecords: number;
  /** AUTH LOGIN/PLAIN commands sent to this hop. */
  basicAuthCommands: number;
  connections: number;
  messages: number;
  tlsConnections: number;
  replies: Count[];
  nullSenderMessages: number;
}

export interface OutboundSummary {
  mode: 'none' | 'smart-host' | 'direct';
  /** What decided the mode: metabase, one hop for many domains, hops following the domains, undetermined. */
  evidence: 'metabase' | 'exo-submission' | 'one-hop-many-domains' | 'hops-follow-domains' | 'undetermined' | 'no-outbound';
  /**
   * IIS relayed through Exchange Online client submission (smtp.office365.com / *.outlook.office365.com, port 587)
   * with Basic AUTH LOGIN/PLAIN: a dependency on Basic SMTP AUTH, replaced by the tenant's MX endpoint on port 25.
   */
  exchangeOnlineBasicAuth?: { hops: string[]; evidence: string };
  explanation: string;
  /** When undetermined: the smart host to use if IIS did use one (commented in the script). */
  alternativeSmartHost?: string;
  /** The smart host the send connector should use ('' for direct delivery). */
  smartHost: string;
  smartHostSource: 'log' | 'metabase' | 'placeholder' | '';
  /** The logs alone cannot tell a smart host from direct delivery (one next hop, one recipient domain). */
  ambiguous?: boolean;
  exchangeOnline: boolean;
  /** TLS must be required to the smart host (the metabase says IIS always used it). */
  requireTls?: boolean;
  hops: NextHop[];
  messages: number;
}

export interface FileSummary {
  name: string;
  format: string;
  bytes: number;
  lines: number;
  records: number;
  firstSeen: string;
  lastSeen: string;
  /** Fields missing from `#Fields` that some answers need. */
  missingFields: string[];
  error?: string;
  /** The part of the file assessed, e.g. "lines 10-250" (documents with selections). */
  range?: string;
}

export interface QualityNote {
  code: string;
  message: string;
}

export interface AssessmentSummary {
  firstSeen: string;
  lastSeen: string;
  days: number;
  messages: number;
  applications: number;
  relayDeniedSources: number;
  publicSources: number;
  noiseSources: number;
  /** Sources counted but not detailed (flood cap). */
  cappedSources: number;
  acceptedDomains: string[];
  acceptedDomainsInferred: boolean;
  /** Where the accepted domains come from: settings/--accepted-domain, the metabase, inference, or none. */
  acceptedDomainSource: 'settings' | 'metabase' | 'inferred' | 'none';
  /** Inferred domains only: the evidence for each (they are suggestions, commented in the script). */
  acceptedDomainEvidence: { domain: string; evidence: string }[];
  /** Candidate domains seen in the logs and not suggested, with the reason. */
  excludedDomains: { domain: string; reason: string }[];
  /** Configured domains only: domains the logs prove are yours that the setting does not list. */
  unlistedDomains?: { domain: string; evidence: string }[];
  /** Internet hosts that delivered ordinary inbound mail to accepted domains. */
  inboundSources: number;
  /** Largest message an application delivered (cs-bytes of DATA, as transmitted) and its source. */
  largestMessage: { bytes: number; source: string };
  /** MaxMessageSize of the IIS virtual server (metabase), when known. */
  configuredMaxMessageSize?: number;
  /** Why the assessment is incomplete (cancelled, files not read); absent when complete. */
  partial?: string[];
  /** Predicted Exchange Online rejections, when Exchange Online is on the route or a migration alternative. */
  exoRejections?: ExoRejectionSummary;
}

export interface Assessment {
  summary: AssessmentSummary;
  /** All sources, ordered by category then volume. */
  sources: SourceProfile[];
  outbound: OutboundSummary;
  files: FileSummary[];
  quality: QualityNote[];
}

export interface PlanWarning {
  code: string;
  message: string;
  /** The connector security rule (connectors.md §3) this note expects the script to trigger, e.g. `EXR001`. */
  exr?: string;
}

export interface ConnectorPlanResult {
  script: string;
  /** Application profiles (category 'application'), by volume. */
  profiles: SourceProfile[];
  warnings: PlanWarning[];
  summary: AssessmentSummary;
  cancelled?: boolean;
  assessment?: Assessment;
  exports?: { csv: string; markdown: string; json: string };
}
