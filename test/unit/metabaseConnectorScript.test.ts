// The connector generator: playbook mapping, cmdlet/parameter validity against the shared cmdlet
// schema (including Edge availability), and safety against hostile metabase values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateConnectorScriptForServer } from '../../server/src/metabase/connectorScript';
import { parseMetabase } from '../../server/src/metabase/model';
import { summarizeAll } from '../../server/src/metabase/virtualServer';
import { psQuote } from '../../server/src/common/powershell';
import { analyzeConnectorScript } from '../../server/src/connectors/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { BLOBS, metabaseXml, QUIET_SERVICE, quietServer, type FixtureKey } from '../fixtures/metabase/build';

const REPO_ROOT = join(__dirname, '..', '..');
const CMDLETS_JSON = join(REPO_ROOT, '..', 'shared', 'reference', 'cmdlets.json');
const EXAMPLE = readFileSync(join(REPO_ROOT, 'examples', 'MetaBase.xml'), 'utf8');

interface CmdletSchema {
  cmdlets: Record<string, { edgeTransport: { status: string }; parameters: { name: string; edge?: string; allowedValues?: string[] }[] }>;
}

function loadSchema(): CmdletSchema {
  assert.ok(existsSync(CMDLETS_JSON), `cmdlet schema missing: ${CMDLETS_JSON}`);
  return JSON.parse(readFileSync(CMDLETS_JSON, 'utf8')) as CmdletSchema;
}

/** Joins backtick continuations and returns each command line's cmdlet and parameters. */
function commands(script: string): { cmdlet: string; params: Map<string, string> }[] {
  const logical = script.replace(/ `\n\s*/g, ' ').split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  const out: { cmdlet: string; params: Map<string, string> }[] = [];
  for (const line of logical) {
    for (const segment of line.split(/\s\|\s/)) {
      const m = /^\s*([A-Z][a-z]+-[A-Za-z]+)\b(.*)$/.exec(segment);
      if (!m) continue;
      const params = new Map<string, string>();
      for (const p of m[2]!.matchAll(/\s-([A-Za-z]+)(?:\s+((?:'(?:[^']|'')*'|\$\w+|[^\s-][^\s]*)(?:,\s*(?:'(?:[^']|'')*'|[^\s,]+))*))?/g)) params.set(p[1]!, p[2] ?? '');
      out.push({ cmdlet: m[1]!, params });
    }
  }
  return out;
}

const script = (keys: FixtureKey[], path = '/LM/SmtpSvc/1', role?: 'EdgeTransport' | 'Mailbox') => generateConnectorScriptForServer(parseMetabase(metabaseXml(keys)), path, { targetRole: role });

test('every cmdlet and parameter in the generated scripts exists and is usable on Edge', () => {
  const schema = loadSchema();
  const model = parseMetabase(EXAMPLE);
  const known = new Set(['Get-Credential']); // core PowerShell, not an Exchange cmdlet
  for (const s of summarizeAll(model)) {
    const text = generateConnectorScriptForServer(model, s.location);
    const cmds = commands(text);
    assert.ok(cmds.length >= 3, text);
    for (const c of cmds) {
      if (known.has(c.cmdlet)) continue;
      const def = schema.cmdlets[c.cmdlet];
      assert.ok(def, `unknown cmdlet ${c.cmdlet}`);
      assert.notEqual(def.edgeTransport.status, 'notApplicable', c.cmdlet);
      for (const [name, value] of c.params) {
        const p = def.parameters.find((x) => x.name.toLowerCase() === name.toLowerCase());
        assert.ok(p, `${c.cmdlet} has no parameter -${name}`);
        assert.ok(p.edge === 'available' || p.edge === 'edgeOnly' || p.edge === undefined, `${c.cmdlet} -${name} is ${p.edge} on Edge`);
        if (p.allowedValues && !value.startsWith('$')) {
          for (const v of value.split(',').map((x) => x.trim().replace(/^'|'$/g, ''))) assert.ok(p.allowedValues.includes(v), `${c.cmdlet} -${name} ${v} not in ${p.allowedValues.join(', ')}`);
        }
      }
    }
    assert.ok(!/-TransportRole/.test(text), 'TransportRole is not for Edge');
  }
});

test('the example\'s safe server: bindings, RemoteIPRanges from the decoded list, TLS, smart host', () => {
  const text = generateConnectorScriptForServer(parseMetabase(EXAMPLE), '/lm/smtpsvc/1');
  assert.match(text, /^\$remoteIPRanges = @\('10\.10\.6\.0\/24','10\.10\.5\.20','10\.10\.5\.21'\)$/m);
  assert.match(text, /-Bindings '10\.10\.1\.25:25'/);
  assert.match(text, /-Usage 'Custom'/);
  assert.match(text, /-AuthMechanism 'Tls' `/);
  assert.match(text, /-PermissionGroups 'AnonymousUsers'/);
  assert.match(text, /-RequireTLS \$true/);
  assert.match(text, /Add-ADPermission -User 'NT AUTHORITY\\ANONYMOUS LOGON' -ExtendedRights 'ms-Exch-SMTP-Accept-Any-Recipient'/);
  assert.match(text, /-SmartHosts 'mail\.fabrikam\.test'/);
  assert.match(text, /-DNSRoutingEnabled \$false/);
  assert.match(text, /-MaxMessageSize 10485760/);
  assert.match(text, /# New-AcceptedDomain -Name 'smtp01\.fabrikam\.test'/);
  assert.ok(!/Authenticated Users/.test(text), 'no authenticated access on this server');
});

