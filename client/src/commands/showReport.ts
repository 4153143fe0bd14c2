// IIS SMTP: Show Assessment Report — for the current log (or its selections), or for chosen files.
import * as vscode from 'vscode';
import { CLIENT_COMMANDS, type ConnectorPlanArgs } from '../../../server/src/protocol/assessment';
import { showReportPanel } from '../report/reportPanel';
import { pickLogFiles } from './pickFiles';
import { currentTarget, requestPlan, type ClientGetter } from './requestPlan';

export function registerShowReport(context: vscode.ExtensionContext, getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand(CLIENT_COMMANDS.showReport, async (uri?: vscode.Uri | string) => {
    let target: ConnectorPlanArgs | undefined = currentTarget(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
    if (!target || (target.uri && !isLog(target.uri))) {
      const picked = await pickLogFiles();
      if (!picked) return;
      target = picked;
    }
    const args = { ...target, includeReport: true };
    const result = await requestPlan(getClient, args, vscode.l10n.t('Assessing IIS SMTP logs'));
    if (result) showReportPanel(context, result);
  });
}

function isLog(uri: string): boolean {
  return vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri && d.languageId === 'iis-smtp-log');
}
