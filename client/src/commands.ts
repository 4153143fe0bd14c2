// Registers every editor command. Each command's work is a request to the server.
import * as vscode from 'vscode';
import { registerAssessmentCommands } from './commands/index';
import type { ClientGetter } from './commands/requestPlan';

/** Arguments of `iisSmtp.openGeneratedDocument`, which server code actions use to show generated text. */
export interface OpenGeneratedDocumentArgs {
  language: string;
  content: string;
}

export function registerCommands(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  registerAssessmentCommands(context, getClient);
  context.subscriptions.push(
    vscode.commands.registerCommand('iisSmtp.useSmtpLogLanguage', async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc) return;
      await vscode.languages.setTextDocumentLanguage(doc, 'iis-smtp-log');
    }),
    vscode.commands.registerCommand('iisSmtp.openGeneratedDocument', async (args: OpenGeneratedDocumentArgs) => {
      if (!args || typeof args.content !== 'string') return;
      const doc = await vscode.workspace.openTextDocument({ language: args.language || 'plaintext', content: args.content });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    }),
  );
}
