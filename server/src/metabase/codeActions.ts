// Code actions: "Generate Exchange connectors for this virtual server" on a virtual server key (or
// anywhere inside it, including its domains), opening the script in a new PowerShell editor. Offered as
// a source action (Source Action...), as a refactoring (Ctrl+. / the light bulb) and as the quick fix of
// the findings whose message points to it.
import type { CodeActionParams } from 'vscode-languageserver';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CLIENT_COMMANDS, CONNECTOR_SCRIPT_LANGUAGE_ID, type ClientCommandCall } from '../protocol';
import type { TargetRole } from '../settings';
import { CODES } from './codes';
import { generateConnectorScriptForServer } from './connectorScript';
import { keyAt } from './locate';
import type { MetabaseModel } from './model';
import { isServerKey, serverOf } from './virtualServer';

export const GENERATE_TITLE = 'Generate Exchange connectors for this virtual server';

/** Findings whose fix is the generated script. */
const FIXED_BY_SCRIPT: ReadonlySet<string> = new Set([CODES.exoBasicSmtpAuth.code]);

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export function metabaseCodeActions(model: MetabaseModel, doc: TextDocument, params: CodeActionParams, targetRole: TargetRole): CodeAction[] {
  const offset = doc.offsetAt(params.range.start);
  const key = keyAt(model, offset);
  if (!key) return [];
  const server = isServerKey(key) ? key : serverOf(model, key);
  if (!server || !isServerKey(server)) return [];
  const only = params.context?.only;
  const fixes: Diagnostic[] = (params.context?.diagnostics ?? []).filter((d) => FIXED_BY_SCRIPT.has(String(d.code)));
  const kinds = [CodeActionKind.Source, CodeActionKind.RefactorRewrite, ...(fixes.length ? [CodeActionKind.QuickFix] : [])].filter((k) => wanted(k, only));
  if (kinds.length === 0) return [];
  const script = generateConnectorScriptForServer(model, server.location, { targetRole });
  const command: ClientCommandCall = { command: CLIENT_COMMANDS.openGeneratedDocument, title: `${GENERATE_TITLE} (${server.location})`, arguments: [{ language: CONNECTOR_SCRIPT_LANGUAGE_ID, content: script }] };
  return kinds.map((kind) => ({ title: GENERATE_TITLE, kind, command, ...(kind === CodeActionKind.QuickFix ? { diagnostics: fixes, isPreferred: true } : {}) }));
}
