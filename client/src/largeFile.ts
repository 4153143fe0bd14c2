// Logs over 50 MB: VS Code shows them but does not pass them to extensions, so they get no diagnostics,
// CodeLens or outline. Say so once per file, and offer what still works: the report and generation read the
// file from disk.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { CLIENT_COMMANDS } from '../../server/src/protocol';

/** VS Code's limit for passing a file's text to extensions. */
export const EXTENSION_SYNC_LIMIT = 50 * 1024 * 1024;
const LOG_HEADER = /^(\ufeff)?#Software: Microsoft Internet Information Services/;

/** The manifest's own test for a log (a SMTPSVC folder, or the IIS header on the first line), read from disk. */
async function looksLikeLog(uri: vscode.Uri): Promise<boolean> {
  if (/\/smtpsvc[^/]*\/[^/]*\.log$/i.test(uri.path)) return true;
  const file = await open(uri.fsPath, 'r').catch(() => undefined);
  if (!file) return false;
  try {
    const head = Buffer.alloc(256);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return LOG_HEADER.test(head.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}

export function registerLargeFileNotice(context: vscode.ExtensionContext): void {
  const told = new Set<string>();
  const check = async (): Promise<void> => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (!(input instanceof vscode.TabInputText) || input.uri.scheme !== 'file') return;
    const key = input.uri.toString();
    if (told.has(key) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
    const size = (await Promise.resolve(vscode.workspace.fs.stat(input.uri)).catch(() => undefined))?.size ?? 0;
    if (size <= EXTENSION_SYNC_LIMIT || told.has(key) || !(await looksLikeLog(input.uri))) return;
    told.add(key);
    const report = vscode.l10n.t('Show Report');
    const generate = vscode.l10n.t('Generate Connectors');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        '{0} is {1} MB: VS Code does not pass files over 50 MB to extensions, so it shows no IIS SMTP diagnostics, CodeLens or outline. The assessment report and connector generation still work: they read the whole file from disk.',
        basename(input.uri.fsPath),
        Math.round(size / (1024 * 1024)),
      ),
      report,
      generate,
    );
    if (choice === report) await vscode.commands.executeCommand(CLIENT_COMMANDS.showReport, key);
    else if (choice === generate) await vscode.commands.executeCommand(CLIENT_COMMANDS.generateFromSelection, key);
  };
  context.subscriptions.push(vscode.window.tabGroups.onDidChangeTabs(() => void check()));
}
