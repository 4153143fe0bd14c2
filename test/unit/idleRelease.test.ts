// Sessions idle past MAX_IDLE_MS by the log's clock are let go when the builder sweeps its addresses (an open
// relay's spam run leaves hundreds of thousands of sessions without QUIT, which were held to the end of the file).
// In a log whose clock does not go back, that grouping is exactly the one that keeps each session open until its
// client's next record; when the clock goes back past a released session (or a record has no time), the builder
// says so, the ranges refuse to stitch, and the file is read again without releases: the result stays exact.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { AssessmentAccumulator } from '../../server/src/assessment/accumulator';
import { assessFilePart, mergeAssessParts } from '../../server/src/assessment/fileRanges';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { byteRanges, checkLogFile, checkLogFileInRanges, checkLogFilePart, mergeFileCheck, type FileCheckOptions } from '../../server/src/smtpLog/fileCheck';
import { buildSessions, idleReleasesHeld, MAX_IDLE_MS, SessionBuilder, type IdleRelease } from '../../server/src/smtpLog/sessions';
import type { LogRecord, Session } from '../../server/src/smtpLog/types';
import { recordsOfLines, tempLogFolder } from '../helpers/logDoc';

const OPTIONS: FileCheckOptions = { acceptedDomains: [], maxProblems: 100_000 };
const HEADER = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Date: 2026-11-01 00:00:00', '#Fields: time c-ip s-ip cs-method cs-uri-query sc-status sc-win32-status'];
const DAY = Date.UTC(2026, 10, 1);

function clock(ms: number): string {
  return new Date(DAY + ms).toISOString().slice(11, 19);
}

/**
 * A spam run over six hours: `clients` bots each open one session (a quarter QUIT, the rest drop), every ninth comes
 * back (some within the idle limit, some after it), a few talk to a second server address, and one sends two sessions
 * at once. Times only move forward.
 */
