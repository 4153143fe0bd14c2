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
  client = createClient(context);
  registerLanguageDetection(context);
  registerCommands(context, () => client);
  context.subscriptions.push(
    vscode.commands.registerCommand('iisSmtp.restartServer', async () => {
      await client?.restart();
    }),
  );
  await client.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
