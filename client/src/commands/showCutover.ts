// IIS SMTP: Show Cut-over Status — picks the IIS log folders and the Edge's protocol log folders (or takes the
// Edge log the CodeLens was on), asks the server, and shows its Markdown in a preview. No domain logic here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLIENT_COMMANDS, CUTOVER_COMMAND } from '../../../server/src/protocol';
import { executeServerCommand } from '../serverProtocol';
import type { ClientGetter } from './requestPlan';

async function pickFolders(title: string): Promise<string[] | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: vscode.l10n.t('Select'), title });
  return picked && picked.length > 0 ? picked.map((u) => u.fsPath) : undefined;
}

export function registerShowCutover(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand(CLIENT_COMMANDS.showCutover, async (edgeLog?: vscode.Uri | string) => {
    const uri = typeof edgeLog === 'string' ? vscode.Uri.parse(edgeLog) : edgeLog;
    // From an Edge log: its folder holds the other hourly files.
    const edge = uri?.scheme === 'file' ? [path.dirname(uri.fsPath)] : await pickFolders(vscode.l10n.t('Exchange Edge SMTP protocol logs (the ProtocolLog folder)'));
    if (!edge) return;
    const iis = await pickFolders(vscode.l10n.t('IIS SMTP logs (SMTPSVC1 folders or *.log files)'));
    if (!iis) return;
    const client = await getClient();
    if (!client) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The IIS SMTP language server is not running.'));
      return;
    }
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading IIS and Edge logs'), cancellable: true }, async (_progress, token) => {
      try {
        return await executeServerCommand(client, CUTOVER_COMMAND, { paths: [...iis, ...edge] }, token);
      } catch (err) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(vscode.l10n.t('Cut-over status failed: {0}', err instanceof Error ? err.message : String(err)));
        return null;
      }
    });
    if (!result) return;
    if (result.message) void vscode.window.showWarningMessage(result.message);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
  });
}
