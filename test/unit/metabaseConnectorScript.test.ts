// The connector generator: playbook mapping, cmdlet/parameter validity against the shared cmdlet
// schema (including Edge availability), and safety against hostile metabase values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { join } from 'node:path';
import { buildConnectorScript, generateConnectorScriptForServer } from '../../server/src/metabase/connectorScript';
import { parseMetabase } from '../../server/src/metabase/model';
import { summarizeAll } from '../../server/src/metabase/virtualServer';
import { psQuote } from '../../server/src/common/powershell';
import { analyzeConnectorScript } from '../../server/src/connectors/index';
import { DEFAULT_SETTINGS } from '../../server/src/settings';
import { BLOBS, EXO_BASIC_SUBMISSION, metabaseXml, QUIET_SERVICE, quietServer, type FixtureKey } from '../fixtures/metabase/build';

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

/** Synthetic virtual servers covering every relay/connection list variant, authentication and delivery setting. */
function syntheticSources(): string[] {
  const servers: Record<string, string>[] = [
    ...Object.values(BLOBS).map((b) => ({ RelayIpList: b })),
    ...Object.values(BLOBS).map((b) => ({ IPSecurity: b, RelayIpList: BLOBS.twoMasks })),
    { ServerBindings: ':25:\n:587:', RelayIpList: BLOBS.grantSlash8, IPSecurity: '' },
    { RelayIpList: BLOBS.grantPublic, IPSecurity: BLOBS.allExcept },
    { AuthFlags: 'AuthBasic | AuthNTLM | AuthAnonymous', AccessSSLFlags: 'AccessSSL', RelayForAuth: '4294967295', MaxRecipients: '900000' },
    EXO_BASIC_SUBMISSION,
    { ...EXO_BASIC_SUBMISSION, RouteUserName: 'svc@contoso.onmicrosoft.com' },
    { SmartHost: 'contoso-com.mail.protection.outlook.com', SmartHostType: '2', FullyQualifiedDomainName: 'edge.contoso.com' },
    { SmartHost: '[192.0.2.25]', SmartHostType: '1', RouteAction: '264', RouteUserName: 'relay@contoso.com', AlwaysUseSsl: 'TRUE' },
  ];
  return servers.map((props) => metabaseXml([QUIET_SERVICE, quietServer('1', props)]));
}

