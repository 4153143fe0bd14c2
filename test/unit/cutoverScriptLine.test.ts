// A failing entry names the line to change: the migration connector's -RemoteIPRanges, read with the
// connector-script parser, and the address to add; without a script it names no line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relayFix } from '../../server/src/cutover/fixes';
import { remoteRangesLines } from '../../server/src/cutover/scriptLines';
import type { CutoverEntry, EdgeSourceFacts, ScriptRangesLine } from '../../server/src/protocol/cutover';

// Synthetic connector script: the relay connector's ranges on line 4, edited on line 7; a default connector
// and a connector whose name is not literal, both left out.
const SCRIPT = [
  '# synthetic',
  "New-ReceiveConnector -Name 'App relay' -Usage Custom -Bindings 10.0.0.30:25 `",
  '  -PermissionGroups AnonymousUsers `',
  "  -RemoteIPRanges '10.20.5.11','10.20.6.0/24'",
  '',
  "Set-ReceiveConnector 'Default internal receive connector EDGE01' -RemoteIPRanges 10.99.0.1",
  "Set-ReceiveConnector -Identity 'EDGE01\\App relay' -RemoteIPRanges @{Add='10.20.7.1'}",
  'Set-ReceiveConnector -Identity $name -RemoteIPRanges 10.20.8.1',
].join('\r\n');

const DEFAULT = 'EDGE01\\Default internal receive connector EDGE01';

function failing(source: string, refusal = 'relay refused (5.7.54)', connector = DEFAULT): CutoverEntry {
  const at = [{ key: connector, count: 2 }];
  const edge = { address: source, refusals: [{ key: refusal, count: 2 }], refusalConnectors: at, relayRefusalConnectors: refusal.startsWith('relay refused') ? at : [], connectors: at } as unknown as EdgeSourceFacts;
  // IIS relayed for it anonymously: the only evidence that adding it to the relay connector is right.
  const iis = { address: source, category: 'application', scenario: 'anonymous-relay', firstSeen: '', lastSeen: '', messages: 3, activeDays: [] };
  return { source, status: 'failing', reason: 'refused', edge, iis };
}

const SEEN = new Set(['app relay', 'default internal receive connector edge01']);

test('the script parser gives the last RemoteIPRanges line of each migration connector and its items', async () => {
  const lines = await remoteRangesLines('scripts/edge.ps1', SCRIPT);
  assert.deepEqual(lines, [{ file: 'scripts/edge.ps1', line: 7, column: 67, connector: 'App relay', ranges: ['10.20.5.11', '10.20.6.0/24', '10.20.7.1'] }]);
});

test('landed on the default connector: add the re-printed address at the migration connector\'s line', async () => {
  const lines = await remoteRangesLines('scripts/edge.ps1', SCRIPT);
  const fix = relayFix(failing('10.20.5.40'), lines, SEEN)!;
  assert.equal(fix.address, '10.20.5.40');
  assert.equal(fix.landedOn, DEFAULT);
  assert.deepEqual({ file: fix.target?.file, line: fix.target?.line }, { file: 'scripts/edge.ps1', line: 7 });
  assert.equal(fix.alreadyCovered, undefined);
  assert.match(fix.text, /^Add 10\.20\.5\.40 to the RemoteIPRanges of 'App relay' at scripts\/edge\.ps1:7: it landed on "EDGE01\\Default internal receive connector EDGE01"\.$/);
});

test('an address the script already covers: the Edge was not configured from it, said with the covering item', async () => {
  const lines = await remoteRangesLines('scripts/edge.ps1', SCRIPT);
  const fix = relayFix(failing('10.20.6.9'), lines, SEEN)!;
  assert.equal(fix.alreadyCovered, true);
  assert.match(fix.text, /scripts\/edge\.ps1:7 already lists 10\.20\.6\.0\/24 .* which covers 10\.20\.6\.9/);
  assert.match(fix.text, /Get-ReceiveConnector 'App relay' \| Format-List RemoteIPRanges/);
});

test('no script: what to add, and no line', () => {
  const fix = relayFix(failing('10.20.5.40'), undefined, SEEN)!;
  assert.equal(fix.target, undefined);
  assert.match(fix.text, /Add 10\.20\.5\.40 to the RemoteIPRanges of the migration relay connector.*no line is named/);
});

test('several connectors that could be the migration connector: listed, none picked', () => {
  const a: ScriptRangesLine = { file: 'a.ps1', line: 3, column: 1, connector: 'Relay A', ranges: ['10.1.0.1'] };
  const b: ScriptRangesLine = { file: 'b.ps1', line: 9, column: 1, connector: 'Relay B', ranges: ['10.1.0.2'] };
  const fix = relayFix(failing('10.20.5.40'), [a, b], SEEN)!;
  assert.equal(fix.target, undefined);
  assert.deepEqual(fix.candidates?.map((c) => `${c.file}:${c.line}`), ['a.ps1:3', 'b.ps1:9']);
});

test('no fix for other refusals, for a refusal on the migration connector itself, or for another status', async () => {
  const lines = await remoteRangesLines('scripts/edge.ps1', SCRIPT);
  assert.equal(relayFix(failing('10.20.5.40', 'authentication failed (535)'), lines, SEEN), undefined);
  assert.equal(relayFix(failing('10.20.5.40', 'relay refused (5.7.54)', 'EDGE01\\App relay'), lines, SEEN), undefined);
  assert.equal(relayFix({ ...failing('10.20.5.40'), status: 'new-on-edge' }, lines, SEEN), undefined);
});

test('evidence missing or mixed: no connector is named that the relay refusals did not land on', async () => {
  const lines = await remoteRangesLines('scripts/edge.ps1', SCRIPT);
  // The log named no connector (no connector-id field), or the source used more than the 20 connectors kept.
  for (const placeholder of ['(none)', '(other)']) assert.equal(relayFix(failing('10.20.5.40', 'relay refused (5.7.54)', placeholder), lines, SEEN), undefined, placeholder);
  // Relay refused on the migration connector itself, and an AUTH failure on the default one: the default
  // connector took no relay refusal, so it is not where "it landed".
  const mixed = failing('10.20.5.40', 'relay refused (5.7.54)', 'EDGE01\\App relay');
  const edge = mixed.edge as EdgeSourceFacts;
  mixed.edge = {
    ...edge,
    refusals: [...edge.refusals, { key: 'authentication failed (535)', count: 1 }],
    refusalConnectors: [{ key: DEFAULT, count: 1 }, ...edge.refusalConnectors],
  };
  assert.equal(relayFix(mixed, lines, SEEN), undefined);
});

test('no relay right for a source IIS did not relay for anonymously: refused there too, authenticated, unproven, or never seen', async () => {
  const lines = await remoteRangesLines('scripts/edge.ps1', SCRIPT);
  const base = failing('10.20.5.40');
  const cases: [string, Partial<NonNullable<CutoverEntry['iis']>> | undefined][] = [
    ['relay-denied', { category: 'relay-denied', scenario: undefined }],
    ['authenticated', { scenario: 'authenticated' }],
    ['review', { scenario: 'review' }],
    ['internal-only', { scenario: 'internal-only' }],
    ['noise', { category: 'noise', scenario: undefined }],
    ['not on IIS', undefined],
  ];
  for (const [name, over] of cases) {
    const entry = { ...base, iis: over ? { ...base.iis!, ...over } : undefined };
    assert.equal(relayFix(entry, lines, SEEN), undefined, name);
    assert.equal(relayFix(entry, undefined, SEEN), undefined, `${name}, no script`);
  }
});
