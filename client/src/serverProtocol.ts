// Typed requests and notifications to the language server: the protocol module (server/src/protocol) says what
// each command takes and answers, so callers get typed results without casting what the server sent.
import { ExecuteCommandRequest, RequestType, type CancellationToken, type ExecuteCommandParams, type LanguageClient, type ProgressToken } from 'vscode-languageclient/node';
import type { ClientNotificationMap, ServerCommandId, ServerCommandMap } from '../../server/src/protocol';

/** Runs a server command (workspace/executeCommand); null when the server does not know it. */
export function executeServerCommand<C extends ServerCommandId>(
  client: LanguageClient,
  command: C,
  args: ServerCommandMap[C]['args'],
  token?: CancellationToken,
  workDoneToken?: ProgressToken,
): Promise<ServerCommandMap[C]['result'] | null> {
  const type = new RequestType<ExecuteCommandParams, ServerCommandMap[C]['result'] | null, void>(ExecuteCommandRequest.method);
  return client.sendRequest(type, { command, arguments: [args], ...(workDoneToken !== undefined ? { workDoneToken } : {}) }, token);
}

/** Sends a client → server notification with the parameters the protocol gives it. */
export function sendServerNotification<N extends keyof ClientNotificationMap>(client: LanguageClient, method: N, params: ClientNotificationMap[N]): Promise<void> {
  return client.sendNotification(method, params);
}
