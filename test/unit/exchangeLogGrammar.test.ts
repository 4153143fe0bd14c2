// Tokenizes synthetic Exchange protocol log lines with the real TextMate grammar and checks scopes.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { hasScope, loadTokenizer, tokenAt, type Tokenizer } from '../helpers/textmate';

const S = 'exchange-protocol-log';
let tokenizer: Tokenizer;
before(async () => {
  tokenizer = await loadTokenizer('syntaxes/exchange-protocol-log.tmLanguage.json', 'text.log.exchange-protocol');
});

const FIELDS = '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context';
const REFUSED = '2026-11-20T08:00:00.500Z,"EDGE01\\Default, internal",08DF3B4470A10002,8,10.0.0.30:25,10.20.5.40:50200,>,550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain,';
const PERMS = '2026-11-20T08:00:00.000Z,EDGE01\\App relay,08DF3B4470A10001,1,10.0.0.30:25,10.20.5.11:50100,*,SMTPSubmit SMTPAcceptAnyRecipient,Set Session Permissions';
const COMMAND = '2026-11-20T08:00:00.000Z,EDGE01\\App relay,08DF3B4470A10001,5,10.0.0.30:25,10.20.5.11:50100,<,MAIL FROM:<invoices@contoso.com> SIZE=20480,';
const OK = '2026-11-20T08:00:00.000Z,EDGE01\\App relay,08DF3B4470A10001,12,10.0.0.30:25,10.20.5.11:50100,>,"250 2.6.0 <id1@app02> [InternalId=4000, Hostname=EDGE01] Queued mail for delivery",';

test('directives, fields of a record, reply classes, commands and permissions get their scopes', () => {
  const [dir, refused, perms, command, ok] = tokenizer.tokenizeLines([FIELDS, REFUSED, PERMS, COMMAND, OK].join('\n'));
  assert.ok(hasScope(tokenAt(dir!, 'Fields'), `keyword.other.directive.${S}`));
  assert.ok(hasScope(tokenAt(refused!, '2026-11-20T08'), `constant.numeric.date-time.${S}`));
  assert.ok(hasScope(tokenAt(refused!, 'Default'), `entity.name.section.connector.${S}`));
  assert.ok(hasScope(tokenAt(refused!, '08DF'), `variable.other.session-id.${S}`));
  assert.ok(hasScope(tokenAt(refused!, '>'), `keyword.operator.event.${S}`));
  assert.ok(hasScope(tokenAt(refused!, '550'), `invalid.illegal.reply.permanent.${S}`));
  assert.ok(hasScope(tokenAt(refused!, '5.7.54'), `constant.other.enhanced-status.${S}`));
  assert.ok(hasScope(tokenAt(perms!, 'SMTPAcceptAnyRecipient'), `markup.bold.permission.relay.${S}`));
  assert.ok(hasScope(tokenAt(perms!, 'SMTPSubmit'), `support.constant.permission.${S}`));
  assert.ok(hasScope(tokenAt(command!, 'MAIL'), `keyword.control.command.${S}`));
  assert.ok(hasScope(tokenAt(command!, 'invoices'), `string.other.address.${S}`));
  assert.ok(hasScope(tokenAt(ok!, '250'), `markup.inserted.reply.success.${S}`));
});
