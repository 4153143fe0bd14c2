// Runs code-server (VS Code in the browser) for the end-to-end tests: a private HOME, XDG folders, user-data and
// extensions folders under one temporary root per run, the packaged .vsix installed into them, loopback only.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface RunFolders {
  root: string;
  home: string;
  userData: string;
  extensions: string;
  workspace: string;
  log: string;
}

/** Makes the fresh folders of one run and copies the fixture workspace, so tests never edit the repository. */
export function makeRunFolders(fixtureWorkspace: string): RunFolders {
  const root = mkdtempSync(join(tmpdir(), 'iis-smtp-e2e-'));
  const folders: RunFolders = {
    root,
    home: join(root, 'home'),
    userData: join(root, 'user-data'),
    extensions: extensionsDirOf(join(root, 'workspace')),
    workspace: join(root, 'workspace'),
    log: join(root, 'code-server.log'),
  };
  for (const dir of [folders.home, folders.userData, folders.extensions]) mkdirSync(dir, { recursive: true });
  cpSync(fixtureWorkspace, folders.workspace, { recursive: true });
  mkdirSync(join(folders.userData, 'User'), { recursive: true });
  writeFileSync(join(folders.userData, 'User', 'settings.json'), JSON.stringify(WORKBENCH_SETTINGS, null, 2));
  return folders;
}

/** The extensions folder of the run whose workspace folder is `workspace` (both under the run's root). */
export function extensionsDirOf(workspace: string): string {
  return join(dirname(workspace), 'extensions');
}

/**
 * Pids of this run's language servers: node processes whose command line runs a `dist/server.js` installed in
 * the run's extensions folder (other runs on the machine have their own folders, so theirs never match).
 */
export function languageServerPids(extensionsDir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile, or not ours to read
    }
    if (args.some((a) => a.startsWith(`${extensionsDir}/`) && a.endsWith('/dist/server.js'))) pids.push(Number(entry));
  }
  return pids;
}

/** Quiet, deterministic workbench: no welcome page, no update or telemetry traffic, no auto-closing brackets. */
const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.minimap.enabled': false,
  'editor.stickyScroll.enabled': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggest.showWords': false,
  'editor.wordBasedSuggestions': 'off',
  'files.autoSave': 'off',
  'git.enabled': false,
  'chat.disableAIFeatures': true,
};

/** Environment of code-server: only what it needs, with HOME and XDG folders private to the run. */
export function privateEnv(folders: RunFolders): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    HOME: folders.home,
    XDG_CONFIG_HOME: join(folders.home, '.config'),
    XDG_DATA_HOME: join(folders.home, '.local/share'),
    XDG_CACHE_HOME: join(folders.home, '.cache'),
    XDG_STATE_HOME: join(folders.home, '.local/state'),
    TMPDIR: join(folders.root, 'tmp'),
  };
}

function commonArgs(folders: RunFolders): string[] {
  return ['--user-data-dir', folders.userData, '--extensions-dir', folders.extensions];
}

/** Installs the packaged extension with code-server's own installer (offline for a local file). */
export function installVsix(bin: string, folders: RunFolders, vsix: string): void {
  mkdirSync(privateEnv(folders).TMPDIR!, { recursive: true });
  const result = spawnSync(bin, [...commonArgs(folders), '--install-extension', vsix], {
    env: privateEnv(folders),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningCodeServer {
  url: string;
  /** Milliseconds from spawn until /healthz answered. */
  startupMs: number;
  stop(): Promise<void>;
  logTail(lines: number): string;
}

export async function startCodeServer(bin: string, folders: RunFolders, timeoutMs = 60_000): Promise<RunningCodeServer> {
  const port = await freePort();
  const out = openSync(folders.log, 'a');
  const started = Date.now();
  const child: ChildProcess = spawn(
    bin,
    [
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      ...commonArgs(folders),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      folders.workspace,
    ],
    { env: privateEnv(folders), stdio: ['ignore', out, out], detached: true },
  );
  closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const logTail = (lines: number) => tail(folders.log, lines);
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM'); // its own process group: the extension host and server go too
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5_000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = started + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`code-server exited during start-up\n${logTail(40)}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return { url, startupMs: Date.now() - started, stop, logTail };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100)); // polling interval of a condition with a deadline
  }
  await stop();
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms\n${logTail(40)}`);
}

export function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
