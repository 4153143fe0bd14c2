import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startClient } from '../helpers/lspClient';

test('the built server initializes over stdio and announces its capabilities', async () => {
  const client = await startClient();
  try {
    const caps = client.initializeResult!.capabilities;
    assert.equal(client.initializeResult!.serverInfo?.name, 'iis-smtp-language-server');
    assert.ok(caps.textDocumentSync, 'text document sync');
  } finally {
    await client.shutdown();
  }
});
