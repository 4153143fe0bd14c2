// Lets the user choose log files or a folder, and optionally a metabase file.
import * as vscode from 'vscode';
import { pathsTarget, type AssessTarget } from './target';

export async function pickLogFiles(): Promise<AssessTarget | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: true,
    openLabel: vscode.l10n.t('Assess'),
    title: vscode.l10n.t('IIS SMTP log files or folders (folders are searched for *.log)'),
  });
  if (!picked || picked.length === 0) return undefined;
  const withMetabase = vscode.l10n.t('Add a MetaBase.xml…');
  const choice = await vscode.window.showQuickPick([vscode.l10n.t('Logs only'), withMetabase], { title: vscode.l10n.t('Use the IIS metabase for the smart host?') });
  if (choice === undefined) return undefined;
  let metabase: string | undefined;
  if (choice === withMetabase) {
    const mb = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'IIS metabase': ['xml'] }, title: vscode.l10n.t('MetaBase.xml') });
    metabase = mb?.[0]?.fsPath;
  }
  return pathsTarget(picked, metabase);
}
