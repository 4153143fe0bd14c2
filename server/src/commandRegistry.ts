// Commands the server answers through workspace/executeCommand (see server/src/protocol).
import type { CancellationToken, Connection } from 'vscode-languageserver';
import { connectorPlanCommand } from './assessment/command';
import type { DocumentStore } from './documents';
import type { Settings } from './settings';

export interface CommandContext {
  connection: Connection;
  documents: DocumentStore;
  settings: Settings;
  token: CancellationToken;
  /** Token the client supplied for `$/progress`, if any. */
  workDoneToken?: string | number;
}

export interface ServerCommand {
  readonly id: string;
  run(args: unknown[], ctx: CommandContext): Promise<unknown>;
}

export function createServerCommands(): ServerCommand[] {
  return [connectorPlanCommand];
}
