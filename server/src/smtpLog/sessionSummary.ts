// Short human descriptions of a session, for the outline and hovers.
import { formatDuration } from './catalog/win32Status';
import { markdownCode, markdownText } from '../common/markdown';
import { printable } from './sessionRules';
import type { Session } from './types';
import { formatTimestamp } from './values';

const safe = (text: string, max = 40): string => printable(text, max);

function acceptedCount(s: Session): number {
  let n = 0;
  for (const m of s.messages) n += m.accepted.length;
  return n;
}

/** The outcome code shown in outlines: the last DATA status, else the last MAIL status, else nothing. */
function outcome(s: Session): number {
  for (let i = s.messages.length - 1; i >= 0; i--) {
    const m = s.messages[i]!;
    if (m.dataStatus >= 0) return m.dataStatus;
  }
  const last = s.messages[s.messages.length - 1];
  return last ? last.mailStatus : -1;
}

/** `10.1.20.15 erp01 → 3 rcpt, 250` (inbound) or `⇢ 203.0.113.5 outbound, 2 rcpt, 250`. */
export function sessionTitle(s: Session): string {
  const code = outcome(s);
  const rcpt = acceptedCount(s);
  const tail = `${rcpt} rcpt${code >= 0 ? `, ${code}` : ''}`;
  if (s.direction === 'out') return `⇢ ${safe(s.clientIp) || '?'} outbound → ${tail}`;
  const base = `${safe(s.clientIp) || '?'}${s.helo ? ` ${safe(s.helo, 30)}` : ''}`;
  if (s.messages.length === 0) return `${base} → no mail${s.unrecognized > 0 ? ` (${s.unrecognized} unrecognised)` : ''}`;
  return `${base} → ${tail}`;
}

/** Log text quoted in Markdown: short, printable, and literal (see common/markdown.ts). */
const mdQuote = (text: string, max = 60): string => `"${markdownText(text, max)}"`;

/** A few markdown lines describing the session a record belongs to. */
export function sessionMarkdown(s: Session): string {
  const lines: string[] = [];
  const span = Number.isNaN(s.startTime) ? '' : ` · ${formatTimestamp(s.startTime)}${s.endTime !== s.startTime ? ` – ${formatTimestamp(s.endTime).slice(11)}` : ''}`;
  if (s.direction === 'out') {
    lines.push(`**Outbound connection** to ${markdownCode(s.clientIp, 40)}${span}`);
    if (s.helo) lines.push(`- We greeted as ${mdQuote(s.helo)}${s.tls ? ', with STARTTLS' : ', without STARTTLS'}`);
    if (s.remoteReplies.length) lines.push(`- Remote replies: ${s.remoteReplies.slice(0, 12).map((r) => markdownText(String(r), 40)).join(', ')}${s.remoteReplies.length > 12 ? ', …' : ''}`);
  } else {
    lines.push(`**Session** from ${s.clientIp ? markdownCode(s.clientIp, 40) : '`unknown`'}${s.helo ? ` (${s.usedEhlo ? 'EHLO' : 'HELO'} ${mdQuote(s.helo)})` : ' (no HELO)'}${span}`);
    const auth = s.auth === 'none' ? 'anonymous (no AUTH)' : `AUTH ${s.auth.toUpperCase()}${s.authStatus === 235 ? ' (succeeded)' : s.authStatus >= 0 ? ` (answered ${s.authStatus})` : ''}`;
    lines.push(`- ${auth} · ${s.tls ? 'STARTTLS' : 'no TLS'}`);
  }
  const senders = [...new Set(s.messages.map((m) => m.from || '<>'))];
  if (senders.length) lines.push(`- Sender${senders.length > 1 ? 's' : ''}: ${senders.slice(0, 3).map((x) => mdQuote(x)).join(', ')}${senders.length > 3 ? ', …' : ''}`);
  const accepted = s.messages.flatMap((m) => m.accepted);
  const denied = s.messages.flatMap((m) => m.denied);
  const refused = s.messages.flatMap((m) => m.refused.filter((r) => r.status !== -2));
  if (accepted.length) lines.push(`- Recipients accepted: ${accepted.slice(0, 3).map((x) => mdQuote(x)).join(', ')}${accepted.length > 3 ? ` (+${accepted.length - 3} more)` : ''}`);
  if (denied.length) lines.push(`- **Relay denied** for ${denied.length} recipient(s): ${denied.slice(0, 3).map((x) => mdQuote(x.address)).join(', ')}`);
  if (refused.length) lines.push(`- Other refused recipients: ${refused.length}`);
  const delivered = s.messages.filter((m) => m.dataStatus === 250).length;
  lines.push(`- Messages: ${s.messages.length} started, ${delivered} accepted (DATA 250)`);
  if (s.direction === 'in') {
    lines.push(
      s.closed
        ? `- Ended with the QUIT/240 record${s.durationMs >= 0 ? ` after ${formatDuration(s.durationMs)}` : ''}`
        : '- No session-end (QUIT/240) record in this file: the session continues elsewhere or was cut off',
    );
  }
  return lines.join('\n');
}
