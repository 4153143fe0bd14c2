// Every diagnostic the Exchange protocol log language reports: a stable code, its default severity and title.
// Features refer to these entries; nothing else invents a code.
import type { CodeInfo, DiagnosticVocabulary } from '../common/finding';

export const EXLOG_CODES = {
  malformedCsv: { code: 'EXLOG001', severity: 'error', title: 'Line is not a valid CSV record (unbalanced quotes)' },
  fieldCount: { code: 'EXLOG002', severity: 'error', title: 'Record has a different number of fields than #Fields declares' },
  badTimestamp: { code: 'EXLOG003', severity: 'error', title: 'date-time cannot be read' },
  badSession: { code: 'EXLOG004', severity: 'warning', title: 'session-id or sequence-number cannot be read' },
  unknownEvent: { code: 'EXLOG005', severity: 'warning', title: 'Unknown event (expected + - > < *)' },
  recordBeforeFields: { code: 'EXLOG006', severity: 'warning', title: 'Record before any #Fields directive (the standard field order is assumed)' },
  unknownDirective: { code: 'EXLOG007', severity: 'warning', title: 'Unknown directive' },
  binaryData: { code: 'EXLOG008', severity: 'warning', title: 'Line contains binary or control characters' },
  overlongLine: { code: 'EXLOG009', severity: 'warning', title: 'Line is far longer than Exchange writes' },
  notProtocolLog: { code: 'EXLOG010', severity: 'info', title: 'An Exchange log that is not an SMTP protocol log' },
  relayRefused: { code: 'EXLOG020', severity: 'warning', title: 'Relay refused: the session lacks SMTPAcceptAnyRecipient' },
  authNotOffered: { code: 'EXLOG021', severity: 'warning', title: 'AUTH mechanism not offered by the connector' },
  authFailed: { code: 'EXLOG022', severity: 'warning', title: 'Authentication failed' },
  notAuthenticated: { code: 'EXLOG023', severity: 'warning', title: 'Client was not authenticated' },
  sendAsRefused: { code: 'EXLOG024', severity: 'warning', title: 'Send-as permission refused' },
  tlsFailed: { code: 'EXLOG025', severity: 'warning', title: 'TLS negotiation failed or TLS required' },
  unusedSession: { code: 'EXLOG026', severity: 'hint', title: 'Session opened and never used (no MAIL FROM)' },
  basicAuthBlocked: { code: 'EXLOG027', severity: 'warning', title: 'Basic authentication refused for client submission' },
  tenantAttribution: { code: 'EXLOG040', severity: 'error', title: 'Exchange Online: no inbound connector matched (TenantAttribution)' },
  rejectDirectSend: { code: 'EXLOG041', severity: 'error', title: 'Exchange Online: direct send rejected (TenantInboundAttribution)' },
  unpatchedOnPrem: { code: 'EXLOG042', severity: 'warning', title: 'Exchange Online throttles or blocks an out-of-date on-premises server' },
  sendTls: { code: 'EXLOG043', severity: 'warning', title: 'TLS or certificate problem towards the next hop' },
  capReached: { code: 'EXLOG099', severity: 'info', title: 'Diagnostic cap reached' },
} as const satisfies Record<string, CodeInfo>;

export const EXLOG_DIAGNOSTICS: DiagnosticVocabulary = { source: 'exchange-protocol-log', codes: Object.values(EXLOG_CODES), capReached: EXLOG_CODES.capReached };

export type ExlogCodeKey = keyof typeof EXLOG_CODES;
