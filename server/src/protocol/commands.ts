// Every command name of the extension, and the argument and result types of each, in one place (modelled on
// rust-analyzer's lsp_ext.ts). Server commands are answered through workspace/executeCommand
//   { command: 'iisSmtp.connectorPlan', arguments: [ConnectorPlanArgs] } → ConnectorPlanResult
// by any LSP client; client commands are VS Code commands (package.json `contributes.commands`, which a unit
// test compares with this file), some of which the server puts in CodeLenses and code actions.
import type { ConnectorPlanArgs, ConnectorPlanResult } from './assessment';
import type { CutoverCommandArgs, CutoverCommandResult } from './cutover';

/** Server command: assess logs and return the connector script. */
export const CONNECTOR_PLAN_COMMAND = 'iisSmtp.connectorPlan';
/** Server command: the cut-over status for IIS and Edge log folders on disk. */
export const CUTOVER_COMMAND = 'iisSmtp.cutoverStatus';

/** What each server command takes (sent as `arguments: [args]`) and answers (or null when it is unknown). */
export interface ServerCommandMap {
  [CONNECTOR_PLAN_COMMAND]: { args: ConnectorPlanArgs; result: ConnectorPlanResult };
  [CUTOVER_COMMAND]: { args: CutoverCommandArgs; result: CutoverCommandResult };
}
export type ServerCommandId = keyof ServerCommandMap;

const serverCommands: { readonly [C in ServerCommandId]: C } = { [CONNECTOR_PLAN_COMMAND]: CONNECTOR_PLAN_COMMAND, [CUTOVER_COMMAND]: CUTOVER_COMMAND };
/** Every server command id (the map above, as a list). */
export const SERVER_COMMAND_IDS: readonly ServerCommandId[] = Object.values(serverCommands);

/** Client commands (VS Code only), as package.json contributes them. */
export const CLIENT_COMMANDS = {
  useSmtpLogLanguage: 'iisSmtp.useSmtpLogLanguage',
  restartServer: 'iisSmtp.restartServer',
  openGeneratedDocument: 'iisSmtp.openGeneratedDocument',
  generateFromSelection: 'iisSmtp.generateConnectorsFromSelection',
  generateFromFiles: 'iisSmtp.generateConnectorsFromFiles',
  showReport: 'iisSmtp.showAssessmentReport',
  showReportForSelection: 'iisSmtp.showAssessmentReportForSelection',
  assessFolder: 'iisSmtp.assessFolder',
  saveGeneratedAs: 'iisSmtp.saveGeneratedAs',
  showRunningAssessment: 'iisSmtp.showRunningAssessment',
  showCutover: 'iisSmtp.showCutoverStatus',
} as const;
export type ClientCommandId = (typeof CLIENT_COMMANDS)[keyof typeof CLIENT_COMMANDS];

/** Arguments of `iisSmtp.openGeneratedDocument`, which server code actions use to show generated text. */
export interface OpenGeneratedDocumentArgs {
  language: string;
  content: string;
  /** The tab's name, e.g. `connectors-SMTP-1.ps1`; derived from the language when absent. */
  name?: string;
}

/** The client commands the server invokes (CodeLens, code actions), with the arguments it passes. */
export interface ClientCommandMap {
  /** The URI of an open log: the report of the whole file (the active editor without it). */
  [CLIENT_COMMANDS.showReport]: [uri?: string];
  /** The URI of an open log: the script of the whole file (the active editor's selection without it). */
  [CLIENT_COMMANDS.generateFromSelection]: [uri?: string];
  /** The URI of an Edge receive log: its folder is the Edge side of the comparison. */
  [CLIENT_COMMANDS.showCutover]: [edgeLog: string];
  [CLIENT_COMMANDS.openGeneratedDocument]: [OpenGeneratedDocumentArgs];
}

/** A client command call as the server sends it (the shape of an LSP `Command`), its arguments typed. */
export type ClientCommandCall = {
  [C in keyof ClientCommandMap]: { title: string; command: C; arguments: ClientCommandMap[C] };
}[keyof ClientCommandMap];
