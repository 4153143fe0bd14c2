// Hover: cmdlet synopsis and availability with the parameter set in use and the connector's accumulated
// state; parameter type, accepted values and description; enum value meaning; IP ranges expanded.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../../settings';
import { analyze } from '../rules/analysis';
import { CATALOG, PERMISSIONS, enumOf, type ParameterSpec } from '../catalogue/catalog';
import { commandAt, parameterNameAt, valueAt } from './context';
import type { ConnectorDocument } from '../syntax/document';
import { bindingPort, describeIpSpan, isAllInterfaces, isEveryone, parseIpRange, parseSize, parseTimeSpan, formatSeconds } from '../rules/formats';
import { toRange } from './locate';
import type { ConnectorCommand, Value } from '../syntax/model';
import { markdownText } from '../../common/markdown';
import { effectiveRights, type ConnectorState } from '../syntax/state';
import { parameterSetInUse } from '../rules/validate';
import rawNotes from '../catalogue/data/valueNotes.json';
import { replyCodeHover } from '../catalogue/replyCodes';
import { groupDigits } from '../../common/numbers';

const NOTES = (rawNotes as unknown as { values: Record<string, Record<string, string>> }).values;

const EDGE_STATUS: Record<string, string> = {
  available: 'available on Edge Transport',
  standaloneOnly: 'available on a standalone Edge; disabled once the Edge is subscribed (EdgeSync owns the objects)',
  edgeOnly: 'only meaningful on Edge Transport',
  notApplicable: 'not an Edge cmdlet (Exchange Online)',
};

function list(items: string[] | undefined): string {
  return items === undefined ? '_unknown_' : items.length === 0 ? '_none_' : items.map((i) => `\`${i}\``).join(', ');
}

function stateLines(state: ConnectorState): string[] {
  const lines = [`**Connector '${state.name}' as this script leaves it**${state.created ? '' : ' (changed, not created, here)'}`];
  if (state.kind === 'receive') {
    if (state.usage) lines.push(`- Usage: \`${state.usage}\``);
    lines.push(`- PermissionGroups: ${list(state.permissionGroups.items)}${state.permissionGroups.fromTemplate ? ' (default)' : ''}`);
    lines.push(`- AuthMechanism: ${list(state.authMechanism.items)}${state.authMechanism.fromTemplate ? ' (default)' : ''}`);
    lines.push(`- Bindings: ${list(state.bindings.items)}`);
    lines.push(`- RemoteIPRanges: ${list(state.remoteIPRanges.items)}`);
    const anon = effectiveRights(state, 'NT AUTHORITY\\ANONYMOUS LOGON');
    lines.push(`- Rights of ANONYMOUS LOGON: ${anon.rights.size === 0 ? '_none_' : [...anon.rights].sort().map((r) => `\`${r}\``).join(', ')}${anon.unknown ? ' (some grants not statically known)' : ''}`);
  } else {
    for (const [name, { use }] of state.latest) {
      if (use.value && use.value.kind !== 'unknown') lines.push(`- ${name}: \`${valueText(use.value)}\``);
    }
  }
  for (const g of state.grants) lines.push(`- ${g.removal ? 'Removes' : g.deny ? 'Denies' : 'Grants'} ${list(g.rights)} ${g.removal ? 'from' : 'to'} ${list(g.users)}`);
  return lines;
}

function valueText(v: Value): string {
  switch (v.kind) {
    case 'string':
      return v.value;
    case 'number':
      return v.text;
    case 'bool':
      return v.value ? '$true' : '$false';
    case 'null':
      return '$null';
    case 'array':
      return v.items.map(valueText).join(', ');
    case 'hashtable':
      return `@{${v.entries.map((e) => `${e.key}=${valueText(e.value)}`).join('; ')}}`;
    case 'variable':
      return `$${v.name}`;
    default:
      return 'unknown';
  }
}

function cmdletHover(cmd: ConnectorCommand, state: ConnectorState | undefined): string {
  const spec = cmd.entry.spec;
  const lines = [`**${cmd.entry.name}**`, '', spec.synopsis, '', `- Environments: ${spec.environments.join(', ')}`, `- Edge Transport: ${EDGE_STATUS[spec.edgeTransport.status]}${spec.edgeTransport.note ? `. ${spec.edgeTransport.note}` : ''}`];
  const { candidates, active } = parameterSetInUse(cmd);
  if (spec.parameterSets.length > 1) lines.push(`- Parameter set in use: ${active ? `\`${active}\`` : `one of ${candidates.map((c) => `\`${c}\``).join(', ')}`}`);
  if (spec.deprecated) lines.push(`- Deprecated: ${spec.deprecated}`);
  lines.push(`- Docs: ${spec.docs}`);
  if (state && state.commands.length > 0) lines.push('', ...stateLines(state));
  return lines.join('\n');
}

