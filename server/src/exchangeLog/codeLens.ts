// The CodeLens on an Edge receive log: compare it with the IIS logs (the client asks for those folders).
import type { CodeLens } from 'vscode-languageserver';
import { SHOW_CUTOVER_COMMAND } from '../cutover/types';
import type { ExDocumentModel } from './documentModel';

export function exchangeLogCodeLenses(model: ExDocumentModel, uri: string): CodeLens[] {
  if (model.logType !== 'receive') return [];
  const line = model.headers[0]?.[0] ?? 0;
  return [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title: 'Show cut-over status (compare with the IIS logs)…', command: SHOW_CUTOVER_COMMAND, arguments: [uri] } }];
}
