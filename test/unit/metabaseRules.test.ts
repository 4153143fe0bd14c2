// Each rule with a positive and a negative fixture (synthetic), evaluated on effective values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { CODES, type CodeName } from '../../server/src/metabase/codes';
import { allFindings } from '../../server/src/metabase/diagnostics';
import { checkMetabaseText } from '../../server/src/metabase/index';
import { serverMarkdown } from '../../server/src/metabase/hover';
import { parseMetabase } from '../../server/src/metabase/model';
import { summarizeAll } from '../../server/src/metabase/virtualServer';
import { BLOBS, EXO_BASIC_SUBMISSION, metabaseXml, QUIET_SERVICE, quietServer, type FixtureKey } from '../fixtures/metabase/build';

function findings(keys: FixtureKey[]) {
  const text = metabaseXml(keys);
  return { text, findings: allFindings(parseMetabase(text)) };
}

function codes(keys: FixtureKey[]): string[] {
  return findings(keys).findings.map((f) => CODES[f.code].code);
}

function only(keys: FixtureKey[], code: CodeName) {
  return findings(keys).findings.filter((f) => f.code === code);
}

const service = (props: Record<string, string> = {}): FixtureKey => ({ ...QUIET_SERVICE, props: { ...QUIET_SERVICE.props, ...props } });

test('baseline: a carefully configured server has no findings at all', () => {
  assert.deepEqual(codes([QUIET_SERVICE, quietServer()]), []);
});

interface RuleCase {
  code: CodeName;
  positive: FixtureKey[];
  negative: FixtureKey[];
  message: RegExp;
}

