// `node dist/cli.js assess`: formats, folders, unreadable files, worker threads vs one thread.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { generateLogs, writeLargeLog } from '../helpers/logGenerator';
import { writeFileAtomic } from '../../server/src/common/safeWrite';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
let dir: string;
const { files, truth } = generateLogs({ start: '2026-10-01', days: 12, seed: 5, scale: 8 });

function assess(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'assess', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-assess-'));
  mkdirSync(join(dir, 'SMTPSVC1', 'old'), { recursive: true });
  files.forEach((f, i) => writeFileSync(join(dir, 'SMTPSVC1', i < 3 ? `old/${f.name}` : f.name), f.text, 'latin1'));
  writeFileSync(join(dir, 'SMTPSVC1', 'notes.txt'), 'not a log');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('text format prints the table and the script; folders are walked for *.log', () => {
  const r = assess(join(dir, 'SMTPSVC1'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`Messages: ${truth.messages} `));
  assert.match(r.stdout, /^10\.1\.40\.21 +application +anonymous-relay/m);
  assert.match(r.stdout, /^New-ReceiveConnector -Name 'IIS SMTP migration - anonymous relay'/m);
  assert.match(r.stdout, /SMTPSVC1\/old\/ex261001\.log/);
  assert.doesNotMatch(r.stdout, /notes\.txt/);
});

test('json, csv, md and ps1 formats', () => {
  const json = JSON.parse(assess(dir, '--format', 'json').stdout) as { summary: { messages: number }; script: string; sources: unknown[] };
  assert.equal(json.summary.messages, truth.messages);
  assert.match(json.script, /New-AcceptedDomain/);
  const csv = assess(dir, '--format', 'csv').stdout.split('\r\n');
  assert.match(csv[0]!, /^"Source","Category","Scenario"/);
  assert.equal(csv.filter((l) => l.startsWith('"10.')).length, json.sources.filter((s) => (s as { address: string }).address.startsWith('10.')).length);
  assert.match(assess(dir, '--format', 'md').stdout, /^# IIS SMTP relay assessment/);
  const ps1 = assess(dir, '--format', 'ps1').stdout;
  assert.match(ps1, /^# Exchange Edge Transport connectors/);
  assert.doesNotMatch(ps1, /^Source +Category/m);
});

test('worker threads give exactly the output of one thread', () => {
  const many = assess(dir, '--format', 'json', '--jobs', '4');
  const one = assess(dir, '--format', 'json', '--jobs', '1');
  assert.equal(many.code, 0);
  assert.equal(many.stdout, one.stdout);
});

test('a large file split between worker threads gives exactly the one-thread result', async () => {
  const big = join(dir, 'big', 'ex250101.log');
  mkdirSync(join(dir, 'big'));
  await writeLargeLog(big, 40e6, 3);
  const split = assess(big, '--format', 'json', '--jobs', '2');
  const one = assess(big, '--format', 'json', '--jobs', '1');
  assert.equal(split.code, 0, split.stderr);
  assert.equal(split.stdout, one.stdout);
  assert.ok((JSON.parse(one.stdout) as { summary: { messages: number } }).summary.messages > 10_000);
});

test('--accepted-domain and --out', () => {
  const out = join(dir, 'plan.ps1');
  const r = assess(dir, '--accepted-domain', 'contoso.com', '--accepted-domain', 'fabrikam.example', '--format', 'ps1', '--out', out);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '');
  const script = readFileSync(out, 'utf8');
  assert.match(script, /New-AcceptedDomain -Name 'fabrikam\.example'/);
  assert.match(script, /# From your settings\./);
});

test('unreadable and missing files are listed; the others are still assessed', () => {
  const locked = join(dir, 'locked.log');
  writeFileSync(locked, files[0]!.text);
  chmodSync(locked, 0o000);
  try {
    const r = assess(join(dir, 'SMTPSVC1'), join(dir, 'missing.log'), locked, '--format', 'ps1');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /missing\.log: file not found/);
    assert.match(r.stdout, /New-ReceiveConnector/);
    const rootCanRead = process.getuid?.() === 0;
    assert.match(r.stderr, rootCanRead ? /1 of \d+ file\(s\) could not be read/ : /2 of \d+ file\(s\) could not be read/);
  } finally {
    chmodSync(locked, 0o600);
    rmSync(locked);
  }
});

test('--metabase: the smart host and the review notes come from the metabase', () => {
  const r = assess(dir, '--metabase', join(ROOT, 'test', 'fixtures', 'assessment', 'MetaBase.xml'), '--format', 'ps1');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^New-SendConnector -Name 'IIS SMTP migration - outbound' -Usage 'Custom' -AddressSpaces '\*' -SmartHosts '192\.0\.2\.80' -DNSRoutingEnabled \$false -RequireTLS \$true$/m);
  assert.match(r.stdout, /\[metabase-smarthost-auth\] IIS authenticated to the smart host \(Basic\)/);
  const missing = assess(dir, '--metabase', join(dir, 'nope.xml'), '--format', 'ps1');
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /metabase file nope\.xml could not be read/);
});

test('usage errors exit 2 with a message', () => {
  assert.equal(assess().code, 2);
  const r = assess(dir, '--format', 'xml');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--format must be one of/);
  assert.equal(assess('--help').code, 0);
});

