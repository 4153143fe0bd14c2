// Completion: property names valid for the enclosing key type (not yet present), and enumerated,
// Boolean and flag values inside attribute values.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { propertiesForKey, type KeyClass, type PropertyDef } from './catalog/properties';
import { keyAt } from './locate';
import type { MetabaseKey, MetabaseModel } from './model';

function propertyDoc(def: PropertyDef): string {
  const lines = [`**${def.name}**${def.id !== undefined ? ` (ID ${def.id})` : ''} — ${def.type}`, '', def.meaning];
  if (def.ui) lines.push('', `IIS Manager: ${def.ui}`);
  if (def.schemaDefault !== undefined) lines.push('', `Schema default: \`${def.schemaDefault || '(empty)'}\``);
  lines.push('', `Edge: ${def.edge.text}`);
  return lines.join('\n');
}

function keyClassOf(key: MetabaseKey): KeyClass | undefined {
  const c = key.typeDef?.keyClass ?? key.pathDef?.keyClass;
  return c === 'sessions' || c === 'computer' ? undefined : c;
}

function valueItems(def: PropertyDef, typed: string, replaceStart: Position, at: Position): CompletionItem[] {
  const range = { start: replaceStart, end: at };
  const item = (label: string, detail: string, doc?: string): CompletionItem => ({
    label,
    kind: CompletionItemKind.EnumMember,
    detail,
    documentation: doc ? { kind: MarkupKind.Markdown, value: doc } : undefined,
    textEdit: { range, newText: label },
  });
  if (def.flags) {
    const present = new Set(typed.split('|').map((s) => s.trim().toLowerCase()));
    return def.flags.bits
      .filter((b) => !present.has(b.name.toLowerCase()))
      .map((b) => item(b.name, `${def.name} bit 0x${b.value.toString(16)}`, `${b.meaning}\n\nJoin several flags with \` | \`.`));
  }
  if (def.type === 'BOOL') return [item('TRUE', def.name), item('FALSE', def.name)];
  if (def.enumValues) return Object.entries(def.enumValues).map(([v, meaning]) => item(v, meaning));
  return [];
}

export function metabaseCompletion(model: MetabaseModel, doc: TextDocument, position: Position): CompletionItem[] {
  const offset = doc.offsetAt(position);
  const key = keyAt(model, offset);
  if (!key) return [];
  // Inside an attribute value?
  for (const occ of key.props) {
    if (offset >= occ.valueStart && offset <= occ.valueEnd) {
      if (occ.source === 'custom' && offset <= occ.nameEnd && offset >= occ.nameStart) break;
      if (!occ.def) return [];
      const typed = model.text.slice(occ.valueStart, offset);
      const bar = typed.lastIndexOf('|');
      let startOfWord = bar >= 0 ? bar + 1 : 0;
      while (startOfWord < typed.length && /\s/.test(typed[startOfWord]!)) startOfWord++;
      return valueItems(occ.def, typed, doc.positionAt(occ.valueStart + startOfWord), position);
    }
  }
  const klass = keyClassOf(key);
  if (!klass) return [];
  const inStartTag = offset > key.nameEnd && offset < key.openEnd;
  const inCustomName = key.props.some((o) => o.source === 'custom' && offset >= o.nameStart && offset <= o.nameEnd);
  if (!inStartTag && !inCustomName) return [];
  const present = new Set(key.props.map((p) => p.name.toLowerCase()));
  present.add('location');
  return propertiesForKey(klass)
    .filter((d) => !present.has(d.name.toLowerCase()))
    .map((d): CompletionItem => {
      const snippet = inStartTag ? `${d.name}="$1"` : d.name;
      return {
        label: d.name,
        kind: CompletionItemKind.Property,
        detail: `${d.type}${d.id !== undefined ? ` · ID ${d.id}` : ''}`,
        documentation: { kind: MarkupKind.Markdown, value: propertyDoc(d) },
        insertText: snippet,
        insertTextFormat: inStartTag ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        command: inStartTag && (d.flags || d.type === 'BOOL' || d.enumValues) ? { title: 'Suggest values', command: 'editor.action.triggerSuggest' } : undefined,
      };
    });
}

