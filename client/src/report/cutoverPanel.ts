// Hosts the cut-over page: one panel, refreshed when the status is asked for again. Answers its messages: open
// the connector script at the line a failing entry names (only a script the server read, at the line it gave),
// or show the same result as Markdown.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { CutoverCommandResult } from '../../../server/src/protocol/cutover';
import { outputColumn } from '../output/column';
import { cutoverHtml } from './cutoverHtml';
import { scriptTarget } from './cutoverScript';

export const CUTOVER_VIEW_TYPE = 'iisSmtp.cutoverView';

let open: { panel: vscode.WebviewPanel; result: CutoverCommandResult } | undefined;

async function answer(m: { type?: unknown; entry?: unknown }, result: CutoverCommandResult, panel: vscode.WebviewPanel): Promise<void> {
  if (m?.type === 'openScript') {
    const target = scriptTarget(result, m.entry);
    if (!target) return;
    const position = new vscode.Position(target.line - 1, target.column - 1);
    const column = panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.file(target.file), { selection: new vscode.Range(position, position), viewColumn: column, preview: false });
  } else if (m?.type === 'markdown') {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
  }
}

export function showCutoverPanel(result: CutoverCommandResult, scope: string): vscode.WebviewPanel {
  if (!open) {
    const panel = vscode.window.createWebviewPanel(CUTOVER_VIEW_TYPE, '', outputColumn(), { enableScripts: true, localResourceRoots: [], retainContextWhenHidden: false });
    const entry = { panel, result };
    open = entry;
    panel.webview.onDidReceiveMessage((m: { type?: unknown; entry?: unknown }) => answer(m, entry.result, entry.panel));
    panel.onDidDispose(() => {
      if (open === entry) open = undefined;
    });
  }
  open.result = result;
  open.panel.title = vscode.l10n.t('IIS SMTP Cut-over: {0}', scope);
  open.panel.webview.html = cutoverHtml(result, randomBytes(16).toString('base64'), open.panel.webview.cspSource, scope);
  open.panel.reveal(undefined, false);
  return open.panel;
}