export function parameterDoc(p: ParameterSpec): string {
  const lines = [`**-${p.name}** \`${p.type}\``, '', p.description];
  const en = enumOf(p);
  if (en) lines.push('', `Accepted values${en.flags ? ' (several allowed)' : ''}: ${en.values.map((v) => `\`${v}\``).join(', ')}`);
  if (p.knownValues) lines.push('', `Known values: ${p.knownValues.map((v) => `\`${v}\``).join(', ')}`);
  if (p.range) lines.push(`- Range: ${p.range}`);
  if (p.default) lines.push(`- Default: ${p.default}`);
  if (p.mandatoryIn.length > 0) lines.push(`- Mandatory in: ${p.mandatoryIn.join(', ')}`);
  if (p.edge !== 'available') lines.push(`- Edge Transport: ${p.edge}${p.edgeNote ? ` (${p.edgeNote})` : ''}`);
  for (const c of p.constraints ?? []) lines.push(`- ${c}`);
  const vt = CATALOG.valueTypes[p.type.replace(/^MultiValuedProperty<(.+)>$/, '$1')];
  if (vt) lines.push('', `Format: ${vt.desc} Examples: ${vt.examples.map((e) => `\`${e}\``).join(', ')}`);
  return lines.join('\n');
}

function valueHover(p: ParameterSpec, v: Value): string | undefined {
  if (v.kind !== 'string' && v.kind !== 'number') return undefined;
  const text = v.kind === 'string' ? v.value : v.text;
  const en = enumOf(p);
  if (en && p.enum) {
    const parts = text.split(',').map((s) => s.trim());
    const out: string[] = [];
    for (const part of parts) {
      const canonical = en.values.find((x) => x.toLowerCase() === part.toLowerCase());
      if (!canonical) continue;
      const note = NOTES[p.enum]?.[canonical];
      let line = `**${canonical}**${note ? ` — ${note}` : ''}`;
      if (p.enum === 'PermissionGroups') {
        const g = PERMISSIONS.permissionGroups[canonical];
        if (g) line += `\n\nPrincipals: ${list(g.principals)}. Rights: ${list(g.rights)}.`;
      }
      out.push(line);
    }
    return out.length > 0 ? out.join('\n\n') : undefined;
  }
  if (p.name === 'ExtendedRights') {
    const desc = Object.entries(PERMISSIONS.receiveRights).find(([k]) => k.toLowerCase() === text.toLowerCase());
    return desc ? `**${desc[0]}** — ${desc[1]}` : undefined;
  }
  const type = p.type;
  if (/IPRange/.test(type)) {
    const r = parseIpRange(text);
    if (!r.span) return undefined;
    return `**${markdownText(text)}** → ${describeIpSpan(r.span)}${isEveryone(r.span) ? ' — every address' : r.span.internal ? ' — internal address space' : ' — includes public addresses'}${r.note ? `\n\n${r.note}` : ''}`;
  }
  if (/ByteQuantifiedSize/.test(type)) {
    const bytes = v.kind === 'number' ? v.value : parseSize(text);
    return bytes === undefined ? undefined : `**${markdownText(text)}** = ${groupDigits(bytes)} bytes`;
  }
  if (type === 'TimeSpan') {
    const s = parseTimeSpan(text);
    return s === undefined ? undefined : `**${formatSeconds(s)}** = ${groupDigits(s)} seconds`;
  }
  if (/IPBinding/.test(type)) {
    if (isAllInterfaces(text)) {
      return `**${markdownText(text)}** — local listener on every local ${text.startsWith('[') ? 'IPv6' : 'IPv4'} address, port ${bindingPort(text) ?? '?'}. On an Edge with an internal and an internet-facing adapter, bind a relay connector to the internal adapter's address instead.`;
    }
    return `**${markdownText(text)}** — local listener on one address. That address must exist on a local network adapter, or the transport service may not start.`;
  }
  return undefined;
}

/** A key of a hashtable that is splatted into a connector cmdlet, under the cursor. */
function splatKeyAt(text: string, tables: Map<string, { entry: { name: string; byLowerName: Map<string, ParameterSpec> }; span: { start: number; end: number } }>, offset: number) {
  for (const { entry, span } of tables.values()) {
    if (offset <= span.start || offset >= span.end) continue;
    let start = offset;
    let end = offset;
    while (start > span.start && /[A-Za-z]/.test(text[start - 1]!)) start--;
    while (end < span.end && /[A-Za-z]/.test(text[end]!)) end++;
    if (!/^['"]?[ \t]*=/.test(text.slice(end, end + 40))) continue; // a key, not a value
    const spec = entry.byLowerName.get(text.slice(start, end).toLowerCase());
    if (spec) return { spec, cmdlet: entry.name, span: { start, end } };
  }
  return undefined;
}

export function hover(document: ConnectorDocument, doc: TextDocument, position: Position, settings: Settings): Hover | null {
  const model = document.model();
  const offset = doc.offsetAt(position);
  const key = splatKeyAt(model.text, model.splattedHashtables, offset);
  if (key) return { contents: { kind: MarkupKind.Markdown, value: `${parameterDoc(key.spec)}\n\n_Splatted into ${key.cmdlet}._` }, range: toRange(doc, key.span) };
  const cmd = commandAt(model, offset);
  if (!cmd) {
    const code = replyCodeHover(model.text, offset);
    return code ? { contents: { kind: MarkupKind.Markdown, value: code.markdown }, range: toRange(doc, code.span) } : null;
  }
  if (offset >= cmd.nameSpan.start && offset <= cmd.nameSpan.end) {
    const { state } = analyze(model, settings.connectors.targetRole);
    return { contents: { kind: MarkupKind.Markdown, value: cmdletHover(cmd, state.byCommand.get(cmd)) }, range: toRange(doc, cmd.nameSpan) };
  }
  const named = parameterNameAt(cmd, offset);
  if (named?.spec && named.nameSpan) return { contents: { kind: MarkupKind.Markdown, value: parameterDoc(named.spec) }, range: toRange(doc, named.nameSpan) };
  const hit = valueAt(cmd, offset);
  if (hit?.use.spec) {
    const text = valueHover(hit.use.spec, hit.value);
    if (text) return { contents: { kind: MarkupKind.Markdown, value: text }, range: toRange(doc, hit.value.span) };
  }
  return null;
}