test('the bundled examples assess cleanly (npm run demo)', () => {
  const r = assess(join(ROOT, 'examples'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Applications: 7 /);
  assert.equal(assess(join(ROOT, 'examples'), '--format', 'ps1').stdout, readFileSync(join(ROOT, 'test', 'fixtures', 'assessment', 'examples.ps1'), 'utf8'));
});

// --- --out never loses data (issue 15, defect 1) ---

test('--out refuses to write onto an input, through the same path, a hard link or a symbolic link', () => {
  const d = mkdtempSync(join(tmpdir(), 'cli-out-'));
  try {
    const log = join(d, 'a.log');
    writeFileSync(log, files[0]!.text, 'latin1');
    const before = readFileSync(log);
    linkSync(log, join(d, 'hard.txt'));
    symlinkSync(log, join(d, 'soft.txt'));
    for (const target of [log, join(d, 'hard.txt'), join(d, 'soft.txt'), join(d, '.', 'a.log')]) {
      const r = assess(log, '--out', target);
      assert.equal(r.code, 2, target);
      assert.match(r.stderr, /is one of the input files/);
      assert.deepEqual(readFileSync(log), before, `${target}: the log is unchanged`);
    }
    // An input found by walking a folder counts too, and so does the metabase.
    const walked = assess(d, '--out', log);
    assert.equal(walked.code, 2);
    writeFileSync(join(d, 'MetaBase.xml'), '<configuration/>');
    assert.equal(assess(log, '--metabase', join(d, 'MetaBase.xml'), '--out', join(d, 'MetaBase.xml')).code, 2);
    assert.equal(readFileSync(join(d, 'MetaBase.xml'), 'utf8'), '<configuration/>');
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('--out replaces the target atomically and leaves no temporary file', () => {
  const d = mkdtempSync(join(tmpdir(), 'cli-out-'));
  try {
    const log = join(d, 'a.log');
    writeFileSync(log, files[0]!.text, 'latin1');
    writeFileSync(join(d, 'report.txt'), 'old report');
    const r = assess(log, '--format', 'ps1', '--out', join(d, 'report.txt'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(d, 'report.txt'), 'utf8'), /^# Exchange Edge Transport connectors/);
    assert.deepEqual(readdirSync(d).sort(), ['a.log', 'report.txt']);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('--out into a pipe writes through it and leaves it a pipe (a file renamed over /dev/null would replace the device); a folder is refused', async () => {
  const d = mkdtempSync(join(tmpdir(), 'cli-out-'));
  try {
    const log = join(d, 'a.log');
    writeFileSync(log, files[0]!.text, 'latin1');
    const fifo = join(d, 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
    // The reader: opening a pipe to write waits for it.
    const reader = spawn('cat', [fifo]);
    let read = '';
    reader.stdout.on('data', (b: Buffer) => (read += b.toString('utf8')));
    const done = new Promise<number | null>((resolve) => reader.on('exit', resolve));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'assess', log, '--format', 'ps1', '--out', fifo]);
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    assert.equal(r.code, 0, r.stderr);
    // A writer that never opened the pipe leaves the reader waiting: it is stopped, and the test fails, not hangs.
    const timer = setTimeout(() => reader.kill(), 10_000);
    assert.equal(await done, 0, 'the reader got the output and its end');
    clearTimeout(timer);
    assert.match(read, /^# Exchange Edge Transport connectors/);
    assert.ok(lstatSync(fifo).isFIFO(), 'still a pipe');
    assert.deepEqual(readdirSync(d).sort(), ['a.log', 'pipe'], 'no temporary file');
    const folder = assess(log, '--format', 'ps1', '--out', d);
    assert.equal(folder.code, 2);
    assert.match(folder.stderr, /cannot write .*it is a folder/);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('a failed write (full disk) keeps the old file and reports it, exit 2', async () => {
  const d = mkdtempSync(join(tmpdir(), 'cli-out-'));
  try {
    const target = join(d, 'report.txt');
    writeFileSync(target, 'old report');
    const full = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    await assert.rejects(
      writeFileAtomic(target, 'x'.repeat(1000), {
        writeTemp: async (path, data) => {
          writeFileSync(path, data.slice(0, 10));
          throw full;
        },
      }),
      /no space/,
    );
    assert.equal(readFileSync(target, 'utf8'), 'old report');
    assert.deepEqual(readdirSync(d), ['report.txt'], 'the partial temporary file is removed');
    // For real, when this machine lets us mount a 64 KB tmpfs (root in a container); otherwise the injected failure above stands.
    const mnt = join(d, 'tiny');
    mkdirSync(mnt);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]).status !== 0) return;
    try {
      const log = join(d, 'a.log');
      writeFileSync(log, files[0]!.text, 'latin1');
      writeFileSync(join(mnt, 'out.json'), 'old report');
      // Fill the disk to the last byte.
      try {
        for (let i = 0; ; i++) writeFileSync(join(mnt, `fill${i}`), Buffer.alloc(4096, 120));
      } catch {
        /* ENOSPC: full */
      }
      const r = assess(log, '--format', 'json', '--out', join(mnt, 'out.json'));
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /cannot write .*ENOSPC/);
      assert.equal(readFileSync(join(mnt, 'out.json'), 'utf8'), 'old report');
      assert.deepEqual(readdirSync(mnt).filter((n) => !n.startsWith('fill')), ['out.json'], 'no temporary file is left');
    } finally {
      spawnSync('umount', [mnt]);
    }
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
