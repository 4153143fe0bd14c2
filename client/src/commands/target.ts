// What an assessment command covers. The CodeLens and the report always cover the whole file; only the
// "…from Selection" commands use the selection, and they say so in every title. Files over 50 MB are not
// passed to extensions (neither their text nor their selection), so they are read from disk whole, after asking.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ConnectorPlanArgs, PlanRange } from '../../../server/src/protocol/assessment';
import { plural } from '../scope';

export interface AssessTarget {
  args: ConnectorPlanArgs;
  /** Named for titles before the server answers, e.g. "ex261120.log (lines 5-17)". */
  label: string;
}

export type TargetMode = 'file' | 'selection';

function lineLabel(s: vscode.Selection): string {
  // A selection ending at column 0 of a later line does not include that line (as the server counts it).
  const last = s.end.line > s.start.line && s.end.character === 0 ? s.end.line - 1 : s.end.line;
  return s.start.line === last ? `line ${s.start.line + 1}` : `lines ${s.start.line + 1}-${last + 1}`;
}

function docName(doc: vscode.TextDocument): string {
  return basename(doc.uri.path) || doc.uri.toString();
}

export function documentTarget(doc: vscode.TextDocument): AssessTarget {
  return { args: { uri: doc.uri.toString() }, label: docName(doc) };
}

/** The non-empty selections of an editor, or undefined when nothing is selected. */
export function selectionTarget(editor: vscode.TextEditor): AssessTarget | undefined {
  const selections = editor.selections.filter((s) => !s.isEmpty);
  if (selections.length === 0) return undefined;
  const ranges: PlanRange[] = selections.map((s) => ({ start: { line: s.start.line, character: s.start.character }, end: { line: s.end.line, character: s.end.character } }));
  return { args: { uri: editor.document.uri.toString(), ranges }, label: `${docName(editor.document)} (${selections.map(lineLabel).join(', ')})` };
}

export function pathsTarget(uris: readonly vscode.Uri[], metabase?: string): AssessTarget {
  const names = uris.map((u) => basename(u.fsPath));
  const label = names.length <= 2 ? names.join(', ') : `${plural(names.length, 'item', 'items')} (${names[0]} … ${names[names.length - 1]})`;
  return { args: { paths: uris.map((u) => u.fsPath), ...(metabase ? { metabase } : {}) }, label };
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
}

/** A file tab whose document VS Code did not pass to extensions (files over 50 MB). */
function unsyncedTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText && input.uri.scheme === 'file' && !openDocument(input.uri)) return input.uri;
  return undefined;
}

async function wholeFileFromDisk(uri: vscode.Uri, mode: TargetMode): Promise<AssessTarget | undefined> {
  if (mode === 'selection') {
    const whole = vscode.l10n.t('Assess Whole File');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} is too large for VS Code to pass to extensions (over 50 MB), so its selection is unknown.', basename(uri.fsPath)),
      { modal: true, detail: vscode.l10n.t('The whole file can be read from disk instead. To assess only some lines, copy them into a new file.') },
      whole,
    );
    if (choice !== whole) return undefined;
  }
  return pathsTarget([uri]);
}

/**
 * Resolves a command's argument: a URI string (the CodeLens, any LSP client) always means the whole file; a
 * vscode.Uri (menus) or nothing means the active editor, with its selection in 'selection' mode.
 */
export async function resolveTarget(arg: unknown, mode: TargetMode): Promise<AssessTarget | undefined> {
  if (typeof arg === 'string') {
    const uri = vscode.Uri.parse(arg);
    const doc = openDocument(uri);
    return doc ? documentTarget(doc) : uri.scheme === 'file' ? wholeFileFromDisk(uri, 'file') : undefined;
  }
  const editor = vscode.window.activeTextEditor;
  if (arg instanceof vscode.Uri && (!editor || editor.document.uri.toString() !== arg.toString())) {
    const doc = openDocument(arg);
    if (doc) return documentTarget(doc);
    return arg.scheme === 'file' ? wholeFileFromDisk(arg, mode) : undefined;
  }
  if (editor) return (mode === 'selection' ? selectionTarget(editor) : undefined) ?? documentTarget(editor.document);
  const large = unsyncedTabUri();
  return large ? wholeFileFromDisk(large, mode) : undefined;
}
