// IIS SMTP: Generate Connectors from Selection — the selected lines of the current log (the whole file when
// nothing is selected, or when the CodeLens asks); the script's tab and header name the scope.
import * as vscode from 'vscode';
import { CLIENT_COMMANDS } from '../../../server/src/protocol';
import { showReportPanel } from '../report/reportPanel';
import { openScript, requestPlan, takeReportRequest, type ClientGetter } from './requestPlan';
import { resolveTarget } from './target';

export function registerGenerateFromSelection(context: vscode.ExtensionContext, getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand(CLIENT_COMMANDS.generateFromSelection, async (uri?: unknown) => {
    const target = await resolveTarget(uri, 'selection');
    if (!target) {
      // A declined "assess the whole file" question leaves a tab open: nothing more to say then.
      if (!vscode.window.tabGroups.activeTabGroup.activeTab) void vscode.window.showInformationMessage(vscode.l10n.t('Open an IIS SMTP log first.'));
      return;
    }
    const assessed = await requestPlan(getClient, target, vscode.l10n.t('Generating connectors'));
    if (!assessed) return;
    await openScript(assessed);
    if (takeReportRequest()) showReportPanel(context, assessed);
  });
}
