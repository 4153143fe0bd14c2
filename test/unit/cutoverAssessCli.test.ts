// `node dist/cli.js assess` over IIS logs and the Edge's protocol logs together: the cut-over status of every
// source, in every output format (needs `npm run build`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', '..', 'dist', 'cli.js');
const FIXTURES = join(__dirname, '..', 'fixtures', 'exchangeLog');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'assess', '--jobs', '1', ...args], { encoding: 'utf8', maxBuffer: 16 << 20 });

const EXPECTED: Record<string, string> = {
  '10.20.5.11': 'moved',
  '10.20.5.40': 'failing',
  '10.20.5.50': 'still-on-iis',
  '10.20.5.51': 'still-on-iis',
  '10.20.5.60': 'not-seen',
  '10.20.5.41': 'new-on-edge',
  '10.20.5.42': 'new-on-edge',
  '10.20.5.43': 'new-on-edge',
  '10.20.5.44': 'new-on-edge',
  '10.20.5.45': 'new-on-edge',
  '10.20.5.46': 'new-on-edge',
  '10.20.5.70': 'new-on-edge',
};

interface JsonOut {
  sources: { address: string }[];
  cutover: { source: string; status: string; reason: string; iis?: { lastSeen: string; typicalIntervalDays?: number }; edge?: { refusalConnectors: { key: string }[]; replyCodes: { key: string }[] } }[];
  cutoverSummary: { edgeLive: string; notes: string[] };
}

test('json: a cutover array with source, status and evidence for every source', () => {
  const r = run('--format', 'json', FIXTURES);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as JsonOut;
  assert.deepEqual(Object.fromEntries(out.cutover.map((c) => [c.source, c.status])), EXPECTED);
  assert.equal(out.cutoverSummary.edgeLive, '2026-11-20T08:00:00Z');
  const failing = out.cutover.find((c) => c.source === '10.20.5.40')!;
  assert.equal(failing.edge!.refusalConnectors[0]!.key, 'EDGE01\\Default internal receive connector EDGE01');
  assert.equal(failing.edge!.replyCodes[0]!.key, '550 5.7.54');
  const notSeen = out.cutover.find((c) => c.source === '10.20.5.60')!;
  assert.equal(notSeen.iis!.lastSeen, '2026-11-17T06:00:04Z');
  assert.equal(notSeen.iis!.typicalIntervalDays, 7);
  // The IIS assessment never sees the Edge's clients: the Edge files were not read as IIS logs.
  assert.deepEqual(out.sources.map((s) => s.address).sort(), ['10.20.5.11', '10.20.5.40', '10.20.5.50', '10.20.5.51', '10.20.5.60']);
  assert.ok(out.cutoverSummary.notes.some((n) => /5\.7\.64/.test(n)));
});

test('text, csv and md show the same status for every source', () => {
  const text = run(FIXTURES).stdout;
  const csv = run('--format', 'csv', FIXTURES).stdout;
  const md = run('--format', 'md', FIXTURES).stdout;
  assert.match(text, /Cut-over status\nEdge live since 2026-11-20T08:00:00Z/);
  assert.match(md, /## Cut-over status/);
  for (const [source, status] of Object.entries(EXPECTED)) {
    assert.match(text, new RegExp(`^${source.replace(/\./g, '\\.')} +${status} `, 'm'), `text ${source}`);
    assert.match(csv, new RegExp(`^"${source.replace(/\./g, '\\.')}","${status}",`, 'm'), `csv ${source}`);
    assert.match(md, new RegExp(`^\\| ${source.replace(/\./g, '\\.')} \\| ${status} \\|`, 'm'), `md ${source}`);
  }
});

test('without IIS logs there is no cut-over status, and the reason is given', () => {
  const r = run('--format', 'json', join(FIXTURES, 'edge'));
  assert.match(r.stderr, /cut-over status needs both IIS logs and the Edge receive protocol logs/);
  assert.equal((JSON.parse(r.stdout) as Partial<JsonOut>).cutover, undefined);
});

test('IIS logs alone: output unchanged (no cutover member)', () => {
  const r = run('--format', 'json', join(FIXTURES, 'iis'));
  assert.equal(r.status, 0);
  assert.equal((JSON.parse(r.stdout) as Partial<JsonOut>).cutover, undefined);
});

interface FixJson {
  cutover: { source: string; edge?: { messages: number }; fix?: { address: string; target?: { file: string; line: number; generated?: boolean }; alreadyCovered?: boolean; text: string } }[];
  cutoverSummary: { volumePerDay: { day: string; iis: number; edge: number }[]; scripts: string[] };
}

test('json: IIS and Edge messages for every day of the period', () => {
  const out = JSON.parse(run('--format', 'json', FIXTURES).stdout) as FixJson & { summary: { messages: number } };
  const days = out.cutoverSummary.volumePerDay;
  // IIS logs from 3 Nov, the Edge to 21 Nov: 19 calendar days, gaps included.
  assert.equal(days.length, 19);
  assert.deepEqual([days[0]!.day, days[days.length - 1]!.day], ['2026-11-03', '2026-11-21']);
  assert.deepEqual(days.find((d) => d.day === '2026-11-20'), { day: '2026-11-20', iis: 0, edge: 3 });
  // The two series add up to the totals of each side.
  assert.equal(days.reduce((n, d) => n + d.iis, 0), out.summary.messages);
  assert.equal(days.reduce((n, d) => n + d.edge, 0), out.cutover.reduce((n, c) => n + (c.edge?.messages ?? 0), 0));
});

test('failing entry: the line of the generated plan, or of a connector script given, and what to add', () => {
  const planned = JSON.parse(run('--format', 'json', FIXTURES).stdout) as FixJson;
  const fix = planned.cutover.find((c) => c.source === '10.20.5.40')!.fix!;
  // The plan already lists the host: the Edge's connector was not set from it.
  assert.equal(fix.target?.generated, true);
  assert.equal(fix.alreadyCovered, true);
  assert.match(fix.text, /^line \d+ of the script assess --format ps1 writes already lists 10\.20\.5\.40/);
  const plan = run('--format', 'ps1', FIXTURES).stdout.split(/\r?\n/);
  assert.match(plan[fix.target!.line - 1]!, /-RemoteIPRanges .*'10\.20\.5\.40'/);

  const dir = mkdtempSync(join(tmpdir(), 'cutover-ps1-'));
  try {
    const script = join(dir, 'edge.ps1');
    writeFileSync(script, "# synthetic\r\nNew-ReceiveConnector -Name 'App relay' -Usage Custom -Bindings 10.0.0.30:25 -RemoteIPRanges 10.20.5.11 -PermissionGroups AnonymousUsers\r\n");
    const given = JSON.parse(run('--format', 'json', FIXTURES, script).stdout) as FixJson;
    const f = given.cutover.find((c) => c.source === '10.20.5.40')!.fix!;
    assert.deepEqual({ file: f.target?.file, line: f.target?.line, covered: f.alreadyCovered }, { file: script, line: 2, covered: undefined });
    assert.deepEqual(given.cutoverSummary.scripts, [script]);
    const text = run(FIXTURES, script).stdout;
    assert.ok(text.includes(`Change: Add 10.20.5.40 to the RemoteIPRanges of 'App relay' at ${script}:2`), text);
    assert.ok(run('--format', 'csv', FIXTURES, script).stdout.includes(`at ${script}:2`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
