// Attack: special files, growing files, link loops and untrusted paths against the one safe-read primitive
// (server/src/common/safeRead.ts), the folder walker (common/files.ts) and the read policy (common/readPolicy.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { expandPaths } from '../../../server/src/common/files';
import { OUTSIDE_WORKSPACE, ReadPolicy } from '../../../server/src/common/readPolicy';
import { openRegularFile, readRegularFile } from '../../../server/src/common/safeRead';
import { readRecordsFast } from '../../../server/src/smtpLog/fastReader';
import { LogLineParser } from '../../../server/src/smtpLog/lineParser';

const posix = process.platform !== 'win32';
let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'attack-files-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Fails instead of hanging: a FIFO open that blocks would never settle. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`still running after ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

test('devices are refused on the opened descriptor, even through a link named like a log', { skip: !posix }, async () => {
  symlinkSync('/dev/zero', join(dir, 'zero.log'));
  for (const path of ['/dev/zero', '/dev/urandom', join(dir, 'zero.log')]) {
    await assert.rejects(within(5000, readRegularFile(path, { maxBytes: 1 << 20 })), /not a regular file \(device\)/, path);
    await assert.rejects(within(5000, readRecordsFast(path, new LogLineParser('w3c'), { entry: () => undefined })), /not a regular file/, path);
  }
});

test('a FIFO is refused at once, without blocking the thread pool (more FIFOs than libuv threads)', { skip: !posix }, async () => {
  const fifos = Array.from({ length: 8 }, (_, i) => join(dir, `fifo${i}.log`));
  for (const f of fifos) assert.equal(spawnSync('mkfifo', [f]).status, 0);
  const results = await within(5000, Promise.allSettled(fifos.map((f) => openRegularFile(f))));
  for (const r of results) assert.match(String((r as PromiseRejectedResult).reason), /not a regular file \(FIFO\)/);
  // The pool is still free: an ordinary read answers.
  writeFileSync(join(dir, 'plain.txt'), 'ok');
  assert.equal((await within(5000, readRegularFile(join(dir, 'plain.txt'), { maxBytes: 10 }))).toString(), 'ok');
  const listed = await expandPaths([dir]);
  for (const f of fifos) assert.equal(listed.find((e) => e.path === f)?.error, 'not a regular file (FIFO)');
});

test('reads stop at the size seen at open (a log that grows while read) and at the documented limit', async () => {
  const path = join(dir, 'growing.log');
  writeFileSync(path, '#Fields: date time c-ip cs-method sc-status\n'.repeat(1000));
  const file = await openRegularFile(path);
  appendFileSync(path, 'x'.repeat(100_000));
  await file.handle.close();
  assert.equal(file.size, 44 * 1000);
  await assert.rejects(readRegularFile(path, { maxBytes: 1000 }), /larger than/);
  let calls = 0;
  await assert.rejects(readRegularFile(path, { maxBytes: 1 << 30, isCancelled: () => ++calls > 0 }), /cancelled/);
  // The streaming reader reads what was there when it opened the file.
  const handle = await open(path, 'a');
  let lines = 0;
  const result = await readRecordsFast(path, new LogLineParser('w3c'), { entry: () => void (lines++ === 0 && void handle.write('y'.repeat(1 << 20))) }, { chunkSize: 1 << 16 });
  await handle.close();
  assert.ok(result.bytes <= 144_000, `read ${result.bytes} bytes`);
});

test('folder walks: self-links and cross-links are walked once, depth and entry counts are bounded, cancel stops', { skip: !posix }, async () => {
  const root = join(dir, 'loops');
  mkdirSync(join(root, 'a'), { recursive: true });
  mkdirSync(join(root, 'b'));
  writeFileSync(join(root, 'a', 'one.log'), 'x');
  writeFileSync(join(root, 'b', 'two.log'), 'y');
  for (const name of ['l1', 'l2', 'l3']) symlinkSync('.', join(root, name));
  symlinkSync('../b', join(root, 'a', 'to-b'));
  symlinkSync('../a', join(root, 'b', 'to-a'));
  symlinkSync('one.log', join(root, 'a', 'again.log'));
  const found = await within(10_000, expandPaths([root]));
  // The same file through a link counts once (the first name in order).
  assert.deepEqual(found.map((f) => f.label).sort(), ['loops/a/again.log', 'loops/b/two.log']);

  let deep = join(dir, 'deep');
  for (let i = 0; i < 24; i++) deep = join(deep, `d${i}`);
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'bottom.log'), 'z');
  const deepFound = await expandPaths([join(dir, 'deep')]);
  assert.ok(deepFound.some((f) => /deeper than 16 folders/.test(f.error ?? '')));
  assert.ok(!deepFound.some((f) => f.label.endsWith('bottom.log')));

  const wide = join(dir, 'wide');
  mkdirSync(wide);
  for (let i = 0; i < 50; i++) writeFileSync(join(wide, `f${i}.log`), '');
  const bounded = await expandPaths([wide], undefined, { maxEntries: 10 });
  assert.ok(bounded.some((f) => /more than 10 entries/.test(f.error ?? '')));
  assert.ok(bounded.filter((f) => !f.error).length <= 10);
  let asked = 0;
  const cancelled = await expandPaths([wide], undefined, { isCancelled: () => ++asked > 5 });
  assert.ok(cancelled.length < 50);
});

test('untrusted: only paths inside the workspace folders or picked by the user, compared by real path', { skip: !posix }, async () => {
  const ws = join(dir, 'ws');
  const outside = join(dir, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  writeFileSync(join(ws, 'in.log'), 'a');
  writeFileSync(join(outside, 'secret.log'), 'b');
  symlinkSync(outside, join(ws, 'escape'));
  const policy = new ReadPolicy();
  policy.setFolders([ws]);
  assert.equal(await policy.refusal('/etc/passwd'), undefined, 'trusted by default');
  policy.trusted = false;
  assert.equal(await policy.refusal(join(ws, 'in.log')), undefined);
  assert.equal(await policy.refusal(join(ws, 'escape', 'secret.log')), OUTSIDE_WORKSPACE);
  assert.equal(await policy.refusal(join(ws, '..', 'outside', 'secret.log')), OUTSIDE_WORKSPACE);
  assert.equal(await policy.refusal('/root'), OUTSIDE_WORKSPACE);
  assert.equal(await policy.refusal(join(dir, 'does-not-exist.log')), OUTSIDE_WORKSPACE, 'existence is not revealed');
  // A walk inside the workspace does not follow a link out of it, and names nothing it refused.
  const walked = await expandPaths([ws], undefined, { refusal: (p) => policy.refusal(p) });
  assert.deepEqual(walked.map((f) => f.label), ['ws/in.log']);
  void policy.addPicked([join(outside, 'secret.log')]);
  assert.equal(await policy.refusal(join(outside, 'secret.log')), undefined, 'a picked file is readable at once');
});
