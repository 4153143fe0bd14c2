// Outline (keys as a tree: service → servers with their ServerComment → domains, …) and folding.
import { FoldingRangeKind, SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findOwn } from './effective';
import { textValue, type MetabaseKey, type MetabaseModel } from './model';

function symbolKind(key: MetabaseKey): SymbolKind {
  switch (key.pathDef?.keyClass ?? key.typeDef?.keyClass) {
    case 'service':
      return SymbolKind.Module;
    case 'server':
      return SymbolKind.Class;
    case 'domain':
      return SymbolKind.Namespace;
    case 'vdir':
      return SymbolKind.Package;
    default:
      return SymbolKind.Object;
  }
}

function symbolName(model: MetabaseModel, key: MetabaseKey): { name: string; detail: string } {
  const klass = key.pathDef?.keyClass;
  const comment = findOwn(key, 'ServerComment');
  const last = key.location.slice(key.location.lastIndexOf('/') + 1) || key.location;
  if (klass === 'server') {
    const c = comment ? textValue(model, comment).trim().slice(0, 80) : '';
    return { name: `${last}${c ? ` — ${c}` : ''}`, detail: key.keyType };
  }
  if (klass === 'domain') return { name: last, detail: 'domain' };
  if (klass === 'service') return { name: 'SMTP service', detail: key.location };
  return { name: last, detail: key.keyType };
}

export function metabaseSymbols(model: MetabaseModel, doc: TextDocument, maxSymbols: number): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const byPath = new Map<string, DocumentSymbol>();
  let count = 0;
  for (const key of model.keys) {
    if (count >= maxSymbols) break;
    if (byPath.has(key.path)) continue;
    count++;
    const { name, detail } = symbolName(model, key);
    const sym: DocumentSymbol = {
      name: name || '(unnamed)',
      detail,
      kind: symbolKind(key),
      range: { start: doc.positionAt(key.start), end: doc.positionAt(key.end) },
      selectionRange: { start: doc.positionAt(key.start + 1), end: doc.positionAt(key.nameEnd) },
      children: [],
    };
    byPath.set(key.path, sym);
    // Nest under the nearest ancestor key present in the file.
    let parent: DocumentSymbol | undefined;
    for (let p = key.path.lastIndexOf('/'); p > 0 && !parent; p = key.path.lastIndexOf('/', p - 1)) parent = byPath.get(key.path.slice(0, p));
    (parent ? parent.children! : roots).push(sym);
  }
  return roots;
}

export function metabaseFolding(model: MetabaseModel, doc: TextDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const key of model.keys) {
    const s = doc.positionAt(key.start).line;
    const e = doc.positionAt(key.end).line;
    if (e > s) out.push({ startLine: s, endLine: e });
  }
  for (const c of model.comments) {
    const s = doc.positionAt(c.start).line;
    const e = doc.positionAt(c.end).line;
    if (e > s) out.push({ startLine: s, endLine: e, kind: FoldingRangeKind.Comment });
  }
  return out;
}
