// `node dist/cli.js check` on fixture files (needs `npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_FIXTURES } from '../helpers/logDoc';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

test('check prints file:line:col severity code message and exits 1 on errors', () => {
  const r = run('check', join(LOG_FIXTURES, 'quirks.log'));
  assert.equal(r.status, 1);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0]!, /quirks\.log:4:1 warning SMTPLOG010 /);
  assert.ok(lines.some((l) => /quirks\.log:8:50 error SMTPLOG003 sc-status "2x0" is not a reply code\./.test(l)));
  assert.match(lines[lines.length - 1]!, /1 file\(s\) checked: 3 error\(s\), 3 warning\(s\)/);
});

test('check walks folders, exits 0 without errors, and reports unreadable paths', () => {
  const ok = run('check', join(LOG_FIXTURES, 'w3c-nodate.log'), join(LOG_FIXTURES, 'iis-format.log'));
  assert.equal(ok.status, 0, ok.stdout);
  const folder = run('check', '--quiet', LOG_FIXTURES);
  assert.match(folder.stdout, /5 file\(s\) checked/);
  const missing = run('check', join(LOG_FIXTURES, 'nope.log'));
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /nope\.log: cannot read/);
});

test('--help and unknown commands', () => {
  const help = run('--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /check FILE\|FOLDER/);
  assert.equal(run('frobnicate').status, 2);
});

test('a log of 64 MB and more is checked by worker threads with the same output as one thread', () => {
  const fixture = readFileSync(join(LOG_FIXTURES, 'w3c-relay.log'), 'latin1').split('\r\n');
  const header = fixture.slice(0, 4).join('\r\n');
  const block = fixture.slice(4, 43).join('\r\n');
  const path = join(mkdtempSync(join(tmpdir(), 'smtplog-cli-')), 'ex261102.log');
  const repeats = Math.ceil((66 * 1024 * 1024) / block.length);
  writeFileSync(path, `${header}\r\n${`${block}\r\n`.repeat(repeats)}`);
  const one = run('check', '--jobs', '1', '--max-diagnostics', '5000', path);
  const two = run('check', '--jobs', '2', '--max-diagnostics', '5000', path);
  assert.equal(two.status, one.status);
  assert.equal(two.stdout, one.stdout);
  assert.match(two.stderr, /checked in 2 worker threads/);
  assert.doesNotMatch(one.stderr, /worker threads/);
  assert.match(one.stdout, /SMTPLOG020/);
  assert.match(one.stdout, /SMTPLOG023/);
  rmSync(path);
});
