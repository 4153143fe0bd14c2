// Completion in SMTP logs: directive names after `#`, and field names on a `#Fields:` line.
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIRECTIVES, FIELDS } from './catalog';
import { lineText } from './documentModel';

export function logCompletion(doc: TextDocument, position: Position): CompletionItem[] {
  const text = lineText(doc, position.line);
  if (text.length > 4096) return [];
  const before = text.slice(0, position.character);
  const fields = /^#Fields:(.*)$/i.exec(before);
  if (fields) {
    const listed = new Set(text.slice(text.indexOf(':') + 1).trim().toLowerCase().split(/\s+/));
    const current = /(\S*)$/.exec(before)![1]!.toLowerCase();
    listed.delete(current);
    return FIELDS.filter((f) => f.smtpUsage !== 'not-written' && !listed.has(f.name)).map((f, i) => ({
      label: f.name,
      kind: CompletionItemKind.Field,
      detail: f.summary,
      sortText: String(i).padStart(3, '0'),
      documentation: {
        kind: MarkupKind.Markdown,
        value: `${f.detail}\n\n*Inbound:* ${f.inbound}\n\n*Outbound:* ${f.outbound}\n\nIIS option: **${f.uiLabel}**${f.required === 'essential' ? '\n\nEssential for a relay assessment.' : ''}`,
      },
    }));
  }
  if (/^#[A-Za-z-]*$/.test(before)) {
    const typed = before.length;
    return DIRECTIVES.map((d, i) => ({
      label: `#${d.name}`,
      filterText: `#${d.name}`,
      kind: CompletionItemKind.Keyword,
      detail: d.summary,
      sortText: `${d.writtenBySmtpsvc ? 0 : 1}${String(i).padStart(2, '0')}`,
      documentation: { kind: MarkupKind.Markdown, value: `${d.detail}\n\nExample: \`#${d.name}: ${d.example}\`` },
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: typed } }, newText: `#${d.name}: ` },
    }));
  }
  return [];
}
