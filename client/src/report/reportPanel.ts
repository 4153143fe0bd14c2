// Hosts the report webview: renders reportHtml, and answers its buttons (open the script, save an export).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ConnectorPlanResult } from '../../../server/src/protocol/assessment';
import { reportHtml } from './reportHtml';

const EXPORTS = { csv: { ext: 'csv', label: 'CSV' }, json: { ext: 'json', label: 'JSON' }, markdown: { ext: 'md', label: 'Markdown' } } as const;

export function showReportPanel(_context: vscode.ExtensionContext, result: ConnectorPlanResult): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel('iisSmtp.assessmentReport', vscode.l10n.t('IIS SMTP Assessment'), vscode.ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [],
    retainContextWhenHidden: false,
  });
  const nonce = randomBytes(16).toString('base64');
  panel.webview.html = reportHtml(result, nonce, panel.webview.cspSource);
  panel.webview.onDidReceiveMessage(async (m: { type?: unknown; format?: unknown }) => {
    if (m?.type === 'generate') {
      const doc = await vscode.workspace.openTextDocument({ language: 'powershell', content: result.script });
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    } else if (m?.type === 'export' && typeof m.format === 'string' && m.format in EXPORTS) {
      const format = m.format as keyof typeof EXPORTS;
      const content = result.exports?.[format];
      if (content === undefined) return;
      const target = await vscode.window.showSaveDialog({ filters: { [EXPORTS[format].label]: [EXPORTS[format].ext] }, saveLabel: vscode.l10n.t('Export') });
      if (target) await vscode.workspace.fs.writeFile(target, Buffer.from(content, 'utf8'));
    }
  });
  return panel;
}
