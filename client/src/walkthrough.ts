// Completes the walkthrough's "Open your SMTP logs" and "Review the warnings" steps: their completion events
// watch these context keys, set when such a document is opened (editorLangId is not set on the Welcome page).
import * as vscode from 'vscode';
import { CONNECTOR_SCRIPT_LANGUAGE_ID, METABASE_LANGUAGE_ID, SMTP_LOG_LANGUAGE_ID } from '../../server/src/protocol';

const STEPS: { key: string; languages: string[] }[] = [
  { key: 'iisSmtp.walkthrough.logOpened', languages: [SMTP_LOG_LANGUAGE_ID] },
  { key: 'iisSmtp.walkthrough.warningsOpened', languages: [METABASE_LANGUAGE_ID, CONNECTOR_SCRIPT_LANGUAGE_ID] },
];

export function registerWalkthroughProgress(context: vscode.ExtensionContext): void {
  const done = new Set<string>();
  const seen = (doc: vscode.TextDocument): void => {
    for (const step of STEPS) {
      if (done.has(step.key) || !step.languages.includes(doc.languageId)) continue;
      done.add(step.key);
      void vscode.commands.executeCommand('setContext', step.key, true);
    }
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(seen),
    vscode.window.onDidChangeActiveTextEditor((e) => e && seen(e.document)),
  );
  vscode.workspace.textDocuments.forEach(seen);
}
