// The CodeLenses the host binds onto the log languages (languages.ts), as an editor receives them over stdio: the
// assessment's on an IIS log's header, the cut-over status's on an Edge receive log, each running a client
// command of the protocol module with the document's URI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { CLIENT_COMMANDS, METABASE_LANGUAGE_ID, SMTP_LOG_LANGUAGE_ID } from '../../server/src/protocol';
import { readLogFixture } from '../helpers/logDoc';
import { startClient, type TestLspClient } from '../helpers/lspClient';

let client: TestLspClient;
const URI = 'file:///fixtures/SMTPSVC1/ex261102.log';

before(async () => {
  client = await startClient({ settings: {} });
});
after(async () => client.shutdown());

test('an IIS log: counts, Show report and Generate connectors on the first non-blank line, with the URI', async () => {
  await client.open(URI, SMTP_LOG_LANGUAGE_ID, `\n\n${readLogFixture('w3c-relay.log').replace(/\r\n/g, '\n')}`);
  await client.waitForDiagnostics(URI);
  const lenses = (await client.codeLenses(URI)) ?? [];
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.command?.command, l.command?.arguments]),
    [
      [2, CLIENT_COMMANDS.showReport, [URI]],
      [2, CLIENT_COMMANDS.showReport, [URI]],
      [2, CLIENT_COMMANDS.generateFromSelection, [URI]],
    ],
  );
  assert.match(lenses[0]!.command!.title, /^\d+ applications? · \d+ messages?$/);
  assert.deepEqual(lenses.slice(1).map((l) => l.command!.title), ['Show report', 'Generate connectors']);
});

test('a language without a bound lens answers none', async () => {
  const uri = 'file:///fixtures/MetaBase.xml';
  await client.open(uri, METABASE_LANGUAGE_ID, '<configuration></configuration>\n');
  await client.waitForDiagnostics(uri);
  assert.deepEqual((await client.codeLenses(uri)) ?? [], []);
});
