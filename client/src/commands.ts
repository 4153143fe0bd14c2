// Registers every editor command. Each command's work is a request to the server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function registerCommands(context: vscode.ExtensionContext, _client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('iisSmtp.useSmtpLogLanguage', async (uri?: vscode.Uri) => {
      const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc) return;
      await vscode.languages.setTextDocumentLanguage(doc, 'iis-smtp-log');
    }),
  );
}
