// One connector-script emitter (issue 9): the assessment's script and the metabase code action write their
// cmdlets only through server/src/scriptEmitter, and the metabase facts never carry a Basic SMTP AUTH route
// to Exchange Online forward (the Edge -> Exchange Online path replaces it).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { metabaseFacts } from '../../server/src/assessment/metabase';
import { checkPlanScript, planTexts, scriptCommands, session, w3cLog } from '../helpers/assessmentHelpers';

const ROOT = join(__dirname, '..', '..');
const SRC = join(ROOT, 'server', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') ? [p] : [];
  });
}

// A string that starts with a cmdlet and a parameter (optionally commented out): command text, not prose.
const WRITTEN_CMDLET = /[`'"]#?\s*(New-ReceiveConnector|New-SendConnector|Add-ADPermission|New-AcceptedDomain|Set-TransportConfig)\s+-[A-Za-z]/;
// The script generators: the assessment and the metabase code action.
const GENERATORS = (rel: string): boolean => rel.startsWith('assessment/') || rel === 'metabase/connectorScript.ts';

test('no script generator outside the emitter writes a connector cmdlet with parameters', () => {
  const offenders: string[] = [];
  for (const file of tsFiles(SRC)) {
    const rel = relative(SRC, file).replace(/\\/g, '/');
    if (!GENERATORS(rel)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (WRITTEN_CMDLET.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
  }
  assert.deepEqual(offenders, []);
  // The assessment script imports the emitter and no longer has its own text helpers.
  const script = readFileSync(join(SRC, 'assessment', 'script.ts'), 'utf8');
  assert.match(script, /from '\.\.\/scriptEmitter\/index'/);
  assert.doesNotMatch(script, /psText|psQuote|psList/);
});

test('the pin above can fail: it sees a hand-written command', () => {
  assert.ok(WRITTEN_CMDLET.test("out.push(`New-SendConnector -Name ${psQuote(n)}`)"));
  assert.ok(WRITTEN_CMDLET.test("out.push(`# New-AcceptedDomain -Name ${psQuote(d)}`)"));
  assert.ok(!WRITTEN_CMDLET.test("w.comment('None determined: add New-AcceptedDomain lines for your domains.')"));
});

/** A SYNTHETIC metabase with one virtual server whose default route is the given smart host. */
function metabase(smartHost: string, routeAction: number, userName?: string): string {
  return [
    '<?xml version ="1.0"?>',
    '<configuration xmlns="urn:microsoft-catalog:XML_Metabase_V64_0">',
    '<MBProperty>',
    '<!-- SYNTHETIC metabase export for the assessment tests; not from a real server. -->',
    '<IIsSmtpServer\tLocation ="/LM/SmtpSvc/1"',
    '\t\tServerBindings="10.1.1.25:25:"',
    `\t\tSmartHost="${smartHost}"`,
    '\t\tSmartHostType="2"',
    `\t\tRouteAction="${routeAction}"`,
    ...(userName ? [`\t\tRouteUserName="${userName}"`] : []),
    '\t>',
    '</IIsSmtpServer>',
    '</MBProperty>',
    '</configuration>',
  ].join('\r\n');
}

test('metabase: Basic SMTP AUTH to Exchange Online is never advised forward, however the route is written', () => {
  // RouteAction 264 = SMTP_AUTH_CLEARTEXT | SMTP_SASL; 2 = SMTP_SMARTHOST only (a RouteUserName alone still means Basic).
  for (const [host, ra, user] of [
    ['smtp.office365.com', 264, 'relay@contoso.com'],
    ['smtp.office365.com.', 264, 'relay@contoso.com'],
    ['[smtp.office365.com]', 264, undefined],
    ['SMTP.Office365.com', 2, 'relay@contoso.com'],
    ['smtp-legacy.office365.com', 264, 'relay@contoso.com'],
  ] as const) {
    const f = metabaseFacts(metabase(host, ra, user));
    const auth = f.notes.filter((n) => n.code === 'metabase-smarthost-auth');
    assert.equal(auth.length, 1, host);
    assert.match(auth[0]!.message, /Exchange Online client submission \(Basic\): that dependency is not carried forward/, host);
    assert.doesNotMatch(f.notes.map((n) => n.message).join('\n'), /BasicAuthRequireTLS|AuthenticationCredential/, host);
  }
  // Any other smart host with Basic authentication keeps the advice to re-enter the credential on the Edge.
  const other = metabaseFacts(metabase('relay.isp.example', 264, 'relay@contoso.com'));
  assert.match(other.notes.find((n) => n.code === 'metabase-smarthost-auth')!.message, /-SmartHostAuthMechanism BasicAuthRequireTLS/);
});

test('metabase: a smart host written smtp.office365.com. is replaced by the tenant MX in the script', async () => {
  const day = '2026-11-02';
  const r = planTexts([{ name: 'x.log', text: w3cLog(day, session('08:00:00', '10.20.0.10', 'erp', 'erp@contoso.com', ['ap@contoso.com'])) }], ['contoso.com'], 'smtp.office365.com.');
  await checkPlanScript('exo metabase trailing dot', r);
  assert.match(scriptCommands(r.script).at(-1)!, /-SmartHosts 'contoso-com\.mail\.protection\.outlook\.com'/);
  assert.doesNotMatch(r.script, /office365\.com'|AuthenticationCredential|SmartHostAuthMechanism/);
});
