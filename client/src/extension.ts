// Starts the language server and registers the editor commands. Domain logic lives in the server.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerLanguageDetection } from './detectLanguage';
import { registerCommands } from './commands';
import { registerLargeFileNotice } from './largeFile';
import { GENERATED_SCHEME } from './output/column';
import { registerWalkthroughProgress } from './walkthrough';

let client: LanguageClient | undefined;
let ready: Promise<LanguageClient | undefined> = Promise.resolve(undefined);

export const DOCUMENT_SELECTOR = [
  { language: 'iis-smtp-log' },
  { language: 'iis-metabase' },
  { language: 'powershell', scheme: 'file' },
  { language: 'powershell', scheme: 'untitled' },
  { language: 'powershell', scheme: GENERATED_SCHEME },
];

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
    vscode.commands.registerCommand('iisSmtp.restartServer', async () => {
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