function spamRun(clients: number): string[] {
  const events: { at: number; order: number; line: string }[] = [];
  let order = 0;
  const session = (at: number, ip: string, server: string, i: number, quit: boolean): void => {
    const lines = [`${ip} ${server} EHLO +bot${i} 250 0`, `${ip} ${server} MAIL +FROM:<x${i}@spam.example> 250 0`, `${ip} ${server} RCPT +TO:<v${i}@victim.example> 550 0`];
    if (quit) lines.push(`${ip} ${server} QUIT bot${i} 240 ${1000 + i}`);
    lines.forEach((l, k) => events.push({ at: at + k * 1000, order: order++, line: l }));
  };
  for (let i = 0; i < clients; i++) {
    const ip = `7.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const at = Math.floor((i * 6 * 3600_000) / clients);
    session(at, ip, '10.1.0.5', i, i % 4 === 0);
    if (i % 9 === 0) session(at + (i % 2 === 0 ? 10 * 60_000 : MAX_IDLE_MS + 60_000), ip, '10.1.0.5', i, false);
    if (i % 50 === 0) session(at + 5000, ip, '10.1.0.6', i, false);
    if (i % 777 === 0) session(at + 500, ip, '10.1.0.5', i, false);
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  return events.map((e) => `${clock(e.at)} ${e.line}`);
}


/** The sessions of a builder that lets idle ones go, in file order, with how many it let go before the end. */
function releasing(recs: readonly LogRecord[]): { sessions: Session[]; early: number; idle: IdleRelease } {
  const sessions: Session[] = [];
  let flushing = false;
  let early = 0;
  const builder = new SessionBuilder(
    (s) => {
      sessions.push(s);
      if (!flushing && !s.closed) early++;
    },
    undefined,
    true,
  );
  for (const r of recs) builder.push(r);
  flushing = true;
  builder.flush();
  sessions.sort((a, b) => a.firstLine - b.firstLine);
  return { sessions, early, idle: builder.idleRelease() };
}

const { write } = tempLogFolder('idle-release-');

test('in time order, releasing idle sessions groups exactly as keeping them open, and lets most go before the end', () => {
  const lines = [...HEADER, ...spamRun(20_000)];
  const recs = recordsOfLines(lines);
  const kept = buildSessions(recs);
  const { sessions, early, idle } = releasing(recordsOfLines(lines));
  assert.equal(idle.outOfOrder, false);
  assert.ok(idle.until > -Infinity, 'some sessions were let go idle');
  assert.ok(early > 10_000, `most unterminated sessions were let go before the end of the file (${early})`);
  assert.equal(sessions.length, kept.length);
  assert.deepEqual(sessions, kept);
});

test('a record whose clock went back past a released session is noticed; check and assess then read without releases', async () => {
  const lines = [...HEADER, ...spamRun(6_000)];
  // Bot 3 (no QUIT at 00:00:10) is let go once the clock is past 00:30:10; at 02:00 one of its records is written
  // with 00:05:00. Kept open, its session takes that RCPT; let go, the RCPT starts a session of its own.
  const at = lines.findIndex((l) => l.startsWith('02:00'));
  lines.splice(at, 0, '00:05:00 7.0.0.3 10.1.0.5 RCPT +TO:<late@victim.example> 550 0');
  const kept = buildSessions(recordsOfLines(lines));
  const released = releasing(recordsOfLines(lines));
  assert.equal(released.idle.outOfOrder, true);
  assert.notDeepEqual(released.sessions, kept, 'the two groupings do differ on this file');

  const path = write('back.log', lines);
  // Read as one byte range, the released grouping is flagged and the merge refuses it.
  const part = await checkLogFilePart(path, { ...OPTIONS, range: { start: 0, end: statSync(path).size } });
  assert.equal(part.idle.outOfOrder, true);
  assert.equal(mergeFileCheck([part], OPTIONS), undefined, 'the released grouping is refused');
  assert.ok(part.lines < lines.length - 1000, `reading stopped soon after the record the releases could not take (${part.lines} of ${lines.length} lines)`);
  // Read whole, the part reads the file once more without releases (as the assessment does below).
  const whole = await checkLogFilePart(path, OPTIONS);
  assert.equal(whole.idle.outOfOrder, false);
  assert.equal(whole.idle.until, -Infinity);
  const exact = mergeFileCheck([await checkLogFilePart(path, { ...OPTIONS, releaseIdle: false })], OPTIONS)!;
  assert.deepEqual(await checkLogFile(path, OPTIONS), exact);
  const { readInOnePass, ...inRanges } = await checkLogFileInRanges(path, OPTIONS, byteRanges(statSync(path).size, 3));
  assert.equal(readInOnePass, true);
  assert.deepEqual(inRanges, exact);

  const assessed = await assessFilePart(path, 'ex.log');
  assert.equal(assessed.idle.outOfOrder, false, 'the whole-file assessment was read again without releases');
  assert.equal(assessed.idle.until, -Infinity);
  const noRelease = await assessFilePart(path, 'ex.log', undefined, {}, 0, 0, undefined, false);
  assert.equal(JSON.stringify(finalizeAssessment(assessed.acc, { acceptedDomains: [] })), JSON.stringify(finalizeAssessment(noRelease.acc, { acceptedDomains: [] })));
});

test('a record without a time after a release is noticed too (kept open, the session would take it)', () => {
  const lines = [...HEADER, ...spamRun(6_000)];
  const at = lines.findIndex((l) => l.startsWith('02:00'));
  lines.splice(at, 0, 'xx:yy:zz 7.0.0.3 10.1.0.5 RCPT +TO:<late@victim.example> 550 0');
  assert.equal(releasing(recordsOfLines(lines)).idle.outOfOrder, true);
});

test('the check is exact at the idle limit: back to the limit is noticed, a second past it is not (and groups the same)', () => {
  // Bot A's session (00:00:00, no QUIT) is let go when 1024 other clients arrive at 00:40:00; then A comes back.
  const crowd = Array.from({ length: 1100 }, (_, i) => `00:40:00 8.0.${i >> 8}.${i & 255} 10.1.0.5 EHLO +c${i} 250 0`);
  for (const [back, noticed] of [
    ['00:30:00', true],
    ['00:30:01', false],
  ] as const) {
    const lines = [...HEADER, '00:00:00 7.7.7.7 10.1.0.5 EHLO +a 250 0', ...crowd, `${back} 7.7.7.7 10.1.0.5 MAIL +FROM:<a@contoso.example> 250 0`];
    const released = releasing(recordsOfLines(lines));
    assert.equal(released.idle.until, Date.UTC(2026, 10, 1) + MAX_IDLE_MS);
    assert.equal(released.idle.outOfOrder, noticed, back);
    const kept = buildSessions(recordsOfLines(lines));
    if (noticed) assert.notDeepEqual(released.sessions, kept, 'kept open, the session takes the MAIL');
    else assert.deepEqual(released.sessions, kept);
  }
});

test('ranges: a later range whose clock starts at or before an earlier range released up to is refused', () => {
  const none: IdleRelease = { until: -Infinity, earliest: Infinity, outOfOrder: false, givenUp: 0 };
  assert.equal(idleReleasesHeld([none, none]), true);
  assert.equal(idleReleasesHeld([{ until: 1000, earliest: 0, outOfOrder: false, givenUp: 0 }, { until: -Infinity, earliest: 1001, outOfOrder: false, givenUp: 0 }]), true);
  assert.equal(idleReleasesHeld([{ until: 1000, earliest: 0, outOfOrder: false, givenUp: 0 }, { until: -Infinity, earliest: 1000, outOfOrder: false, givenUp: 0 }]), false);
  assert.equal(idleReleasesHeld([{ until: 1000, earliest: 0, outOfOrder: false, givenUp: 0 }, none, { until: 5, earliest: -Infinity, outOfOrder: false, givenUp: 0 }]), false);
  assert.equal(idleReleasesHeld([none, { until: 1000, earliest: -Infinity, outOfOrder: false, givenUp: 0 }]), true, 'nothing released before it');
  assert.equal(idleReleasesHeld([{ until: -Infinity, earliest: 0, outOfOrder: true, givenUp: 0 }]), false);
});

test('in time order, ranges that release idle sessions stitch to the check and assessment of one pass without releases', async () => {
  const path = write('ordered.log', [...HEADER, ...spamRun(12_000)]);
  const exact = mergeFileCheck([await checkLogFilePart(path, { ...OPTIONS, releaseIdle: false })], OPTIONS)!;
  assert.ok(exact.total > 10_000, 'the file has its relay denials');
  const ranges = byteRanges(statSync(path).size, 3);
  const parts = [];
  for (const range of ranges) parts.push(await checkLogFilePart(path, { ...OPTIONS, range }));
  assert.ok(parts.every((p) => p.idle.until > -Infinity), 'every range let sessions go');
  const merged = mergeFileCheck(parts, OPTIONS);
  assert.ok(merged, 'the ranges stitch');
  // As in smtpLogScan.test.ts: a range's byte count includes what it read to find its #Fields, so only bytes differ.
  assert.deepEqual({ ...merged, bytes: 0 }, { ...exact, bytes: 0 });

  const json = (acc: AssessmentAccumulator): string => JSON.stringify(finalizeAssessment(acc, { acceptedDomains: [] }));
  const expected = json((await assessFilePart(path, 'ex.log', undefined, {}, 0, 0, undefined, false)).acc);
  const assessParts = [];
  for (const range of ranges) assessParts.push(await assessFilePart(path, 'ex.log', range));
  const cloned = assessParts.map((p) => structuredClone(p)).map((p) => ({ ...p, acc: AssessmentAccumulator.fromClone(p.acc) }));
  assert.equal(json(mergeAssessParts(cloned)!), expected);
  assert.equal(json((await assessFilePart(path, 'ex.log')).acc), expected);
});
