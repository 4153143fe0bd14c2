// Starts the language server and registers the editor commands. Domain logic lives in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerLanguageDetection } from './detectLanguage';
import { registerCommands } from './commands';

let client: LanguageClient | undefined;

export const DOCUMENT_SELECTOR = [
  { language: 'iis-smtp-log' },
  { language: 'iis-metabase' },
  { language: 'powershell', scheme: 'file' },
  { language: 'powershell', scheme: 'untitled' },
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
  client = createClient(context);
  registerLanguageDetection(context);
  registerCommands(context, () => client);
  context.subscriptions.push(
    vscode.commands.registerCommand('iisSmtp.restartServer', async () => {
      await client?.restart();
    }),
  );
  const activated = performance.now();
  await client.start();
  // Start-up cost, logged once: the end-to-end test reads this line, and it helps when someone reports a slow start.
  const ready = performance.now();
  client.outputChannel.appendLine(
    `[startup] activation ${(activated - activationStart).toFixed(1)} ms, server start-to-ready ${(ready - activated).toFixed(1)} ms`,
  );
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
