// Generated scripts and examples as read-only documents named after their scope (`connectors-ex261120.ps1`):
// one tab per scope, refreshed when generated again, no "Save changes?" on close, and Save As with that name.
import * as vscode from 'vscode';
import { GENERATED_SCHEME, outputColumn } from './column';

export { GENERATED_SCHEME };

class GeneratedContent implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  forget(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }
}

const content = new GeneratedContent();

/**
 * `onTabClosed` runs when the last tab of a generated document closes: VS Code keeps such documents open a
 * while longer, and their diagnostics would otherwise stay in the Problems panel.
 */
export function registerGeneratedDocuments(context: vscode.ExtensionContext, onTabClosed: (uri: vscode.Uri) => void): void {
  const shown = (uri: vscode.Uri): boolean =>
    vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()));
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(GENERATED_SCHEME, content),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === GENERATED_SCHEME) content.forget(d.uri);
    }),
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.closed) {
        if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === GENERATED_SCHEME && !shown(tab.input.uri)) onTabClosed(tab.input.uri);
      }
    }),
  );
}

/** File-name safe: letters, digits, dot, dash, underscore. */
function safeName(name: string): string {
  return name.replace(/[^\w.-]+/g, '-').slice(0, 120) || 'generated.txt';
}

/** Shows generated text in the output column, in the tab of that name if one is open. */
export async function openGenerated(name: string, language: string, text: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: GENERATED_SCHEME, path: `/${safeName(name)}` });
  content.set(uri, text);
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  return vscode.window.showTextDocument(doc, { viewColumn: shown?.viewColumn ?? outputColumn(), preview: false });
}
