// Asks the server for a connector plan (iisSmtp.connectorPlan), with progress and cancellation when files
// are read from disk. The client only transports: every decision is made by the server.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { CONNECTOR_PLAN_COMMAND, type ConnectorPlanArgs, type ConnectorPlanResult } from '../../../server/src/protocol/assessment';
import { USER_PICKED_NOTIFICATION } from '../../../server/src/protocol/trust';

/** Resolves once the language server is running (undefined if it could not start). */
export type ClientGetter = () => Promise<LanguageClient | undefined>;

export async function requestPlan(getClient: ClientGetter, args: ConnectorPlanArgs, title: string): Promise<ConnectorPlanResult | undefined> {
  const client = await getClient();
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The IIS SMTP language server is not running.'));
    return undefined;
  }
  // Only our own commands come here, with what the user chose: readable even in an untrusted workspace.
  await client.sendNotification(USER_PICKED_NOTIFICATION, { paths: [...(args.paths ?? []), ...(args.metabase ? [args.metabase] : [])] });
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const workDoneToken = `iisSmtp.plan.${Date.now()}.${Math.random().toString(36).slice(2)}`;
    let last = 0;
    const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
      if (value.kind === 'report' && typeof value.percentage === 'number') {
        progress.report({ increment: Math.max(0, value.percentage - last), message: value.message });
        last = value.percentage;
      }
    });
    try {
      const result = (await client.sendRequest(ExecuteCommandRequest.type, { command: CONNECTOR_PLAN_COMMAND, arguments: [args], workDoneToken }, token)) as ConnectorPlanResult | null;
      return result ?? undefined;
    } catch (err) {
      if (token.isCancellationRequested) return undefined;
      void vscode.window.showErrorMessage(vscode.l10n.t('Assessment failed: {0}', err instanceof Error ? err.message : String(err)));
      return undefined;
    } finally {
      listener.dispose();
    }
  });
}

/** Opens the generated script in an untitled PowerShell editor beside the current one. */
export async function openScript(result: ConnectorPlanResult): Promise<void> {
  const doc = await vscode.workspace.openTextDocument({ language: 'powershell', content: result.script });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  if (result.cancelled) void vscode.window.showWarningMessage(vscode.l10n.t('Assessment cancelled: the script covers only the part read.'));
  else if (result.warnings.length > 0) void vscode.window.showInformationMessage(vscode.l10n.t('Connector script generated with {0} review note(s): see the comments at the top.', result.warnings.length));
}

/** What the user is looking at: an open log (with its selections), or a file too large to be synced (path only). */
export function currentTarget(uri?: vscode.Uri): ConnectorPlanArgs | undefined {
  const editor = vscode.window.activeTextEditor;
  if (uri && (!editor || editor.document.uri.toString() !== uri.toString())) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return { uri: open.uri.toString() };
    return uri.scheme === 'file' ? { paths: [uri.fsPath] } : undefined;
  }
  if (editor) {
    const ranges = editor.selections.filter((s) => !s.isEmpty).map((s) => ({ start: { line: s.start.line, character: s.start.character }, end: { line: s.end.line, character: s.end.character } }));
    return ranges.length > 0 ? { uri: editor.document.uri.toString(), ranges } : { uri: editor.document.uri.toString() };
  }
  // Files over 50 MB are not synced to extensions: only the tab's path is known, so the server reads it from disk.
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText && input.uri.scheme === 'file') return { paths: [input.uri.fsPath] };
  return undefined;
}
