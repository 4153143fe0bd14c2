// Registers the assessment commands (generate from selection / files, reports) and the running-status item.
import * as vscode from 'vscode';
import { registerGenerateFromFiles } from './generateFromFiles';
import { registerGenerateFromSelection } from './generateFromSelection';
import { registerRunningStatus, type ClientGetter } from './requestPlan';
import { registerShowReport } from './showReport';
import { registerShowCutover } from './showCutover';

export function registerAssessmentCommands(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  registerRunningStatus(context);
  context.subscriptions.push(registerGenerateFromSelection(context, getClient), registerGenerateFromFiles(context, getClient), ...registerShowReport(context, getClient), registerShowCutover(getClient));
}
