// Signature help: the cmdlet's syntax for the parameter set in use, highlighting the parameter being typed.
import type { Position, SignatureHelp, SignatureInformation } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../settings';
import type { ParameterSpec } from './catalog';
import { commandAt, typingContext } from './context';
import type { ConnectorDocument } from './document';
import { parameterSetInUse } from './validate';

function syntaxFor(name: string, setName: string | undefined, params: ParameterSpec[]): { label: string; parameters: { label: [number, number]; documentation: string }[]; names: string[] } {
  let label = name;
  const parameters: { label: [number, number]; documentation: string }[] = [];
  const names: string[] = [];
  for (const p of params) {
    const mandatory = setName ? p.mandatoryIn.includes(setName) : false;
    const piece = p.type === 'switch' ? `-${p.name}` : `-${p.name} <${p.type}>`;
    const text = mandatory ? piece : `[${piece}]`;
    const start = label.length + 1 + (mandatory ? 0 : 1);
    label += ` ${text}`;
    parameters.push({ label: [start, start + piece.length], documentation: p.description });
    names.push(p.name);
  }
  return { label, parameters, names };
}

export function signatureHelp(document: ConnectorDocument, doc: TextDocument, position: Position, _settings: Settings): SignatureHelp | null {
  const model = document.model();
  const offset = doc.offsetAt(position);
  const cmd = commandAt(model, offset);
  if (!cmd || offset <= cmd.nameSpan.end) return null;
  const { candidates, active } = parameterSetInUse(cmd);
  const sets = active ? [active] : candidates;
  const ctx = typingContext(model, cmd, offset);
  const typed = ctx.valueFor?.name ?? (ctx.parameterName ? ctx.word.slice(1).toLowerCase() : undefined);
  const signatures: SignatureInformation[] = [];
  let activeParameter: number | undefined;
  for (const set of sets) {
    const params = cmd.entry.spec.parameters.filter((p) => p.parameterSets.includes(set) && !p.deprecated && !p.internalUseOnly);
    params.sort((a, b) => Number(b.mandatoryIn.includes(set)) - Number(a.mandatoryIn.includes(set)));
    const s = syntaxFor(cmd.entry.name, set, params);
    signatures.push({ label: s.label, documentation: `Parameter set ${set}`, parameters: s.parameters });
    if (signatures.length === 1 && typed) {
      const i = s.names.findIndex((n) => n.toLowerCase() === typed.toLowerCase() || (ctx.parameterName && n.toLowerCase().startsWith(typed.toLowerCase())));
      if (i >= 0) activeParameter = i;
    }
  }
  if (signatures.length === 0) return null;
  return { signatures, activeSignature: 0, activeParameter };
}