test('the example\'s risky server: open relay stops the script until ranges are filled in; Basic gets TLS', () => {
  const text = generateConnectorScriptForServer(parseMetabase(EXAMPLE), '/LM/SmtpSvc/2');
  assert.match(text, /^\$remoteIPRanges = @\(\)$/m);
  assert.match(text, /^if \(\$remoteIPRanges\.Count -eq 0\) \{ throw /m);
  assert.match(text, /Exchange cannot express "all except" lists/);
  assert.match(text, /-AuthMechanism 'Tls','BasicAuth','BasicAuthRequireTLS'/);
  assert.match(text, /-Bindings '0\.0\.0\.0:25','0\.0\.0\.0:587'/);
  assert.match(text, /MaxMessageSize was 0 \(unlimited\)/);
  assert.match(text, /-SmartHostAuthMechanism 'BasicAuthRequireTLS'/);
  assert.match(text, /\$smartHostCredential = Get-Credential -UserName 'scanrelay@fabrikam\.test'/);
  assert.match(text, /No Edge equivalent: IIS tried DNS delivery first/);
  assert.match(text, /-AddressSpaces 'partner\.example'/);
  assert.match(text, /# New-AcceptedDomain -Name 'partner\.example' -DomainName 'partner\.example' -DomainType 'ExternalRelay'/);
  assert.ok(!/0a0b0c0d/.test(text), 'the stored password blob never reaches the script');
});

test('Mailbox target adds -TransportRole FrontendTransport; Edge never does', () => {
  const keys = [QUIET_SERVICE, quietServer()];
  assert.match(script(keys, '/LM/SmtpSvc/1', 'Mailbox'), /-TransportRole 'FrontendTransport'/);
  assert.ok(!/TransportRole/.test(script(keys)));
});

test('authenticated senders get the sender right the playbook prescribes', () => {
  const text = script([QUIET_SERVICE, quietServer('1', { AuthFlags: 'AuthBasic | AuthNTLM', AccessSSLFlags: 'AccessSSL' })]);
  assert.match(text, /-AuthMechanism 'Tls','BasicAuth','BasicAuthRequireTLS','Integrated'/);
  assert.match(text, /-PermissionGroups 'ExchangeUsers'/);
  assert.match(text, /Add-ADPermission -User 'NT AUTHORITY\\Authenticated Users' -ExtendedRights 'ms-Exch-SMTP-Accept-Authoritative-Domain-Sender'/);
  assert.match(text, /IIS RelayForAuth was off/);
});

test('connection control grants become RemoteIPRanges when the relay list grants nobody', () => {
  const text = script([QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.sentinel })]);
  assert.match(text, /^\$remoteIPRanges = @\('10\.10\.0\.0\/16'\)$/m);
  assert.ok(!/Accept-Any-Recipient/.test(text));
});

