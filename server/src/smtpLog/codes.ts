// Every diagnostic the SMTP log language reports: a stable code, its default severity and what it means.
// Features refer to these entries; the README's diagnostics table is written by hand from them (keep both in step).
import type { CodeInfo, DiagnosticVocabulary } from '../common/finding';

export const SMTPLOG_CODES = {
  fieldCount: { code: 'SMTPLOG001', severity: 'error', title: 'Record has a different number of fields than #Fields declares' },
  badTimestamp: { code: 'SMTPLOG002', severity: 'error', title: 'Date or time cannot be read' },
  badStatus: { code: 'SMTPLOG003', severity: 'error', title: 'sc-status is not a number' },
  badNumber: { code: 'SMTPLOG004', severity: 'warning', title: 'A numeric field is not a number' },
  recordBeforeFields: { code: 'SMTPLOG005', severity: 'error', title: 'Record before any #Fields directive' },
  unknownDirective: { code: 'SMTPLOG006', severity: 'warning', title: 'Unknown directive' },
  badDirective: { code: 'SMTPLOG007', severity: 'warning', title: 'Directive value cannot be read' },
  unknownField: { code: 'SMTPLOG008', severity: 'warning', title: 'Unknown field name in #Fields' },
  emptyFields: { code: 'SMTPLOG009', severity: 'error', title: '#Fields lists no fields' },
  incompleteFieldSet: { code: 'SMTPLOG010', severity: 'warning', title: 'Field set makes a relay assessment incomplete' },
  duplicateField: { code: 'SMTPLOG011', severity: 'warning', title: 'Field listed twice in #Fields' },
  unreadableLine: { code: 'SMTPLOG012', severity: 'error', title: 'Line does not match the file format' },
  binaryData: { code: 'SMTPLOG013', severity: 'warning', title: 'Line contains binary or control characters' },
  overlongLine: { code: 'SMTPLOG014', severity: 'warning', title: 'Line is far longer than IIS writes' },
  relayDenied: { code: 'SMTPLOG020', severity: 'warning', title: 'Relay denied (RCPT answered 550)' },
  clearTextAuth: { code: 'SMTPLOG021', severity: 'warning', title: 'Credentials sent without STARTTLS' },
  ntlmAuth: { code: 'SMTPLOG022', severity: 'info', title: 'NTLM authentication in use' },
  publicRelay: { code: 'SMTPLOG023', severity: 'warning', title: 'Public address relayed to an external domain' },
  foreignSenderDomain: { code: 'SMTPLOG024', severity: 'info', title: 'Sender domain is not an accepted domain' },
  rejectedRecipient: { code: 'SMTPLOG025', severity: 'info', title: 'Recipient in an accepted domain refused (unknown user)' },
  authenticatedRelay: { code: 'SMTPLOG026', severity: 'warning', title: 'Internet host authenticated and relayed: stolen credentials?' },
  outboundBasicAuth: { code: 'SMTPLOG027', severity: 'warning', title: 'This server uses Basic AUTH to its next hop (Exchange Online SMTP AUTH?)' },
  capReached: { code: 'SMTPLOG099', severity: 'info', title: 'Diagnostic cap reached' },
} as const satisfies Record<string, CodeInfo>;

export const SMTPLOG_DIAGNOSTICS: DiagnosticVocabulary = { source: 'IIS SMTP log', codes: Object.values(SMTPLOG_CODES), capReached: SMTPLOG_CODES.capReached };
