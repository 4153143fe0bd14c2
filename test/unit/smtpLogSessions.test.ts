import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSessions, SessionBuilder } from '../../server/src/smtpLog/sessions';
import { LogLineParser } from '../../server/src/smtpLog/lineParser';
import type { LogRecord, Session } from '../../server/src/smtpLog/types';
import { LogDocumentModel, lineText } from '../../server/src/smtpLog/documentModel';
import { logDiagnostics } from '../../server/src/smtpLog/service';
import { edit, logDoc, readLogFixture, recordsOfLines, settings } from '../helpers/logDoc';
import { generateLogs, type NextHop } from '../helpers/logGenerator';
import { assertLinear } from '../helpers/growth';

function sessionsOf(text: string) {
  return logDoc(text).model.sessions().sessions;
}

test('sessions of the relay fixture: one per connection, with HELO, auth, TLS and outcomes', () => {
  const sessions = sessionsOf(readLogFixture('w3c-relay.log'));
  const inbound = sessions.filter((s) => s.direction === 'in');
  const outbound = sessions.filter((s) => s.direction === 'out');
  assert.equal(inbound.length, 7);
  assert.equal(outbound.length, 1);
  const erp = inbound[0]!;
  assert.equal(erp.clientIp, '10.1.20.15');
  assert.equal(erp.helo, 'erp01.corp.contoso.com');
  assert.ok(erp.usedEhlo);
  assert.ok(erp.closed);
  assert.equal(erp.durationMs, 1015);
  assert.equal(erp.messages.length, 1);
  assert.deepEqual(erp.messages[0]!.accepted, ['ap@contoso.com', 'ar@contoso.com']);
  assert.equal(erp.messages[0]!.from, 'erp@contoso.com');
  assert.equal(erp.messages[0]!.dataStatus, 250);
  assert.equal(erp.messages[0]!.size, 2048);
  const web = inbound.find((s) => s.clientIp === '10.1.20.30')!;
  assert.equal(web.auth, 'login');
  assert.equal(web.authStatus, 235);
  assert.ok(web.authInClear);
  assert.equal(inbound.find((s) => s.clientIp === '10.1.20.31')!.auth, 'ntlm');
  const scanner = inbound.find((s) => s.clientIp === '10.1.20.40')!;
  assert.equal(scanner.messages[0]!.denied[0]!.address, 'someone@gmail.example');
  assert.equal(scanner.usedEhlo, false);
  const junk = inbound.find((s) => s.clientIp === '198.51.100.7')!;
  assert.equal(junk.unrecognized, 2);
  assert.equal(junk.messages.length, 0);
  const out = outbound[0]!;
  assert.equal(out.clientIp, '52.101.0.10');
  assert.equal(out.helo, 'relay01.contoso.com');
  assert.ok(out.closed);
  assert.deepEqual(out.remoteReplies, [220, 250, 250, 550, 221]);
  assert.equal(out.messages[0]!.refused[0]!.status, 550);
  const second = inbound[inbound.length - 1]!;
  assert.equal(second.clientIp, '10.1.20.15');
  assert.ok(second.firstLine > 46, 'the second header block starts a new session for the same client');
});

function w3c(lines: string[]): LogRecord[] {
  const p = new LogLineParser('w3c');
  p.parse('#Fields: time c-ip cs-username cs-method cs-uri-query sc-status sc-win32-status', 0);
  return lines.map((l, i) => p.parse(l, i + 1)).filter((e): e is LogRecord => e.kind === 'record');
}

test('EHLO again after STARTTLS stays in the same session and marks it TLS', () => {
  const s = buildSessions(
    w3c([
      '10:00:00 10.0.0.5 app EHLO +app 250 0',
      '10:00:00 10.0.0.5 app STARTTLS - 220 0',
      '10:00:01 10.0.0.5 app EHLO +app 250 0',
      '10:00:01 10.0.0.5 app AUTH +LOGIN 235 0',
      '10:00:01 10.0.0.5 app MAIL +FROM:<a@contoso.com> 250 0',
      '10:00:02 10.0.0.5 app QUIT app 240 50',
    ]),
  );
  assert.equal(s.length, 1);
  assert.ok(s[0]!.tls);
  assert.equal(s[0]!.authInClear, false);
  assert.equal(s[0]!.auth, 'login');
});

