// Start-up figures of the packaged extension: the standalone server's start-to-ready time over stdio, and the
// activation line the extension writes to its output channel (read from the workbench's log files).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

/** Milliseconds from spawning `node server.js --stdio` until its `initialize` answer arrives. */
export async function serverStartToReady(serverJs: string, timeoutMs = 10_000): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: 'pipe' });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  try {
    const answer = connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('server did not answer initialize')), timeoutMs).unref());
    await Promise.race([answer, timeout]);
    return performance.now() - started;
  } finally {
    connection.dispose();
    child.kill();
  }
}

export interface ActivationFigures {
  activationMs: number;
  serverReadyMs: number;
}

const STARTUP_LINE = /\[startup\] activation ([\d.]+) ms, server start-to-ready ([\d.]+) ms/;

/** Finds the extension's `[startup]` line in the output-channel logs under the user-data folder. */
export function readActivationFigures(userDataDir: string): ActivationFigures | undefined {
  for (const file of walk(join(userDataDir, 'logs'))) {
    if (!file.endsWith('.log')) continue;
    const match = STARTUP_LINE.exec(readFileSync(file, 'utf8'));
    if (match) return { activationMs: Number(match[1]), serverReadyMs: Number(match[2]) };
  }
  return undefined;
}

function* walk(dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
