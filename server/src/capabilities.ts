import { TextDocumentSyncKind, type ServerCapabilities } from 'vscode-languageserver';
import type { LanguageService } from './languageService';
import type { ServerCommand } from './commandRegistry';

function union(lists: (readonly string[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((l) => l ?? []))].sort();
}

/** The capability object this server announces; derived from what the languages implement. */
export function serverCapabilities(services: readonly LanguageService[], commands: readonly ServerCommand[]): ServerCapabilities {
  const some = (f: keyof LanguageService): boolean => services.some((s) => typeof s[f] === 'function');
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: some('hover'),
    completionProvider: some('completion')
      ? { triggerCharacters: union(services.map((s) => s.completionTriggerCharacters)), resolveProvider: false }
      : undefined,
    documentSymbolProvider: some('documentSymbols') ? { label: 'IIS SMTP' } : undefined,
    foldingRangeProvider: some('foldingRanges'),
    codeActionProvider: some('codeActions') ? { codeActionKinds: ['quickfix', 'refactor.rewrite', 'source'] } : undefined,
    codeLensProvider: some('codeLenses') ? { resolveProvider: false } : undefined,
    signatureHelpProvider: some('signatureHelp')
      ? { triggerCharacters: union(services.map((s) => s.signatureTriggerCharacters)) }
      : undefined,
    executeCommandProvider: commands.length > 0 ? { commands: commands.map((c) => c.id) } : undefined,
  };
}