test('interleaved sessions from two clients are kept apart; a session without QUIT stays open', () => {
  const s = buildSessions(
    w3c([
      '10:00:00 10.0.0.5 a EHLO +a 250 0',
      '10:00:00 10.0.0.6 b EHLO +b 250 0',
      '10:00:01 10.0.0.5 a MAIL +FROM:<a@x.example> 250 0',
      '10:00:01 10.0.0.6 b MAIL +FROM:<b@x.example> 250 0',
      '10:00:02 10.0.0.5 a QUIT a 240 10',
    ]),
  );
  assert.equal(s.length, 2);
  assert.equal(s[0]!.messages[0]!.from, 'a@x.example');
  assert.ok(s[0]!.closed);
  assert.equal(s[1]!.messages[0]!.from, 'b@x.example');
  assert.equal(s[1]!.closed, false);
});

test('a QUIT/240 record alone (client vanished before HELO) is a session of its own', () => {
  const s = buildSessions(w3c(['10:00:00 10.0.0.9 - QUIT - 240 0']));
  assert.equal(s.length, 1);
  assert.equal(s[0]!.helo, '');
  assert.ok(s[0]!.closed);
});

/** A generated relay log (synthetic), cut to keep the tests quick. */
function relayDay(nextHop: NextHop, lines = 1500): string {
  return generateLogs({ start: '2026-11-02', days: 1, seed: 5, scale: 2, nextHop }).files[0]!.text.split('\r\n').slice(0, lines).join('\r\n');
}

const plainSessions = (m: LogDocumentModel): unknown => JSON.parse(JSON.stringify(m.sessions().sessions));

for (const nextHop of ['smart-host', 'mx'] as const) {
  test(`edits on outbound records (${nextHop}): sessions and diagnostics after every edit equal a fresh parse`, () => {
    const state = logDoc(relayDay(nextHop));
    let seed = 33;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    // Edits that cut, join, restart and end outbound connections, and break their times.
    const pieces = ['', 'x', '2026-11-0x', '\r\n', 'QUIT', '221', '220+mx.example+ready', ' OutboundConnectionResponse ', ' - '];
    const outbound = () => {
      for (let tries = 0; tries < 50; tries++) {
        const line = 4 + rand(state.doc.lineCount - 5);
        if (lineText(state.doc, line).includes('OutboundConnection')) return line;
      }
      return 4 + rand(state.doc.lineCount - 5);
    };
    for (let i = 0; i < 120; i++) {
      const line = outbound();
      const text = lineText(state.doc, line);
      const a = rand(text.length + 1);
      const b = rand(3) === 0 ? { line: line + 1, character: rand(lineText(state.doc, line + 1).length + 1) } : { line, character: a + rand(Math.max(1, text.length - a + 1)) };
      edit(state, { start: { line, character: a }, end: b }, pieces[rand(pieces.length)]!);
      const fresh = new LogDocumentModel(state.doc);
      assert.deepEqual(plainSessions(state.model), plainSessions(fresh), `sessions after edit ${i}`);
      assert.deepEqual(logDiagnostics(state.model, state.doc, settings()), logDiagnostics(fresh, state.doc, settings()), `diagnostics after edit ${i}`);
    }
  });
}

