// Starts the language server and registers the editor commands. Domain logic lives in the server.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CLIENT_COMMANDS, CONNECTOR_SCRIPT_LANGUAGE_ID, EXCHANGE_LOG_LANGUAGE_ID, METABASE_LANGUAGE_ID, SMTP_LOG_LANGUAGE_ID, WORKSPACE_TRUST_NOTIFICATION } from '../../server/src/protocol';
import { registerCommands } from './commands/register';
import { registerLanguageDetection } from './detectLanguage';
import { registerLargeFileNotice } from './largeFile';
import { GENERATED_SCHEME } from './output/column';
import { sendServerNotification } from './serverProtocol';
import { registerWalkthroughProgress } from './walkthrough';

let client: LanguageClient | undefined;
let ready: Promise<LanguageClient | undefined> = Promise.resolve(undefined);

export const DOCUMENT_SELECTOR = [
  { language: SMTP_LOG_LANGUAGE_ID },
  { language: METABASE_LANGUAGE_ID },
  { language: EXCHANGE_LOG_LANGUAGE_ID },
  { language: CONNECTOR_SCRIPT_LANGUAGE_ID, scheme: 'file' },
  { language: CONNECTOR_SCRIPT_LANGUAGE_ID, scheme: 'untitled' },
  { language: CONNECTOR_SCRIPT_LANGUAGE_ID, scheme: GENERATED_SCHEME },
];

/** Restarts after a crash, at most this many times within the window; then the user restarts by command. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** The server's restart policy: bounded automatic restarts, each one told to the user. */
function restartPolicy(): ErrorHandler {
  const restarts: number[] = [];
  return {
    error: (_error, _message, count): ErrorHandlerResult => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: (): CloseHandlerResult => {
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0]! > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        return {
          action: CloseAction.DoNotRestart,
          message: vscode.l10n.t('The IIS SMTP language server stopped {0} times in a few minutes and was not restarted. Run "IIS SMTP: Restart Language Server" once the cause is fixed (see the output channel).', MAX_RESTARTS + 1),
        };
      }
      restarts.push(now);
      const message = vscode.l10n.t('The IIS SMTP language server stopped unexpectedly and was restarted ({0} of {1}).', restarts.length, MAX_RESTARTS);
      // The client only logs a restart (its notifications start at errors): the user is told here, once.
      void vscode.window.showWarningMessage(message);
      return { action: CloseAction.Restart, message, handled: true };
    },
  };
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'iisSmtp' },
    outputChannelName: vscode.l10n.t('IIS SMTP Language Server'),
    // In an untrusted workspace the server reads no file outside the workspace folders unless the user picked it.
    initializationOptions: () => ({ workspaceTrusted: vscode.workspace.isTrusted }),
    errorHandler: restartPolicy(),
    // Log text is data: nothing in a hover may run a command or render HTML.
    markdown: { isTrusted: false, supportHtml: false },
  };
  return new LanguageClient('iisSmtp', vscode.l10n.t('IIS SMTP Language Server'), serverOptions, clientOptions);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const activationStart = performance.now();
  // Strings built outside the vscode API (the report page) use @vscode/l10n with the same bundle.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  client = createClient(context);
  const starting = client;
  registerLanguageDetection(context);
  registerLargeFileNotice(context);
  registerWalkthroughProgress(context);
  // Activation does not wait for the server: commands wait for it instead.
  ready = starting.start().then(
    () => {
      // Start-up cost, logged once: the end-to-end test reads this line, and it helps when someone reports a slow start.
      starting.outputChannel.appendLine(
        `[startup] activation ${(activated - activationStart).toFixed(1)} ms, server start-to-ready ${(performance.now() - activated).toFixed(1)} ms`,
      );
      return starting;
    },
    (err: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('The IIS SMTP language server could not start: {0}', err instanceof Error ? err.message : String(err)));
      return undefined;
    },
  );
  registerCommands(context, () => ready);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client) void sendServerNotification(client, WORKSPACE_TRUST_NOTIFICATION, { trusted: true }).catch(() => undefined);
    }),
  );
  context.subscriptions.push(
    vscode.commands.registerCommand(CLIENT_COMMANDS.restartServer, async () => {
      // A restart asked for while the server is still starting waits for that start first.
      const running = await ready;
      if (!running) return;
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Restarting the IIS SMTP language server') }, () => running.restart());
        void vscode.window.showInformationMessage(vscode.l10n.t('The IIS SMTP language server restarted.'));
      } catch (err) {
        void vscode.window.showErrorMessage(vscode.l10n.t('The IIS SMTP language server could not restart: {0}', err instanceof Error ? err.message : String(err)));
      }
    }),
  );
  const activated = performance.now();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
