// What a server command is given and what it must answer (host layer: the commands read LSP plumbing from
// here, and commandRegistry.ts lists them, so no command module imports the registry).
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver';
import type { DocumentStore } from './documents';
import type { ServerCommandId, ServerCommandMap } from './protocol';
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

/** The implementation of one protocol command. `args` is whatever the client sent: the command validates it. */
export interface ServerCommandOf<C extends ServerCommandId> {
  readonly id: C;
  run(args: unknown[], ctx: CommandContext): Promise<ServerCommandMap[C]['result']>;
}

/** Any server command. */
export type ServerCommand = { [C in ServerCommandId]: ServerCommandOf<C> }[ServerCommandId];
