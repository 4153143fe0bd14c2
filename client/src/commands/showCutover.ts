// IIS SMTP: Show Cut-over Status — picks the Edge's protocol log folders (or takes the folder of the Edge log
// the CodeLens was on) and the IIS log folders, passes them with the workspace's connector scripts to the
// server, and shows its result in the cut-over view. No domain logic here: the server tells the kinds apart.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CLIENT_COMMANDS, CUTOVER_COMMAND, USER_PICKED_NOTIFICATION } from '../../../server/src/protocol';
import { executeServerCommand, sendServerNotification } from '../serverProtocol';
import { showCutoverPanel } from '../report/cutoverPanel';
import type { ClientGetter } from './requestPlan';

const MAX_FOUND = 5000;
const MAX_SCRIPTS = 50;

interface FolderItem extends vscode.QuickPickItem {
  folder?: string;
}

const inside = (folder: string, parent: string): boolean => folder === parent || folder.startsWith(parent + path.sep);

async function browse(title: string): Promise<string[] | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, openLabel: vscode.l10n.t('Select'), title });
  return picked && picked.length > 0 ? picked.map((u) => u.fsPath) : undefined;
}

/** The workspace folders that hold `*.log` files (not those under `exclude`), plus "Browse…". */
async function pickFolders(title: string, exclude: readonly string[]): Promise<string[] | undefined> {
  const found = await vscode.workspace.findFiles('**/*.{log,LOG,Log}', '**/node_modules/**', MAX_FOUND);
  const perFolder = new Map<string, number>();
  for (const uri of found) {
    if (uri.scheme !== 'file') continue;
    const dir = path.dirname(uri.fsPath);
    if (!exclude.some((x) => inside(dir, x))) perFolder.set(dir, (perFolder.get(dir) ?? 0) + 1);
  }
  if (perFolder.size === 0) return browse(title);
  const items: FolderItem[] = [...perFolder]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([folder, n]) => ({ label: vscode.workspace.asRelativePath(folder), description: vscode.l10n.t('{0} log file(s)', n), folder }));
  items.push({ label: `$(folder-opened) ${vscode.l10n.t('Browse…')}` });
  const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: vscode.l10n.t('Select the folders, then press Enter') });
  if (!picked || picked.length === 0) return undefined;
  const folders = picked.flatMap((i) => (i.folder ? [i.folder] : []));
  if (picked.some((i) => !i.folder)) {
    const more = await browse(title);
    if (more) folders.push(...more);
  }
  return folders.length > 0 ? folders : undefined;
}

/** From an Edge receive log: its folder, or the ProtocolLog folder above SmtpReceive so the send logs come too. */
function edgeFolderOf(file: string): string {
  const dir = path.dirname(file);
  return /^SmtpReceive$/i.test(path.basename(dir)) ? path.dirname(dir) : dir;
}

const label = (folders: readonly string[]): string => folders.map((f) => vscode.workspace.asRelativePath(f)).join(', ');

export function registerShowCutover(getClient: ClientGetter): vscode.Disposable {
  return vscode.commands.registerCommand(CLIENT_COMMANDS.showCutover, async (edgeLog?: vscode.Uri | string) => {
    const uri = typeof edgeLog === 'string' ? vscode.Uri.parse(edgeLog) : edgeLog;
    const edge = uri?.scheme === 'file' ? [edgeFolderOf(uri.fsPath)] : await pickFolders(vscode.l10n.t('Exchange Edge SMTP protocol logs (the ProtocolLog folder)'), []);
    if (!edge) return;
    const iis = await pickFolders(vscode.l10n.t('IIS SMTP logs (SMTPSVC1 folders or *.log files)'), edge);
    if (!iis) return;
    const client = await getClient();
    if (!client) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The IIS SMTP language server is not running.'));
      return;
    }
    // The folders the user chose are readable even in an untrusted workspace (the server checks the rest). Not the
    // one taken from the code lens's log: the user opened a file, not its folder's tree.
    await sendServerNotification(client, USER_PICKED_NOTIFICATION, { paths: uri?.scheme === 'file' ? iis : [...iis, ...edge] });
    // The workspace's connector scripts let a failing entry name the line of the migration connector to change.
    const scripts = (await vscode.workspace.findFiles('**/*.ps1', '**/node_modules/**', MAX_SCRIPTS)).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
    const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading IIS and Edge logs'), cancellable: true }, async (_progress, token) => {
      try {
        return await executeServerCommand(client, CUTOVER_COMMAND, { paths: [...iis, ...edge, ...scripts] }, token);
      } catch (err) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(vscode.l10n.t('Cut-over status failed: {0}', err instanceof Error ? err.message : String(err)));
        return null;
      }
    });
    if (!result) return;
    if (result.message) void vscode.window.showWarningMessage(result.message);
    showCutoverPanel(result, vscode.l10n.t('IIS {0}; Edge {1}', label(iis), label(edge)));
  });
}
