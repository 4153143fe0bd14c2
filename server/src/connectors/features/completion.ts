// Completion: connector cmdlet names; parameters of the cmdlet at the cursor not yet used (within the
// parameter set in use); enum values, extended rights, well-known principals and Booleans; keys of a
// hashtable that is splatted into a connector cmdlet.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings, TargetRole } from '../../settings';
import { PERMISSIONS, cmdletNames, enumOf, findCmdlet, rightNames, type CmdletEntry, type ParameterSpec } from '../catalogue/catalog';
import { commandAt, typingContext } from './context';
import type { ConnectorDocument } from '../syntax/document';
import { psQuote } from '../../common/powershell';
import { parameterDoc } from './hover';
import { toRange } from './locate';
import type { ConnectorCommand } from '../syntax/model';
import type { ScriptModel } from '../syntax/script';
import { parameterSetInUse, roleProblem } from '../rules/validate';

function quoteIfNeeded(v: string): string {
  return /^[A-Za-z0-9._:*\-]+$/.test(v) ? v : psQuote(v);
}

function usableParameters(cmd: ConnectorCommand, typingAt: number, role: TargetRole): ParameterSpec[] {
  const { candidates } = parameterSetInUse(cmd);
  // the parameter being typed does not count as used
  const used = new Set(cmd.parameters.filter((p) => !(p.nameSpan && typingAt >= p.nameSpan.start && typingAt <= p.nameSpan.end)).map((p) => p.spec?.name));
  return cmd.entry.allParameters.filter(
    (p) =>
      !used.has(p.name) &&
      !p.deprecated &&
      !p.internalUseOnly &&
      roleProblem(cmd.entry, p, role) === undefined &&
      (p.parameterSets.length === 0 || p.parameterSets.some((s) => candidates.includes(s))),
  );
}

function parameterItems(doc: TextDocument, cmd: ConnectorCommand, start: number, end: number, withDash: boolean, role: TargetRole): CompletionItem[] {
  const range = toRange(doc, { start, end });
  const { active } = parameterSetInUse(cmd);
  return usableParameters(cmd, end, role).map((p, i) => {
    const mandatory = active ? p.mandatoryIn.includes(active) : p.mandatoryIn.length > 0 && p.mandatoryIn.length === p.parameterSets.length;
    return {
      label: `-${p.name}`,
      kind: CompletionItemKind.Property,
      detail: `${p.type}${mandatory ? ' (mandatory)' : ''}`,
      documentation: { kind: MarkupKind.Markdown, value: parameterDoc(p) },
      sortText: `${mandatory ? '0' : p.psType === 'CommonParameter' ? '2' : '1'}${String(i).padStart(3, '0')}`,
      filterText: `-${p.name}`,
      textEdit: { range, newText: withDash ? `-${p.name}` : p.name },
    };
  });
}

function valueItems(doc: TextDocument, spec: ParameterSpec, start: number, end: number): CompletionItem[] {
  const range = toRange(doc, { start, end });
  const item = (value: string, kind: CompletionItemKind, detail: string): CompletionItem => ({
    label: value,
    kind,
    detail,
    textEdit: { range, newText: quoteIfNeeded(value) },
    filterText: value,
  });
  const en = enumOf(spec);
  if (en) return en.values.map((v) => item(v, CompletionItemKind.EnumMember, `${spec.name} value`));
  if (spec.name === 'ExtendedRights') {
    return rightNames().map((r) => ({ ...item(r, CompletionItemKind.Value, 'extended right'), documentation: PERMISSIONS.receiveRights[r] }));
  }
  if (spec.name === 'User' || spec.type === 'SecurityPrincipalId') return PERMISSIONS.wellKnownPrincipals.map((p) => item(p, CompletionItemKind.Value, 'well-known principal'));
  if (spec.type === 'bool') return ['$true', '$false'].map((b) => ({ label: b, kind: CompletionItemKind.Constant, textEdit: { range, newText: b } }));
  if (spec.knownValues) return spec.knownValues.map((v) => item(v, CompletionItemKind.Value, `${spec.name} value`));
  return [];
}

function cmdletItems(doc: TextDocument, start: number, end: number, prefix: string): CompletionItem[] {
  const lower = prefix.toLowerCase();
  const range = toRange(doc, { start, end });
  return cmdletNames()
    .filter((n) => n.toLowerCase().startsWith(lower) || n.toLowerCase().includes(`-${lower}`))
    .map((n) => ({
      label: n,
      kind: CompletionItemKind.Function,
      detail: 'Exchange connector cmdlet',
      documentation: findCmdlet(n)!.spec.synopsis,
      textEdit: { range, newText: n },
    }));
}

/** Key completion inside `$p = @{ … }` when `$p` is splatted into a connector cmdlet. */
function splatKeyItems(model: ScriptModel, doc: TextDocument, offset: number): CompletionItem[] | undefined {
  for (const [, { entry, span }] of model.splattedHashtables) {
    if (offset <= span.start || offset >= span.end) continue;
    const text = model.text;
    let start = offset;
    while (start > span.start && /[A-Za-z]/.test(text[start - 1]!)) start--;
    const before = text.slice(span.start, start);
    if (!/(?:@\{|;|\n)[ \t]*$/.test(before)) return [];
    const body = text.slice(span.start, span.end);
    const used = new Set([...body.matchAll(/(?:^|[{;\n])\s*['"]?([A-Za-z]+)['"]?\s*=/g)].map((m) => m[1]!.toLowerCase()));
    return keyItems(entry, doc, start, offset, used);
  }
  return undefined;
}

function keyItems(entry: CmdletEntry, doc: TextDocument, start: number, end: number, used: Set<string>): CompletionItem[] {
  const range = toRange(doc, { start, end });
  return entry.allParameters
    .filter((p) => !used.has(p.name.toLowerCase()) && !p.deprecated && !p.internalUseOnly)
    .map((p) => ({
      label: p.name,
      kind: CompletionItemKind.Field,
      detail: `${p.type} (splatted into ${entry.name})`,
      documentation: { kind: MarkupKind.Markdown, value: parameterDoc(p) },
      textEdit: { range, newText: `${p.name} = ` },
      insertTextFormat: InsertTextFormat.PlainText,
    }));
}

export function completion(document: ConnectorDocument, doc: TextDocument, position: Position, settings: Settings): CompletionItem[] | null {
  const model = document.model();
  const offset = doc.offsetAt(position);
  const splat = splatKeyItems(model, doc, offset);
  if (splat) return splat;
  const cmd = commandAt(model, offset);
  if (cmd && offset > cmd.nameSpan.end) {
    const ctx = typingContext(model, cmd, offset);
    if (ctx.parameterName) return parameterItems(doc, cmd, ctx.wordStart, offset, true, settings.connectors.targetRole);
    if (ctx.valueFor) return valueItems(doc, ctx.valueFor, ctx.wordStart, offset);
    if (ctx.word === '') return parameterItems(doc, cmd, offset, offset, true, settings.connectors.targetRole);
    return [];
  }
  // A command name being typed at the start of a statement.
  const text = model.text;
  let start = offset;
  while (start > 0 && /[A-Za-z\-]/.test(text[start - 1]!)) start--;
  const prefix = text.slice(start, offset);
  const before = text.slice(Math.max(0, start - 200), start);
  if (prefix.length >= 2 && /(^|[\n;|({]|^\s*)[ \t]*$/.test(before)) {
    const items = cmdletItems(doc, start, offset, prefix);
    return items.length > 0 ? items : null;
  }
  return null;
}