test('an edit to an outbound record regroups that connection only, not the next hop\'s day', () => {
  const state = logDoc(relayDay('smart-host', 20000));
  state.model.sessions();
  const total = state.model.sessions().sessions.length;
  let line = Math.floor(state.doc.lineCount / 2);
  while (!lineText(state.doc, line).includes('OutboundConnectionCommand') || !lineText(state.doc, line).includes(' RCPT ')) line++;
  const connection = state.model.sessionAt(line)!;
  edit(state, { start: { line, character: 0 }, end: { line, character: 10 } }, '2026-11-0x');
  const index = state.model.sessions();
  assert.ok(total > 300, `${total} sessions`);
  assert.equal(index.change?.removed.length, 1);
  assert.deepEqual(index.change?.removed, [connection]);
  assert.equal(index.change?.added.length, 1);
  assert.equal(index.change?.added[0]!.firstLine, connection.firstLine);
});

test('an edit inside an inbound session left open regroups from that session on, not from the client\'s first', () => {
  // Synthetic: one client opens sessions without QUIT every 40 minutes (each one times out the last).
  const head = '#Software: Microsoft Internet Information Services 6.0\r\n#Fields: date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status sc-win32-status sc-bytes cs-bytes time-taken cs-version cs-host cs(User-Agent) cs(Referer)\r\n';
  const rows: string[] = [];
  for (let k = 0; k < 30; k++) {
    const t = new Date(Date.UTC(2026, 10, 2, 0, 0, 0) + k * 40 * 60_000).toISOString();
    const at = `${t.slice(0, 10)} ${t.slice(11, 19)}`;
    rows.push(`${at} 10.1.2.3 app SMTPSVC1 RELAY01 10.1.1.25 0 EHLO - +app 250 0 30 10 0 SMTP - - -`);
    rows.push(`${at} 10.1.2.3 app SMTPSVC1 RELAY01 10.1.1.25 0 MAIL - +FROM:<a@contoso.com> 250 0 30 10 0 SMTP - - -`);
  }
  const state = logDoc(head + rows.join('\r\n') + '\r\n');
  const before = state.model.sessions().sessions;
  assert.equal(before.length, 30);
  const line = 2 + 2 * 20 + 1; // the MAIL of session 21
  edit(state, { start: { line, character: 0 }, end: { line, character: lineText(state.doc, line).length } }, lineText(state.doc, line).replace('250', '550'));
  const index = state.model.sessions();
  // The edited session and the next (an edit re-reads one line either side), not those before: each was let
  // go by the next one's EHLO (the idle limit), so they stand.
  assert.deepEqual(index.change?.removed, [before[20], before[21]]);
  assert.equal(index.change?.added.length, 2);
  assert.deepEqual(plainSessions(state.model), plainSessions(new LogDocumentModel(state.doc)));
});

/** A session builder fed W3C lines of the given fields one by one, and the sessions it emitted. */
function builderFed(fields: string): { builder: SessionBuilder; emitted: Session[]; push: (text: string) => void } {
  const emitted: Session[] = [];
  const builder = new SessionBuilder((s) => emitted.push(s));
  const parser = new LogLineParser('w3c');
  parser.parse(`#Fields: ${fields}`, 0);
  let line = 1;
  const push = (text: string) => {
    const e = parser.parse(text, line++);
    if (e.kind === 'record') builder.push(e);
  };
  return { builder, emitted, push };
}

test('closed clients are forgotten in sweeps: the grouping state stays bounded and sessions still open survive them', () => {
  const { builder, emitted, push } = builderFed('time c-ip cs-username cs-method cs-uri-query sc-status sc-win32-status');
  // 300 clients stay open (EHLO, MAIL, no QUIT) among 20,000 that each send one whole session.
  for (let i = 0; i < 20_000; i++) {
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    push(`10:00:00 ${ip} c EHLO +c 250 0`);
    push(`10:00:00 ${ip} c MAIL +FROM:<a@contoso.com> 250 0`);
    if (i % 67 !== 0) push(`10:00:01 ${ip} c QUIT c 240 10`);
  }
  const kept = (builder as unknown as { inbound: Map<string, unknown> }).inbound.size;
  assert.ok(kept <= 4096, `client addresses kept: ${kept}`);
  assert.equal(builder.clientStates().size, 299, 'only clients with a session open have a state to hand on');
  builder.flush();
  assert.equal(emitted.length, 20_000);
  const open = emitted.filter((s) => !s.closed);
  assert.equal(open.length, 299);
  assert.ok(open.every((s) => s.recordCount === 2 && s.messages.length === 1));
});

