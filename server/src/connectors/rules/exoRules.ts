// Exchange Online rules as of the end of 2026 (reference: exchange-2026.md): smart hosting through Basic SMTP AUTH
// client submission (EXR027), TreatMessagesAsInternal (EXR028), and an OnPremises inbound connector that cannot
// recognise the Edge the same script configures (EXR029).
import { isExchangeOnlineSubmission } from '../../common/exchangeOnlineHosts';
import { boolOf, has, spanOf, stringsOf, useOf } from '../syntax/params';
import type { Emit } from './listenerRules';
import type { ConnectorState, ScriptState } from '../syntax/state';
import { literalText } from '../syntax/values';


const EXO_RELAY_ADVICE =
  "Relay from the Edge to your tenant's MX endpoint instead (<tenant>.mail.protection.outlook.com, port 25, -RequireTLS $true, -TlsCertificateName of the Edge's certificate), and create an OnPremises inbound connector in Exchange Online that recognises the Edge by that certificate (or by its public IP).";

/** EXR027: a send connector that authenticates to smtp.office365.com with Basic auth (or submits on 587). */
export function checkBasicSmtpAuth(state: ConnectorState, emit: Emit): void {
  const hosts = state.latest.get('SmartHosts');
  const host = hosts ? stringsOf(hosts.cmd, 'SmartHosts')?.find((h) => isExchangeOnlineSubmission(h)) : undefined;
  if (!hosts || !host) return;
  const auth = state.latest.get('SmartHostAuthMechanism');
  const basic = auth ? stringsOf(auth.cmd, 'SmartHostAuthMechanism')?.some((m) => /^basicauth/i.test(m)) : false;
  const port = state.latest.get('Port');
  const submission = port ? stringsOf(port.cmd, 'Port')?.[0] === '587' : false;
  if (!basic && !submission) return;
  emit('EXR027', spanOf(hosts.cmd, 'SmartHosts'), `'${state.name}' sends through ${host}${submission ? ' on port 587' : ''}${basic ? ' with basic authentication' : ''}: that is SMTP AUTH client submission with Basic authentication, which Exchange Online turns off by default for existing tenants at the end of December 2026 (message center MC786329; admins can re-enable it until a removal date announced for the second half of 2027). Mail then fails with 550 5.7.30. ${EXO_RELAY_ADVICE}`);
}

/** EXR028: TreatMessagesAsInternal marks mail internal, so it skips anti-spam. */
export function checkTreatAsInternal(state: ConnectorState, emit: Emit): void {
  for (const cmd of state.commands) {
    if (boolOf(cmd, 'TreatMessagesAsInternal') !== true) continue;
    const type = (stringsOf(cmd, 'ConnectorType') ?? (state.created ? stringsOf(state.created, 'ConnectorType') : undefined))?.[0]?.toLowerCase();
    const domains = stringsOf(cmd, 'SenderDomains') ?? (state.created ? stringsOf(state.created, 'SenderDomains') : undefined);
    const restricted = state.commands.some((c) => has(c, 'SenderIPAddresses') || has(c, 'TlsSenderCertificateName'));
    const open = domains?.includes('*') && !restricted;
    const severe = type === 'partner' || open;
    const what =
      type === 'partner'
        ? 'mail from another organisation (this is a Partner connector)'
        : open
          ? 'mail from anyone who reaches Exchange Online (-SenderDomains * with no certificate or IP restriction)'
          : 'mail arriving on this connector';
    emit('EXR028', spanOf(cmd, 'TreatMessagesAsInternal'), `TreatMessagesAsInternal $true makes Exchange Online treat ${what} as internal, so it skips anti-spam checks. It is meant only for an on-premises organisation that does not run Exchange; a hybrid or Edge setup is recognised by its certificate instead.${severe ? ' Remove it.' : ' Leave it off unless that is your case, and restrict the connector by certificate or IP.'}`, { severity: severe ? 'error' : undefined });
  }
}

/** `<I>…<S>CN=mail.contoso.com, O=…` → `mail.contoso.com`. */
function subjectName(certificateName: string): string | undefined {
  const m = /<S>(?:.*?,\s*)?CN=([^,]+)/i.exec(certificateName);
  return m ? m[1]!.trim().toLowerCase() : undefined;
}

function nameMatches(pattern: string, name: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (p.startsWith('*.')) return name.endsWith(p.slice(1)) && !name.slice(0, -p.length + 1).includes('.');
  return p === name;
}

/**
 * EXR029: the Edge presents the certificate named by its send connector's TlsCertificateName; an OnPremises
 * inbound connector in the same script that expects another name cannot match it. The certificate's other
 * names (SAN) are not visible in a script, so the message says so.
 */
export function checkInboundMatchesEdge(script: ScriptState, emit: Emit): void {
  const edgeNames = new Set<string>();
  for (const s of script.objects) {
    if (s.kind !== 'send') continue;
    const cert = s.latest.get('TlsCertificateName');
    // the whole value: the issuer and subject contain commas, which a flag-list reading would split on
    const name = cert ? subjectName(literalText(useOf(cert.cmd, 'TlsCertificateName')?.value) ?? '') : undefined;
    if (name) edgeNames.add(name);
  }
  if (edgeNames.size === 0) return;
  for (const s of script.objects) {
    if (s.kind !== 'inbound' || !s.created) continue;
    if (stringsOf(s.created, 'ConnectorType')?.[0]?.toLowerCase() !== 'onpremises') continue;
    const use = [...s.commands].reverse().find((c) => useOf(c, 'TlsSenderCertificateName'));
    const expected = use ? literalText(useOf(use, 'TlsSenderCertificateName')?.value) : undefined;
    if (!use || !expected) continue;
    if ([...edgeNames].some((n) => nameMatches(expected, n))) continue;
    emit('EXR029', spanOf(use, 'TlsSenderCertificateName'), `Inbound connector '${s.name}' expects a certificate for ${expected}, but the Edge in this script presents ${[...edgeNames].join(', ')} (its send connector's -TlsCertificateName). Unless that certificate also lists ${expected} among its names, Exchange Online cannot attribute the Edge's mail to your tenant and rejects relayed mail with 550 5.7.64 TenantAttribution. Use the name on the Edge's certificate (an accepted domain of the tenant).`);
  }
}
