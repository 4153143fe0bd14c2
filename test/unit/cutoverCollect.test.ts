// Putting IIS and Edge facts together: the Edge's go-live, sessions that continue in the next hourly file,
// which IIS sources are listed, and the notes that qualify the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectEdgeSources } from '../../server/src/exchangeLog/edgeSources';
import { buildCutover } from '../../server/src/cutover/collect';
import type { Assessment, SourceProfile } from '../../server/src/protocol/assessment';

const HEADER = '#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';
const line = (time: string, seq: number, event: string, data = ''): string => `${time},EDGE01\\App relay,08DF3B4470A10001,${seq},10.0.0.30:25,10.20.5.11:50100,${event},${data},\r\n`;

function profile(address: string, category: SourceProfile['category'], lastSeen: string): SourceProfile {
  return { address, category, lastSeen, firstSeen: '2026-11-01T00:00:00Z', messages: category === 'application' ? 1 : 0, messagesPerDay: [{ key: lastSeen.slice(0, 10), count: 1 }] } as SourceProfile;
}

function assessment(sources: SourceProfile[], lastSeen: string): Assessment {
  return { summary: { firstSeen: '2026-11-01T00:00:00Z', lastSeen }, sources } as Assessment;
}

test('a session split over two hourly files is one session; go-live is the first receive time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-'));
  try {
    const a = join(dir, 'RECV2026112008-1.LOG');
    const b = join(dir, 'RECV2026112009-1.LOG');
    writeFileSync(a, HEADER + line('2026-11-20T08:59:59.000Z', 0, '+') + line('2026-11-20T08:59:59.100Z', 1, '<', 'MAIL FROM:<a@contoso.com>') + line('2026-11-20T08:59:59.200Z', 2, '<', 'DATA') + line('2026-11-20T08:59:59.300Z', 3, '>', '354 go ahead'));
    writeFileSync(b, HEADER + line('2026-11-20T09:00:00.100Z', 4, '>', '250 2.6.0 Queued mail for delivery') + line('2026-11-20T09:00:00.200Z', 5, '-'));
    const edge = await collectEdgeSources([
      { path: b, logType: 'receive' },
      { path: a, logType: 'receive' },
    ]);
    assert.equal(edge.sources.length, 1);
    assert.equal(edge.sources[0]!.sessions, 1);
    assert.equal(edge.sources[0]!.messages, 1);
    assert.equal(edge.sources[0]!.unusedSessions, 0);
    assert.equal(new Date(edge.receiveFirst).toISOString(), '2026-11-20T08:59:59.000Z');
    const report = buildCutover(assessment([profile('10.20.5.11', 'application', '2026-11-19T10:00:00Z'), profile('203.0.113.9', 'public', '2026-11-19T10:00:00Z')], '2026-11-19T10:00:00Z'), edge);
    assert.deepEqual(report.entries.map((e) => `${e.source} ${e.status}`), ['10.20.5.11 moved']);
    // The IIS logs stop before go-live: a source still on IIS could not be seen, and that is said.
    assert.ok(report.notes.some((n) => /IIS logs end .* before the Edge went live/.test(n)));
    assert.ok(report.notes.some((n) => /1 public or noise source/.test(n)));
    assert.deepEqual(report.counts.find((c) => c.key === 'moved'), { key: 'moved', count: 1 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a public IIS source that the Edge also saw is listed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-'));
  try {
    const a = join(dir, 'RECV2026112008-1.LOG');
    writeFileSync(a, HEADER + line('2026-11-20T08:00:00.000Z', 0, '+').replace(/10\.20\.5\.11/g, '203.0.113.9') + line('2026-11-20T08:00:01.000Z', 1, '-').replace(/10\.20\.5\.11/g, '203.0.113.9'));
    const edge = await collectEdgeSources([{ path: a, logType: 'receive' }]);
    const report = buildCutover(assessment([profile('203.0.113.9', 'public', '2026-11-21T10:00:00Z')], '2026-11-21T10:00:00Z'), edge);
    assert.deepEqual(report.entries.map((e) => `${e.source} ${e.status}`), ['203.0.113.9 still-on-iis']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
