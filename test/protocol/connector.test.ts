// The connector language through the real built server over stdio.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import type { CompletionItem, CompletionList, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { hoverText, positionOf, REPO_ROOT, startClient } from '../helpers/lspClient';

const URI = 'file:///scripts/relay.ps1';
const SCRIPT = [
  "New-ReceiveConnector -Name 'Relay' -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 0.0.0.0-255.255.255.255 -PermissionGroups AnonymousUsers",
  "Get-ReceiveConnector 'Relay' | Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient",
  'Set-ReceiveConnector Relay -AuthMechanism Tls,BasicAuth',
  'Get-ChildItem C:\\Temp | Remove-Item -WhatIf',
  '',
].join('\n');

const items = (r: CompletionItem[] | CompletionList | null): CompletionItem[] => (Array.isArray(r) ? r : r?.items ?? []);

test('connector commands after ordinary PowerShell with a comma list are analysed; reply codes in comments hover', async () => {
  const uri = 'file:///scripts/after-format-table.ps1';
  const text = [
    '# before: the devices got 550 5.7.64 from Exchange Online',
    'Get-ReceiveConnector | Format-Table Name, Bindings',
    "New-ReceiveConnector -Name Relay -Custom -Bindings 10.1.1.2:25 -RemoteIPRanges 0.0.0.0-255.255.255.255 -PermissionGroups AnonymousUsers",
    "Add-ADPermission Relay -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights ms-Exch-SMTP-Accept-Any-Recipient",
    'Set-ReceiveConnector Relay ',
  ].join('\n');
  const client = await startClient({ settings: { connectors: { targetRole: 'EdgeTransport' } } });
  try {
    await client.open(uri, 'powershell', text);
    const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'CONNECTOR101'));
    assert.ok(published.diagnostics.some((d) => d.code === 'CONNECTOR103' && d.range.start.line === 2), JSON.stringify(published.diagnostics.map((d) => d.code)));
    const completion = items(await client.completion(uri, { line: 4, character: 'Set-ReceiveConnector Relay '.length }));
    assert.ok(completion.some((c) => c.label === '-RemoteIPRanges'), 'parameter completion, not words');
    assert.match(hoverText(await client.hover(uri, positionOf(text, '5.7.64', 2))), /TenantAttribution/);
  } finally {
    await client.shutdown();
  }
});

test('diagnostics, hover, completion, code actions and signature help over stdio', async () => {
  const client = await startClient({ settings: { connectors: { targetRole: 'EdgeTransport' } } });
  try {
    const caps = client.initializeResult!.capabilities;
    assert.ok(caps.completionProvider?.triggerCharacters?.includes('-'));
    assert.ok(caps.signatureHelpProvider);
    await client.open(URI, 'powershell', SCRIPT);
    const published = await client.waitForDiagnostics(URI, (p) => p.diagnostics.some((d) => d.code === 'CONNECTOR101'));
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('CONNECTOR103') && codes.includes('CONNECTOR104'), JSON.stringify(codes));
    assert.ok(published.diagnostics.every((d) => d.range.start.line < 3), 'ordinary PowerShell on line 4 is left alone');
    const relay = published.diagnostics.find((d) => d.code === 'CONNECTOR101')!;
    assert.equal(relay.severity, 1, 'error: anonymous relay open to every address');
    assert.equal(relay.range.start.line, 1);

    const hover = await client.hover(URI, positionOf(SCRIPT, 'Set-ReceiveConnector', 3));
    assert.match(hoverText(hover), /Connector 'Relay' as this script leaves it/);
    const rangeHover = await client.hover(URI, positionOf(SCRIPT, '255.255.255.255', 2));
    assert.match(hoverText(rangeHover), /4,294,967,296 addresses/);

    const line = SCRIPT.split('\n')[2]!;
    const edited = await client.change(URI, { start: { line: 2, character: line.length }, end: { line: 2, character: line.length } }, ' -');
    const completion = items(await client.completion(URI, { line: 2, character: line.length + 2 }));
    assert.ok(completion.some((c) => c.label === '-RemoteIPRanges'));
    assert.ok(!completion.some((c) => c.label === '-AuthMechanism'), 'already used');
    await client.waitForVersion(URI, edited);

    const basic = (await client.waitForVersion(URI, edited)).diagnostics.find((d) => d.code === 'CONNECTOR104')!;
    const actions = (await client.codeActions(URI, basic.range, [basic])) ?? [];
    assert.ok(actions.some((a) => /BasicAuthRequireTLS/.test(a.title)));

    const sig = await client.signatureHelp(URI, { line: 2, character: line.length + 2 });
    assert.match(sig!.signatures[0]!.label, /^Set-ReceiveConnector -Identity/);
  } finally {
    await client.shutdown();
  }
});

test('the target role setting changes the findings', async () => {
  const client = await startClient({ settings: { connectors: { targetRole: 'Mailbox' } } });
  try {
    const text = 'Set-SendConnector S -SourceIPAddress 10.1.1.1\n';
    await client.open('file:///scripts/role.ps1', 'powershell', text);
    const p = await client.waitForDiagnostics('file:///scripts/role.ps1', (x) => x.diagnostics.length > 0);
    assert.deepEqual(p.diagnostics.map((d) => d.code), ['CONNECTOR009']);
  } finally {
    await client.shutdown();
  }
});

test('the bundle loads tree-sitter.wasm and the PowerShell grammar from beside dist/server.js', async () => {
  // Copy only the bundle and the two wasm files into an empty folder with no node_modules anywhere above:
  // diagnostics can then only come from the wasm files next to the bundle.
  const dir = mkdtempSync(join(tmpdir(), 'connector-dist-'));
  try {
    for (const f of ['server.js', 'tree-sitter.wasm', 'tree-sitter-powershell.wasm']) copyFileSync(join(REPO_ROOT, 'dist', f), join(dir, f));
    const child = spawn(process.execPath, [join(dir, 'server.js'), '--stdio'], { stdio: 'pipe', cwd: dir });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const got = new Promise<PublishDiagnosticsParams>((resolve) => conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      if (p.diagnostics.length > 0) resolve(p);
    }));
    conn.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    conn.onRequest('client/registerCapability', () => null);
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///x.ps1', languageId: 'powershell', version: 1, text: 'Set-ReceiveConnector R -Bannr x\n' } });
    const p = await Promise.race([got, new Promise<never>((_r, reject) => setTimeout(() => reject(new Error('no diagnostics from the copied bundle')), 10000))]);
    assert.equal(p.diagnostics[0]!.code, 'CONNECTOR001');
    conn.dispose();
    child.kill();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.ok(readFileSync(join(REPO_ROOT, 'dist', 'tree-sitter-powershell.wasm')).length > 100_000);
});
