// Past MAX_PUBLIC_SOURCES the accumulator details the public sources of smallest (hash, address) rank and counts
// the others in its overflow totals, whatever the order or grouping the sessions come in (a spam run's thousands
// of one-shot addresses are refused before any per-source record is built for them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AssessmentAccumulator, MAX_PUBLIC_SOURCES } from '../../server/src/assessment/accumulator';
import type { Session } from '../../server/src/smtpLog/types';
import { fnv1a } from '../../server/src/traffic/hash';

function refused(ip: string, line: number): Session {
  return {
    direction: 'in', clientIp: ip, serverIp: '10.1.1.25', helo: `bot${line}`, usedEhlo: true, firstLine: line, lastLine: line + 3, recordCount: 4,
    startTime: Date.UTC(2026, 10, 1) + line * 1000, endTime: Date.UTC(2026, 10, 1) + line * 1000, auth: 'none', authStatus: -1, authLine: -1,
    tls: false, authInClear: false, closed: true, durationMs: 100, unrecognized: 0, remoteReplies: [],
    messages: [{ from: `x${line}@spam.example`, mailStatus: 250, mailLine: line + 1, accepted: [], denied: [{ address: 'v@victim.example', line: line + 2, status: 550 }], refused: [], dataStatus: -1, dataLine: -1, size: -1, time: NaN }],
  };
}

const sessions = Array.from({ length: 3 * MAX_PUBLIC_SOURCES }, (_, i) => refused(`45.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, i * 4));
sessions.push(refused('10.1.2.3', sessions.length * 4)); // one internal source: its own pool, never crowded out

function keptPublic(acc: AssessmentAccumulator): string[] {
  return [...acc.sources.values()].filter((s) => s.isPublic).map((s) => s.address).sort();
}

test('public sources past the cap: the smallest-ranked are detailed, the rest counted; any order, any grouping', () => {
  const expected = sessions
    .filter((s) => s.clientIp.startsWith('45.'))
    .map((s) => ({ address: s.clientIp, rank: fnv1a(s.clientIp) }))
    .sort((a, b) => a.rank - b.rank || (a.address < b.address ? -1 : 1))
    .slice(0, MAX_PUBLIC_SOURCES)
    .map((s) => s.address)
    .sort();
  const inOrder = new AssessmentAccumulator();
  for (const s of sessions) inOrder.addSession(s);
  assert.deepEqual(keptPublic(inOrder), expected);
  assert.ok(inOrder.sources.has('10.1.2.3'), 'the internal source is detailed');
  assert.deepEqual(inOrder.overflow, { sessions: 2 * MAX_PUBLIC_SOURCES, messages: 0, denials: 2 * MAX_PUBLIC_SOURCES });
  assert.equal(inOrder.overflowAddresses.size, 2 * MAX_PUBLIC_SOURCES);

  const reversed = new AssessmentAccumulator();
  for (const s of [...sessions].reverse()) reversed.addSession(s);
  const odd = new AssessmentAccumulator();
  const even = new AssessmentAccumulator();
  sessions.forEach((s, i) => (i % 2 ? odd : even).addSession(s));
  odd.merge(even);
  for (const acc of [reversed, odd]) {
    assert.deepEqual(keptPublic(acc), expected);
    assert.deepEqual(acc.overflow, inOrder.overflow);
    assert.equal(acc.overflowAddresses.size, inOrder.overflowAddresses.size);
  }
});
