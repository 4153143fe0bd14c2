// Process entry and protocol wiring only: every feature lives in a language module.
// Transport comes from argv (--stdio, --node-ipc, --socket=N), as vscode-languageserver reads it.
import {
  createConnection,
  ProposedFeatures,
  DidChangeConfigurationNotification,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type ResponseError,
} from 'vscode-languageserver/node';
import { serverCapabilities } from './capabilities';
import { createServerCommands, type ServerCommand } from './commandRegistry';
import { DocumentStore, type OpenDocument } from './documents';
import { createLanguageServices } from './languages';
import type { FeatureContext, LanguageService } from './languageService';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_SECTION, type Settings } from './settings';

export const SERVER_NAME = 'iis-smtp-language-server';

export function startServer(connection: Connection): void {
  const services: LanguageService[] = createLanguageServices();
  const commands: ServerCommand[] = createServerCommands();
  const byLanguage = new Map<string, LanguageService>();
  for (const s of services) for (const id of s.languageIds) byLanguage.set(id, s);
  const documents = new DocumentStore((id) => byLanguage.get(id));

  let settings: Settings = normalizeSettings(DEFAULT_SETTINGS);
  let canPullConfiguration = false;
  const pending = new Map<string, NodeJS.Immediate>();

  /** Runs a feature; a failure is logged and answered with `fallback`, never left to crash the server. */
  function guarded<T>(what: string, fallback: T, run: () => T): T {
    try {
      return run();
    } catch (err) {
      connection.console.error(`${what} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return fallback;
    }
  }

  const ctx = (): FeatureContext => ({ settings });

  function publish(uri: string): void {
    pending.delete(uri);
    const entry = documents.get(uri);
    if (!entry) return;
    const version = entry.doc.version;
    const diagnostics = guarded('diagnostics', [], () => entry.service.diagnostics(entry.model, entry.doc, ctx()));
    void connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /** Coalesces bursts of edits: diagnostics are computed once the queued messages are handled. */
  function schedule(uri: string): void {
    if (pending.has(uri)) return;
    pending.set(uri, setImmediate(() => publish(uri)));
  }

  async function refreshSettings(pushed?: unknown): Promise<void> {
    if (canPullConfiguration) {
      const raw: unknown = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION }).catch(() => undefined);
      settings = normalizeSettings(raw);
    } else if (pushed !== undefined) {
      const section = (pushed as Record<string, unknown> | null)?.[SETTINGS_SECTION];
      settings = normalizeSettings(section ?? pushed);
    }
    for (const [uri] of documents.all()) schedule(uri);
  }

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings !== undefined) settings = normalizeSettings(init.settings);
    await Promise.all(services.map((s) => s.initialize?.()));
    return { capabilities: serverCapabilities(services, commands), serverInfo: { name: SERVER_NAME, version: '0.1.0' } };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
      void refreshSettings();
    }
  });

  connection.onDidChangeConfiguration((params) => void refreshSettings(params.settings));

  connection.onDidOpenTextDocument((params) => {
    const entry = guarded('open', undefined, () => documents.didOpen(params));
    if (entry) schedule(params.textDocument.uri);
  });
  connection.onDidChangeTextDocument((params) => {
    const entry = guarded('change', undefined, () => documents.didChange(params));
    if (entry) schedule(params.textDocument.uri);
  });
  connection.onDidCloseTextDocument((params) => {
    const timer = pending.get(params.textDocument.uri);
    if (timer) clearImmediate(timer);
    pending.delete(params.textDocument.uri);
    if (documents.didClose(params)) void connection.sendDiagnostics({ uri: params.textDocument.uri, diagnostics: [] });
  });

  function withDocument<T>(uri: string, what: string, fallback: T, run: (e: OpenDocument) => T): T {
    const entry = documents.get(uri);
    return entry ? guarded(what, fallback, () => run(entry)) : fallback;
  }

  connection.onHover((p) => withDocument(p.textDocument.uri, 'hover', null, (e) => e.service.hover?.(e.model, e.doc, p.position, ctx()) ?? null));
  connection.onCompletion((p) =>
    withDocument(p.textDocument.uri, 'completion', null, (e) => e.service.completion?.(e.model, e.doc, p.position, ctx()) ?? null),
  );
  connection.onDocumentSymbol((p) => withDocument(p.textDocument.uri, 'symbols', [], (e) => e.service.documentSymbols?.(e.model, e.doc, ctx()) ?? []));
  connection.onFoldingRanges((p) => withDocument(p.textDocument.uri, 'folding', [], (e) => e.service.foldingRanges?.(e.model, e.doc, ctx()) ?? []));
  connection.onCodeAction((p) => withDocument(p.textDocument.uri, 'codeAction', [], (e) => e.service.codeActions?.(e.model, e.doc, p, ctx()) ?? []));
  connection.onCodeLens((p) => withDocument(p.textDocument.uri, 'codeLens', [], (e) => e.service.codeLenses?.(e.model, e.doc, ctx()) ?? []));
  connection.onSignatureHelp((p) =>
    withDocument(p.textDocument.uri, 'signatureHelp', null, (e) => e.service.signatureHelp?.(e.model, e.doc, p.position, ctx()) ?? null),
  );

  // The library strips params.workDoneToken and hands over a reporter for it instead.
  connection.onExecuteCommand(async (params, token, workDoneProgress) => {
    const command = commands.find((c) => c.id === params.command);
    if (!command) return null;
    try {
      return await command.run(params.arguments ?? [], {
        connection,
        documents,
        settings,
        token,
        workDoneToken: params.workDoneToken,
        workDoneProgress,
      });
    } catch (err) {
      connection.console.error(`${params.command} failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err as ResponseError<void>;
    }
  });

  connection.listen();
}

startServer(createConnection(ProposedFeatures.all));
