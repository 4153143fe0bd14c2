// Asks the server for a connector plan (iisSmtp.connectorPlan), with progress, cancellation and a status-bar
// item while it runs. The client only transports and formats: every traffic decision is the server's.
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, CONNECTOR_PLAN_COMMAND, CONNECTOR_SCRIPT_LANGUAGE_ID, USER_PICKED_NOTIFICATION, type ConnectorPlanResult } from '../../../server/src/protocol';
import { openGenerated } from '../output/generatedDocuments';
import { nothingToAssess, plural, scopeLabel, suggestedFileName } from '../scope';
import { executeServerCommand, sendServerNotification } from '../serverProtocol';
import type { AssessTarget } from './target';

/** Resolves once the language server is running (undefined if it could not start). */
export type ClientGetter = () => Promise<LanguageClient | undefined>;

/** A finished assessment and what it covered. */
export interface Assessed {
  result: ConnectorPlanResult;
  /** The scope as the server read it (files, line ranges), for titles and file names. */
  label: string;
}

/** The status-bar item shown while an assessment runs; a click asks for the report as soon as it is done. */
class RunningStatus {
  private readonly item = vscode.window.createStatusBarItem('iisSmtp.assessment', vscode.StatusBarAlignment.Left, 50);
  private running = 0;
  reportWanted = false;

  constructor() {
    this.item.name = vscode.l10n.t('IIS SMTP assessment');
    this.item.command = CLIENT_COMMANDS.showRunningAssessment;
  }

  begin(label: string): void {
    this.running++;
    this.reportWanted = false;
    this.item.text = `$(loading~spin) ${vscode.l10n.t('Assessing {0}', label)}`;
    this.item.tooltip = vscode.l10n.t('IIS SMTP assessment of {0} running: click to see the report when it is done', label);
    this.item.show();
  }

  wantReport(): void {
    this.reportWanted = true;
    this.item.text = `$(loading~spin) ${vscode.l10n.t('Assessing… the report opens when done')}`;
  }

  end(): void {
    if (--this.running <= 0) {
      this.running = 0;
      this.item.hide();
    }
  }

  get isRunning(): boolean {
    return this.running > 0;
  }

  dispose(): void {
    this.item.dispose();
  }
}

let status: RunningStatus | undefined;

export function registerRunningStatus(context: vscode.ExtensionContext): void {
  status = new RunningStatus();
  context.subscriptions.push(
    status,
    vscode.commands.registerCommand(CLIENT_COMMANDS.showRunningAssessment, () => {
      if (status?.isRunning) status.wantReport();
    }),
  );
}

/** True once, after the user clicked the status-bar item of the run that just finished. */
export function takeReportRequest(): boolean {
  const wanted = status?.reportWanted ?? false;
  if (status) status.reportWanted = false;
  return wanted;
}

/** Runs the assessment; undefined when it failed, was cancelled, or found nothing to assess (the user is told). */
export async function requestPlan(getClient: ClientGetter, target: AssessTarget, title: string): Promise<Assessed | undefined> {
  const client = await getClient();
  if (!client) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The IIS SMTP language server is not running.'));
    return undefined;
  }
  // Only our own commands come here, with what the user chose: readable even in an untrusted workspace.
  await sendServerNotification(client, USER_PICKED_NOTIFICATION, { paths: [...(target.args.paths ?? []), ...(target.args.metabase ? [target.args.metabase] : [])] });
  status?.begin(target.label);
  try {
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${title}: ${target.label}`, cancellable: true }, async (progress, token) => {
      const workDoneToken = `iisSmtp.plan.${Date.now()}.${Math.random().toString(36).slice(2)}`;
      let last = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === 'report' && typeof value.percentage === 'number') {
          progress.report({ increment: Math.max(0, value.percentage - last), message: value.message });
          last = value.percentage;
        }
      });
      try {
        const args = { ...target.args, includeReport: true };
        return (await executeServerCommand(client, CONNECTOR_PLAN_COMMAND, args, token, workDoneToken)) ?? undefined;
      } catch (err) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(vscode.l10n.t('Assessment failed: {0}', err instanceof Error ? err.message : String(err)));
        return undefined;
      } finally {
        listener.dispose();
      }
    });
    if (!result) return undefined;
    const label = scopeLabel(result.assessment?.files, target.label);
    const empty = nothingToAssess(result, label);
    if (empty) {
      takeReportRequest();
      void vscode.window.showWarningMessage(empty);
      return undefined;
    }
    return { result, label };
  } finally {
    status?.end();
  }
}

/** Opens the generated script, named after its scope, in the output column. */
export async function openScript({ result, label }: Assessed): Promise<void> {
  await openGenerated(suggestedFileName('connectors', label, result, 'ps1'), CONNECTOR_SCRIPT_LANGUAGE_ID, result.script);
  if (result.cancelled) void vscode.window.showWarningMessage(vscode.l10n.t('Assessment cancelled: the script covers only the part read.'));
  else if (result.warnings.length > 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Connector script for {0} generated with {1}: see the comments at the top.', label, plural(result.warnings.length, 'review note', 'review notes')));
  }
}
