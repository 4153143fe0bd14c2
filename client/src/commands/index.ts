// Registers the assessment commands (generate from selection / files, show report).
import * as vscode from 'vscode';
import { registerGenerateFromFiles } from './generateFromFiles';
import { registerGenerateFromSelection } from './generateFromSelection';
import type { ClientGetter } from './requestPlan';
import { registerShowReport } from './showReport';
import { registerShowCutover } from './showCutover';

export function registerAssessmentCommands(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  context.subscriptions.push(registerGenerateFromSelection(getClient), registerGenerateFromFiles(getClient), registerShowReport(context, getClient), registerShowCutover(getClient));
}
