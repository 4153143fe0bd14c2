// IIS SMTP: Generate Connectors from Selection — the selections of the current log, or the whole file.
import * as vscode from 'vscode';
import { CLIENT_COMMANDS } from '../../../server/src/protocol/assessment';
import { currentTarget, openScript, requestPlan, type ClientGetter } from './requestPlan';

export function registerGenerateFromSelection(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand(CLIENT_COMMANDS.generateFromSelection, async (uri?: vscode.Uri | string) => {
    const target = currentTarget(typeof uri === 'string' ? vscode.Uri.parse(uri) : uri);
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open an IIS SMTP log first.'));
      return;
    }
    const result = await requestPlan(getClient, target, vscode.l10n.t('Generating connectors'));
    if (result) await openScript(result);
  });
}
