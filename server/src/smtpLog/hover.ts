// Hover for SMTP logs: what the column under the cursor means, its decoded value, the meaning of the
// value itself (reply codes, verbs, Win32 status, address class), and the session the line belongs to.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { classifyAddress, describeAddressClass } from '../common/ipClass';
import { exoReplyParagraphs } from '../common/exoReplyCodes';
import { directiveByName, enhancedCodeInfo, fieldByName, findEnhancedCode, replyCodeInfo, verbInfo, win32StatusInfo } from './catalog';
import { lineText, type LogDocumentModel } from './documentModel';
import { fieldSpans } from './lineFields';
import { sessionMarkdown } from './sessionSummary';
import type { LogRecord } from './types';
import { decodePlus } from './values';
import { markdownCode as code, markdownText } from '../common/markdown';

export function logHover(model: LogDocumentModel, doc: TextDocument, position: Position): Hover | null {
  const entry = model.entry(position.line);
  const text = lineText(doc, position.line);
  if (text.length > 65536) return null;
  if (entry.kind === 'directive') return directiveHover(entry.name, text, position);
  if (entry.kind !== 'record') return null;
  const spans = fieldSpans(text, model.format, entry.layout);
  const span = spans.find((s) => position.character >= s.start && position.character <= s.end);
  if (!span) return null;
  const value = text.slice(span.start, span.end);
  const parts: string[] = [];
  const info = fieldByName(span.name);
  const outbound = entry.direction !== 'in';
  if (info) {
    parts.push(`**${info.name}** — ${info.summary}`);
    parts.push(outbound ? `*Outbound record:* ${info.outbound}` : `*Inbound record:* ${info.inbound}`);
  } else {
    parts.push(`**${markdownText(span.name, 60)}** — not a field IIS SMTP writes; shown as logged.`);
  }
  const decoded = value === '-' ? '(empty)' : decodePlus(value);
  parts.push(`Value: ${code(value)}${decoded !== value ? ` → ${code(decoded)}` : ''}`);
  const meaning = valueMeaning(span.name, value, entry);
  if (meaning) parts.push(meaning);
  const session = model.sessionAt(position.line);
  if (session) parts.push(`---\n${sessionMarkdown(session)}`);
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') },
    range: { start: { line: position.line, character: span.start }, end: { line: position.line, character: span.end } },
  };
}

function valueMeaning(name: string, value: string, r: LogRecord): string | undefined {
  if (value === '-') return undefined;
  switch (name) {
    case 'sc-status': {
      const status = Number(value);
      const info = replyCodeInfo(status);
      if (!info) return undefined;
      const note = status === 0 && r.direction !== 'in' ? ' The remote server\'s reply code is at the start of cs-uri-query.' : '';
      return `**${status}** — ${info.summary}${info.iisNote ? ` ${info.iisNote}` : ''}${note}`;
    }
    case 'cs-method': {
      const info = verbInfo(value);
      return info ? `**${markdownText(value)}** — ${info.summary}\n\n${info.detail}` : undefined;
    }
    case 'sc-win32-status': {
      const info = win32StatusInfo(Number(value), { status: r.status });
      return `${info.name ? `\`${info.name}\` — ` : ''}${info.summary}`;
    }
    case 'c-ip':
    case 's-ip': {
      const c = classifyAddress(value);
      const role = name === 's-ip' ? 'this server\'s address' : r.direction === 'in' ? 'the client' : 'the remote server this one delivered to';
      return `${c.cls === 'invalid' ? 'Not an IP address' : `${describeAddressClass(c)}`} — ${role}.`;
    }
    case 'cs-username':
      if (r.direction !== 'in') return 'Marks an outbound record: this server talking to the next hop.';
      return 'The HELO/EHLO name the client gave (never an authenticated account).';
    case 'cs-uri-query':
      return queryMeaning(value, r);
    default:
      return undefined;
  }
}

function queryMeaning(value: string, r: LogRecord): string | undefined {
  if (r.direction === 'out-response') {
    const m = /^(\d{3})/.exec(value);
    if (!m) return undefined;
    const reply = replyCodeInfo(Number(m[1]));
    const enhanced = findEnhancedCode(value);
    const lines = [`Remote reply **${m[1]}** — ${reply?.summary ?? 'unknown code'}`];
    if (enhanced) lines.push(`Enhanced status **${enhanced.info.code}** — ${enhanced.info.summary}`, ...exoReplyParagraphs(enhanced.info.code));
    return lines.join('\n\n');
  }
  const verb = verbInfo(r.method);
  const lines: string[] = [];
  if (verb) lines.push(`For ${r.method ? markdownText(r.method, 40) : 'this record'}: ${verb.query}`);
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(value);
  if (enhanced) {
    const info = enhancedCodeInfo(enhanced[1]!);
    if (info) lines.push(`Enhanced status **${info.code}** — ${info.summary}`, ...exoReplyParagraphs(info.code));
  }
  return lines.join('\n\n') || undefined;
}

function directiveHover(name: string, text: string, position: Position): Hover | null {
  const info = directiveByName(name);
  const colon = text.indexOf(':');
  if (name.toLowerCase() === 'fields' && colon >= 0 && position.character > colon) {
    const re = /\S+/g;
    re.lastIndex = colon + 1;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      if (position.character >= m.index && position.character <= m.index + m[0].length) {
        const field = fieldByName(m[0]);
        const value = field
          ? `**${field.name}** — ${field.summary}\n\n${field.detail}\n\n*Inbound:* ${field.inbound}\n\n*Outbound:* ${field.outbound}\n\n` +
            `Enabled in IIS by **${field.uiLabel}** (\`${field.flagName}\`, LogExtFileFlags bit 0x${field.flagBit.toString(16).padStart(8, '0')}).`
          : `**${markdownText(m[0], 60)}** — not a field IIS SMTP writes.`;
        return {
          contents: { kind: MarkupKind.Markdown, value },
          range: { start: { line: position.line, character: m.index }, end: { line: position.line, character: m.index + m[0].length } },
        };
      }
    }
  }
  if (!info) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: `**#${info.name}** — ${info.summary}\n\n${info.detail}` },
    range: { start: { line: position.line, character: 0 }, end: { line: position.line, character: colon >= 0 ? colon + 1 : text.length } },
  };
}
