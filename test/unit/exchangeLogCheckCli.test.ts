// `node dist/cli.js check` routes Exchange protocol logs to their own reader (needs `npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const FIXTURES = join(__dirname, '..', 'fixtures', 'exchangeLog');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test('a folder with IIS and Edge logs: no IIS errors on the Edge files, each failure on its line', () => {
  const r = run('check', FIXTURES);
  assert.doesNotMatch(r.stdout, /SMTPLOG/);
  const lines = r.stdout.trim().split('\n');
  const recv = (code: string): string | undefined => lines.find((l) => l.includes('RECV2026112008-1.LOG') && l.includes(` ${code} `));
  assert.match(recv('EXLOG020')!, /RECV2026112008-1\.LOG:23:\d+ warning EXLOG020 Relay refused/);
  assert.match(recv('EXLOG021')!, /:70:\d+ warning /);
  assert.match(recv('EXLOG022')!, /:91:\d+ warning /);
  assert.match(recv('EXLOG023')!, /:76:\d+ warning /);
  assert.match(recv('EXLOG024')!, /:78:\d+ warning /);
  assert.match(recv('EXLOG025')!, /:82:\d+ warning /);
  assert.match(recv('EXLOG026')!, /:49:\d+ hint /);
  assert.ok(lines.some((l) => /SEND2026112008-1\.LOG:56:\d+ error EXLOG040 /.test(l)));
  assert.match(lines[lines.length - 1]!, /^4 file\(s\) checked: 2 error\(s\), 8 warning\(s\)/);
  assert.equal(r.status, 1);
});

test('a well-formed receive log has no errors (exit 0); other Exchange logs are skipped, headerless RECV files are read by name', () => {
  const ok = run('check', join(FIXTURES, 'edge', 'ProtocolLog', 'SmtpReceive'));
  assert.equal(ok.status, 0, ok.stdout);
  const dir = mkdtempSync(join(tmpdir(), 'exlog-'));
  try {
    writeFileSync(join(dir, 'MSGTRK2026112008-1.LOG'), '#Software: Microsoft Exchange Server\r\n#Log-type: Message Tracking Log\r\n#Fields: date-time,client-ip\r\n2026-11-20T08:00:00.000Z,10.0.0.1\r\n');
    mkdirSync(join(dir, 'ProtocolLog', 'SmtpReceive'), { recursive: true });
    writeFileSync(join(dir, 'ProtocolLog', 'SmtpReceive', 'RECV2026112009-1.LOG'), '2026-11-20T09:00:00.000Z,EDGE01\\R,08DF3B4470A10001,0,10.0.0.30:25,10.20.5.11:50100,+,,\r\n');
    const r = run('check', dir);
    assert.match(r.stderr, /MSGTRK2026112008-1\.LOG: an Exchange log that is not an SMTP protocol log: skipped/);
    assert.match(r.stdout, /RECV2026112009-1\.LOG:1:1 warning EXLOG006 /);
    assert.doesNotMatch(r.stdout, /SMTPLOG/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
