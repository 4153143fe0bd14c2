// Signature help: the cmdlet's syntax for the parameter set in use, highlighting the parameter being typed.
import type { Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../../settings';
import type { ParameterSpec } from '../catalogue/catalog';
import { commandAt, typingContext } from './context';
import type { ConnectorDocument } from '../syntax/document';
import type { ConnectorCommand } from '../syntax/model';
import { parameterSetInUse } from '../rules/validate';

/** `-Usage Custom`: the mandatory parameters of the usage type's own set (Bindings, RemoteIPRanges) apply too. */
function usageMandatory(cmd: ConnectorCommand, set: string): string[] {
  const spec = cmd.entry.spec.parameterSets.find((s) => s.name === set);
  const usage = spec?.selectorParameter ? cmd.parameters.find((u) => u.spec?.name === spec.selectorParameter)?.value : undefined;
  if (usage?.kind !== 'string') return [];
  return cmd.entry.spec.parameterSets.find((s) => s.selectorSwitch?.toLowerCase() === usage.value.toLowerCase())?.mandatory ?? [];
}

function syntaxFor(name: string, required: ReadonlySet<string>, params: ParameterSpec[]): { label: string; parameters: { label: [number, number]; documentation: string }[]; names: string[] } {
  let label = name;
  const parameters: { label: [number, number]; documentation: string }[] = [];
  const names: string[] = [];
  for (const p of params) {
    const mandatory = required.has(p.name);
    const piece = p.type === 'switch' ? `-${p.name}` : `-${p.name} <${p.type}>`;
    const text = mandatory ? piece : `[${piece}]`;
    const start = label.length + 1 + (mandatory ? 0 : 1);
    label += ` ${text}`;
    parameters.push({ label: [start, start + piece.length], documentation: p.description });
    names.push(p.name);
  }
  return { label, parameters, names };
}

/** Beyond the mandatory and the given parameters, a set's optional parameters are counted, not listed (40+ otherwise). */
export function signatureHelp(document: ConnectorDocument, doc: TextDocument, position: Position, _settings: Settings): SignatureHelp | null {
  const model = document.model();
  const offset = doc.offsetAt(position);
  const cmd = commandAt(model, offset);
  if (!cmd || offset <= cmd.nameSpan.end) return null;
  const { candidates, active } = parameterSetInUse(cmd);
  // no usage type yet: the set PowerShell would bind (New-ReceiveConnector: Custom) comes first
  const fallback = active ? undefined : cmd.entry.spec.parameterSets.find((s) => s.default && candidates.includes(s.name))?.name;
  const sets = active ? [active] : fallback ? [fallback, ...candidates.filter((c) => c !== fallback)] : candidates;
  const ctx = typingContext(model, cmd, offset);
  const typed = ctx.valueFor?.name ?? (ctx.parameterName ? ctx.word.slice(1).toLowerCase() : undefined);
  const given = new Set(cmd.parameters.map((u) => u.spec?.name).filter((n): n is string => n !== undefined));
  const signatures: SignatureInformation[] = [];
  let activeParameter: number | undefined;
  for (const set of sets) {
    const all = cmd.entry.spec.parameters.filter((p) => p.parameterSets.includes(set) && !p.deprecated && !p.internalUseOnly);
    const required = new Set([...all.filter((p) => p.mandatoryIn.includes(set)).map((p) => p.name), ...usageMandatory(cmd, set)]);
    const isTyped = (p: ParameterSpec) =>
      typed !== undefined && (p.name.toLowerCase() === typed.toLowerCase() || (ctx.parameterName !== undefined && p.name.toLowerCase().startsWith(typed.toLowerCase())));
    const shown = all.filter((p) => required.has(p.name) || given.has(p.name) || isTyped(p));
    shown.sort((a, b) => Number(required.has(b.name)) - Number(required.has(a.name)));
    const s = syntaxFor(cmd.entry.name, required, shown);
    const more = all.length - shown.length;
    const label = more > 0 ? `${s.label} [${more} more optional]` : s.label;
    const isDefault = set === fallback;
    signatures.push({
      label,
      documentation: `Parameter set ${set}${isDefault ? ' (used when no usage type is given)' : ''}.${more > 0 ? ` Type '-' to list the ${more} optional parameters not shown.` : ''}`,
      parameters: s.parameters,
    });
    if (signatures.length === 1 && typed) {
      const i = s.names.findIndex((n) => isTyped(all.find((p) => p.name === n)!));
      if (i >= 0) activeParameter = i;
    }
  }
  if (signatures.length === 0) return null;
  return { signatures, activeSignature: 0, activeParameter };
}
