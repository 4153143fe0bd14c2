// Quick fixes: every finding may carry edits (computed with the finding); this offers those whose
// finding overlaps the requested range.
import type { CodeActionParams } from 'vscode-languageserver';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Settings } from '../../settings';
import { analyze } from '../rules/analysis';
import type { ConnectorDocument } from '../syntax/document';
import { toLspDiagnostic } from '../../lspDiagnostics';
import { CONNECTOR_DIAGNOSTICS } from '../catalogue/codes';
import { locateFinding, toRange } from './locate';

export function codeActions(document: ConnectorDocument, doc: TextDocument, params: CodeActionParams, settings: Settings): CodeAction[] {
  const from = doc.offsetAt(params.range.start);
  const to = doc.offsetAt(params.range.end);
  const { findings } = analyze(document.model(), settings.connectors.targetRole);
  const actions: CodeAction[] = [];
  for (const f of findings) {
    if (!f.fixes || f.end < from || f.start > to) continue;
    for (const fix of f.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(locateFinding(doc, f), doc.uri, CONNECTOR_DIAGNOSTICS.source)],
        isPreferred: f.fixes.length === 1,
        edit: { changes: { [doc.uri]: fix.edits.map((e) => ({ range: toRange(doc, e), newText: e.newText })) } },
      });
    }
  }
  return actions;
}
