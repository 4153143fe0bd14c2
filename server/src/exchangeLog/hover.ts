// Hover for protocol logs: the field under the cursor, its value, what the value means (event, reply and
// enhanced codes, permissions, the failure it shows), and the session the line belongs to. All log text is
// shown inside code spans with backticks and control characters replaced, so it cannot inject markdown.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { findEnhancedCode, replyCodeInfo, verbInfo } from '../smtpLog/catalog';
import { lineText } from '../smtpLog/documentModel';
import { markdownCode as code } from '../common/markdown';
import { exoReplyParagraphs } from '../common/exoReplyCodes';
import { directiveInfo, eventInfo, fieldInfo, permissionInfo } from './catalog';
import { splitCsvLine } from './csv';
import type { ExDocumentModel, SessionSummary } from './documentModel';
import { sessionTitle } from './outline';
import type { ExLogType } from './parser';
import { matchInfo, matchReply, replyParts } from './refusals';
import { isoTime } from '../common/days';

export function exchangeLogHover(model: ExDocumentModel, doc: TextDocument, position: Position): Hover | null {
  const text = lineText(doc, position.line);
  if (text.length > 65536) return null;
  if (model.isDirective(position.line)) {
    const name = /^\ufeff?#([^:]*)/.exec(text)?.[1]?.trim() ?? '';
    const info = directiveInfo(name);
    return info ? { contents: { kind: MarkupKind.Markdown, value: `**#${info.name}** — ${info.summary}` } } : null;
  }
  if (!model.isRecord(position.line)) return null;
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const csv = splitCsvLine(text.slice(shift));
  const layout = model.layoutAt(position.line);
  const at = position.character - shift;
  const index = csv.starts.findIndex((start, i) => at >= start && at <= csv.ends[i]!);
  if (index < 0) return null;
  const name = layout.names[index] ?? `field ${index + 1}`;
  const value = csv.values[index] ?? '';
  const get = (field: string): string => csv.values[layout.names.indexOf(field)] ?? '';
  const parts: string[] = [];
  const info = fieldInfo(name);
  parts.push(info ? `**${info.name}** — ${info.summary}` : `**${code(name, 40)}** — not a field Exchange writes; shown as logged.`);
  parts.push(`Value: ${value === '' ? '(empty)' : code(value)}`);
  const session = model.sessionAt(position.line);
  const meaning = valueMeaning(name, value, get('event'), get('context'), model.logType);
  if (meaning) parts.push(meaning);
  if (session) parts.push(`---\n${sessionMarkdown(session)}`);
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') },
    range: { start: { line: position.line, character: shift + csv.starts[index]! }, end: { line: position.line, character: shift + csv.ends[index]! } },
  };
}

function valueMeaning(name: string, value: string, event: string, context: string, side: ExLogType): string | undefined {
  if (name === 'event') {
    const e = eventInfo(value);
    return e ? `**${e.name}** — ${side === 'send' ? e.send : e.receive}` : undefined;
  }
  if (name === 'data' && /^Set Session Permissions$/i.test(context.trim())) return permissionsMarkdown(value);
  if (name === 'context' && /^Set Session Permissions$/i.test(value.trim())) return 'The data field lists what this session may do (hover it for each permission).';
  if (name !== 'data' && name !== 'context') return undefined;
  const replyEvent = side === 'send' ? '<' : '>';
  const commandEvent = side === 'send' ? '>' : '<';
  if (name === 'data' && event === replyEvent) {
    const { code: reply } = replyParts(value);
    if (Number.isNaN(reply)) return undefined;
    const lines: string[] = [];
    const r = replyCodeInfo(reply);
    if (r) lines.push(`**${reply}** — ${r.summary}`);
    const enhanced = findEnhancedCode(value);
    if (enhanced) lines.push(`**${enhanced.info.code}** — ${enhanced.info.summary}`);
    const rule = matchReply(side, value, '');
    if (rule) lines.push(`*Shows:* ${rule.reason}.`);
    if (enhanced) lines.push(...exoReplyParagraphs(enhanced.info.code));
    return lines.join('\n\n') || undefined;
  }
  if (name === 'data' && event === commandEvent) {
    const verb = value.split(' ')[0] ?? '';
    const v = verbInfo(verb);
    return v ? `**${v.verb}** — ${v.summary}` : undefined;
  }
  if (event === '*') {
    const rule = matchInfo(side, `${value}`);
    return rule ? `*Shows:* ${rule.reason}.` : undefined;
  }
  return undefined;
}

function permissionsMarkdown(value: string): string {
  const names = value.split(/\s+/).filter((p) => p !== '').slice(0, 40);
  const lines = names.map((n) => {
    const p = permissionInfo(n);
    return p ? `- ${code(p.name, 60)} — ${p.summary}${p.right ? ` (${code(p.right, 60)})` : ''}` : `- ${code(n, 60)} — not a permission this extension knows.`;
  });
  const relay = names.some((n) => n.toLowerCase() === 'smtpacceptanyrecipient');
  lines.push('', relay ? 'This session **may relay** (SMTPAcceptAnyRecipient).' : 'This session **may not relay**: SMTPAcceptAnyRecipient is missing.');
  return `**Session permissions**\n\n${lines.join('\n')}`;
}

function sessionMarkdown(s: SessionSummary): string {
  const o = s.outcome;
  const time = (ms: number): string => isoTime(ms) || '?';
  const lines = [`**Session** ${code(s.id, 32)} — ${code(sessionTitle(s), 120)}`];
  lines.push(`- ${o.side === 'send' ? 'Send connector' : 'Receive connector'}: ${s.connector ? code(s.connector, 120) : '(none)'}`);
  lines.push(`- ${o.side === 'send' ? 'Next hop' : 'Client'}: ${o.host ? code(o.host, 60) : '?'}${o.helo ? ` (EHLO ${code(o.helo, 60)})` : ''}`);
  lines.push(`- Time: ${time(s.firstTime)} – ${time(s.lastTime)}, lines ${s.firstLine + 1}–${s.lastLine + 1}${s.closed ? '' : ' (no disconnect line: the session continues elsewhere)'}`);
  if (o.side !== 'send') lines.push(`- Permissions: ${o.permissions.length > 0 ? o.permissions.map((p) => code(p, 60)).join(' ') : '(not logged)'}; relay ${o.relayGranted ? 'allowed' : 'not allowed'}`);
  lines.push(`- TLS: ${o.tls ? 'yes' : 'no'}; AUTH: ${o.authMechanism ? `${code(o.authMechanism, 20)}${o.authenticated ? ' (succeeded)' : ' (not completed)'}` : 'none'}`);
  lines.push(`- Messages accepted: ${o.messages}; recipients accepted: ${o.recipients}`);
  for (const r of o.refusals.slice(0, 5)) lines.push(`- Refused on line ${r.line + 1}: ${r.reason}${r.reply ? ` (${code(r.reply, 20)})` : ''}`);
  return lines.join('\n');
}