test('next hops whose connection QUIT are forgotten in sweeps too; connections still open survive them', () => {
  const { builder, emitted, push } = builderFed('time c-ip cs-username s-sitename cs-method cs-uri-query sc-status sc-win32-status');
  // 20,000 remote hosts get one delivery each; every 67th connection is left without its QUIT.
  for (let i = 0; i < 20_000; i++) {
    const ip = `${100 + (i >> 16)}.0.${(i >> 8) & 255}.${i & 255}`;
    push(`10:00:00 ${ip} OutboundConnectionResponse SMTPSVC1 - 220+mx+ready 0 0`);
    push(`10:00:00 ${ip} OutboundConnectionCommand SMTPSVC1 EHLO relay.contoso.com 0 0`);
    push(`10:00:00 ${ip} OutboundConnectionResponse SMTPSVC1 - 250+OK 0 0`);
    if (i % 67 !== 0) {
      push(`10:00:01 ${ip} OutboundConnectionCommand SMTPSVC1 QUIT - 0 0`);
      push(`10:00:01 ${ip} OutboundConnectionResponse SMTPSVC1 - 221+bye 0 0`);
    }
  }
  const kept = (builder as unknown as { outbound: Map<string, unknown> }).outbound.size;
  assert.ok(kept <= 4096, `remote addresses kept: ${kept}`);
  assert.equal(builder.clientStates().size, 299, 'only next hops with a connection open have a state to hand on');
  builder.flush();
  assert.equal(emitted.length, 20_000);
  assert.ok(emitted.every((s) => s.direction === 'out'));
  const open = emitted.filter((s) => !s.closed);
  assert.equal(open.length, 299);
  assert.ok(open.every((s) => s.recordCount === 3));
  assert.ok(emitted.filter((s) => s.closed).every((s) => s.recordCount === 5));
});

test('the HELO name drops every leading + IIS wrote for the space; an argument of pluses alone leaves the user-name column', () => {
  const { builder, emitted, push } = builderFed('time c-ip cs-username cs-method cs-uri-query sc-status sc-win32-status');
  push('10:00:00 10.0.0.1 app1 EHLO +scanner.contoso.local 250 0');
  push('10:00:01 10.0.0.1 app1 QUIT - 240 5');
  push('10:00:00 10.0.0.2 app2 HELO ++printer+7 250 0');
  push('10:00:01 10.0.0.2 app2 QUIT - 240 5');
  push('10:00:00 10.0.0.3 app3 EHLO ++ 250 0');
  push('10:00:01 10.0.0.3 app3 QUIT - 240 5');
  push('10:00:00 10.0.0.4 app4 EHLO plain 250 0');
  builder.flush();
  assert.deepEqual(emitted.map((s) => s.helo), ['scanner.contoso.local', 'printer+7', 'app3', 'plain']);
});

test('a client keeps sessions open with at most 16 server addresses: past it the least recently active is given up, and the work stays linear', () => {
  const head = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Fields: c-ip s-ip cs-method cs-uri-query sc-status'];
  // Seventeen server addresses, each with an open session; the first then goes on.
  const servers = Array.from({ length: 17 }, (_, i) => `10.9.0.${i + 1}`);
  const lines = [...head, ...servers.map((ip) => `192.0.2.7 ${ip} EHLO +bot 250`), `192.0.2.7 10.9.0.2 MAIL +FROM:<a@b.example> 250`, `192.0.2.7 10.9.0.1 MAIL +FROM:<c@d.example> 250`];
  const sessions = buildSessions(recordsOfLines(lines));
  const first = sessions.filter((s) => s.serverIp === '10.9.0.1');
  // The 17th address gave up the first's session (the least recently active): its MAIL starts a new one.
  assert.equal(first.length, 2);
  assert.equal(first[0]!.messages.length, 0);
  assert.equal(first[1]!.messages[0]!.from, 'c@d.example');
  assert.equal(first[1]!.helo, '', 'without the HELO it gave before');
  const second = sessions.filter((s) => s.serverIp === '10.9.0.2');
  assert.equal(second.length, 1, 'the second address was not given up');
  assert.equal(second[0]!.messages[0]!.from, 'a@b.example');
  // A crafted log of one client and thousands of server addresses: each record no longer scans them all.
  assertLinear(
    'one client, n server addresses',
    4000,
    (n) => recordsOfLines([...head, ...Array.from({ length: n }, (_, i) => `192.0.2.7 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} EHLO +bot 250`)]),
    (records) => buildSessions(records),
  );
});

