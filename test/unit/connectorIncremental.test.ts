// Incremental parsing: after any sequence of edits applied through update(), the diagnostics equal those of
// a fresh parse of the final text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { REPO_ROOT } from '../helpers/lspClient';
import { diagnose, getService, settingsFor } from '../fixtures/connectors/harness';

const BASE = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'connectors', 'relay-synthetic.ps1'), 'utf8').repeat(3) + readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'connectors', 'ordinary-iis.ps1'), 'utf8');
const SNIPPETS = ['-', ' ', '\n', "'", ',', '`\n', '@{', '}', ' -RemoteIPRanges 0.0.0.0/0', 'BasicAuth', '#', '|', 'New-SendConnector -Name X -AddressSpaces a;2\n', '$relay.Bindings = "0.0.0.0:25"\n'];

function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

test('random edits through update() give the same diagnostics as a fresh parse', async () => {
  const svc = await getService();
  const settings = settingsFor();
  const rnd = random(42);
  let doc = TextDocument.create('file:///inc.ps1', 'powershell', 1, BASE);
  const model = svc.open(doc);
  svc.diagnostics(model, doc, { settings });
  for (let i = 0; i < 60; i++) {
    const text = doc.getText();
    const start = Math.floor(rnd() * text.length);
    const length = rnd() < 0.5 ? 0 : Math.floor(rnd() * 12);
    const insert = rnd() < 0.3 ? '' : SNIPPETS[Math.floor(rnd() * SNIPPETS.length)]!;
    const change = { range: { start: doc.positionAt(start), end: doc.positionAt(Math.min(text.length, start + length)) }, text: insert };
    doc = TextDocument.update(doc, [change], doc.version + 1);
    svc.update(model, doc, change);
    if (i % 5 === 4) {
      const incremental = svc.diagnostics(model, doc, { settings });
      const fresh = await diagnose(doc.getText());
      assert.deepEqual(incremental, fresh, `after edit ${i}`);
    }
  }
  svc.close!(model);
});

test('an edit that only shifts later commands keeps their findings in place (cached commands move)', async () => {
  const svc = await getService();
  const settings = settingsFor();
  let doc = TextDocument.create('file:///shift.ps1', 'powershell', 1, BASE);
  const model = svc.open(doc);
  const before = svc.diagnostics(model, doc, { settings });
  const change = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one more line\n' };
  doc = TextDocument.update(doc, [change], 2);
  svc.update(model, doc, change);
  const after = svc.diagnostics(model, doc, { settings });
  assert.deepEqual(after.map((d) => d.range.start.line), before.map((d) => d.range.start.line + 1));
  svc.close!(model);
});

test('a reused command takes its pipeline input from the current upstream command (fuzz: powershell seed 1)', async () => {
  // Add-ADPermission's text is unchanged, so its binding is reused; its -Identity comes from the pipeline,
  // from a connector whose name changed in another statement.
  const svc = await getService();
  const settings = settingsFor();
  const text =
    "$c = @{ Name = 'Relay A' }\n" +
    "New-ReceiveConnector @c -Usage Custom -Bindings 0.0.0.0:25 -RemoteIPRanges 10.0.0.1 | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient\n";
  let doc = TextDocument.create('file:///pipeline.ps1', 'powershell', 1, text);
  const model = svc.open(doc);
  assert.ok(svc.diagnostics(model, doc, { settings }).some((d) => String(d.message).includes("'Relay A'")));
  const at = text.indexOf('A');
  const change = { range: { start: doc.positionAt(at), end: doc.positionAt(at + 1) }, text: 'B' };
  doc = TextDocument.update(doc, [change], 2);
  svc.update(model, doc, change);
  const incremental = svc.diagnostics(model, doc, { settings });
  assert.deepEqual(incremental, await diagnose(doc.getText()));
  assert.ok(incremental.some((d) => String(d.message).includes("'Relay B'")));
  svc.close!(model);
});
