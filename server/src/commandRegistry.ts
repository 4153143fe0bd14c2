// Commands the server answers through workspace/executeCommand (see server/src/protocol).
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import { connectorPlanCommand } from './assessment/command';
import { cutoverCommand } from './cutover/command';
import type { DocumentStore } from './documents';
import type { Settings } from './settings';

export interface CommandContext {
  connection: Connection;
  documents: DocumentStore;
  settings: Settings;
  token: CancellationToken;
  /** Token the client supplied for `$/progress`, if any. */
  workDoneToken?: string | number;
  /** Reporter for the client's work-done token (a no-op reporter when the client gave none). */
  workDoneProgress?: WorkDoneProgressReporter;
  /** Why a file may not be read (untrusted workspace), or undefined. */
  refusal?: (path: string) => Promise<string | undefined>;
}

export interface ServerCommand {
  readonly id: string;
  run(args: unknown[], ctx: CommandContext): Promise<unknown>;
}

export function createServerCommands(): ServerCommand[] {
  return [connectorPlanCommand, cutoverCommand];
}
