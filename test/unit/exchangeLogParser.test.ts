// The Exchange protocol log reader on synthetic lines: CSV rules, #Fields in force, detection, session
// grouping and ordering, and totality on hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCsvLine } from '../../server/src/exchangeLog/csv';
import { kindFromPath, kindFromText } from '../../server/src/exchangeLog/detect';
import { endpointAddress, ExLineParser, type ExRecord } from '../../server/src/exchangeLog/parser';
import { ExScanner } from '../../server/src/exchangeLog/scan';
import type { SessionOutcome } from '../../server/src/exchangeLog/analyze';
import type { ExSession } from '../../server/src/exchangeLog/sessions';
import { EXCHANGE_RECEIVE_HEADER as HEADER } from '../helpers/exchangeLogHeader';


function scan(lines: string[]): { sessions: [ExSession, SessionOutcome][]; scanner: ExScanner; problems: string[] } {
  const sessions: [ExSession, SessionOutcome][] = [];
  const problems: string[] = [];
  const scanner = new ExScanner({ onSession: (s, o) => sessions.push([s, o]), onEntry: (e, line) => e.problems?.forEach((p) => problems.push(`${line}:${p.code}`)) });
  lines.forEach((l, i) => scanner.line(l, i));
  scanner.end();
  return { sessions, scanner, problems };
}

test('CSV: quoted fields keep commas, doubled quotes become one, offsets cover the quotes', () => {
  const line = 'a,"b, c","say ""hi""",,"",end';
  const csv = splitCsvLine(line);
  assert.deepEqual(csv.values, ['a', 'b, c', 'say "hi"', '', '', 'end']);
  assert.equal(csv.errorAt, -1);
  assert.equal(line.slice(csv.starts[1]!, csv.ends[1]!), '"b, c"');
  assert.deepEqual(splitCsvLine('x,').values, ['x', '']);
});

test('CSV: an unterminated quote or text after a closing quote is an error, never a throw', () => {
  assert.equal(splitCsvLine('a,"open, never closed').errorAt, 2);
  const after = splitCsvLine('a,"q"x,b');
  assert.ok(after.errorAt > 0);
  assert.deepEqual(after.values, ['a', 'qx', 'b']);
});

test('records follow the #Fields in force, and a record before #Fields uses the standard order with a warning', () => {
  const p = new ExLineParser();
  const early = p.parse('2026-11-20T08:00:00.000Z,EDGE01\\R,08DF3B4470A10001,0,10.0.0.30:25,10.20.5.11:50100,+,,') as ExRecord;
  assert.equal(early.kind, 'record');
  assert.equal(early.remote, '10.20.5.11:50100');
  assert.deepEqual(early.problems?.map((x) => x.code), ['EXLOG006']);
  p.parse('#Log-type: SMTP Send Protocol Log');
  assert.equal(p.logType, 'send');
  p.parse('#Fields: session-id,event,data,date-time');
  const r = p.parse('08DF3B4470A10002,<,"250 ok, fine",2026-11-20T08:00:01.000Z') as ExRecord;
  assert.equal(r.sessionId, '08DF3B4470A10002');
  assert.equal(r.data, '250 ok, fine');
  assert.equal(r.time, Date.parse('2026-11-20T08:00:01.000Z'));
  assert.equal(r.problems, undefined);
});

test('line problems: field count, time, session id, sequence, event, unknown directive', () => {
  const { problems } = scan([
    ...HEADER,
    '2026-11-20T08:00:00.000Z,C,08DF3B4470A10001,0,a,b,+,',
    'yesterday,C,08DF3B4470A10001,1,a,b,+,,',
    '2026-11-20T08:00:00.000Z,C,not-hex!,1,a,b,+,,',
    '2026-11-20T08:00:00.000Z,C,08DF3B4470A10001,x,a,b,+,,',
    '2026-11-20T08:00:00.000Z,C,08DF3B4470A10001,2,a,b,?,,',
    '#Remark: hello',
    '2026-11-20T08:00:00.000Z,C,08DF3B4470A10001,3,a,b,<,"open',
  ]);
  assert.deepEqual(problems, ['5:EXLOG002', '6:EXLOG003', '7:EXLOG004', '8:EXLOG004', '9:EXLOG005', '10:EXLOG007', '11:EXLOG001']);
});

