// Generated scripts checked by our own connector language: no errors, and every warning is one the plan
// itself states (each plan note names the connector rule EXRnnn it expects, reported as CONNECTOR1nn).
// The command model also proves the hostile-input script holds only the expected commands with literal values.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeConnectorScript } from '../../server/src/connectors/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { checkPlanScript, planTexts, session, w3cLog } from '../helpers/assessmentHelpers';
import { generateLogs } from '../helpers/logGenerator';

const ROOT = join(__dirname, '..', '..');
const check = checkPlanScript;

test('the bundled examples script', async () => {
  const a = await analyzeConnectorScript(readFileSync(join(ROOT, 'test', 'fixtures', 'assessment', 'examples.ps1'), 'utf8'), DEFAULT_SETTINGS);
  // The Exchange Online send connector stays commented: the examples' accepted domain is only inferred.
  assert.equal(a.commands.length, 6);
  const { files } = generateLogs({ start: '2026-11-01', days: 2, seed: 2026 });
  const r = planTexts(files);
  await check('examples', r);
  assert.deepEqual(new Set(r.warnings.map((w) => w.exr).filter(Boolean)), new Set(['EXR001', 'EXR009', 'EXR004']));
});

test('a generated year of logs', async () => {
  const { files } = generateLogs({ start: '2025-11-03', days: 365, seed: 365 });
  const r = planTexts(files);
  assert.equal(r.summary.days, 365);
  await check('year', r);
});

test('every real sample log from the corpus gives a clean plan', async () => {
  const corpus = join(ROOT, '..', 'shared', 'corpus', 'logs');
  const names = readdirSync(corpus).filter((n) => n.endsWith('.log'));
  assert.ok(names.length >= 5);
  for (const n of names) {
    const r = planTexts([{ name: n, text: readFileSync(join(corpus, n), 'latin1') }]);
    await check(n, r);
  }
});

test('each scenario alone', async () => {
  const day = '2026-11-02';
  await check('internal only', planTexts([{ name: 'a.log', text: w3cLog(day, session('08:00:00', '10.5.0.1', 'erp', 'erp@contoso.com', ['ap@contoso.com'])) }]));
  await check('auth over tls', planTexts([{ name: 'b.log', text: w3cLog(day, session('08:00:00', '10.5.0.2', 'crm', 'crm@contoso.com', ['x@fabrikam.example'], { auth: 'LOGIN', tls: true })) }]));
  await check('ntlm', planTexts([{ name: 'c.log', text: w3cLog(day, session('08:00:00', '10.5.0.3', 'hr', 'hr@contoso.com', ['x@contoso.com'], { auth: 'NTLM' })) }]));
  await check('relay', planTexts([{ name: 'd.log', text: w3cLog(day, session('08:00:00', '10.5.0.4', 'web', 'web@contoso.com', ['x@fabrikam.example'])) }]));
  await check('smart host', planTexts([{ name: 'e.log', text: w3cLog(day, session('08:00:00', '10.5.0.5', 'erp', 'erp@contoso.com', ['ap@contoso.com'])) }], [], 'relay.isp.example'));
});

test('hostile input: the connector model sees exactly the expected commands, all literal', async () => {
  const text = w3cLog('2026-11-02', [
    ...session('08:00:00', '10.9.0.1', "evil';$(Remove-Item+C:\\)#>", "a'b$(x)@contoso.com", ["x@evil.com';Remove-Item+x;'", 'v@real.example']),
    ...session('08:00:01', '10.9.0.4', '#>\u2018;', 'app\u2019s@contoso.com', ['t@tailspin.example'], { auth: 'LOGIN' }),
  ]);
  const r = planTexts([{ name: "x';$(y).log", text }], [], "mx'$(z).example");
  const a = await check('hostile', r);
  assert.deepEqual(
    a.commands.map((c) => c.cmdlet),
    ['New-ReceiveConnector', 'Get-ReceiveConnector', 'Add-ADPermission', 'New-ReceiveConnector', 'Get-ReceiveConnector', 'Add-ADPermission', 'New-SendConnector'],
  );
  const values = a.commands.flatMap((c) => c.parameters.map((p) => JSON.stringify(p.value)));
  for (const v of values) assert.doesNotMatch(v, /\$\(|;|`|#>|evil/, v);
  assert.ok(values.includes('"smarthost.replace-me.invalid"'));
});
