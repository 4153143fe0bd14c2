// Hosts the report webview: one panel per scope (refreshed when assessed again), titled with that scope and
// opened in the output column; answers its buttons (open the script, save or copy an export).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { openScript, type Assessed } from '../commands/requestPlan';
import { outputColumn, REPORT_VIEW_TYPE } from '../output/column';
import { saveText } from '../output/save';
import { suggestedFileName } from '../scope';
import { reportHtml } from './reportHtml';

const EXPORTS = { csv: { ext: 'csv', label: 'CSV' }, json: { ext: 'json', label: 'JSON' }, markdown: { ext: 'md', label: 'Markdown' } } as const;
const panels = new Map<string, { panel: vscode.WebviewPanel; assessed: Assessed }>();

function render(panel: vscode.WebviewPanel, assessed: Assessed): void {
  panel.title = vscode.l10n.t('IIS SMTP Assessment: {0}', assessed.label);
  panel.webview.html = reportHtml(assessed.result, randomBytes(16).toString('base64'), panel.webview.cspSource, assessed.label);
}

async function answer(m: { type?: unknown; format?: unknown }, assessed: Assessed): Promise<void> {
  const { result, label } = assessed;
  if (m?.type === 'generate') {
    await openScript(assessed);
  } else if (m?.type === 'export' && typeof m.format === 'string' && m.format in EXPORTS) {
    const format = EXPORTS[m.format as keyof typeof EXPORTS];
    const text = result.exports?.[m.format as keyof typeof EXPORTS];
    if (text !== undefined) await saveText(text, suggestedFileName('iis-smtp-assessment', label, result, format.ext), format);
  } else if (m?.type === 'copy') {
    const text = m.format === 'script' ? result.script : m.format === 'csv' ? result.exports?.csv : m.format === 'markdown' ? result.exports?.markdown : undefined;
    if (text === undefined) return;
    await vscode.env.clipboard.writeText(text);
    const what = m.format === 'script' ? vscode.l10n.t('the connector script') : m.format === 'csv' ? vscode.l10n.t('the assessment as CSV') : vscode.l10n.t('the assessment as Markdown');
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0} to the clipboard.', what), 4000);
  }
}

export function showReportPanel(_context: vscode.ExtensionContext, assessed: Assessed): vscode.WebviewPanel {
  const open = panels.get(assessed.label);
  if (open) {
    open.assessed = assessed;
    render(open.panel, assessed);
    open.panel.reveal(undefined, false);
    return open.panel;
  }
  const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, '', outputColumn(), {
    enableScripts: true,
    localResourceRoots: [],
    // The page keeps its own state (sort, filter, scroll) with the webview state API instead.
    retainContextWhenHidden: false,
  });
  const entry = { panel, assessed };
  panels.set(assessed.label, entry);
  render(panel, assessed);
  panel.webview.onDidReceiveMessage((m: { type?: unknown; format?: unknown }) => answer(m, entry.assessed));
  panel.onDidDispose(() => panels.delete(assessed.label));
  return panel;
}
