// Process entry and protocol wiring only: every feature lives in a language module.
// Transport comes from argv (--stdio, --node-ipc, --socket=N), as vscode-languageserver reads it.
// The bundler keeps only this field of the manifest.
import { version } from '../../package.json';
import {
  createConnection,
  ProposedFeatures,
  DidChangeConfigurationNotification,
  CodeLensRefreshRequest,
  type Connection,
  type ConnectionOptions,
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
import { FramingGuard } from './common/framing';
import { ReadPolicy, uriToPath, USER_PICKED_NOTIFICATION, WORKSPACE_TRUST_NOTIFICATION } from './common/readPolicy';
import { AnalysisScheduler, type AnalysisCause } from './scheduler';

export const SERVER_NAME = 'iis-smtp-language-server';

/** `connect` makes the connection with the options given (the scheduler watches the incoming messages). */
export function startServer(connect: (options: ConnectionOptions) => Connection): void {
  const services: LanguageService[] = createLanguageServices();
  const commands: ServerCommand[] = createServerCommands();
  const byLanguage = new Map<string, LanguageService>();
  for (const s of services) for (const id of s.languageIds) byLanguage.set(id, s);
  const documents = new DocumentStore(
    (id) => byLanguage.get(id),
    (message) => connection.console.error(message),
  );

  let settings: Settings = normalizeSettings(DEFAULT_SETTINGS);
  let canPullConfiguration = false;
  let watchesFolders = false;
  let canRefreshCodeLenses = false;
  /** Documents analysed since they were opened: their CodeLens asked before that may have found nothing. */
  const analysed = new Set<string>();
  const readPolicy = new ReadPolicy();
  /** What each document's last diagnostics took (ms): with its model's cost, it sets the debounce. */
  const diagnosticsMs = new Map<string, number>();
  const scheduler = new AnalysisScheduler((uri) => publish(uri));
  const connection = connect({ messageStrategy: scheduler.messageStrategy });

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
    const entry = guarded('change', undefined, () => documents.get(uri));
    if (!entry) return;
    const version = entry.doc.version;
    const start = performance.now();
    const diagnostics = guarded('diagnostics', [], () => entry.service.diagnostics(entry.model, entry.doc, ctx()));
    diagnosticsMs.set(uri, performance.now() - start);
    void connection.sendDiagnostics({ uri, version, diagnostics });
    // A CodeLens asked for before the document reached the server (a restart, a language switch) was answered
    // empty, and the editor does not ask again until an edit: tell it once the first analysis is done.
    if (!analysed.has(uri)) {
      analysed.add(uri);
      if (entry.service.codeLenses) refreshCodeLenses();
    }
  }

  function refreshCodeLenses(): void {
    if (canRefreshCodeLenses) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  /** Diagnostics once the queued messages are handled; a burst of edits is analysed once (scheduler.ts). */
  function schedule(uri: string, cause: AnalysisCause): void {
    scheduler.schedule(uri, (documents.peek(uri)?.modelMs ?? 0) + (diagnosticsMs.get(uri) ?? 0), cause);
  }

  async function refreshSettings(pushed?: unknown): Promise<void> {
    if (canPullConfiguration) {
      const raw: unknown = await connection.workspace.getConfiguration({ section: SETTINGS_SECTION }).catch(() => undefined);
      settings = normalizeSettings(raw);
    } else if (pushed !== undefined) {
      const section = (pushed as Record<string, unknown> | null)?.[SETTINGS_SECTION];
      settings = normalizeSettings(section ?? pushed);
    }
    for (const [uri] of documents.all()) schedule(uri, 'settings');
    // The lenses count with the settings (accepted domains): recount them.
    refreshCodeLenses();
  }

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    watchesFolders = params.capabilities.workspace?.workspaceFolders === true;
    canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    const init = params.initializationOptions as { settings?: unknown; workspaceTrusted?: unknown } | undefined;
    if (init?.settings !== undefined) settings = normalizeSettings(init.settings);
    // A client that says nothing about trust (a plain LSP client) is trusted; VS Code tells us (client/src/extension.ts).
    readPolicy.trusted = init?.workspaceTrusted !== false;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    readPolicy.setFolders(folders.map(uriToPath).filter((p): p is string => p !== undefined));
    await Promise.all(services.map((s) => s.initialize?.()));
    return { capabilities: serverCapabilities(services, commands), serverInfo: { name: SERVER_NAME, version } };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
      void refreshSettings();
    }
    if (watchesFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) readPolicy.removeFolder(uriToPath(f.uri) ?? '');
        for (const f of e.added) {
          const path = uriToPath(f.uri);
          if (path) readPolicy.addFolder(path);
        }
      });
    }
  });

  // Trust is only ever granted while the server runs (VS Code restarts extensions when it is revoked).
  connection.onNotification(WORKSPACE_TRUST_NOTIFICATION, (p: { trusted?: unknown } | undefined) => {
    if (p?.trusted === true) readPolicy.trusted = true;
  });
  connection.onNotification(USER_PICKED_NOTIFICATION, (p: { paths?: unknown } | undefined) => {
    if (Array.isArray(p?.paths)) void readPolicy.addPicked(p.paths.filter((x): x is string => typeof x === 'string').slice(0, 10_000));
  });

  connection.onDidChangeConfiguration((params) => void refreshSettings(params.settings));

  connection.onDidOpenTextDocument((params) => {
    analysed.delete(params.textDocument.uri);
    const entry = guarded('open', undefined, () => documents.didOpen(params));
    if (entry) schedule(params.textDocument.uri, 'open');
  });
  connection.onDidChangeTextDocument((params) => {
    const entry = guarded('change', undefined, () => documents.didChange(params));
    if (entry) schedule(params.textDocument.uri, 'edit');
  });
  connection.onDidCloseTextDocument((params) => {
    scheduler.cancel(params.textDocument.uri);
    diagnosticsMs.delete(params.textDocument.uri);
    analysed.delete(params.textDocument.uri);
    if (documents.didClose(params)) void connection.sendDiagnostics({ uri: params.textDocument.uri, diagnostics: [] });
  });

  function withDocument<T>(uri: string, what: string, fallback: T, run: (e: OpenDocument) => T): T {
    return guarded(what, fallback, () => {
      const entry = documents.get(uri);
      return entry ? run(entry) : fallback;
    });
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
        refusal: (path) => readPolicy.refusal(path),
      });
    } catch (err) {
      connection.console.error(`${params.command} failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err as ResponseError<void>;
    }
  });

  connection.listen();
}

/**
 * Over stdio, input passes through FramingGuard so garbage between messages cannot leave the server deaf;
 * other transports (VS Code's node IPC, sockets) are framed by the library.
 */
function connect(options: ConnectionOptions): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all, options);
  const guard = new FramingGuard((count) => process.stderr.write(`[iis-smtp] malformed message header skipped (${count} so far)\n`));
  const connection = createConnection(ProposedFeatures.all, process.stdin.pipe(guard), process.stdout, options);
  // stdout carries the protocol: stray console output goes to the client's log instead.
  console.log = console.info = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  return connection;
}

startServer(connect);
