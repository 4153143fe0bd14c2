// IIS SMTP: Show Assessment Report (the whole current log, or chosen files), Show Assessment Report for
// Selection (explicitly the selected lines), and Assess Folder with IIS SMTP (Explorer context menu).
import * as vscode from 'vscode';
import { CLIENT_COMMANDS, SMTP_LOG_LANGUAGE_ID } from '../../../server/src/protocol';
import { showReportPanel } from '../report/reportPanel';
import { pickLogFiles } from './pickFiles';
import { requestPlan, type ClientGetter } from './requestPlan';
import { pathsTarget, resolveTarget, selectionTarget, type AssessTarget } from './target';

function isLog(uri: string): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri && d.languageId === SMTP_LOG_LANGUAGE_ID);
}

async function report(context: vscode.ExtensionContext, getClient: ClientGetter, target: AssessTarget): Promise<void> {
  const assessed = await requestPlan(getClient, target, vscode.l10n.t('Assessing IIS SMTP logs'));
  if (assessed) showReportPanel(context, assessed);
}

export function registerShowReport(context: vscode.ExtensionContext, getClient: ClientGetter): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CLIENT_COMMANDS.showReport, async (uri?: unknown) => {
      let target = await resolveTarget(uri, 'file');
      if (!target || (target.args.uri && !isLog(target.args.uri))) target = await pickLogFiles();
      if (target) await report(context, getClient, target);
    }),
    vscode.commands.registerCommand(CLIENT_COMMANDS.showReportForSelection, async () => {
      const editor = vscode.window.activeTextEditor;
      const target = editor && isLog(editor.document.uri.toString()) ? selectionTarget(editor) : undefined;
      if (!target) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Select the lines of an IIS SMTP log first, or use Show Assessment Report for the whole file.'));
        return;
      }
      await report(context, getClient, target);
    }),
    vscode.commands.registerCommand(CLIENT_COMMANDS.assessFolder, async (folder?: vscode.Uri, selected?: vscode.Uri[]) => {
      const uris = selected && selected.length > 0 ? selected : folder ? [folder] : undefined;
      const target = uris ? pathsTarget(uris) : await pickLogFiles();
      if (target) await report(context, getClient, target);
    }),
  ];
}