const CASES: RuleCase[] = [
  { code: 'openRelay', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.allExcept })], negative: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.twoMasks })], message: /Open relay on virtual server 1 \("Quiet relay"\): RelayIpList is "All except the list below" \(denied: 203\.0\.113\.7\).*-RemoteIPRanges/ },
  { code: 'openRelay', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: '' })], negative: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.sentinel })], message: /zero-length value.*not confirmed on a live server/ },
  { code: 'openRelay', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.degenerate })], negative: [QUIET_SERVICE, quietServer()], message: /only its mask and no address/ },
  { code: 'openRelay', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.headerOnly })], negative: [QUIET_SERVICE, quietServer()], message: /no address in either list/ },
  { code: 'relayCheckDisabled', positive: [service({ SmtpDisableRelay: 'FALSE' }), quietServer()], negative: [service({ SmtpDisableRelay: 'TRUE' }), quietServer()], message: /SmtpDisableRelay is FALSE.*reversed.*not confirmed/ },
  { code: 'domainRelay', positive: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/*', props: { RouteAction: '4098', RouteActionString: 'mx.example.test' } }], negative: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/*', props: { RouteAction: '2', RouteActionString: 'mx.example.test' } }], message: /wildcard domain \* .*open relay/ },
  { code: 'broadGrant', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.grantEveryone })], negative: [QUIET_SERVICE, quietServer()], message: /mask 0\.0\.0\.0, i\.e\. to every address/ },
  { code: 'broadGrant', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.grantSlash8 })], negative: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.twoMasks })], message: /wide ranges \(10\.0\.0\.0\/8\)/ },
  { code: 'broadGrant', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.grantPublic })], negative: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.onlyLocalhost })], message: /public \(non-RFC 1918\) addresses \(198\.51\.100\.0\/24\)/ },
  { code: 'dnsGrant', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.grantName })], negative: [QUIET_SERVICE, quietServer()], message: /by DNS name \(\*\.apps\.contoso\.test\).*PTR/ },
  { code: 'inconsistentList', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.bothLists })], negative: [QUIET_SERVICE, quietServer()], message: /both a grant list and a deny list/ },
  { code: 'malformedBlob', positive: [QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.onlyLocalhost.slice(0, 30) })], negative: [QUIET_SERVICE, quietServer()], message: /cannot be decoded: The blob is 15 bytes long/ },
  { code: 'relayForAuth', positive: [service({ RelayForAuth: '4294967295', AuthFlags: 'AuthBasic' }), quietServer('1', { AccessSSLFlags: 'AccessSSL' })], negative: [service({ AuthFlags: 'AuthBasic' }), quietServer('1', { AccessSSLFlags: 'AccessSSL' })], message: /RelayForAuth is on for virtual server 1.*Exchange Server SE.*domain accounts only if the Edge is domain-joined.*normally in a workgroup.*only Exchange Online mailboxes has none/ },
  { code: 'relayForAuth', positive: [{ type: 'IIsSmtpService', location: '/LM/SmtpSvc', props: { ...QUIET_SERVICE.props, RelayForAuth: undefined as unknown as string } }, quietServer()].map((k) => ({ ...k, props: Object.fromEntries(Object.entries(k.props ?? {}).filter(([, v]) => v !== undefined)) })), negative: [QUIET_SERVICE, quietServer()], message: /not set anywhere, and the service is believed to assume TRUE.*not confirmed/ },
  { code: 'basicNoTls', positive: [service({ AuthFlags: 'AuthBasic | AuthAnonymous' }), quietServer()], negative: [service({ AuthFlags: 'AuthBasic | AuthAnonymous' }), quietServer('1', { AccessSSLFlags: 'AccessSSL' })], message: /Basic authentication is enabled.*BasicAuthRequireTLS/ },
  { code: 'anonNoConnectionControl', positive: [QUIET_SERVICE, quietServer('1', { IPSecurity: BLOBS.allExcept })], negative: [QUIET_SERVICE, quietServer()], message: /Anonymous access is enabled.*connection control is "every host except 1 denied entry may connect"/ },
  { code: 'storedCredentials', positive: [QUIET_SERVICE, quietServer('1', { RoutePassword: 'abababab' })], negative: [QUIET_SERVICE, quietServer('1', { RouteUserName: 'someone@example.test' })], message: /stores a smart-host password.*-AuthenticationCredential/ },
  { code: 'cleartextCredentials', positive: [QUIET_SERVICE, quietServer('1', { RouteAction: '264' })], negative: [QUIET_SERVICE, quietServer('1', { RouteAction: '268' })], message: /without TLS.*BasicAuthRequireTLS/ },
  { code: 'smartHostFallback', positive: [QUIET_SERVICE, quietServer('1', { SmartHost: 'mail.example.test', SmartHostType: '1' })], negative: [QUIET_SERVICE, quietServer('1', { SmartHost: 'mail.example.test', SmartHostType: '2' })], message: /DNS\) delivery is tried first/ },
  { code: 'unboundedLimit', positive: [service({ MaxRecipients: '0' }), quietServer()], negative: [service({ MaxRecipients: '5000' }), quietServer()], message: /MaxRecipients is 0 .*unlimited/ },
  { code: 'loggingOff', positive: [service({ LogType: '0' }), quietServer()], negative: [QUIET_SERVICE, quietServer()], message: /Logging is off/ },
  { code: 'loggingOff', positive: [service({ LogExtFileFlags: 'LogExtFileDate | LogExtFileTime | LogExtFileClientIp' }), quietServer()], negative: [QUIET_SERVICE, quietServer()], message: /lacks LogExtFileUserName, LogExtFileMethod/ },
  { code: 'allInterfaces', positive: [QUIET_SERVICE, quietServer('1', { ServerBindings: ':25:' })], negative: [QUIET_SERVICE, quietServer('1', { ServerBindings: ':25:', RelayIpList: BLOBS.sentinel })], message: /listens on every interface \(:25:\) and relays/ },
  { code: 'esmtpOutboundDisabled', positive: [service({ SmtpOutboundCommandSupportOptions: '7' }), quietServer()], negative: [service({ SmtpOutboundCommandSupportOptions: '7697601' }), quietServer()], message: /known default bug/ },
  { code: 'exchangeOwned', positive: [{ ...QUIET_SERVICE, customs: [['UnknownName_61537', '61537', '0', 'DWORD']] }, quietServer()], negative: [{ ...QUIET_SERVICE, customs: [['UnknownName_36990', '36990', '0', 'DWORD']] }, quietServer()], message: /written by Exchange \(inferred, low confidence\)/ },
  { code: 'exportNotInherited', positive: [quietServer()], negative: [QUIET_SERVICE, quietServer()], message: /no \/LM\/SmtpSvc key/ },
  { code: 'relayListAbsent', positive: [QUIET_SERVICE, { ...quietServer(), props: { ServerBindings: '10.0.0.1:25:', IPSecurity: BLOBS.connectOnly1010 } }], negative: [QUIET_SERVICE, quietServer()], message: /No RelayIpList anywhere.*not established/ },
  { code: 'secureBindings', positive: [QUIET_SERVICE, quietServer('1', { SecureBindings: '10.10.1.25:465:' })], negative: [QUIET_SERVICE, quietServer()], message: /implicit-TLS bindings \(10\.10\.1\.25:465\)/ },
  { code: 'ignoredRoute', positive: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/a.test', props: { RouteAction: '66' } }], negative: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/a.test', props: { RouteAction: '2' } }], message: /SMTP_DEFAULT set; the service is believed to ignore/ },
  { code: 'loggingOff', positive: [{ ...QUIET_SERVICE, props: Object.fromEntries(Object.entries(QUIET_SERVICE.props!).filter(([k]) => k !== 'LogExtFileFlags')) }, quietServer()], negative: [QUIET_SERVICE, quietServer()], message: /lacks LogExtFileUserName \(LogExtFileFlags is not set, so the schema default applies\)/ },
  { code: 'loggingOff', positive: [service({ LogPluginClsid: '{FF160662-DE82-11CF-BC0A-00AA006111E0}' }), quietServer()], negative: [service({ LogPluginClsid: '{ff160663-de82-11cf-bc0a-00aa006111e0}' }), quietServer()], message: /not the one believed to be W3C extended.*mapping not verified/ },
  { code: 'domainRelayList', positive: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/a.test', props: { RouteAction: '2', RelayIpList: BLOBS.onlyLocalhost } }], negative: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/a.test', props: { RouteAction: '2' } }], message: /per-domain relay list is an open question/ },
  { code: 'exoBasicSmtpAuth', positive: [QUIET_SERVICE, quietServer('1', EXO_BASIC_SUBMISSION)], negative: [QUIET_SERVICE, quietServer('1', { ...EXO_BASIC_SUBMISSION, SmartHost: 'contoso-com.mail.protection.outlook.com', RemoteSmtpPort: '25', RouteAction: '4', RouteUserName: '' })], message: /^Virtual server 1 \("Quiet relay"\) relays through Exchange Online SMTP AUTH with Basic credentials \(smart host smtp\.office365\.com, port 587, Basic authentication.*as scanner@contoso\.com\)\. .*end of December 2026 \(message center MC786329.*550 5\.7\.30.*<tenant>\.mail\.protection\.outlook\.com, port 25\) with TLS and a certificate.*OnPremises inbound connector/ },
  { code: 'exoBasicSmtpAuth', positive: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/partner.example', props: { RouteAction: '266', RouteActionString: 'outlook.office365.com', RouteUserName: 'app@contoso.com' } }], negative: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/partner.example', props: { RouteAction: '2', RouteActionString: 'outlook.office365.com' } }], message: /Domain partner\.example is sent through Exchange Online SMTP AUTH \(outlook\.office365\.com\)/ },
  // Structural checks.
  { code: 'wrongKeyType', positive: [QUIET_SERVICE, quietServer(), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/a.test', props: { MaxRecipients: '5' } }], negative: [QUIET_SERVICE, quietServer('1', { MaxRecipients: '5' })], message: /MaxRecipients is not a property of IIsSmtpDomain keys/ },
  { code: 'unknownProperty', positive: [QUIET_SERVICE, quietServer('1', { Frobnicate: '1' })], negative: [QUIET_SERVICE, quietServer()], message: /Frobnicate is not in this tool's SMTP property catalogue/ },
  { code: 'wrongValueType', positive: [QUIET_SERVICE, quietServer('1', { MaxRecipients: 'lots' })], negative: [QUIET_SERVICE, quietServer('1', { MaxRecipients: '12' })], message: /MaxRecipients \(DWORD\): 'lots' is not a number/ },
  { code: 'wrongValueType', positive: [QUIET_SERVICE, quietServer('1', { AuthFlags: 'AuthBasic | AuthMagic' })], negative: [QUIET_SERVICE, quietServer('1', { AuthFlags: 'AuthBasic|AuthAnonymous' })], message: /Unknown AuthFlags flag: AuthMagic/ },
  { code: 'wrongValueType', positive: [QUIET_SERVICE, quietServer('1', { ServerBindings: '10.0.0.1:99999:' })], negative: [QUIET_SERVICE, quietServer()], message: /not a binding|out of range/ },
  { code: 'duplicateProperty', positive: [QUIET_SERVICE, { ...quietServer(), customs: [['ServerComment', '1015', 'other', 'STRING']] }], negative: [QUIET_SERVICE, quietServer()], message: /ServerComment is set twice/ },
  { code: 'duplicateKey', positive: [QUIET_SERVICE, quietServer(), quietServer()], negative: [QUIET_SERVICE, quietServer()], message: /defined twice/ },
  { code: 'badCustom', positive: [QUIET_SERVICE, { ...quietServer(), customs: [['MaxRecipients', '1234', '5', 'DWORD']] }], negative: [QUIET_SERVICE, { ...quietServer(), customs: [['MaxRecipients', '36895', '5', 'DWORD']] }], message: /has ID 1234, but MaxRecipients is ID 36895/ },
  { code: 'keyTypeMismatch', positive: [QUIET_SERVICE, { ...quietServer(), type: 'IIsSmtpDomain' }], negative: [QUIET_SERVICE, quietServer()], message: /normally IIsSmtpServer/ },
];

for (const c of CASES) {
  test(`${CODES[c.code].code} ${c.code}: positive and negative (${c.message.source.slice(0, 40)})`, () => {
    const pos = only(c.positive, c.code);
    assert.ok(pos.some((f) => c.message.test(f.message)), `expected ${c.code} matching ${c.message}; got ${JSON.stringify(findings(c.positive).findings.map((f) => [f.code, f.message.slice(0, 120)]))}`);
    const neg = only(c.negative, c.code).filter((f) => c.message.test(f.message));
    assert.deepEqual(neg.map((f) => f.message), []);
  });
}

test('every code in the catalogue has a rule case', () => {
  const tested = new Set(CASES.map((c) => c.code));
  const structural: CodeName[] = ['xmlSyntax', 'doctype', 'entity', 'depth', 'limit', 'badChars', 'notMetabase', 'hugeValue', 'missingLocation'];
  for (const name of Object.keys(CODES) as CodeName[]) if (!structural.includes(name)) assert.ok(tested.has(name), `no rule case for ${name}`);
});

test('inherited values: the finding sits on the server with related information at the service value', () => {
  const { text, findings: fs } = findings([service({ MaxRecipients: '0' }), quietServer()]);
  const f = fs.find((x) => x.code === 'unboundedLimit')!;
  assert.equal(text.slice(f.start, f.end), 'IIsSmtpServer');
  assert.equal(f.related?.length, 1);
  assert.match(text.slice(f.related![0]!.start, f.related![0]!.end), /^MaxRecipients="0"/);
  assert.match(f.related![0]!.message, /inherited from here \(\/LM\/SmtpSvc\)/);
});

test('own values: the finding sits on the attribute itself', () => {
  const { text, findings: fs } = findings([QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.allExcept })]);
  const f = fs.find((x) => x.code === 'openRelay')!;
  assert.equal(text.slice(f.start, f.end), `RelayIpList="${BLOBS.allExcept}"`);
});

test('severities follow the catalogue, with the documented overrides', () => {
  const everyone = only([QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.grantEveryone })], 'broadGrant')[0]!;
  assert.equal(everyone.severity, 'error');
  const d = checkMetabaseText(metabaseXml([QUIET_SERVICE, quietServer('1', { RelayIpList: BLOBS.allExcept })]));
  const open = d.find((x) => x.code === 'METABASE101')!;
  assert.equal(open.severity, DiagnosticSeverity.Error);
  assert.equal(open.source, 'IIS SMTP metabase');
});

test('checkMetabaseText caps diagnostics and says so', () => {
  const keys = [QUIET_SERVICE, ...Array.from({ length: 30 }, (_, i) => quietServer(String(i + 1), { RelayIpList: BLOBS.allExcept }))];
  const d = checkMetabaseText(metabaseXml(keys), { maxDiagnostics: 10 });
  assert.equal(d.length, 11);
  const last = d[10]!.message;
  assert.match(typeof last === 'string' ? last : last.value, /more problems are not shown/);
});

test('a service value inherited by many servers is reported once where it is written', () => {
  const keys = [{ ...QUIET_SERVICE, props: { ...QUIET_SERVICE.props, SmtpOutboundCommandSupportOptions: '7' } }, quietServer('1'), quietServer('2'), quietServer('3')];
  assert.equal(only(keys, 'esmtpOutboundDisabled').length, 1);
});

test('elements inside MBProperty without a Location are reported, IIS_Global is not', () => {
  const text = metabaseXml([QUIET_SERVICE, quietServer()]).replace('</MBProperty>', '<IIsSmtpServer ServerComment="lost"></IIsSmtpServer>\r\n<IIS_Global SessionKey="00"></IIS_Global>\r\n</MBProperty>');
  const fs = allFindings(parseMetabase(text)).filter((f) => f.code === 'missingLocation');
  assert.equal(fs.length, 1);
  assert.equal(text.slice(fs[0]!.start, fs[0]!.end), 'IIsSmtpServer');
});

test('other XML is reported as not a metabase; a foreign namespace is noted', () => {
  const plain = allFindings(parseMetabase('<project><item name="x"/></project>'));
  assert.ok(plain.some((f) => f.code === 'notMetabase' && /root element is <project>/.test(f.message)));
  const foreign = allFindings(parseMetabase(metabaseXml([QUIET_SERVICE, quietServer()]).replace('XML_Metabase_V64_0', 'XML_Metabase_V99_0')));
  assert.ok(foreign.some((f) => f.code === 'notMetabase' && f.severity === 'info'));
  assert.ok(!allFindings(parseMetabase(metabaseXml([QUIET_SERVICE, quietServer()]))).some((f) => f.code === 'notMetabase'));
});

test('lifecycle texts: no claim that a standalone Edge cannot be (or usually is not) domain-joined; cloud-only tenants are not sent to a Mailbox server', () => {
  const keys = [service({ RelayForAuth: '4294967295', AuthFlags: 'AuthBasic | AuthNTLM' }), quietServer('1', { AccessSSLFlags: 'AccessSSL' }), { type: 'IIsSmtpDomain', location: '/LM/SmtpSvc/1/Domain/a.test', props: { RouteAction: '2050', RouteActionString: 'mx.a.test' } }];
  const messages = findings(keys).findings.filter((f) => f.code === 'relayForAuth').map((f) => f.message);
  assert.equal(messages.length, 2);
  const text = parseMetabase(metabaseXml(keys));
  const hover = serverMarkdown(summarizeAll(text)[0]!);
  for (const m of [...messages, hover]) {
    assert.doesNotMatch(m, /usually not domain-joined|cannot be domain-joined|is not domain-joined|move authenticated submission to a Mailbox server|belongs on a Mailbox server/i);
    assert.match(m, /domain-joined/);
  }
  assert.match(hover, /On an Exchange Server SE Edge/);
  for (const m of messages) assert.match(m, /only Exchange Online mailboxes has none/);
});

test('hover: an Exchange Online Basic SMTP AUTH server maps to the tenant MX endpoint over TLS, not to a Basic smart host', () => {
  const hover = serverMarkdown(summarizeAll(parseMetabase(metabaseXml([QUIET_SERVICE, quietServer('1', EXO_BASIC_SUBMISSION)])))[0]!);
  assert.match(hover, /Exchange Online SMTP AUTH with Basic credentials \(disabled by default for existing tenants at the end of December 2026\)/);
  assert.match(hover, /-TlsDomain mail\.protection\.outlook\.com/);
  assert.doesNotMatch(hover, /SmartHostAuthMechanism|-SmartHosts smtp\.office365\.com/);
});
