// Code actions: "Generate Exchange connectors for this virtual server" on a virtual server key
// (or anywhere inside it, including its domains), opening the script in a new PowerShell editor.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TargetRole } from '../settings';
import { generateConnectorScriptForServer } from './connectorScript';
import { keyAt } from './locate';
import type { MetabaseModel } from './model';
import { isServerKey, serverOf } from './virtualServer';

export const OPEN_GENERATED_DOCUMENT = 'iisSmtp.openGeneratedDocument';
export const GENERATE_TITLE = 'Generate Exchange connectors for this virtual server';

export function metabaseCodeActions(model: MetabaseModel, doc: TextDocument, params: CodeActionParams, targetRole: TargetRole): CodeAction[] {
  const offset = doc.offsetAt(params.range.start);
  const key = keyAt(model, offset);
  if (!key) return [];
  const server = isServerKey(key) ? key : serverOf(model, key);
  if (!server || !isServerKey(server)) return [];
  const script = generateConnectorScriptForServer(model, server.location, { targetRole });
  const title = `${GENERATE_TITLE} (${server.location})`;
  return [
    {
      title: GENERATE_TITLE,
      kind: CodeActionKind.Source,
      command: { command: OPEN_GENERATED_DOCUMENT, title, arguments: [{ language: 'powershell', content: script }] },
    },
  ];
}
