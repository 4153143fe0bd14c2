// npm run test:e2e — the workbench end-to-end test (test/e2e/run.ts), run through tsx.
// Arguments are passed on: scenario numbers to run only those (all by default).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/run.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
