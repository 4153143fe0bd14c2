// The cut-over server command as the editor calls it (built server over stdio): log folders plus the
// workspace's connector script give the timeline and, for the failing source, the script line to change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CUTOVER_COMMAND, type CutoverCommandResult } from '../../server/src/protocol';
import { startClient, type TestLspClient } from '../helpers/lspClient';

let client: TestLspClient;
// The e2e scenario's synthetic workspace folder (its README describes it).
const CUTOVER = join(__dirname, '..', 'e2e', 'workspace', 'cutover');

before(async () => {
  client = await startClient({ settings: {} });
});
after(async () => client.shutdown());

test('folders and a .ps1: statuses, one timeline day per calendar day, the failing source names its line', async () => {
  const script = join(CUTOVER, 'edge-relay.ps1');
  const r = (await client.executeCommand(CUTOVER_COMMAND, [{ paths: [join(CUTOVER, 'iis'), join(CUTOVER, 'edge'), script] }])) as CutoverCommandResult;
  const report = r.report!;
  assert.deepEqual(Object.fromEntries(report.entries.map((e) => [e.source, e.status])), {
    '192.168.10.40': 'failing',
    '192.168.10.50': 'still-on-iis',
    '192.168.10.60': 'not-seen',
    '192.168.10.70': 'new-on-edge',
    '192.168.10.11': 'moved',
  });
  assert.deepEqual(report.volumePerDay.map((d) => `${d.day} ${d.iis}/${d.edge}`), ['2026-11-16 4/0', '2026-11-17 4/0', '2026-11-18 3/0', '2026-11-19 1/1', '2026-11-20 1/2', '2026-11-21 1/1']);
  assert.deepEqual(report.files, { iis: 2, edge: 1 });
  assert.deepEqual(report.scripts, [script]);
  const fix = report.entries.find((e) => e.status === 'failing')!.fix!;
  assert.deepEqual({ file: fix.target?.file, line: fix.target?.line, column: fix.target?.column, address: fix.address }, { file: script, line: 4, column: 19, address: '192.168.10.40' });
  assert.match(r.markdown, /\| 192\.168\.10\.40 \| failing \|.*Add 192\.168\.10\.40 to the RemoteIPRanges of 'Cutover relay' at .*edge-relay\.ps1:4/);
});

test('a path that could not be read is not counted as an IIS log, and the report says its sources are missing', async () => {
  const missing = join(CUTOVER, 'iis-from-the-second-server');
  const r = (await client.executeCommand(CUTOVER_COMMAND, [{ paths: [join(CUTOVER, 'iis'), join(CUTOVER, 'edge'), missing] }])) as CutoverCommandResult;
  assert.deepEqual(r.report!.files, { iis: 2, edge: 1 });
  assert.ok(
    r.report!.notes.some((n) => n.startsWith('Could not read iis-from-the-second-server:') && n.includes('may be wrong')),
    JSON.stringify(r.report!.notes),
  );
});
