// The refusal catalogue: which reply, on which side and after which command, means which failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchInfo, matchReply } from '../../server/src/exchangeLog/refusals';

const CASES: [side: 'receive' | 'send', reply: string, command: string, key: string | undefined][] = [
  ['receive', '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain', 'RCPT', 'relayRefused'],
  ['receive', '550 5.7.1 Unable to relay', 'RCPT', 'relayRefused'],
  ['receive', '550 5.7.1 Client does not have permissions to send as this sender', 'MAIL', 'sendAsRefused'],
  ['receive', '550 5.7.60 SMTP; Client does not have permissions to send as this sender', 'MAIL', 'sendAsRefused'],
  ['receive', '504 5.7.4 Unrecognized authentication type', 'AUTH', 'authNotOffered'],
  ['receive', '535 5.7.3 Authentication unsuccessful', 'AUTH', 'authFailed'],
  ['receive', '530 5.7.57 SMTP; Client was not authenticated to send anonymous mail during MAIL FROM', 'MAIL', 'notAuthenticated'],
  ['receive', '530 5.7.1 Client was not authenticated', 'MAIL', 'notAuthenticated'],
  ['receive', '530 5.7.0 Must issue a STARTTLS command first', 'MAIL', 'tlsFailed'],
  ['receive', '454 4.7.0 TLS not available due to temporary reason', 'STARTTLS', 'tlsFailed'],
  ['receive', '454 4.7.0 Temporary authentication failure', 'AUTH', undefined],
  ['receive', '550 5.1.10 RESOLVER.ADR.RecipientNotFound', 'RCPT', undefined],
  ['receive', '250 2.1.5 Recipient OK', 'RCPT', undefined],
  ['send', '550 5.7.64 TenantAttribution; Relay Access Denied', 'RCPT', 'tenantAttribution'],
  ['send', '550 5.7.68 TenantInboundAttribution; Direct Send not allowed', 'RCPT', 'rejectDirectSend'],
  ['send', '451 4.7.230 Connector has been throttled', 'MAIL', 'unpatchedOnPrem'],
  ['send', '550 5.7.230 Connector has been blocked', 'MAIL', 'unpatchedOnPrem'],
  ['send', '550 5.7.30 Basic authentication is not supported for Client Submission', 'MAIL', 'basicAuthBlocked'],
  ['send', '550 5.7.54 SMTP; Unable to relay', 'RCPT', undefined],
];

test('replies map to their failure by side and command', () => {
  for (const [side, reply, command, key] of CASES) assert.equal(matchReply(side, reply, command)?.key, key, `${side} ${reply}`);
});

test('information lines: TLS and certificate failures', () => {
  assert.equal(matchInfo('receive', ' TLS negotiation failed with error UnknownCredentials')?.key, 'tlsFailed');
  assert.equal(matchInfo('send', ' TLS negotiation failed with error UntrustedRoot')?.key, 'sendTls');
  assert.equal(matchInfo('send', 'Certificate validation failed: the certificate chain is not trusted')?.key, 'sendTls');
  assert.equal(matchInfo('receive', ' TLS protocol SP_PROT_TLS1_2_SERVER negotiation succeeded')?.key, undefined);
});
