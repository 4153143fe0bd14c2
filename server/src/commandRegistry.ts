// Commands the server answers through workspace/executeCommand: exactly the protocol's ServerCommandMap (the
// type below fails to compile when a protocol command has no implementation).
import { connectorPlanCommand } from './assessment/command';
import { cutoverCommand } from './cutover/command';
import { CONNECTOR_PLAN_COMMAND, CUTOVER_COMMAND, type ServerCommandId } from './protocol';
import type { ServerCommand, ServerCommandOf } from './serverCommand';

export type { CommandContext, ServerCommand } from './serverCommand';

const implementations: { readonly [C in ServerCommandId]: ServerCommandOf<C> } = {
  [CONNECTOR_PLAN_COMMAND]: connectorPlanCommand,
  [CUTOVER_COMMAND]: cutoverCommand,
};

export function createServerCommands(): ServerCommand[] {
  return Object.values(implementations);
}
