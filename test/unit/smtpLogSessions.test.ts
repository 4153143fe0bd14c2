import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSessions } from '../../server/src/smtpLog/sessions';
import { LogLineParser } from '../../server/src/smtpLog/lineParser';
import type { LogRecord } from '../../server/src/smtpLog/types';
import { logDoc, readLogFixture } from '../helpers/logDoc';

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
