// npm run test:electron — the workbench scenarios inside a downloaded VS Code (@vscode/test-electron + mocha).
// Needs internet access to download VS Code; CI, which is offline, runs the same scenarios with npm run test:e2e.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = fileURLToPath(new URL('..', import.meta.url));
const VSCODE_VERSION = process.env.VSCODE_VERSION ?? '1.100.3';

async function main() {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const suite = join(root, 'out', 'electron', 'suite.js');
  await esbuild.build({
    entryPoints: [join(root, 'test/electron/suite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const run = mkdtempSync(join(tmpdir(), 'iis-smtp-electron-'));
  try {
    const workspace = join(run, 'workspace');
    cpSync(join(root, 'test/e2e/workspace'), workspace, { recursive: true });
    mkdirSync(join(run, 'user-data'));
    await runTests({
      version: VSCODE_VERSION,
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', join(run, 'user-data')],
    });
  } finally {
    rmSync(run, { recursive: true, force: true });
  }
}

main().catch((err) => {
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/.test(String(err?.stack ?? err));
  console.error(offline ? `VS Code ${VSCODE_VERSION} could not be downloaded (no internet?). Offline, run npm run test:e2e instead.` : err);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
