// Hover: a virtual-server summary on a key, meaning/decoded/effective value/Edge mapping on a
// property, and the decoded list on a RelayIpList / IPSecurity blob.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PropertyDef } from './catalog/properties';
import { describeOrigin, effectiveValue } from './effective';
import { keyAt, occurrenceAt } from './locate';
import { rawValue, type MetabaseKey, type MetabaseModel, type PropertyOccurrence } from './model';
import { ipListVerdict, type AddressEntry, type DecodedIpList, type IpRange, type ListPurpose } from './relayList';
import { decodeOccurrenceList, isServerKey, serverOf, summarizeVirtualServer, type DomainSummary, type Effective, type IpListSummary, type VirtualServerSummary } from './virtualServer';
import { formatBytes, renderValue } from './values';
import { EXO_TLS_DOMAIN, isExchangeOnlineMx } from '../scriptEmitter/exchangeOnline';
import { serverBasicSubmission } from './exchangeOnlineAuth';
import { markdownCode, markdownText } from '../common/markdown';

const MAX_LISTED = 25;

/** Catalogue prose (trusted, may be long): escaped as text, its own `code spans` kept as spans. */
function catalogueText(text: string): string {
  return text
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : markdownText(part, Infinity)))
    .join('');
}

/** The first ranges of a list's entries without rendering the whole list. */
function firstRanges(entries: readonly AddressEntry[], max: number): { shown: IpRange[]; total: number } {
  const shown: IpRange[] = [];
  let total = 0;
  for (const e of entries) {
    total += e.values.length;
    for (let i = 0; i < e.values.length && shown.length < max; i++) shown.push(e.addresses[i]!);
  }
  return { shown, total };
}

function rangesText(entries: readonly AddressEntry[], max = MAX_LISTED): string {
  const { shown, total } = firstRanges(entries, max);
  const text = shown.map((r) => (r.cidr ? `\`${r.cidr}\`` : `\`${r.address}\` mask \`${r.mask}\` (not a CIDR block)`));
  return text.join(', ') + (total > max ? `, … and ${total - max} more` : '');
}

/** Markdown lines describing a decoded list. */
export function listMarkdown(list: DecodedIpList, purpose: ListPurpose): string[] {
  const lines = [`**${ipListVerdict(list, purpose)}**`, ''];
  lines.push(`IIS Manager shows: "${list.grantByDefault ? 'All except the list below' : 'Only the list below'}"${list.sentinel ? ' (empty: the 0.0.0.0 sentinel entry)' : ''}.`);
  if (list.grantCount > 0 && !list.sentinel) lines.push(`- Granted: ${rangesText(list.grantEntries)}`);
  if (list.grantNames.length > 0) lines.push(`- Granted by DNS name: ${list.grantNames.slice(0, MAX_LISTED).map((n) => markdownCode(n.display)).join(', ')}`);
  if (list.denyCount > 0) lines.push(`- Denied: ${rangesText(list.denyEntries)}`);
  if (list.denyNames.length > 0) lines.push(`- Denied by DNS name: ${list.denyNames.slice(0, MAX_LISTED).map((n) => markdownCode(n.display)).join(', ')}`);
  if (list.byteLength === 0) lines.push('- Zero-length value: no list at all (believed to behave like an empty "All except" list; not confirmed).');
  if (list.degenerate) lines.push('- Contains an entry with only a mask and no address (written by template scripts).');
  const { shown, total } = firstRanges(list.grantEntries, MAX_LISTED);
  const ranges = shown.filter((g) => g.cidr !== null).map((g) => `'${g.cidr}'`);
  if (purpose === 'relay' && list.mode === 'only-listed' && ranges.length > 0) {
    lines.push('', `Exchange: \`-RemoteIPRanges ${ranges.join(',')}${total > MAX_LISTED ? ',…' : ''}\``);
  } else if (list.mode === 'all-except' || list.mode === 'no-list') {
    lines.push('', 'Exchange cannot express "all except": build an explicit allow list for `-RemoteIPRanges`.');
  }
  for (const p of list.problems.slice(0, 5)) lines.push(`- ⚠ ${markdownText(p.message, Infinity)}`);
  lines.push('', `_${list.byteLength} bytes; ${list.grantEntries.length + list.denyEntries.length} address entr${list.grantEntries.length + list.denyEntries.length === 1 ? 'y' : 'ies'}._`);
  return lines;
}

function origin<T>(e: Effective<T> | IpListSummary): string {
  return e.origin === 'own' ? '' : ` _(${markdownText(e.originText, Infinity)})_`;
}

