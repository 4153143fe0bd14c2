// IIS SMTP: Generate Connectors from Files… — logs read by the server from disk, with progress and cancel.
import * as vscode from 'vscode';
import { CLIENT_COMMANDS } from '../../../server/src/protocol/assessment';
import { pickLogFiles } from './pickFiles';
import { openScript, requestPlan, type ClientGetter } from './requestPlan';

export function registerGenerateFromFiles(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand(CLIENT_COMMANDS.generateFromFiles, async () => {
    const picked = await pickLogFiles();
    if (!picked) return;
    const result = await requestPlan(getClient, picked, vscode.l10n.t('Assessing IIS SMTP logs'));
    if (result) await openScript(result);
  });
}
