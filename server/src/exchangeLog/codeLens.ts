// The CodeLens on an Edge receive log: compare it with the IIS logs (the client asks for those folders). Plain
// data: the host (languages.ts) binds it onto the language and converts it to LSP.
import type { CommandLens } from '../languageService';
import { CLIENT_COMMANDS } from '../protocol';
import type { ExDocumentModel } from './documentModel';

export function exchangeLogCodeLenses(model: ExDocumentModel, uri: string): CommandLens[] {
  if (model.logType !== 'receive') return [];
  const line = model.headers[0]?.[0] ?? 0;
  return [{ line, command: { title: 'Show cut-over status (compare with the IIS logs)…', command: CLIENT_COMMANDS.showCutover, arguments: [uri] } }];
}