test('hostile values never reach the script as raw text', () => {
  const evil = "x'; Remove-Item C:\\ -Recurse; '\u2019\n# injected";
  const keys: FixtureKey[] = [
    QUIET_SERVICE,
    quietServer('1', {
      ServerComment: evil,
      SmartHost: "evil.example'; Stop-Computer; '",
      SmartHostType: '2',
      RouteAction: '264',
      RouteUserName: "u'ser\nStop-Computer",
      FullyQualifiedDomainName: 'bad host name',
      ConnectResponse: "220 hi'\nStop-Computer",
    }),
    { type: 'IIsSmtpDomain', location: "/LM/SmtpSvc/1/Domain/a'b.example", props: { RouteAction: '2', RouteActionString: 'mx.example.test' } },
  ];
  const text = script(keys);
  assert.ok(!/Stop-Computer|Remove-Item|injected/.test(text), text);
  assert.match(text, /-Name 'IIS VS1 - inbound'/, 'an invalid ServerComment falls back to the instance id');
  assert.match(text, /-DNSRoutingEnabled \$true/, 'an invalid smart host falls back to DNS delivery');
  assert.match(text, /Domain entry skipped: its name is not a valid domain/);
  for (const line of text.split('\n')) assert.ok(/^[\x20-\x7E]*$/.test(line), `non-ASCII or control character in: ${line}`);
});

test('psQuote doubles every PowerShell single-quote character', () => {
  assert.equal(psQuote("it's"), "'it''s'");
  assert.equal(psQuote('\u2018a\u2019b\u201Ac\u201Bd'), "'\u2018\u2018a\u2019\u2019b\u201A\u201Ac\u201B\u201Bd'");
});

test('an unknown server path yields a comment, not an exception', () => {
  const text = script([QUIET_SERVICE, quietServer()], '/LM/SmtpSvc/42');
  assert.match(text, /^# No SMTP virtual server at \/LM\/SmtpSvc\/42/);
});

test('generated scripts are valid for the connector language: no error-level diagnostics', async () => {
  const corpus = join(REPO_ROOT, '..', 'shared', 'corpus', 'metabase', '08-SYNTHETIC-metabase-smtp-fixture.xml');
  assert.ok(existsSync(corpus), `corpus sample missing: ${corpus}`);
  for (const source of [EXAMPLE, readFileSync(corpus, 'utf8')]) {
    const model = parseMetabase(source);
    for (const s of summarizeAll(model)) {
      const text = generateConnectorScriptForServer(model, s.location);
      const analysis = await analyzeConnectorScript(text, structuredClone(DEFAULT_SETTINGS) as typeof DEFAULT_SETTINGS);
      const errors = analysis.diagnostics.filter((d) => d.severity === 1);
      assert.deepEqual(errors.map((d) => `${d.code}: ${String(d.message)}`), [], `${s.location}:\n${text}`);
      assert.ok(analysis.commands.some((c) => c.cmdlet === 'New-ReceiveConnector'));
      assert.ok(analysis.commands.some((c) => c.cmdlet === 'New-SendConnector'));
    }
  }
});

test('limits are kept inside the connector ranges Exchange accepts', () => {
  const text = script([QUIET_SERVICE, quietServer('1', { ConnectionTimeout: '86400', MaxSmtpErrors: '4294967295', MaxMessageSize: '1024', MaxRecipients: '900000' })]);
  assert.match(text, /-ConnectionInactivityTimeout '23:59:00'/);
  assert.match(text, /-ConnectionTimeout '1\.00:00:00'/);
  assert.match(text, /MaxSmtpErrors was unlimited/);
  assert.ok(!/-MaxProtocolErrors/.test(text));
  assert.match(text, /-MaxMessageSize 65536/);
  assert.match(text, /-MaxRecipientsPerMessage 512000/);
});
