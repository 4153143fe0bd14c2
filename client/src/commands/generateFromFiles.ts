// IIS SMTP: Generate Connectors from Files… — logs read by the server from disk, with progress and cancel.
import * as vscode from 'vscode';
import { CLIENT_COMMANDS } from '../../../server/src/protocol';
import { showReportPanel } from '../report/reportPanel';
import { pickLogFiles } from './pickFiles';
import { openScript, requestPlan, takeReportRequest, type ClientGetter } from './requestPlan';

export function registerGenerateFromFiles(context: vscode.ExtensionContext, getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand(CLIENT_COMMANDS.generateFromFiles, async () => {
    const picked = await pickLogFiles();
    if (!picked) return;
    const assessed = await requestPlan(getClient, picked, vscode.l10n.t('Assessing IIS SMTP logs'));
    if (!assessed) return;
    await openScript(assessed);
    if (takeReportRequest()) showReportPanel(context, assessed);
  });
}