test('pipelined outbound RCPTs are settled by their replies in order, in linear time; those never answered stay marked waiting', () => {
  const head = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Fields: c-ip cs-username s-port cs-method cs-uri-query'];
  const cmd = (verb: string, arg: string) => `52.1.1.1 OutboundConnectionCommand 25 ${verb} ${arg}`;
  const reply = (text: string) => `52.1.1.1 OutboundConnectionResponse 25 - ${text}`;
  const lines = [
    ...head,
    reply('220+mx.example.net'),
    cmd('MAIL', 'FROM:<a@contoso.com>'),
    reply('250+OK'),
    cmd('RCPT', 'TO:<one@x.example>'),
    cmd('RCPT', 'TO:<two@y.example>'),
    cmd('RCPT', 'TO:<three@z.example>'),
    reply('250+OK'),
    reply('550+5.1.1+unknown'),
    // The third RCPT's reply never comes; the next message starts.
    cmd('MAIL', 'FROM:<b@contoso.com>'),
    reply('250+OK'),
    cmd('RCPT', 'TO:<four@x.example>'),
    cmd('QUIT', '-'),
    reply('221+bye'),
  ];
  const [out] = buildSessions(recordsOfLines(lines)).filter((s) => s.direction === 'out');
  const [first, second] = out!.messages;
  assert.deepEqual(first!.accepted, ['one@x.example']);
  assert.deepEqual(
    first!.refused.map((r) => [r.address, r.status]).sort(),
    [
      ['three@z.example', -2],
      ['two@y.example', 550],
    ],
  );
  assert.deepEqual(
    second!.refused.map((r) => [r.address, r.status]),
    [['four@x.example', -2]],
    'the QUIT reply does not settle a RCPT',
  );
  // One message of 64k RCPTs, each answered, half refused, against the same RCPTs as 64k messages of one: each reply
  // looked for the oldest waiting RCPT from the start of its message's list, past every refused one (quadratic: the
  // one message took 1.3 s against 60 ms). Compared at the same size, since the garbage collector's cost of lists
  // this long is not linear enough for a growth ratio.
  const n = 64_000;
  const rcpts = (mail: (i: number) => string[]) => recordsOfLines([...head, reply('220+mx'), ...Array.from({ length: n }, (_, i) => [...mail(i), cmd('RCPT', `TO:<u${i}@x.example>`), reply(i % 2 ? '250+OK' : '550+no')]).flat()]);
  const oneMessage = rcpts((i) => (i === 0 ? [cmd('MAIL', 'FROM:<a@contoso.com>')] : []));
  const messageEach = rcpts(() => [cmd('MAIL', 'FROM:<a@contoso.com>')]);
  const cpuMs = (records: LogRecord[]): number => {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const u0 = process.cpuUsage();
      buildSessions(records);
      const u = process.cpuUsage(u0);
      best = Math.min(best, (u.user + u.system) / 1000);
    }
    return best;
  };
  buildSessions(messageEach);
  const each = cpuMs(messageEach);
  const one = cpuMs(oneMessage);
  assert.ok(one < 5 * Math.max(each, 10), `one message of ${n} RCPTs: ${one.toFixed(0)} ms, ${n} messages of one: ${each.toFixed(0)} ms`);
});
