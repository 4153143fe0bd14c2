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

/** One entry per day from `from`, `count` days long, `per` messages each. */
function daily(from: string, count: number, per: number): { key: string; count: number }[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({ key: new Date(start + i * 86_400_000).toISOString().slice(0, 10), count: per }));
}

test('a period longer than the limit keeps the latest window with at least half the busiest one\'s mail, and counts the days left out', () => {
  // Two years of even mail: the last MAX_TIMELINE_DAYS days.
  const even = volumeTimeline([daily('2025-01-01', 700, 3)], daily('2026-10-01', 31, 2));
  assert.equal(even.days.length, MAX_TIMELINE_DAYS);
  assert.equal(even.days[even.days.length - 1]!.day, '2026-12-01');
  assert.equal(even.omitted, 700 - MAX_TIMELINE_DAYS);
  assert.equal(even.omittedFrom, '2025-01-01');
  // A busy year long ago and a quiet recent one: the busy one is shown.
  const busy = volumeTimeline([[...daily('2020-01-01', 30, 100), ...daily('2026-11-01', 5, 1)]], []);
  assert.equal(busy.days[0]!.day, '2020-01-01');
  assert.equal(busy.days.length, 30);
  assert.deepEqual([busy.omitted, busy.omittedFrom, busy.omittedTo], [5, '2026-11-01', '2026-11-05']);
  assert.deepEqual(volumeTimeline([], []), { days: [], omitted: 0, omittedFrom: '', omittedTo: '' });
});

test('mail that declined over the years: the recent days, with the cut-over, are shown, not the busier old ones', () => {
  const iis = [...daily('2025-01-01', 350, 10), ...daily('2025-12-17', 350, 6)];
  const { days, omittedFrom } = volumeTimeline([iis], daily('2026-11-01', 30, 5));
  assert.equal(days[days.length - 1]!.day, '2026-12-01');
  assert.equal(days.reduce((n, d) => n + d.edge, 0), 150, 'every Edge day is in view');
  assert.equal(omittedFrom, '2025-01-01');
});

test('mail that fell by more than half: the Edge period, the cut-over, stays in view', () => {
  const iis = [...daily('2025-01-01', 300, 100), ...daily('2025-10-28', 400, 20)];
  const { days } = volumeTimeline([iis], daily('2026-11-02', 30, 20));
  assert.equal(days.reduce((n, d) => n + d.edge, 0), 600, 'every Edge day is in view');
  assert.equal(days[days.length - 1]!.day, '2026-12-01');
  // An Edge clock years wrong: its stray day does not pull the window away from the Edge's real days.
  const stray = volumeTimeline([iis], [...daily('2026-11-02', 30, 20), { key: '2099-01-01', count: 3 }]);
  assert.equal(stray.days.reduce((n, d) => n + d.edge, 0), 600);
  assert.equal(stray.omittedTo, '2099-01-01');
});

test('one day far from the rest (a server clock years wrong) does not push the real days out of view', () => {
  const iis = [...daily('2026-11-01', 20, 40), { key: '2099-01-01', count: 1 }];
  const { days, omitted, omittedFrom } = volumeTimeline([iis], daily('2026-11-15', 10, 30));
  assert.equal(days[0]!.day, '2026-11-01');
  assert.equal(days[days.length - 1]!.day, '2026-11-24');
  assert.equal(days.reduce((n, d) => n + d.iis + d.edge, 0), 20 * 40 + 10 * 30);
  assert.deepEqual([omitted, omittedFrom], [1, '2099-01-01']);
  // A day far in the past likewise.
  assert.equal(volumeTimeline([[{ key: '1980-01-01', count: 2 }, ...daily('2026-11-01', 3, 5)]], []).days[0]!.day, '2026-11-01');
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
