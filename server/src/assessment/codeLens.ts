// The CodeLens on a log's first header line: "N applications · M messages · Show report · Generate connectors".
// Pure: the host (languages.ts) binds it onto the log language and converts it to LSP. The counts come from the
// same accumulator and profiles as the report it opens, so the two always agree.
import type { CommandLens } from '../languageService';
import { CLIENT_COMMANDS } from '../protocol';
import type { Settings } from '../settings';
import type { Session } from '../smtpLog/types';
import { AssessmentAccumulator } from './accumulator';
import { finalizeAssessment } from './profiles';
import { groupDigits } from '../common/numbers';

/** Applications and messages of some sessions, exactly as the assessment counts them. */
export function applicationTotals(sessions: readonly Session[], acceptedDomains: readonly string[]): { applications: number; messages: number } {
  const acc = new AssessmentAccumulator();
  for (const s of sessions) if (s.direction === 'in') acc.addSession(s);
  const { summary } = finalizeAssessment(acc, { acceptedDomains });
  return { applications: summary.applications, messages: summary.messages };
}

/** Without a URI (a caller that only wants the counts) the commands act on the active editor. */
export function assessmentCodeLenses(sessions: readonly Session[], settings: Settings, uri?: string, line = 0): CommandLens[] {
  const totals = applicationTotals(sessions, settings.acceptedDomains);
  const args: [uri?: string] = uri ? [uri] : [];
  const plural = (n: number, word: string): string => `${groupDigits(n)} ${word}${n === 1 ? '' : 's'}`;
  return [
    { line, command: { title: `${plural(totals.applications, 'application')} · ${plural(totals.messages, 'message')}`, command: CLIENT_COMMANDS.showReport, arguments: args } },
    { line, command: { title: 'Show report', command: CLIENT_COMMANDS.showReport, arguments: args } },
    { line, command: { title: 'Generate connectors', command: CLIENT_COMMANDS.generateFromSelection, arguments: args } },
  ];
}
