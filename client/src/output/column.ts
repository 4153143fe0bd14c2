// Where generated output (scripts, reports) opens: the column that already shows some, else the other column,
// and a new column beside only when there is a single one, so repeated runs never pile up narrow columns.
import * as vscode from 'vscode';
/** Scheme of the read-only generated documents (see generatedDocuments.ts). */
export const GENERATED_SCHEME = 'iis-smtp-generated';
export const REPORT_VIEW_TYPE = 'iisSmtp.assessmentReport';

function isOutput(tab: vscode.Tab): boolean {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri.scheme === GENERATED_SCHEME;
  if (input instanceof vscode.TabInputWebview) return input.viewType.endsWith(REPORT_VIEW_TYPE);
  return false;
}

export function outputColumn(): vscode.ViewColumn {
  const groups = vscode.window.tabGroups.all;
  const active = vscode.window.tabGroups.activeTabGroup;
  const others = groups.filter((g) => g !== active);
  const withOutput = others.find((g) => g.tabs.some(isOutput));
  if (withOutput) return withOutput.viewColumn;
  if (others.length === 0) return vscode.ViewColumn.Beside;
  // The column right of the active one, else the nearest on its left.
  return (others.find((g) => g.viewColumn > active.viewColumn) ?? others[others.length - 1]!).viewColumn;
}
