// Saving generated text: a suggested file name in the workspace folder, then a confirmation with Open / Reveal.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { CLIENT_COMMANDS, CONNECTOR_SCRIPT_LANGUAGE_ID, SMTP_LOG_LANGUAGE_ID } from '../../../server/src/protocol';
import { GENERATED_SCHEME } from './column';

function defaultFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

export async function saveText(text: string, suggestedName: string, filter: { label: string; ext: string }): Promise<vscode.Uri | undefined> {
  const folder = defaultFolder();
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, suggestedName) : vscode.Uri.file(suggestedName),
    filters: { [filter.label]: [filter.ext] },
    saveLabel: vscode.l10n.t('Save'),
  });
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  void confirmSaved(target);
  return target;
}

async function confirmSaved(target: vscode.Uri): Promise<void> {
  const open = vscode.l10n.t('Open');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Saved {0}.', target.fsPath), open, reveal);
  if (choice === open) await vscode.window.showTextDocument(target, { preview: false });
  else if (choice === reveal) {
    const inWorkspace = vscode.workspace.getWorkspaceFolder(target) !== undefined;
    await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', target);
  }
}

const FILTERS: Record<string, { label: string; ext: string }> = {
  [CONNECTOR_SCRIPT_LANGUAGE_ID]: { label: 'PowerShell', ext: 'ps1' },
  [SMTP_LOG_LANGUAGE_ID]: { label: 'IIS SMTP log', ext: 'log' },
};

/** IIS SMTP: Save Generated Document As… (editor title of generated documents). */
export function registerSaveGenerated(): vscode.Disposable {
  return vscode.commands.registerCommand(CLIENT_COMMANDS.saveGeneratedAs, async (uri?: vscode.Uri) => {
    const doc = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) : vscode.window.activeTextEditor?.document;
    if (!doc || doc.uri.scheme !== GENERATED_SCHEME) return;
    const name = basename(doc.uri.path);
    const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : 'txt';
    await saveText(doc.getText(), name, FILTERS[doc.languageId] ?? { label: ext, ext });
  });
}
