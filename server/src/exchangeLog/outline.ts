// Outline and folding for protocol logs: header blocks, and one symbol per session (sessions interleave, so
// only sessions whose lines do not overlap another's fold).
import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { lineText } from '../smtpLog/documentModel';
import { printable } from '../smtpLog/sessionRules';
import type { ExDocumentModel, SessionSummary } from './documentModel';

/** `10.20.5.11 app02 → 1 message` or `10.20.5.40 scan01 → relay refused (5.7.54)`. */
export function sessionTitle(s: SessionSummary): string {
  const o = s.outcome;
  const who = o.side === 'send' ? `⇢ ${o.host || '?'}${o.banner ? ` ${o.banner}` : ''}` : `${o.host || '?'}${o.helo ? ` ${printable(o.helo, 30)}` : ''}`;
  const refusal = o.refusals[0];
  const result = refusal ? refusal.reason : o.messages > 0 ? `${o.messages} message${o.messages === 1 ? '' : 's'}` : o.mailCommands > 0 ? 'no message accepted' : 'no mail';
  return `${who} → ${result}`;
}

const end = (doc: TextDocument, line: number): { line: number; character: number } => ({ line, character: Math.min(lineText(doc, line).length, 65536) });

export function exchangeLogSymbols(model: ExDocumentModel, doc: TextDocument, maxSymbols: number): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const [a, b] of model.headers) {
    if (out.length >= maxSymbols) return out;
    out.push({ name: 'Header', detail: model.logType === 'send' ? 'SMTP Send Protocol Log' : model.logType === 'receive' ? 'SMTP Receive Protocol Log' : '', kind: SymbolKind.Namespace, range: { start: { line: a, character: 0 }, end: end(doc, b) }, selectionRange: { start: { line: a, character: 0 }, end: end(doc, a) } });
  }
  for (const s of model.sessions) {
    if (out.length >= maxSymbols) break;
    out.push({
      name: sessionTitle(s),
      detail: printable(s.connector, 80),
      kind: SymbolKind.Event,
      range: { start: { line: s.firstLine, character: 0 }, end: end(doc, s.lastLine) },
      selectionRange: { start: { line: s.firstLine, character: 0 }, end: end(doc, s.firstLine) },
    });
  }
  return out;
}

export function exchangeLogFolding(model: ExDocumentModel, maxRanges: number): FoldingRange[] {
  const out: FoldingRange[] = [];
  for (const [a, b] of model.headers) if (b > a) out.push({ startLine: a, endLine: b, kind: 'comment' });
  let reach = -1;
  const sessions = model.sessions;
  for (let i = 0; i < sessions.length && out.length < maxRanges; i++) {
    const s = sessions[i]!;
    const next = sessions[i + 1];
    const overlaps = s.firstLine <= reach || (next !== undefined && next.firstLine <= s.lastLine);
    if (!overlaps && s.lastLine > s.firstLine) out.push({ startLine: s.firstLine, endLine: s.lastLine, kind: 'region' });
    reach = Math.max(reach, s.lastLine);
  }
  return out;
}