test('every generated script passes the connector language: no error, and every warning is announced in its review notes', async () => {
  const corpusDir = join(REPO_ROOT, '..', 'shared', 'corpus', 'metabase');
  assert.ok(existsSync(corpusDir), `corpus missing: ${corpusDir}`);
  const corpus = readdirSync(corpusDir).filter((n) => /\.(xml|txt)$/i.test(n)).map((n) => readFileSync(join(corpusDir, n), 'utf8'));
  let scripts = 0;
  const announced = new Set<string>();
  for (const source of [EXAMPLE, ...corpus, ...syntheticSources()]) {
    const model = parseMetabase(source);
    for (const s of summarizeAll(model)) {
      const { script: text, notes } = buildConnectorScript(model, s.location);
      const analysis = await analyzeConnectorScript(text, structuredClone(DEFAULT_SETTINGS) as typeof DEFAULT_SETTINGS);
      const errors = analysis.diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
      assert.deepEqual(errors.map((d) => `${d.code}: ${String(d.message)}`), [], `${s.location}:\n${text}`);
      const stated = new Set(notes.map((n) => n.exr).filter((x): x is string => !!x));
      for (const d of analysis.diagnostics.filter((x) => x.severity === DiagnosticSeverity.Warning)) {
        const exr = /^CONNECTOR1(\d\d)$/.exec(String(d.code));
        assert.ok(exr && stated.has(`EXR0${exr[1]}`), `${s.location}: warning the review notes do not announce: ${d.code} ${d.message}\n${text}`);
      }
      for (const n of notes) if (n.exr) announced.add(n.exr);
      for (const n of notes.filter((x) => x.exr)) assert.ok(text.includes(`[${n.code} ${n.exr}]`), 'each note is in the script header');
      for (const c of analysis.commands) for (const p of c.parameters) assert.ok(p.isLiteral || /^\$(remoteIPRanges|smartHostCredential|domainCredential)$/.test(p.text) || p.text === '', `${c.cmdlet} -${p.name} is not literal: ${p.text}`);
      assert.ok(analysis.commands.some((c) => c.cmdlet === 'New-ReceiveConnector'));
      assert.ok(analysis.commands.some((c) => c.cmdlet === 'New-SendConnector'));
      scripts++;
    }
  }
  assert.ok(scripts >= 35, `${scripts} scripts`);
  for (const exr of ['EXR001', 'EXR003', 'EXR008', 'EXR009', 'EXR012', 'EXR016']) assert.ok(announced.has(exr), `no fixture exercises ${exr}`);
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

test('Exchange Online Basic SMTP AUTH is replaced by the Edge -> tenant MX path over TLS, never a Basic credential', () => {
  const { script: text, notes } = buildConnectorScript(parseMetabase(metabaseXml([QUIET_SERVICE, quietServer('1', EXO_BASIC_SUBMISSION)])), '/LM/SmtpSvc/1');
  assert.match(text, /-SmartHosts 'contoso-com\.mail\.protection\.outlook\.com' `\n {4}-DNSRoutingEnabled \$false `\n {4}-RequireTLS \$true `\n {4}-TlsAuthLevel 'DomainValidation' `\n {4}-TlsDomain 'mail\.protection\.outlook\.com'/);
  assert.match(text, /Tenant endpoint derived from the domain of RouteUserName/);
  assert.match(text, /at the end of December 2026 \(MC786329\)/);
  assert.match(text, /Set-SendConnector -Identity 'IIS VS1 Quiet relay - outbound' -TlsCertificateName/);
  assert.match(text, /New-InboundConnector -Name \(name\) -ConnectorType OnPremises/);
  assert.match(text, /include:spf\.protection\.outlook\.com ~all/);
  for (const banned of [/Get-Credential/, /SmartHostAuthMechanism/, /AuthenticationCredential/, /-Port 587/, /-SmartHosts 'smtp\.office365\.com'/]) assert.doesNotMatch(text, banned);
  assert.deepEqual(notes.map((n) => n.code).sort(), ['exo-basic-smtp-auth', 'exo-certificate']);
  // No domain that names the tenant: a placeholder to replace, said in the notes.
  const initial = buildConnectorScript(parseMetabase(metabaseXml([QUIET_SERVICE, quietServer('1', { ...EXO_BASIC_SUBMISSION, RouteUserName: 'svc@contoso.onmicrosoft.com' })])), '/LM/SmtpSvc/1');
  assert.match(initial.script, /-SmartHosts 'replace-me\.mail\.protection\.outlook\.com'/);
  assert.ok(initial.notes.some((n) => n.code === 'placeholder-smart-host'));
});

test('a smart host that is an Exchange Online MX endpoint gets the same TLS recipe as the assessment', () => {
  const text = script([QUIET_SERVICE, quietServer('1', { SmartHost: 'contoso-com.mail.protection.outlook.com', SmartHostType: '2', RemoteSmtpPort: '2525' })]);
  assert.match(text, /-RequireTLS \$true `\n {4}-TlsAuthLevel 'DomainValidation' `\n {4}-TlsDomain 'mail\.protection\.outlook\.com'/);
  assert.match(text, /IIS used port 2525; Exchange Online MX endpoints listen on port 25/);
  assert.doesNotMatch(text, /-Port /);
  assert.match(text, /\[exo-certificate EXR008\]/);
});

test('a domain routed through Exchange Online SMTP AUTH is not recreated with its Basic credential', () => {
  const text = script([QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/partner.example', props: { RouteAction: '266', RouteActionString: 'smtp.office365.com', RouteUserName: 'app@contoso.com' } }]);
  assert.match(text, /partner\.example: IIS sent this domain's mail through Exchange Online SMTP AUTH with Basic authentication/);
  assert.doesNotMatch(text, /Get-Credential|-AddressSpaces 'partner\.example'/);
});

test('lifecycle texts: Exchange Server SE target; no claim that an Edge cannot be domain-joined; no Mailbox client connector for cloud-only tenants', () => {
  const model = parseMetabase(EXAMPLE);
  const texts = summarizeAll(model).map((s) => generateConnectorScriptForServer(model, s.location));
  texts.push(script([QUIET_SERVICE, quietServer('1', { AuthFlags: 'AuthBasic | AuthNTLM', AccessSSLFlags: 'AccessSSL', RelayForAuth: '4294967295' })]));
  for (const text of texts) {
    assert.match(text, /Exchange Server SE Edge Transport server/);
    assert.doesNotMatch(text, /not domain-joined|cannot be domain-joined|Mailbox server client connector/i);
  }
});

test('IIS limits above the organisation defaults come with a commented Set-TransportConfig', () => {
  const text = script([QUIET_SERVICE, quietServer('1', { MaxMessageSize: '52428800', MaxRecipients: '1000' })]);
  assert.match(text, /^# Set-TransportConfig -MaxReceiveSize 52428800 -MaxSendSize 52428800 -MaxRecipientEnvelopeLimit 1000$/m);
  assert.doesNotMatch(script([QUIET_SERVICE, quietServer()]), /Set-TransportConfig/);
});

test('hostile values on the Exchange Online path never reach the script', () => {
  const evil = "x@evil.com'; Stop-Computer; '";
  const text = script([QUIET_SERVICE, quietServer('1', { ...EXO_BASIC_SUBMISSION, RouteUserName: evil, DefaultDomain: "contoso.com'; Stop-Computer" })]);
  assert.doesNotMatch(text, /Stop-Computer|evil/);
  assert.match(text, /-SmartHosts 'replace-me\.mail\.protection\.outlook\.com'/);
});
