// The cut-over page's script (runs in the webview with the page's nonce): its buttons post messages to the
// extension, which validates them (a `command:` link is not allowed in the page). A script line is sent as
// the index of its entry, never as a path; scriptTarget() is the extension's check of it.
import type { CutoverCommandResult } from '../../../server/src/protocol/cutover';

export const CUTOVER_SCRIPT = String.raw`
const vscode = acquireVsCodeApi();
document.querySelectorAll('button.script-line').forEach((b) => b.addEventListener('click', () => vscode.postMessage({ type: 'openScript', entry: Number(b.dataset.entry) })));
document.querySelectorAll('.actions button').forEach((b) => b.addEventListener('click', () => vscode.postMessage({ type: b.dataset.action })));
`;

/** The script location of entry `index`, when the server named one on disk; undefined for anything else. */
export function scriptTarget(result: CutoverCommandResult, index: unknown): { file: string; line: number; column: number } | undefined {
  const report = result.report;
  if (!report || typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= report.entries.length) return undefined;
  const target = report.entries[index]!.fix?.target;
  if (!target || target.generated || !report.scripts.includes(target.file) || !Number.isInteger(target.line) || target.line < 1) return undefined;
  return { file: target.file, line: target.line, column: Number.isInteger(target.column) && target.column >= 1 ? target.column : 1 };
}
