// Outline and folding for SMTP logs: header blocks, and the sessions that start in each.
import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lineText, type LogDocumentModel } from './documentModel';
import { sessionTitle } from './sessionSummary';

interface Block {
  start: number;
  /** Last line of the header (directive lines). */
  headerEnd: number;
  end: number;
  title: string;
}

function blocks(model: LogDocumentModel): Block[] {
  const out: Block[] = [];
  let current: Block | undefined;
  const entries = model.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.kind === 'directive') {
      if (!current || current.headerEnd < i - 1) {
        if (current) current.end = i - 1;
        current = { start: i, headerEnd: i, end: i, title: 'Header' };
        out.push(current);
      }
      current.headerEnd = i;
      if (e.date !== undefined && !Number.isNaN(e.date)) current.title = `Header ${new Date(e.date).toISOString().slice(0, 19).replace('T', ' ')}`;
    }
  }
  if (current) current.end = entries.length - 1;
  if (out.length === 0 && entries.length > 0) out.push({ start: 0, headerEnd: -1, end: entries.length - 1, title: `${model.format === 'iis' ? 'IIS format' : model.format === 'ncsa' ? 'NCSA format' : 'Records'}` });
  return out;
}

function lineEnd(doc: TextDocument, line: number): { line: number; character: number } {
  return { line, character: Math.min(lineText(doc, line).length, 65536) };
}

export function logSymbols(model: LogDocumentModel, doc: TextDocument, maxSymbols: number): DocumentSymbol[] {
  const { sessions } = model.sessions();
  const result: DocumentSymbol[] = [];
  let budget = maxSymbols;
  let k = 0;
  for (const b of blocks(model)) {
    if (budget-- <= 0) break;
    const children: DocumentSymbol[] = [];
    while (k < sessions.length && sessions[k]!.firstLine <= b.end) {
      const s = sessions[k++]!;
      if (budget <= 0) continue;
      budget--;
      children.push({
        name: sessionTitle(s),
        kind: s.direction === 'in' ? SymbolKind.Event : SymbolKind.Interface,
        detail: s.direction === 'in' ? (s.closed ? 'session' : 'session (no end record)') : 'outbound',
        range: { start: { line: s.firstLine, character: 0 }, end: lineEnd(doc, s.lastLine) },
        selectionRange: { start: { line: s.firstLine, character: 0 }, end: { line: s.firstLine, character: 0 } },
      });
    }
    result.push({
      name: b.title,
      kind: SymbolKind.Namespace,
      detail: `${children.length} session${children.length === 1 ? '' : 's'}`,
      range: { start: { line: b.start, character: 0 }, end: lineEnd(doc, b.end) },
      selectionRange: { start: { line: b.start, character: 0 }, end: { line: b.start, character: 0 } },
      children,
    });
  }
  return result;
}

export function logFolding(model: LogDocumentModel, maxRanges: number): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const b of blocks(model)) {
    if (b.headerEnd > b.start) ranges.push({ startLine: b.start, endLine: b.headerEnd, kind: 'comment' });
    if (b.end > Math.max(b.start, b.headerEnd) && b.headerEnd >= 0) ranges.push({ startLine: b.start, endLine: b.end, kind: 'region' });
  }
  // Sessions fold only where their lines are contiguous: folding an interleaved one would hide others.
  const { sessions } = model.sessions();
  for (const s of sessions) {
    if (ranges.length >= maxRanges) break;
    if (s.lastLine > s.firstLine && s.recordCount === s.lastLine - s.firstLine + 1) ranges.push({ startLine: s.firstLine, endLine: s.lastLine, kind: 'region' });
  }
  return ranges;
}