function listRow(s: IpListSummary, purpose: ListPurpose): string {
  const base = markdownText(s.verdict, Infinity);
  if (!s.list) return base + origin(s);
  const l = s.list;
  const which = l.mode === 'all-except' ? l.denyEntries : l.mode === 'only-listed' ? l.grantEntries : [];
  const text = rangesText(which, 8);
  return `${base}${text ? `: ${text}` : ''}${origin(s)}`.replace(/\n/g, ' ') + (purpose === 'relay' && l.grantNames.length ? ` (+ ${l.grantNames.length} DNS names)` : '');
}

export function serverMarkdown(s: VirtualServerSummary): string {
  const rows: [string, string][] = [];
  const title = s.key.pathDef?.keyClass === 'service' ? 'SMTP service defaults' : `Virtual server ${s.instanceId}${s.name ? ` — "${markdownText(s.name)}"` : ''}`;
  rows.push(['Bindings', s.bindings.length ? s.bindings.map((b) => `\`${b.ip ?? '(all interfaces)'}:${b.port}\``).join(', ') : '(none)']);
  if (s.secureBindings.length) rows.push(['Secure bindings', s.secureBindings.map((b) => `\`${b.ip ?? '*'}:${b.port}\``).join(', ')]);
  const auth = [s.auth.anonymous && 'Anonymous', s.auth.basic && 'Basic', s.auth.integrated && 'Integrated'].filter(Boolean).join(', ') || 'none';
  rows.push(['Authentication', auth + origin(s.auth)]);
  rows.push(['TLS required', (s.tls.required ? `yes${s.tls.require128 ? ' (128-bit)' : ''}` : 'no') + origin(s.tls)]);
  rows.push(['Relay', listRow(s.relay, 'relay')]);
  rows.push(['Relay for authenticated users', (s.relayForAuth.value ? 'yes' : 'no') + origin(s.relayForAuth)]);
  if (s.relayCheckDisabled.value) rows.push(['Relay check', '**disabled** (SmtpDisableRelay FALSE)' + origin(s.relayCheckDisabled)]);
  rows.push(['Connection control', listRow(s.connectionControl, 'connect')]);
  const o = s.outbound;
  const sht = o.smartHostType.value;
  rows.push([
    'Delivery',
    (o.smartHost && sht !== 0 ? `smart host ${markdownCode(o.smartHost)} (${sht === 1 ? 'after trying DNS' : 'always'})` : 'DNS (MX) delivery') +
      `, port ${o.port.value}, ${o.alwaysTls.value || (o.routeAction.value & 4) ? 'TLS' : 'no TLS'}, auth ${o.auth}${o.passwordStored ? ' (password stored)' : ''}`,
  ]);
  const L = s.limits;
  rows.push([
    'Limits',
    `message ${formatBytes(L.maxMessageSize.value)}, ${L.maxRecipients.value === 0 ? 'unlimited' : L.maxRecipients.value} recipients, session ${formatBytes(L.maxSessionSize.value)}, ${L.maxConnections.value === 0 ? 'unlimited' : L.maxConnections.value} connections, time-out ${Math.round(L.connectionTimeoutSeconds.value / 60)} min`,
  ]);
  rows.push([
    'Logging',
    s.logging.enabled.value
      ? `on${s.logging.missingForAssessment.length ? `, missing ${s.logging.missingForAssessment.join(', ')}` : ', has the fields an assessment needs'}${s.logging.directory ? ` in ${markdownCode(s.logging.directory)}` : ''}`
      : '**off**',
  ]);
  if (s.domains.length) rows.push(['Domains', s.domains.slice(0, 10).map((d) => `${markdownCode(d.name)} (${d.routeActionNames.join(' | ') || 'no action'})`).join(', ') + (s.domains.length > 10 ? ', …' : '')]);
  const lines = [`**${title}** ${markdownCode(s.location)}`, '', '| | |', '|---|---|', ...rows.map(([a, b]) => `| ${a} | ${b.replace(/\|/g, '\\|')} |`), ''];
  lines.push('**On an Exchange Server SE Edge:**', ...edgeMapping(s));
  if (s.inheritedUnknown) lines.push('', '_This file has no /LM/SmtpSvc key: inherited values may be missing._');
  if (s.key.pathDef?.keyClass === 'server') lines.push('', '_Code action (Ctrl+. or Source Action...): "Generate Exchange connectors for this virtual server"._');
  return lines.join('\n');
}

