import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSessions } from '../../server/src/smtpLog/sessions';
import { LogLineParser } from '../../server/src/smtpLog/lineParser';
import type { LogRecord } from '../../server/src/smtpLog/types';

/** Synthetic outbound lines of one connection (a relay's own delivery), numbered from line 1. */
function outboundRecords(lines: string[]): LogRecord[] {
  const parser = new LogLineParser('w3c');
  parser.parse('#Fields: time c-ip cs-username cs-method cs-uri-query sc-status sc-win32-status', 0);
  return lines.map((l, i) => parser.parse(`10:00:00 192.0.2.25 ${l} 0 0`, i + 1)).filter((e): e is LogRecord => e.kind === 'record');
}
const command = (verb: string, query: string) => `OutboundConnectionCommand ${verb} ${query}`;
const reply = (text: string) => `OutboundConnectionResponse - ${text}`;

test('pipelined outbound RCPTs are settled oldest first by their replies; one left without a reply stays pending', () => {
  const sessions = buildSessions(
    outboundRecords([
      reply('220+mx.fabrikam.example+ready'),
      command('EHLO', '+relay01.contoso.com'),
      reply('250+mx.fabrikam.example+Hello'),
      command('MAIL', 'FROM:<app@contoso.com>'),
      reply('250+2.1.0+Sender+OK'),
      command('RCPT', 'TO:<a@fabrikam.example>'),
      command('RCPT', 'TO:<b@fabrikam.example>'),
      command('RCPT', 'TO:<c@fabrikam.example>'),
      reply('250+2.1.5+Recipient+OK'),
      reply('550+5.1.1+User+unknown'),
      reply('250+2.1.5+Recipient+OK'),
      command('RCPT', 'TO:<d@fabrikam.example>'),
      reply('452+4.2.2+Mailbox+full'),
      command('RCPT', 'TO:<e@fabrikam.example>'),
    ]),
  );
  assert.equal(sessions.length, 1);
  const s = sessions[0]!;
  assert.equal(s.direction, 'out');
  assert.equal(s.helo, 'relay01.contoso.com');
  assert.equal(s.closed, false);
  const m = s.messages[0]!;
  assert.equal(m.mailStatus, 250);
  assert.deepEqual(m.accepted, ['a@fabrikam.example', 'c@fabrikam.example']);
  // Refusals in the order their replies came, then the RCPT still waiting (status -2).
  assert.deepEqual(
    m.refused.map((x) => [x.address, x.line, x.status]),
    [
      ['b@fabrikam.example', 7, 550],
      ['d@fabrikam.example', 12, 452],
      ['e@fabrikam.example', 14, -2],
    ],
  );
});

test('a reply with no RCPT waiting changes no recipient list', () => {
  const [s] = buildSessions(
    outboundRecords([
      reply('220+mx.fabrikam.example+ready'),
      command('MAIL', 'FROM:<app@contoso.com>'),
      reply('250+2.1.0+Sender+OK'),
      command('RCPT', 'TO:<a@fabrikam.example>'),
      reply('250+2.1.5+Recipient+OK'),
      reply('250+2.1.5+Recipient+OK'),
    ]),
  );
  assert.deepEqual(s!.messages[0]!.accepted, ['a@fabrikam.example']);
  assert.deepEqual(s!.messages[0]!.refused, []);
  assert.deepEqual(s!.remoteReplies, [220, 250, 250, 250]);
});
