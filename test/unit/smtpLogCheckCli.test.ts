// `node dist/cli.js check` on fixture files (needs `npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

// --- hostile input and arguments (issue 15, defects 2, 7, 9) ---

const ESCAPES = ['\x1b]0;pwned\x07', '\x1b]52;c;aGk=\x07', '\x1b[2J', '\u009b2J', '\u202e'];
const HEADER = '#Software: Microsoft Internet Information Services 6.0\r\n#Version: 1.0\r\n#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Cookie) cs(Referer)\r\n';

function withDir<T>(fn: (d: string) => T): T {
  const d = mkdtempSync(join(tmpdir(), 'check-attack-'));
  try {
    return fn(d);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

test('no terminal escape from a log, a metabase or a file name reaches the terminal (SMTPLOG002/003, METABASE012/016)', () => {
  withDir((d) => {
    const [title, clip, clear, csi, rtl] = ESCAPES;
    writeFileSync(join(d, `ex${clear}.log`), `${HEADER}2026-11-02${title} 07:00:01${clip} 10.1.20.15 erp01 SMTPSVC1 RELAY01 10.1.0.5 0 EHLO - +erp01 25${clear}0${rtl} 0 230 25 0 SMTP - - - -\r\n`, 'latin1');
    writeFileSync(
      join(d, 'MetaBase.xml'),
      `<?xml version ="1.0"?>\n<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0">\n<MBProperty>\n<IIsSmtpServer\tLocation ="/LM/SmtpSvc/1"\n\t\tAuthFlags="Auth${title}Anonymous"\n\t\tMaxMessageSize="12${clear}${csi}"\n\t>\n</IIsSmtpServer>\n<IIsSmtp${clear}Server AuthFlags="AuthAnonymous">\n</IIsSmtp${clear}Server>\n</MBProperty>\n</configuration>\n`,
    );
    const r = run('check', d);
    const out = r.stdout + r.stderr;
    for (const code of ['SMTPLOG002', 'SMTPLOG003', 'METABASE012', 'METABASE016']) assert.match(out, new RegExp(code), code);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(out.replace(/\n/g, ''), /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
  });
});

test('devices, FIFOs and links to them are skipped with the reason, never read', { skip: process.platform === 'win32' ? 'POSIX special files' : false }, () => {
  withDir((d) => {
    symlinkSync('/dev/zero', join(d, 'MetaBase.xml'));
    symlinkSync('/dev/urandom', join(d, 'ex1.log'));
    spawnSync('mkfifo', [join(d, 'ex2.log')]);
    const r = spawnSync(process.execPath, [CLI, 'check', d, '/dev/zero'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /MetaBase\.xml: cannot read \(not a regular file \(device\)\)/);
    assert.match(r.stderr, /ex1\.log: cannot read \(not a regular file \(device\)\)/);
    assert.match(r.stderr, /ex2\.log: cannot read \(not a regular file \(FIFO\)\)/);
    assert.match(r.stderr, /\/dev\/zero: cannot read \(not a regular file \(device\)\)/);
  });
});

test('a folder of self-links is walked once per real folder', () => {
  withDir((d) => {
    writeFileSync(join(d, 'a.log'), readFileSync(join(LOG_FIXTURES, 'w3c-relay.log')));
    for (const name of ['l1', 'l2', 'l3']) symlinkSync('.', join(d, name));
    const r = spawnSync(process.execPath, [CLI, 'check', '--quiet', d], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^1 file\(s\) checked/m);
  });
});

test('bad --jobs and --max-diagnostics are usage errors', () => {
  const log = join(LOG_FIXTURES, 'w3c-relay.log');
  for (const args of [['--jobs', 'abc'], ['--jobs', '0'], ['--jobs', '1.5'], ['--max-diagnostics', '0'], ['--max-diagnostics', 'abc'], ['--max-diagnostics=-3']]) {
    const r = run('check', ...args, log);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^check: --(jobs|max-diagnostics) needs a whole number/, args.join(' '));
    assert.match(r.stderr, /usage: /);
  }
  assert.equal(run('check', '--jobs', '2', '--max-diagnostics', '5', log).status, 0);
});

test('a closed pipe (`| head`) ends quietly', () => {
  // Many diagnostics, read only until the first line.
  const lines = Array.from({ length: 20000 }, (_, i) => `2026-11-02 07:00:01 10.1.20.${i % 250} x SMTPSVC1 R 10.1.0.5 0 EHLO - +x 2x0 0 0 0 0 SMTP - - - -`);
  withDir((d) => {
    writeFileSync(join(d, 'many.log'), `${HEADER}${lines.join('\r\n')}\r\n`);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" check --max-diagnostics 10000 "${join(d, 'many.log')}" | head -1`], { encoding: 'utf8', timeout: 30000 });
    assert.doesNotMatch(r.stderr, /EPIPE|Error|at /, r.stderr);
    assert.match(r.stdout, /^\S*many\.log:4:\d+ error SMTPLOG003 .*\n$/);
  });
});
