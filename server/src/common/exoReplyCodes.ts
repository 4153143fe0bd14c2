// Exchange and Exchange Online reply codes a migration meets, with what they mean for an Edge relay and what to
// do: the one table every hover reads (IIS log reply columns, Exchange protocol logs, connector-script comments)
// and the assessment's predicted rejections quote (assessment/exoRejections.ts). Original summaries of the
// reference exchange-2026.md ("Exchange Online inbound rules", "Receive-side reply codes"); the reply lines are
// the texts Exchange Online sends, the explanations are not Microsoft's wording.

export interface ExoReplyCode {
  /** Enhanced status codes this entry explains (`4.7.230` and `5.7.230` share one). */
  readonly codes: readonly string[];
  /** The reply as the server sends it. */
  readonly reply: string;
  /** A few words for one-line summaries (the enhanced-code catalogue, the predictions' titles). */
  readonly short: string;
  readonly meaning: string;
  readonly action: string;
}

export const EXO_REPLY_CODES = [
  {
    codes: ['5.7.64'],
    reply: '550 5.7.64 TenantAttribution; Relay Access Denied',
    short: 'Exchange Online relay refused: no OnPremises inbound connector matched, or neither the certificate nor the MAIL FROM domain is an accepted domain',
    meaning:
      'Exchange Online found no OnPremises inbound connector matching the sending IP address or certificate. Since November 2023 relaying also needs the certificate domain or the envelope sender (MAIL FROM) domain to be an accepted domain of the tenant; the From header no longer counts. It often follows a certificate renewal that changed the name the connector matches.',
    action: "Match the inbound connector to the Edge's certificate (TlsSenderCertificateName) or public IP, and send with a certificate whose name is an accepted domain, or as a MAIL FROM domain that is one.",
  },
  {
    codes: ['5.7.68'],
    reply: '550 5.7.68 TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources',
    short: 'Exchange Online Reject Direct Send: an accepted-domain sender arrived without a matching connector',
    meaning:
      'Reject Direct Send (Set-OrganizationConfig -RejectDirectSend $true, opt-in since September 2025) refused anonymous mail whose envelope sender is an accepted domain of the tenant and that no connector matched.',
    action: 'Route such applications through the Edge and an OnPremises inbound connector (certificate or IP); Microsoft recommends SPF soft fail (~all) in this context.',
  },
  {
    codes: ['4.7.230', '5.7.230'],
    reply: '450 4.7.230 / 550 5.7.230 Connecting Exchange server version is out-of-date',
    short: 'Exchange Online throttles (4.7.230) or blocks (5.7.230) an out-of-date on-premises Exchange server',
    meaning:
      'Exchange Online throttles (4.7.230) and then blocks (5.7.230) mail arriving over OnPremises inbound connectors from out-of-date on-premises Exchange servers. Whether it fingerprints an Edge that is not subscribed is not confirmed.',
    action:
      'Keep the Edge on a current Exchange Server SE update (the Exchange admin center report "Out-of-date connecting on-premises Exchange servers" lists them); New-TenantExemptionInfo -BlockingScenario UnpatchedOnPremServer pauses enforcement for up to 90 days a year.',
  },
  {
    codes: ['5.7.30'],
    reply: '550 5.7.30 Basic authentication is not supported for Client Submission',
    short: 'Exchange Online refused Basic authentication for SMTP AUTH client submission',
    meaning:
      'Exchange Online refused Basic authentication for SMTP AUTH client submission (smtp.office365.com:587). Basic auth is disabled by default for existing tenants at the end of December 2026 (MC786329; admins can re-enable it until a removal date announced for the second half of 2027).',
    action: 'Use OAuth for SMTP AUTH, or relay through the Edge to <tenant>.mail.protection.outlook.com on port 25 with TLS and a certificate matched by an OnPremises inbound connector.',
  },
  {
    codes: ['5.7.54'],
    reply: '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain',
    short: 'Exchange relay refused: the session may not send to a domain that is not accepted',
    meaning: "The session lacks ms-Exch-SMTP-Accept-Any-Recipient: the host reached the wrong receive connector, or it is not in the relay connector's RemoteIPRanges.",
    action: "Add the host's exact IP to the relay connector's RemoteIPRanges (with @{Add=...}), and check which connector its address and the binding select.",
  },
  {
    codes: ['5.7.60'],
    reply: '550 5.7.60 SMTP; Client does not have permissions to send as this sender',
    short: 'Exchange refused the sender: the client may not send as this address',
    meaning:
      'The authenticated account may not send as the From / MAIL FROM address; in Exchange Online client submission, the signed-in mailbox must be the sender or have Send As on it. A standalone Edge cannot resolve the authenticated user to an address, so it answers this unless the receive connector grants ms-Exch-SMTP-Accept-Authoritative-Domain-Sender to the authenticated users.',
    action: 'Send as the authenticated mailbox, grant Send As, or relay through a connector, which does not tie the sender to a mailbox.',
  },
] as const satisfies readonly ExoReplyCode[];

const BY_CODE = new Map<string, ExoReplyCode>();
for (const entry of EXO_REPLY_CODES) for (const c of entry.codes) BY_CODE.set(c, entry);

/** The entry explaining an enhanced status code such as `5.7.64` (undefined for codes the table does not hold). */
export function exoReplyCode(code: string): ExoReplyCode | undefined {
  return BY_CODE.get(code);
}

/** The hover text of an entry: the reply, what it means, what to do (all table text: nothing from a document). */
export function exoReplyMarkdown(entry: ExoReplyCode): string {
  return `**${entry.reply}**\n\n${entry.meaning}\n\n_What to do:_ ${entry.action}`;
}

/** The hover paragraphs for an enhanced code: the entry's text when the table explains it, none otherwise. */
export function exoReplyParagraphs(code: string): string[] {
  const entry = BY_CODE.get(code);
  return entry ? [exoReplyMarkdown(entry)] : [];
}
