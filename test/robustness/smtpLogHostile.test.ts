// Hostile and broken logs through the built server: every request is answered and the server lives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClient, type TestLspClient } from '../helpers/lspClient';
import { readLogFixture } from '../helpers/logDoc';

let client: TestLspClient;
let seed = 12345;
const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);

before(async () => {
  client = await startClient();
});
after(async () => client.shutdown());

function randomBytes(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(rand(256));
  return s;
}

function mutate(lines: string[]): string {
  return lines
    .map((l) => {
      switch (rand(8)) {
        case 0:
          return l.slice(0, rand(l.length + 1));
        case 1:
          return l.replace(/ /g, () => (rand(4) === 0 ? '' : ' '));
        case 2:
          return `${l} ${randomBytes(rand(40))}`;
        case 3:
          return l.replace(/\d/g, () => String.fromCharCode(48 + rand(75)));
        case 4:
          return `#${randomBytes(rand(20))}`;
        default:
          return l;
      }
    })
    .join(['\n', '\r\n', '\r'][rand(3)]!);
}

const base = readLogFixture('w3c-relay.log').split('\r\n');
const documents: [string, string][] = [
  ['random', randomBytes(20000)],
  ['nul', '\u0000'.repeat(50000)],
  ['giant-line', `#Fields: c-ip cs-method\n${'A'.repeat(10 * 1024 * 1024)}`],
  ['many-lines', 'x\n'.repeat(1_000_000)],
  ['bom-cr', `\ufeff${base.join('\r')}`],
  ['fields-bomb', `#Fields: ${'c-ip '.repeat(20000)}\n${'1 '.repeat(20000)}\n`],
  ['quotes', '1.2.3.4 - x [' + '"'.repeat(5000) + '] "' + '" '.repeat(5000)],
  ['iis-commas', ','.repeat(100000)],
];
for (let i = 0; i < 40; i++) documents.push([`mutated-${i}`, mutate(base)]);

test('every hostile document gets diagnostics and answers to hover, completion, symbols and folding', async () => {
  for (const [name, text] of documents) {
    const uri = `file:///hostile/${name}.log`;
    await client.open(uri, 'iis-smtp-log', text);
    const published = await client.waitForDiagnostics(uri, () => true, 30000);
    assert.ok(Array.isArray(published.diagnostics), name);
    assert.ok(published.diagnostics.length <= 1001, `${name}: capped`);
    const line = rand(Math.max(1, text.split('\n').length));
    const position = { line: Math.min(line, 50), character: rand(80) };
    await client.hover(uri, position);
    await client.completion(uri, position);
    await client.documentSymbols(uri);
    await client.foldingRanges(uri);
    // An edit in the middle must be answered too.
    const version = await client.change(uri, { start: position, end: position }, mutate(base.slice(0, 3)));
    await client.waitForVersion(uri, version, 30000);
    await client.close(uri);
    assert.equal(client.exited, false, `server died on ${name}: ${client.stderr.slice(-500)}`);
  }
});
