// The workbench scenarios through the VS Code extension API, for @vscode/test-electron (machines that can
// download VS Code; CI runs the same scenarios in code-server, see test/e2e). Runs inside the extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import Mocha from 'mocha';

const TIMEOUT = 30_000;
const EXTENSION_ID = 'iis-smtp-migration.iis-smtp-migration-assistant';

/** The id of the contributed command whose id matches `pattern`; fails clearly when the feature has not landed. */
function contributedCommand(pattern: RegExp): string {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes?: { commands?: { command: string }[] } };
  const id = manifest?.contributes?.commands?.map((c) => c.command).find((c) => pattern.test(c));
  assert.ok(id, `no contributed command matches ${pattern} (feature not landed?)`);
  return id;
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test opens the e2e fixture workspace');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document);
}

function positionOf(document: vscode.TextDocument, needle: string, offset = 0): vscode.Position {
  const at = document.getText().indexOf(needle);
  assert.ok(at >= 0, `"${needle}" not in ${document.uri.fsPath}`);
  return document.positionAt(at + offset);
}

/** Resolves when the document has a diagnostic whose code matches; waits on the diagnostics event, with a deadline. */
function waitForDiagnostic(uri: vscode.Uri, code: RegExp): Promise<vscode.Diagnostic> {
  const find = () =>
    vscode.languages.getDiagnostics(uri).find((d) => code.test(String(typeof d.code === 'object' ? d.code.value : d.code)));
  return new Promise((resolve, reject) => {
    const now = find();
    if (now) return resolve(now);
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`no ${code} diagnostic on ${uri.fsPath} within ${TIMEOUT} ms`));
    }, TIMEOUT);
    const listener = vscode.languages.onDidChangeDiagnostics(() => {
      const found = find();
      if (!found) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(found);
    });
  });
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

function flatten(symbols: vscode.DocumentSymbol[]): string[] {
  return symbols.flatMap((s) => [s.name, ...flatten(s.children ?? [])]);
}

const TESTS: [string, () => Promise<void>][] = [
  ['smtp log: language, diagnostics, reply-code hover, session outline', async () => {
    const { document } = await open('SMTPSVC1/ex261120.log');
    assert.equal(document.languageId, 'iis-smtp-log');
    const denial = await waitForDiagnostic(document.uri, /^SMTPLOG020$/);
    assert.equal(denial.range.start.line, positionOf(document, ' 550 ').line);
    await waitForDiagnostic(document.uri, /^SMTPLOG021$/);
    const hover = await hoverText(document.uri, positionOf(document, ' 550 ', 2));
    assert.match(hover, /550/);
    assert.match(hover, /relay/i);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    const names = flatten(symbols ?? []);
    assert.ok(names.some((n) => /10\.1\.20\.15\s+erp01/.test(n)), `outline: ${names.join(' | ')}`);
  }],
  ['generate connectors from selected log lines', async () => {
    const id = contributedCommand(/generateConnectors/i);
    const editor = await open('SMTPSVC1/ex261120.log');
    const first = positionOf(editor.document, '2026-11-20 08:00:01 10.1.20.15');
    const last = positionOf(editor.document, 'QUIT - scanner07');
    editor.selection = new vscode.Selection(first.line, 0, last.line + 1, 0);
    const opened = new Promise<vscode.TextDocument>((resolve) => {
      const listener = vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.languageId === 'powershell' && d.uri.scheme === 'untitled') {
          listener.dispose();
          resolve(d);
        }
      });
    });
    await vscode.commands.executeCommand(id);
    const generated = (await opened).getText();
    assert.match(generated, /New-ReceiveConnector/);
    assert.match(generated, /RemoteIPRanges[\s\S]*10\.1\.20\.15/);
    assert.doesNotMatch(generated, /198\.51\.100\.23/);
  }],
  ['metabase: relay-list diagnostic and decoded ranges', async () => {
    const { document } = await open('MetaBase.xml');
    assert.equal(document.languageId, 'iis-metabase');
    await waitForDiagnostic(document.uri, /^METABASE\d{3}$/);
    const value = await hoverText(document.uri, positionOf(document, 'RelayIpList="', 'RelayIpList="'.length + 4));
    const name = await hoverText(document.uri, positionOf(document, 'RelayIpList="', 2));
    assert.match(`${value}\n${name}`, /10\.1\.20\.0/);
    assert.match(`${value}\n${name}`, /10\.1\.30\.7/);
  }],
  ['connector script: insecure-setting diagnostic and -AuthMechanism completion', async () => {
    const editor = await open('connectors/app-relay.ps1');
    assert.equal(editor.document.languageId, 'powershell');
    await waitForDiagnostic(editor.document.uri, /^CONNECTOR\d{3}$/);
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((e) => e.insert(end, '\nNew-ReceiveConnector -Auth'));
    const line = editor.document.lineCount - 1;
    const parameters = await completionLabels(editor.document.uri, editor.document.lineAt(line).range.end);
    assert.ok(parameters.includes('-AuthMechanism'), `completions: ${parameters.join(', ')}`);
    await editor.edit((e) => e.insert(editor.document.lineAt(line).range.end, 'Mechanism '));
    const values = await completionLabels(editor.document.uri, editor.document.lineAt(line).range.end);
    for (const v of ['Tls', 'BasicAuth', 'BasicAuthRequireTLS']) assert.ok(values.includes(v), `values: ${values.join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }],
  ['assessment report command opens a webview', async () => {
    const id = contributedCommand(/assessmentReport|showReport/i);
    await open('SMTPSVC1/ex261120.log');
    const opened = new Promise<void>((resolve) => {
      const listener = vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.opened.some((t) => t.input instanceof vscode.TabInputWebview)) {
          listener.dispose();
          resolve();
        }
      });
    });
    await vscode.commands.executeCommand(id);
    await opened;
  }],
];

/** Entry point called by @vscode/test-electron inside the extension host. */
export function run(): Promise<void> {
  const mocha = new Mocha({ timeout: 2 * TIMEOUT, color: true });
  const suite = Mocha.Suite.create(mocha.suite, 'IIS SMTP Migration Assistant in VS Code');
  for (const [title, fn] of TESTS) suite.addTest(new Mocha.Test(title, fn));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
  });
}
