// A log of many clients with one session each (an open relay's spam traffic) makes a byte range hold back every
// record (rangeHeads.ts): past MAX_HELD the range gives up, the file's other ranges stop at once through the shared
// stop flag, no part carries its findings to the merge, and the file is read in one pass with the one-pass result.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assessFilePart, mergeAssessParts } from '../../server/src/assessment/fileRanges';
import { byteRanges, checkLogFile, checkLogFileInRanges, checkLogFilePart, mergeFileCheck, type FileCheckOptions } from '../../server/src/smtpLog/fileCheck';
import { MAX_HELD, newStopFlag } from '../../server/src/smtpLog/rangeHeads';

let dir: string;
let path: string;
const OPTIONS: FileCheckOptions = { acceptedDomains: [], maxProblems: 1000 };

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'range-overflow-'));
  path = join(dir, 'ex261101.log');
  // Enough single-session clients for each half of the file to hold back more than MAX_HELD records.
  const clients = Math.ceil((MAX_HELD * 2.2) / 4);
  const lines = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Date: 2026-11-01 00:00:00', '#Fields: time c-ip cs-method cs-uri-query sc-status'];
  for (let i = 0; i < clients; i++) {
    const ip = `1.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const t = new Date(Date.UTC(2026, 10, 1) + Math.floor((i * 80_000_000) / clients)).toISOString().slice(11, 19);
    lines.push(`${t} ${ip} EHLO +bot${i} 250`, `${t} ${ip} MAIL +FROM:<x${i}@spam.example> 250`, `${t} ${ip} RCPT +TO:<v@victim.example> 550`, `${t} ${ip} QUIT bot${i} 240`);
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`, 'latin1');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('check: a range past MAX_HELD gives up and stops the others; the file is then checked in one pass', async () => {
  const ranges = byteRanges(statSync(path).size, 2);
  const stop = newStopFlag();
  const second = await checkLogFilePart(path, { ...OPTIONS, range: ranges[1]!, stop });
  assert.equal(second.overflow, true);
  assert.equal(Atomics.load(stop, 0), 1, 'the stop flag is raised for the other ranges');
  assert.deepEqual([second.problems.length, second.heads.size, second.lines], [0, 0, 0], 'nothing is carried to the merge');
  // The first range, started after the flag went up, gives up at once.
  const first = await checkLogFilePart(path, { ...OPTIONS, range: ranges[0]!, stop });
  assert.deepEqual([first.overflow, first.problems.length], [true, 0]);
  assert.equal(mergeFileCheck([first, second], OPTIONS), undefined);
  const onePass = await checkLogFile(path, OPTIONS);
  assert.ok(onePass.total > MAX_HELD / 4, 'the file has its relay denials');
  const { readInOnePass, ...inRanges } = await checkLogFileInRanges(path, OPTIONS, ranges);
  assert.equal(readInOnePass, true, 'the result says it was read again in one pass');
  assert.deepEqual(inRanges, onePass);
});

test('assess: a range past MAX_HELD gives up and stops the others; the merge refuses the parts', async () => {
  const ranges = byteRanges(statSync(path).size, 2);
  const stop = newStopFlag();
  const second = await assessFilePart(path, 'ex.log', ranges[1]!, {}, 0, 0, stop);
  assert.equal(second.overflow, true);
  assert.equal(Atomics.load(stop, 0), 1);
  assert.deepEqual([second.acc.files.length, second.heads.size], [0, 0], 'nothing is carried to the merge');
  const first = await assessFilePart(path, 'ex.log', ranges[0]!, {}, 0, 0, stop);
  assert.deepEqual([first.overflow, first.acc.files.length], [true, 0]);
  assert.equal(mergeAssessParts([first, second]), undefined);
});
