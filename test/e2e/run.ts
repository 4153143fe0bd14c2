// End-to-end test in a real VS Code workbench: installs code-server once (scripts/e2e-setup.sh), packages the
// extension, installs that .vsix into fresh folders, starts code-server on 127.0.0.1 and drives it with
// playwright-core and Debian's chromium through the scenarios in scenarios.ts.
// Usage: node --import tsx test/e2e/run.ts [scenario numbers...] [--update-media]   (npm run test:e2e runs all)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { installVsix, makeRunFolders, startCodeServer, tail, type RunningCodeServer } from './codeServer';
import { SCENARIOS } from './scenarios';
import { readActivationFigures, serverStartToReady } from './startupFigures';
import { Workbench } from './workbench';

const REPO_ROOT = join(__dirname, '..', '..');
const RESULTS = join(REPO_ROOT, 'test-results', 'e2e');
const EXTENSION_ID = 'iis-smtp-migration.iis-smtp-migration-assistant';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

async function timed<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log(`${label}: ${Math.round(performance.now() - started)} ms`);
  return result;
}

/** "Category: Title" of every command the installed package contributes, with %keys% resolved. */
function commandTitles(extensionDir: string): Set<string> {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(extensionDir, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const resolve = (s: string) => s.replace(/^%(.+)%$/, (_, key: string) => nls[key] ?? s);
  const titles = new Set<string>();
  for (const c of manifest.contributes?.commands ?? []) {
    titles.add(c.category ? `${resolve(c.category)}: ${resolve(c.title)}` : resolve(c.title));
  }
  return titles;
}

/** README screenshots, refreshed from a green run with `npm run test:e2e -- --update-media`. */
const MEDIA_SCREENSHOTS: Record<string, string> = {
  '5-assessment-report-webview-with-script.png': 'media/screenshot.png',
  '1-smtp-log-hover.png': 'media/screenshots/smtp-log.png',
  '9-report-chart-light-modern.png': 'media/screenshots/report-light.png',
  '10-log-over-50-MB-notice.png': 'media/screenshots/large-log.png',
  '14-report-predicted-Exchange-Online-rejections-rejection-detail.png': 'media/screenshots/exo-rejections.png',
  '16-cut-over-view-light-modern.png': 'media/screenshots/cutover.png',
};

function updateMedia(shots: string): void {
  for (const [shot, target] of Object.entries(MEDIA_SCREENSHOTS)) {
    copyFileSync(join(shots, shot), join(REPO_ROOT, target));
    log(`updated ${target}`);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<number> {
  const only = process.argv.slice(2).map(Number).filter((n) => n > 0);
  rmSync(RESULTS, { recursive: true, force: true });
  const shots = join(RESULTS, 'screenshots');
  mkdirSync(shots, { recursive: true });

  const bin = await timed('setup (apt packages, code-server cache)', () =>
    execFileSync('bash', [join(REPO_ROOT, 'scripts/e2e-setup.sh'), 'workbench'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .pop()!,
  );
  const folders = makeRunFolders(join(__dirname, 'workspace'));
  const vsix = await timed('package vsix', async () => {
    const { packageExtension } = (await import(join(REPO_ROOT, 'scripts/package.mjs'))) as {
      packageExtension(out: string, options: { quiet: boolean }): string;
    };
    return packageExtension(join(folders.root, 'extension.vsix'), { quiet: true });
  });
  await timed('install vsix into a fresh extensions dir', () => installVsix(bin, folders, vsix));
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const extensionDir = join(folders.extensions, `${EXTENSION_ID}-${manifest.version}`);
  if (!existsSync(join(extensionDir, 'dist', 'server.js'))) throw new Error(`extension not installed at ${extensionDir}`);
  const titles = commandTitles(extensionDir);

  const serverReady: number[] = [];
  for (let i = 0; i < 3; i++) serverReady.push(await serverStartToReady(join(extensionDir, 'dist', 'server.js')));

  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  let shownActivationMs: number | undefined;
  const nls = JSON.parse(readFileSync(join(REPO_ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
  const manifestDisplayName = nls.displayName ?? manifest.name;
  let passed = 0;
  const failures: string[] = [];
  try {
    server = await startCodeServer(bin, folders);
    log(`code-server answered /healthz after ${server.startupMs} ms at ${server.url}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const wb = new Workbench(page, folders.workspace);
    await timed('workbench loaded', async () => {
      await page.goto(`${server!.url}/?folder=${encodeURIComponent(folders.workspace)}`, { timeout: 60_000 });
      await wb.waitReady();
    });

    for (const [index, scenario] of SCENARIOS.entries()) {
      const number = index + 1;
      if (only.length && !only.includes(number)) continue;
      const label = `${number}. ${scenario.name}`;
      wb.screenshotPrefix = join(shots, `${number}-${scenario.name.split(':')[0]!.replace(/[^\w]+/g, '-')}`);
      const shot = `${wb.screenshotPrefix}.png`;
      const started = performance.now();
      try {
        const missing = (scenario.commands ?? []).filter((t) => !titles.has(t));
        if (missing.length) throw new Error(`feature not landed: the package contributes no command ${missing.map((m) => `"${m}"`).join(', ')}`);
        await wb.reset();
        await scenario.run(wb);
        await page.screenshot({ path: shot });
        passed++;
        console.log(`ok ${number} - ${scenario.name} (${Math.round(performance.now() - started)} ms)`);
      } catch (err) {
        await page.screenshot({ path: shot }).catch(() => undefined);
        const message = err instanceof Error ? err.message : String(err);
        failures.push(label);
        console.log(`not ok ${number} - ${scenario.name} (${Math.round(performance.now() - started)} ms)\n  ${message.split('\n').join('\n  ')}`);
      }
    }
    await wb.reset();
    shownActivationMs = await wb.shownActivationMs(manifestDisplayName).catch((err) => {
      log(`Running Extensions view gave no activation time: ${err instanceof Error ? err.message.split('\n')[0] : err}`);
      return undefined;
    });
  } catch (err) {
    failures.push(`workbench: ${err instanceof Error ? err.message : String(err)}`);
    console.log(`not ok - workbench run aborted: ${err instanceof Error ? err.stack : err}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  }

  const activation = readActivationFigures(folders.userData);
  log(`screenshots: ${shots}`);
  log(`standalone server start-to-ready (packaged dist/server.js, initialize answered): median ${Math.round(median(serverReady))} ms of ${serverReady.map(Math.round).join(', ')} (target <= 500 ms)`);
  if (activation) {
    log(`extension activation (activate() up to starting the client, as logged by the extension): ${activation.activationMs} ms (target <= 150 ms)`);
    log(`server start-to-ready in the workbench (client.start() until initialized): ${activation.serverReadyMs} ms (target <= 500 ms)`);
  }
  if (shownActivationMs !== undefined) {
    log(`VS Code's own activation figure (Developer: Show Running Extensions): ${shownActivationMs} ms`);
  }
  if (!activation) {
    log('extension activation: no [startup] line found in the output-channel logs (the extension never activated?)');
  }
  if (failures.length) {
    copyFileSync(folders.log, join(RESULTS, 'code-server.log'));
    log(`failed: ${failures.join('; ')}`);
    log(`run folder kept: ${folders.root}; code-server log: ${join(RESULTS, 'code-server.log')}, last lines:\n${tail(folders.log, 40)}`);
  } else {
    rmSync(folders.root, { recursive: true, force: true });
  }
  if (process.argv.includes('--update-media') && failures.length === 0) updateMedia(shots);
  const ran = passed + failures.length;
  console.log(`${passed} passed, ${failures.length} failed`);
  return failures.length === 0 && ran > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