function edgeMapping(s: VirtualServerSummary): string[] {
  const out: string[] = [];
  const binds = s.bindings.map((b) => `${b.ip ?? '0.0.0.0'}:${b.port}`);
  const relayFirst = s.relay.list && s.relay.mode === 'only-listed' ? firstRanges(s.relay.list.grantEntries, 11).shown : [];
  const relayRanges = relayFirst.filter((g) => g.cidr).map((g) => g.cidr!);
  out.push(
    `- Receive connector \`-Usage Custom -Bindings ${binds.join(',') || '0.0.0.0:25'}\`` +
      (relayRanges.length ? ` \`-RemoteIPRanges ${relayRanges.slice(0, 10).join(',')}${relayRanges.length > 10 ? ',…' : ''}\`` : s.relay.open ? ' — relay list is open: an explicit allow list must be built' : ''),
  );
  const mech = ['Tls', s.auth.basic && 'BasicAuth,BasicAuthRequireTLS', s.auth.integrated && 'Integrated'].filter(Boolean).join(',');
  const groups = [s.auth.anonymous && 'AnonymousUsers', (s.auth.basic || s.auth.integrated) && 'ExchangeUsers'].filter(Boolean).join(',');
  out.push(`- \`-AuthMechanism ${mech}\`${groups ? ` \`-PermissionGroups ${groups}\`` : ''}${s.tls.required ? ' `-RequireTLS $true`' : ''}`);
  const o = s.outbound;
  const smartHost = o.smartHost && o.smartHostType.value !== 0 ? o.smartHost : undefined;
  if (serverBasicSubmission(s)) {
    out.push(`- ⚠ Relays through Exchange Online SMTP AUTH with Basic credentials (disabled by default for existing tenants at the end of December 2026). Send connector to the tenant MX endpoint instead: \`-SmartHosts <tenant>.mail.protection.outlook.com -RequireTLS $true -TlsAuthLevel DomainValidation -TlsDomain ${EXO_TLS_DOMAIN}\` (port 25, a certificate, no credential)`);
  } else if (smartHost && isExchangeOnlineMx(smartHost)) {
    out.push(`- Send connector ${markdownCode(`-AddressSpaces * -DNSRoutingEnabled $false -SmartHosts ${smartHost} -RequireTLS $true -TlsAuthLevel DomainValidation -TlsDomain ${EXO_TLS_DOMAIN}`, Infinity)} and a certificate (TlsCertificateName)`);
  } else if (smartHost) {
    out.push(`- Send connector ${markdownCode(`-AddressSpaces * -DNSRoutingEnabled $false -SmartHosts ${smartHost} -Port ${o.port.value}`, Infinity)}${o.auth === 'basic' ? ' `-SmartHostAuthMechanism BasicAuthRequireTLS`' : ''}`);
  } else out.push('- Send connector `-AddressSpaces * -DNSRoutingEnabled $true`');
  if (s.auth.integrated || s.relayForAuth.value) out.push('- Authenticated relay: keep it only for senders that need it, over TLS; the Edge verifies domain accounts only if it is domain-joined (a perimeter Edge is normally in a workgroup). With only Exchange Online mailboxes, prefer relay by address for devices.');
  return out;
}

function propertyMarkdown(model: MetabaseModel, key: MetabaseKey, occ: PropertyOccurrence): string {
  const def: PropertyDef | undefined = occ.def;
  const raw = rawValue(model, occ);
  if (!def) {
    return [`**${markdownText(occ.name)}** on ${markdownCode(key.location)}`, '', 'Not in the SMTP property catalogue.', '', `Value: ${markdownCode(raw)}`].join('\n');
  }
  const lines = [`**${def.name}**${def.id !== undefined ? ` (ID ${def.id})` : ''} — ${def.type}${def.inherit ? ', inherited by child keys' : ''}${def.secure ? ', SECURE' : ''}`, '', catalogueText(def.meaning)];
  if (def.ui) lines.push('', `IIS Manager: ${catalogueText(def.ui)}`);
  if (def.type === 'IPSECLIST') {
    if (raw.length > 8 * 1024 * 1024) lines.push('', 'Value too large to decode.');
    else lines.push('', ...listMarkdown(decodeOccurrenceList(model, occ), def.name === 'RelayIpList' ? 'relay' : 'connect'));
  } else {
    lines.push('', `Value: ${markdownText(renderValue(def, raw))}`);
  }
  const ev = effectiveValue(model, key, def.name);
  if (ev.occurrence !== occ) lines.push('', `Effective value: ${ev.text !== undefined ? markdownText(renderValue(def, ev.text)) : '(none)'} — ${markdownText(describeOrigin(ev), Infinity)}`);
  else lines.push('', `Effective on ${markdownText(key.location)}: ${markdownText(describeOrigin(ev), Infinity)}.`);
  if (def.schemaDefault !== undefined) lines.push(`Schema default: ${markdownCode(def.schemaDefault || '(empty)')}`);
  if (def.runtimeDefault) lines.push(`When absent, the service assumes ${markdownText(def.runtimeDefault.display ?? def.runtimeDefault.value)} (${catalogueText(def.runtimeDefault.note)}; ${def.runtimeDefault.confidence} confidence).`);
  const target = def.edge.target === 'None' ? 'No Edge equivalent' : def.edge.target === 'Informational' ? 'Edge' : `Edge (${def.edge.target})`;
  lines.push('', `**${target}:** ${def.edge.text}`);
  if (def.confidence !== 'high') lines.push('', `_Confidence: ${def.confidence}._`);
  return lines.join('\n');
}

