// The cut-over timeline: IIS and Edge messages per day, every calendar day of the period, bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectEdgeSources } from '../../server/src/exchangeLog/edgeSources';
import { volumeTimeline } from '../../server/src/cutover/timeline';
import { MAX_TIMELINE_DAYS } from '../../server/src/protocol/cutover';

const HEADER = '#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';

/** One relayed message (synthetic), or a session that gives up before MAIL. */
function session(id: string, time: string, ip: string, delivered: boolean): string {
  const l = (seq: number, event: string, data = ''): string => `${time},EDGE01\\App relay,${id},${seq},10.0.0.30:25,${ip}:50100,${event},${data},\r\n`;
  if (!delivered) return l(0, '+') + l(1, '<', 'EHLO x') + l(2, '-');
  return l(0, '+') + l(1, '<', 'MAIL FROM:<a@contoso.com>') + l(2, '<', 'RCPT TO:<b@fabrikam.example>') + l(3, '<', 'DATA') + l(4, '>', '354 go ahead') + l(5, '>', '250 2.6.0 Queued mail for delivery') + l(6, '-');
}

test('every day from the first to the last on either side, gaps as zeros, IIS summed over sources', () => {
  const { days, omitted } = volumeTimeline(
    [
      [{ key: '2026-11-16', count: 2 }, { key: '2026-11-18', count: 1 }],
      [{ key: '2026-11-16', count: 3 }, { key: 'not a day', count: 9 }],
    ],
    [{ key: '2026-11-19', count: 4 }, { key: '2026-11-21', count: 1 }],
  );
  assert.equal(omitted, 0);
  assert.deepEqual(days, [
    { day: '2026-11-16', iis: 5, edge: 0 },
    { day: '2026-11-17', iis: 0, edge: 0 },
    { day: '2026-11-18', iis: 1, edge: 0 },
    { day: '2026-11-19', iis: 0, edge: 4 },
    { day: '2026-11-20', iis: 0, edge: 0 },
    { day: '2026-11-21', iis: 0, edge: 1 },
  ]);
});

test('a period longer than the limit keeps its last days and says how many were left out', () => {
  const { days, omitted } = volumeTimeline([[{ key: '2020-01-01', count: 1 }]], [{ key: '2026-11-21', count: 1 }]);
  assert.equal(days.length, MAX_TIMELINE_DAYS);
  assert.equal(days[days.length - 1]!.day, '2026-11-21');
  assert.equal(omitted, 2517 - MAX_TIMELINE_DAYS);
  assert.deepEqual(volumeTimeline([], []), { days: [], omitted: 0 });
});

test('the Edge counts accepted messages per UTC day of its receive logs, not sessions without mail', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cutover-days-'));
  try {
    const file = join(dir, 'RECV2026111923-1.LOG');
    writeFileSync(
      file,
      HEADER +
        session('08DF3B4470A10001', '2026-11-19T23:59:58.000Z', '10.20.5.11', true) +
        session('08DF3B4470A10002', '2026-11-20T00:00:01.000Z', '10.20.5.11', true) +
        session('08DF3B4470A10003', '2026-11-20T08:00:00.000Z', '10.20.5.12', true) +
        session('08DF3B4470A10004', '2026-11-20T09:00:00.000Z', '10.20.5.13', false),
    );
    const edge = await collectEdgeSources([{ path: file, logType: 'receive' }]);
    assert.deepEqual(edge.messagesPerDay, [
      { key: '2026-11-19', count: 1 },
      { key: '2026-11-20', count: 2 },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
