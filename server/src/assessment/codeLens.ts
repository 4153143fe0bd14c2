// The CodeLens on a log's first header line: "N applications · M messages · Show report · Generate connectors".
// Pure: the log language service passes its sessions and wires the result.
import type { CodeLens } from 'vscode-languageserver';
import { classifyAddress } from '../common/ipClass';
import { CLIENT_COMMANDS } from '../protocol/assessment';
import type { Settings } from '../settings';
import type { Session } from '../smtpLog/types';

const INTERNAL = new Set(['private', 'loopback', 'link-local']);

export function assessmentCodeLenses(sessions: readonly Session[], _settings: Settings, uri?: string, line = 0): CodeLens[] {
  const apps = new Set<string>();
  let messages = 0;
  for (const s of sessions) {
    if (s.direction !== 'in') continue;
    const cls = classifyAddress(s.clientIp);
    if (!INTERNAL.has(cls.cls)) continue;
    let delivered = 0;
    for (const m of s.messages) if (m.dataStatus === 250) delivered++;
    if (delivered > 0) {
      apps.add(cls.canonical);
      messages += delivered;
    }
  }
  const range = { start: { line, character: 0 }, end: { line, character: 0 } };
  const args = uri ? [uri] : [];
  const plural = (n: number, word: string): string => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
  return [
    { range, command: { title: `${plural(apps.size, 'application')} · ${plural(messages, 'message')}`, command: CLIENT_COMMANDS.showReport, arguments: args } },
    { range, command: { title: 'Show report', command: CLIENT_COMMANDS.showReport, arguments: args } },
    { range, command: { title: 'Generate connectors', command: CLIENT_COMMANDS.generateFromSelection, arguments: args } },
  ];
}