test('a log type that is not an SMTP protocol log is said so', () => {
  const p = new ExLineParser();
  const d = p.parse('#Log-type: Message Tracking Log');
  assert.equal(d.problems?.[0]?.code, 'EXLOG010');
});

test('detection: content first, then RECV/SEND names under ProtocolLog', () => {
  assert.equal(kindFromText(HEADER.join('\r\n')), 'exchange-receive');
  assert.equal(kindFromText(HEADER.join('\n').replace('Receive', 'Send')), 'exchange-send');
  assert.equal(kindFromText('#Software: Microsoft Exchange Server\n#Log-type: Message Tracking Log\n'), 'exchange-other');
  assert.equal(kindFromText('#Software: Microsoft Internet Information Services 6.0\n'), undefined);
  assert.equal(kindFromPath('C:\\Exchange\\TransportRoles\\Logs\\ProtocolLog\\SmtpReceive\\RECV2026112008-1.LOG'), 'exchange-receive');
  assert.equal(kindFromPath('logs/Edge/ProtocolLog/SmtpSend/SEND2026112008-12.LOG'), 'exchange-send');
  assert.equal(kindFromPath('logs/SMTPSVC1/RECV2026112008-1.LOG'), undefined);
  assert.equal(kindFromPath('logs/ProtocolLog/ex261120.log'), undefined);
});

test('interleaved sessions are grouped by session-id and ordered by sequence-number', () => {
  const L = (id: string, seq: number, event: string, data = '', ctx = ''): string => `2026-11-20T08:00:0${seq % 10}.000Z,EDGE01\\App relay,${id},${seq},10.0.0.30:25,10.20.5.${id.endsWith('1') ? 11 : 12}:5000,${event},${data},${ctx}`;
  const A = '08DF3B4470A10001';
  const B = '08DF3B4470A10002';
  const { sessions } = scan([
    ...HEADER,
    L(A, 0, '+'),
    L(B, 0, '+'),
    L(A, 2, '<', 'MAIL FROM:<a@contoso.com>'),
    L(A, 1, '<', 'EHLO app'),
    L(B, 1, '<', 'EHLO other'),
    L(A, 3, '-', '', 'Local'),
    L(B, 2, '-', '', 'Local'),
  ]);
  assert.deepEqual(sessions.map(([s]) => s.id), [A, B]);
  const [a, ao] = sessions[0]!;
  assert.deepEqual(a.events.map((e) => e.seq), [0, 1, 2, 3]);
  assert.deepEqual(a.events.map((e) => e.line), [5, 8, 7, 10]);
  assert.equal(ao.helo, 'app');
  assert.equal(ao.host, '10.20.5.11');
  assert.equal(sessions[1]![1].host, '10.20.5.12');
});

test('a session without a disconnect is handed over at the end, with what it showed', () => {
  const { sessions } = scan([...HEADER, '2026-11-20T08:00:00.000Z,EDGE01\\R,08DF3B4470A10001,0,10.0.0.30:25,10.20.5.11:50100,+,,']);
  assert.equal(sessions.length, 1);
  assert.equal(sessions[0]![0].closed, false);
  assert.deepEqual(sessions[0]![1].findings, []);
});

test('endpoints: IPv4 with port, bracketed IPv6, empty', () => {
  assert.equal(endpointAddress('10.20.5.11:50100'), '10.20.5.11');
  assert.equal(endpointAddress('[2001:db8::5]:25'), '2001:db8::5');
  assert.equal(endpointAddress(''), '');
});

test('hostile input: binary, huge lines, endless quotes, many sessions: entries and no throw', () => {
  const junk = [
    '\u0000\u0001\u0002binary',
    'x'.repeat(100_000),
    '"'.repeat(5000),
    ','.repeat(10_000),
    '2026-11-20T08:00:00.000Z,"a""b,c"",d',
  ];
  const many = Array.from({ length: 2000 }, (_, i) => `2026-11-20T08:00:00.000Z,C,${(i + 1).toString(16).padStart(16, '0')},0,a,b,+,,`);
  const { problems, sessions } = scan([...HEADER, ...junk, ...many]);
  assert.ok(problems.includes('5:EXLOG008'));
  assert.ok(problems.includes('6:EXLOG009'));
  assert.equal(sessions.length, 2000);
});