function domainMarkdown(d: DomainSummary): string[] {
  const lines = [`Route action: ${d.routeActionNames.length ? d.routeActionNames.map((n) => `\`${n}\``).join(' | ') : 'none'} (${d.routeAction})`];
  if (d.isLocal) lines.push(`- Local ${d.routeAction & 1 ? 'drop' : 'alias'} domain${d.actionString ? ` (${markdownCode(d.actionString)})` : ''}. **Edge:** an accepted domain (Authoritative) if applications send as it; Edge does not deliver locally.`);
  if (d.smartHost) lines.push(`- Mail for this domain goes to smart host ${markdownCode(d.smartHost)}${d.outboundTls ? ' over TLS' : ''}${d.outboundBasic ? ', with Basic authentication' : ''}. **Edge:** a send connector ${markdownCode(`-AddressSpaces ${d.name} -SmartHosts ${d.smartHost} -DNSRoutingEnabled $false`, Infinity)}.`);
  if (d.relayToAnyone) lines.push('- **Anyone may relay to this domain** (SMTP_DOMAIN_RELAY). **Edge:** only if intended, an accepted domain of type ExternalRelay plus a send connector.');
  if (d.authRelay) lines.push('- Authenticated users may relay to this domain (SMTP_AUTH_RELAY).');
  if (d.passwordStored) lines.push('- A smart-host password is stored (encrypted); it must be re-entered on Edge.');
  if (d.unknownRouteBits || d.routeAction & 0x40) lines.push('- ⚠ The service is believed to ignore this entry (SMTP_DEFAULT or unknown bits).');
  return lines;
}

function keyMarkdown(model: MetabaseModel, key: MetabaseKey): string {
  if (isServerKey(key) || key.path === '/lm/smtpsvc') return serverMarkdown(summarizeVirtualServer(model, key));
  const lines = [`**${markdownText(key.keyType)}** ${markdownCode(key.location)}`];
  if (key.typeDef) lines.push('', catalogueText(key.typeDef.description));
  const server = serverOf(model, key);
  if (key.pathDef?.keyClass === 'domain' && server) {
    const d = summarizeVirtualServer(model, server).domains.find((x) => x.key === key);
    if (d) lines.push('', ...domainMarkdown(d));
  }
  lines.push('', `${key.props.length} propert${key.props.length === 1 ? 'y' : 'ies'}.`);
  return lines.join('\n');
}

export function metabaseHover(model: MetabaseModel, doc: TextDocument, position: Position): Hover | null {
  const offset = doc.offsetAt(position);
  const key = keyAt(model, offset);
  if (!key) return null;
  const hit = occurrenceAt(key, offset);
  let value: string | null = null;
  let range: { start: number; end: number } | undefined;
  if (hit) {
    value = propertyMarkdown(model, key, hit.occ);
    range = hit.onValue ? { start: hit.occ.valueStart, end: hit.occ.valueEnd } : { start: hit.occ.nameStart, end: hit.occ.nameEnd };
  } else if ((offset >= key.start && offset <= key.nameEnd) || (offset >= key.locationStart && offset <= key.locationEnd)) {
    value = keyMarkdown(model, key);
    range = { start: key.start + 1, end: key.nameEnd };
  }
  if (value === null) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: range ? { start: doc.positionAt(range.start), end: doc.positionAt(range.end) } : undefined,
  };
}
