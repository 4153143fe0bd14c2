// Golden plans: the assessment run on hand-written synthetic scenario logs (issue 10, items 1-12). Each test
// asserts the plan's grants, routing and limits, and that the generated script passes the connector language
// with only the findings its review notes announce. All logs here are synthetic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toMarkdown, toTextTable } from '../../server/src/assessment/formats';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { assessPathsInPool } from '../../server/src/cli/assessInPool';
import type { ConnectorPlanResult, SourceProfile } from '../../server/src/protocol/assessment';
import { checkPlanScript, outboundDelivery, planTexts, scriptCommands, session, w3cLog } from '../helpers/assessmentHelpers';

const DAY = '2026-11-02';
type Rows = Parameters<typeof w3cLog>[1];

function profile(r: ConnectorPlanResult, address: string): SourceProfile {
  const p = r.assessment!.sources.find((s) => s.address === address);
  assert.ok(p, `no profile for ${address}`);
  return p;
}

/** Every RemoteIPRanges value granted by the script (both receive connectors). */
function grantedRanges(script: string): string {
  return scriptCommands(script)
    .filter((l) => l.startsWith('New-ReceiveConnector'))
    .map((l) => /-RemoteIPRanges (\S+)/.exec(l)![1]!)
    .join(',');
}

const codes = (r: ConnectorPlanResult): string[] => r.warnings.map((w) => w.code);

/** Three ERP messages as contoso.com: the organisation's own domain. */
const erp: Rows = [
  ...session('08:00:00', '10.20.0.10', 'erp', 'erp@contoso.com', ['ap@contoso.com']),
  ...session('08:10:00', '10.20.0.10', 'erp', 'erp@contoso.com', ['ap@contoso.com']),
  ...session('08:20:00', '10.20.0.10', 'erp', 'erp@contoso.com', ['ap@contoso.com']),
];

test('item 1: webmail and vendor sender domains are never accepted domains; inferred ones are commented suggestions', async () => {
  const text = w3cLog(DAY, [
    ...erp,
    ...session('09:00:00', '10.20.0.5', 'nas', 'nas@gmail.com', ['admin@contoso.com']),
    ...session('09:01:00', '10.20.0.6', 'ups', 'ups@apc.com', ['admin@contoso.com']),
    ...session('09:02:00', '10.20.0.7', 'app', 'app@contoso.local', ['admin@contoso.com']),
  ]);
  const r = planTexts([{ name: 'webmail.log', text }]);
  await checkPlanScript('webmail', r);
  const s = r.summary;
  assert.deepEqual(s.acceptedDomains, ['contoso.com']);
  assert.equal(s.acceptedDomainSource, 'inferred');
  assert.match(s.acceptedDomainEvidence[0]!.evidence, /sender domain of 3 of 6 messages/);
  assert.deepEqual(
    s.excludedDomains.map((e) => e.domain),
    ['apc.com', 'contoso.local', 'gmail.com'],
  );
  assert.match(s.excludedDomains.find((e) => e.domain === 'contoso.local')!.reason, /not routable/);
  assert.match(s.excludedDomains.find((e) => e.domain === 'gmail.com')!.reason, /public mailbox provider/);
  // Nothing runs New-AcceptedDomain: the suggestion is commented, with its evidence.
  assert.ok(!scriptCommands(r.script).some((l) => l.startsWith('New-AcceptedDomain')));
  assert.match(r.script, /#   evidence for contoso\.com: sender domain of 3 of 6 messages[^]*\r\n# New-AcceptedDomain -Name 'contoso\.com'/);
  assert.doesNotMatch(r.script, /New-AcceptedDomain -Name '(gmail\.com|apc\.com|contoso\.local)'/);
  assert.ok(codes(r).includes('accepted-domains-inferred'));

  // A minority own domain has no evidence on its own; Internet mail accepted for it adds the evidence.
  const minority = planTexts([{ name: 'm.log', text: w3cLog(DAY, [...erp, ...session('09:00:00', '10.20.0.8', 'hr', 'hr@fabrikam.com', ['a@contoso.com'])]) }]);
  assert.deepEqual(minority.summary.acceptedDomains, ['contoso.com']);
  const inbound = planTexts([{ name: 'i.log', text: w3cLog(DAY, [...erp, ...session('09:00:00', '10.20.0.8', 'hr', 'hr@fabrikam.com', ['a@contoso.com']), ...session('10:00:00', '192.0.2.44', 'mx.partner.com', 'p@partner.com', ['x@fabrikam.com'])]) }]);
  assert.deepEqual(inbound.summary.acceptedDomains, ['contoso.com', 'fabrikam.com']);
  assert.match(inbound.summary.acceptedDomainEvidence[1]!.evidence, /from Internet hosts/);

  // Configured beats the metabase, which beats inference; both are run, not commented.
  const mb = planTexts([{ name: 'webmail.log', text }], [], undefined, false, { metabaseDomains: ['contoso.com', 'contoso.net'] });
  assert.equal(mb.summary.acceptedDomainSource, 'metabase');
  assert.deepEqual(scriptCommands(mb.script).filter((l) => l.startsWith('New-AcceptedDomain')).length, 2);
  // A metabase that only knows the server's own default domain: the proven domain still counts as accepted
  // (mail to it is never taken for relay), as a commented suggestion.
  const own = planTexts([{ name: 'webmail.log', text: w3cLog(DAY, [...erp, ...session('09:00:00', '10.20.0.12', 'web', 'web@contoso.com', ['x@fabrikam.com'])]) }], [], undefined, false, { metabaseDomains: ['smtp01.contoso.net'] });
  assert.deepEqual(own.summary.acceptedDomains, ['contoso.com', 'smtp01.contoso.net']);
  assert.equal(profile(own, '10.20.0.10').scenario, 'internal-only');
  assert.equal(grantedRanges(own.script), "'10.20.0.12'");
  assert.deepEqual(scriptCommands(own.script).filter((l) => l.startsWith('New-AcceptedDomain')), ["New-AcceptedDomain -Name 'smtp01.contoso.net' -DomainName 'smtp01.contoso.net' -DomainType 'Authoritative'"]);
  assert.match(own.script, /SUGGESTED, not in the metabase[^]*\r\n# New-AcceptedDomain -Name 'contoso\.com'/);
  const conf = planTexts([{ name: 'webmail.log', text }], ['contoso.com'], undefined, false, { metabaseDomains: ['contoso.net'] });
  assert.equal(conf.summary.acceptedDomainSource, 'settings');
  assert.deepEqual(conf.summary.acceptedDomains, ['contoso.com']);
  // A setting that misses a proven domain is kept as configured, with a warning that mail to it counts as external.
  const missing = planTexts([{ name: 'webmail.log', text }], ['fabrikam.com']);
  assert.deepEqual(missing.summary.acceptedDomains, ['fabrikam.com']);
  assert.match(missing.warnings.find((w) => w.code === 'accepted-domain-not-configured')!.message, /contoso\.com \(sender domain of 3 of 6 messages/);
  assert.ok(!codes(conf).includes('accepted-domain-not-configured'));
});

test('item 2: direct delivery to the recipients\u2019 MX is DNS routing, never a smart host for all mail', async () => {
  const app = w3cLog(DAY, [...erp, ...session('09:00:00', '10.20.0.11', 'web', 'web@contoso.com', ['x@fabrikam.com', 'y@tailspin.com'])]);
  // Each hop belongs to its recipients' domain.
  const mx = planTexts([{ name: 'mx.log', text: app + outboundDelivery(DAY, '09:00:05', '203.0.113.10', 'mx1.fabrikam.com', ['x@fabrikam.com']) + outboundDelivery(DAY, '09:00:06', '203.0.113.20', 'mail.tailspin.com', ['y@tailspin.com']) }], ['contoso.com']);
  await checkPlanScript('mx', mx);
  assert.equal(mx.assessment!.outbound.mode, 'direct');
  assert.equal(mx.assessment!.outbound.evidence, 'hops-follow-domains');
  assert.equal(scriptCommands(mx.script).at(-1), "New-SendConnector -Name 'IIS SMTP migration - outbound' -Usage 'Internet' -AddressSpaces '*' -DNSRoutingEnabled $true");
  assert.doesNotMatch(mx.script, /SmartHosts 'mx1\.fabrikam\.com'/);

  // A single hop for a single domain, named after it: still MX delivery.
  const one = planTexts([{ name: 'one.log', text: app + outboundDelivery(DAY, '09:00:05', '203.0.113.10', 'mx1.fabrikam.com', ['x@fabrikam.com']) }], ['contoso.com']);
  assert.equal(one.assessment!.outbound.evidence, 'hops-follow-domains');
  assert.doesNotMatch(one.script, /-SmartHosts/);

  // One hop carrying many recipient domains: a smart host.
  const smart = planTexts([{ name: 'sh.log', text: app + outboundDelivery(DAY, '09:00:05', '198.51.100.7', 'relay.isp.net', ['x@fabrikam.com', 'y@tailspin.com', 'z@adatum.com']) }], ['contoso.com']);
  await checkPlanScript('smart', smart);
  assert.equal(smart.assessment!.outbound.evidence, 'one-hop-many-domains');
  assert.match(scriptCommands(smart.script).at(-1)!, /-SmartHosts 'relay\.isp\.net' -DNSRoutingEnabled \$false$/);

  // One hop that is not named after its only domain: the logs cannot tell; DNS routing, smart host commented.
  const unclear = planTexts([{ name: 'u.log', text: app + outboundDelivery(DAY, '09:00:05', '198.51.100.7', 'relay.isp.net', ['x@fabrikam.com']) }], ['contoso.com']);
  await checkPlanScript('unclear', unclear);
  assert.equal(unclear.assessment!.outbound.evidence, 'undetermined');
  assert.match(scriptCommands(unclear.script).at(-1)!, /-DNSRoutingEnabled \$true$/);
  assert.match(unclear.script, /\r\n# New-SendConnector .*-SmartHosts 'relay\.isp\.net' -DNSRoutingEnabled \$false/);
  assert.ok(codes(unclear).includes('outbound-ambiguous'));

  // An Office 365 front end seen for one recipient domain: never its banner name as smart host.
  const exo = planTexts([{ name: 'exo.log', text: app + outboundDelivery(DAY, '09:00:05', '52.101.68.10', 'AM4PEPF00027A5E.mail.protection.outlook.com', ['x@fabrikam.com']) }], ['contoso.com']);
  await checkPlanScript('exo', exo);
  assert.doesNotMatch(exo.script, /-SmartHosts 'am4pepf00027a5e/i);
  assert.equal(exo.assessment!.outbound.mode, 'direct');
  // The same front end for many domains is Exchange Online used as smart host: the tenant's MX host.
  const tenant = planTexts([{ name: 't.log', text: app + outboundDelivery(DAY, '09:00:05', '52.101.68.10', 'AM4PEPF00027A5E.mail.protection.outlook.com', ['x@fabrikam.com', 'y@tailspin.com']) }], ['contoso.com']);
  await checkPlanScript('tenant', tenant);
  assert.match(scriptCommands(tenant.script).at(-1)!, /-SmartHosts 'contoso-com\.mail\.protection\.outlook\.com'/);
});

test('item 3: no relay right without a proven RCPT to a non-accepted domain; unknown recipients go to review', async () => {
  // cs-uri-query not logged: nobody knows where the mail went.
  const noQuery = ['#Software: Microsoft Internet Information Services 6.0', '#Fields: date time c-ip cs-username s-ip cs-method sc-status cs-bytes'];
  for (const [verb, status] of [['EHLO', 250], ['MAIL', 250], ['RCPT', 250], ['DATA', 250], ['QUIT', 240]] as const) noQuery.push(`${DAY} 08:00:00 10.20.0.30 app 10.1.1.25 ${verb} ${status} 100`);
  // A DATA record with no RCPT before it (a malformed session).
  const malformed = w3cLog(DAY, [['08:00:00', '10.20.0.31', 'dev', 'EHLO', '+dev', 250], ['08:00:00', '10.20.0.31', 'dev', 'DATA', '+<1@x>', 250, 500], ['08:00:00', '10.20.0.31', 'dev', 'QUIT', 'dev', 240]]);
  // sc-status not logged: recipients readable, acceptance not proven.
  const noStatus = ['#Software: Microsoft Internet Information Services 6.0', '#Fields: date time c-ip cs-username s-ip cs-method cs-uri-query cs-bytes'];
  for (const [verb, q] of [['EHLO', '+web'], ['MAIL', '+FROM:<web@contoso.com>'], ['RCPT', '+TO:<x@fabrikam.com>'], ['DATA', '-'], ['QUIT', '-']]) noStatus.push(`${DAY} 09:00:00 10.20.0.32 web 10.1.1.25 ${verb} ${q} 100`);
  const r = planTexts(
    [
      { name: 'noquery.log', text: noQuery.join('\r\n') + '\r\n' },
      { name: 'malformed.log', text: malformed },
      { name: 'nostatus.log', text: noStatus.join('\r\n') + '\r\n' },
    ],
    ['contoso.com'],
  );
  await checkPlanScript('unknown recipients', r);
  for (const ip of ['10.20.0.30', '10.20.0.31', '10.20.0.32']) assert.equal(profile(r, ip).scenario, 'review', ip);
  assert.equal(profile(r, '10.20.0.30').verdict!.path, 'review');
  assert.equal(profile(r, '10.20.0.30').unknownRecipientMessages, 1);
  assert.deepEqual(profile(r, '10.20.0.32').unconfirmedRecipientDomains, [{ key: 'fabrikam.com', count: 1 }]);
  assert.doesNotMatch(r.script, /Accept-Any-Recipient|to external domains: \(none\)/);
  assert.equal(grantedRanges(r.script), '');
  assert.match(r.script, /Applications to review[^]*10\.20\.0\.30[^]*no readable recipient \(cs-uri-query not logged/);
  assert.match(r.script, /sc-status not logged, acceptance not proven\): fabrikam\.com/);
  assert.ok(codes(r).includes('recipients-unknown'));
});

test('item 4: CIDR rounding never covers a refused address, and says what each block adds', async () => {
  const rows: Rows = [
    ...session('08:00:00', '10.0.0.1', 'a', 'a@contoso.com', ['x@fabrikam.com']),
    ...session('08:01:00', '10.0.0.3', 'b', 'b@contoso.com', ['y@fabrikam.com']),
    ['08:02:00', '10.0.0.2', 'c', 'EHLO', '+c', 250],
    ['08:02:00', '10.0.0.2', 'c', 'MAIL', '+FROM:<c@contoso.com>', 250],
    ['08:02:00', '10.0.0.2', 'c', 'RCPT', '+TO:<z@fabrikam.com>', 550],
    ['08:02:00', '10.0.0.2', 'c', 'QUIT', 'c', 240],
  ];
  const r = planTexts([{ name: 'cidr.log', text: w3cLog(DAY, rows) }], ['contoso.com'], undefined, true);
  await checkPlanScript('cidr', r);
  assert.equal(profile(r, '10.0.0.2').category, 'relay-denied');
  assert.equal(grantedRanges(r.script), "'10.0.0.1','10.0.0.3'");
  // Without the refused host in between, the block is allowed and its cost is stated.
  const clean = planTexts([{ name: 'cidr.log', text: w3cLog(DAY, rows.slice(0, 10)) }], ['contoso.com'], undefined, true);
  assert.equal(grantedRanges(clean.script), "'10.0.0.0/30'");
  assert.match(clean.warnings.find((w) => w.code === 'cidr-widened')!.message, /10\.0\.0\.0\/30 adds 2 address\(es\) never seen \(2 seen\)/);
});

test('item 5: IPv6 applications get an IPv6 listener; a zone index is dropped and said so', async () => {
  const text = w3cLog(DAY, [...session('08:00:00', 'fd00:10::25', 'v6app', 'v6@contoso.com', ['x@fabrikam.com']), ...session('08:01:00', 'fe80::1%25eth0', 'lan', 'lan@contoso.com', ['y@fabrikam.com'])]);
  const r = planTexts([{ name: 'v6.log', text }], ['contoso.com']);
  await checkPlanScript('ipv6', r);
  const relay = scriptCommands(r.script).find((l) => l.includes("'IIS SMTP migration - anonymous relay' -Usage"))!;
  assert.match(relay, /-Bindings '0\.0\.0\.0:25','\[::\]:25' /);
  assert.match(relay, /-RemoteIPRanges 'fd00:10::25','fe80::1' /);
  assert.doesNotMatch(scriptCommands(r.script).join('\n'), /%/);
  assert.equal(profile(r, 'fe80::1').zoneDropped, true);
  assert.ok(codes(r).includes('ipv6-listener'));
  assert.match(r.warnings.find((w) => w.code === 'zone-dropped')!.message, /fe80::1/);
  // IPv4 only: IPv4 listener only.
  const v4 = planTexts([{ name: 'v4.log', text: w3cLog(DAY, session('08:00:00', '10.0.0.9', 'a', 'a@contoso.com', ['x@fabrikam.com'])) }], ['contoso.com']);
  assert.match(scriptCommands(v4.script)[1]!, /-Bindings '0\.0\.0\.0:25' /);
});

test('item 6: a large-attachment scanner raises the transport limits; the source of the limit is stated', async () => {
  const MB = 1024 * 1024;
  const scanner = session('08:00:00', '10.20.0.40', 'scanner', 'scans@contoso.com', ['alice@contoso.com'], { size: 34 * MB + 5 });
  const r = planTexts([{ name: 'scan.log', text: w3cLog(DAY, [...erp, ...scanner]) }], ['contoso.com']);
  await checkPlanScript('scanner', r);
  assert.ok(scriptCommands(r.script).includes('Set-TransportConfig -MaxReceiveSize 36700160 -MaxSendSize 36700160'));
  assert.match(r.script, /Needed: 35MB \(largest message seen 34 MB from 10\.20\.0\.40/);
  assert.ok(codes(r).includes('message-size'));
  // A relaying application with a bigger message needs the receive and send connectors raised too; the
  // metabase limit wins when it is larger than anything seen.
  const big = session('08:00:00', '10.20.0.41', 'big', 'big@contoso.com', ['x@fabrikam.com'], { size: 40 * MB });
  const out = outboundDelivery(DAY, '08:00:05', '198.51.100.7', 'relay.isp.net', ['x@fabrikam.com', 'y@tailspin.com']);
  const rb = planTexts([{ name: 'big.log', text: w3cLog(DAY, big) + out }], ['contoso.com'], undefined, false, { metabaseMaxMessageSize: 50 * MB });
  await checkPlanScript('big', rb);
  const cmds = scriptCommands(rb.script);
  assert.match(cmds.find((l) => l.startsWith('New-ReceiveConnector'))!, /-MaxMessageSize 52428800 /);
  assert.match(cmds.at(-1)!, /-MaxMessageSize 52428800$/);
  assert.ok(cmds.includes('Set-TransportConfig -MaxReceiveSize 52428800 -MaxSendSize 52428800'));
  assert.match(rb.script, /IIS MaxMessageSize 50 MB \(metabase\); the limit follows the IIS limit/);
  // Small messages: no change, and the script says why.
  const small = planTexts([{ name: 's.log', text: w3cLog(DAY, erp) }], ['contoso.com']);
  assert.ok(!scriptCommands(small.script).some((l) => l.startsWith('Set-TransportConfig')));
  assert.match(small.script, /Edge defaults \(10 MB transport/);
});

test('item 8: an application on the IIS server itself (c-ip = s-ip) is local, not a public source', async () => {
  const text = w3cLog(DAY, session('08:00:00', '198.51.100.25', 'web', 'web@contoso.com', ['x@fabrikam.com']), '198.51.100.25');
  const r = planTexts([{ name: 'self.log', text }], ['contoso.com']);
  await checkPlanScript('self', r);
  const p = profile(r, '198.51.100.25');
  assert.equal(p.origin, 'local');
  assert.equal(p.category, 'application');
  assert.equal(r.summary.publicSources, 0);
  assert.equal(r.summary.applications, 1);
  assert.match(r.script, /Applications on the IIS server itself[^]*198\.51\.100\.25[^]*c-ip = s-ip/);
  assert.doesNotMatch(r.script, /possible abuse\)\r\n# -+\r\n#   198/);
  assert.ok(codes(r).includes('on-server'));
});

test('item 9: an Internet host that authenticated and relayed is stolen credentials, never granted', async () => {
  const text = w3cLog(DAY, [...erp, ...session('08:30:00', '203.0.113.66', 'x', 'ceo@contoso.com', ['v1@victim.com', 'v2@other.com'], { auth: 'LOGIN' })]);
  const r = planTexts([{ name: 'stolen.log', text }], ['contoso.com']);
  await checkPlanScript('stolen', r);
  assert.equal(profile(r, '203.0.113.66').internetTraffic, 'stolen-credentials');
  assert.equal(profile(r, '203.0.113.66').category, 'public');
  assert.match(r.warnings.find((w) => w.code === 'stolen-credentials')!.message, /stolen credentials used for spam/);
  assert.doesNotMatch(grantedRanges(r.script), /203\.0\.113\.66/);
  assert.match(r.script, /AUTHENTICATED from the Internet and relayed to external domains/);
});

test('item 10: ordinary inbound Internet mail is inbound mail, not abuse', async () => {
  const text = w3cLog(DAY, [...erp, ...session('08:30:00', '192.0.2.80', 'mx.partner.com', 'a@partner.com', ['b@contoso.com'])]);
  const r = planTexts([{ name: 'inbound.log', text }], ['contoso.com']);
  await checkPlanScript('inbound', r);
  assert.equal(profile(r, '192.0.2.80').category, 'inbound');
  assert.equal(r.summary.inboundSources, 1);
  assert.equal(r.summary.publicSources, 0);
  assert.ok(codes(r).includes('inbound-mail'));
  assert.ok(!codes(r).includes('public-sources'));
  assert.match(r.script, /Inbound Internet mail to accepted domains \(the IIS server is also an MX: normal, not abuse\)[^]*192\.0\.2\.80/);
});

test('item 12: a partial assessment says so in the script header and the reports; the scope is named', async () => {
  const r = planTexts([{ name: 'ex261102.log', text: w3cLog(DAY, erp), ranges: [{ start: { line: 4, character: 0 }, end: { line: 12, character: 0 } }] }], ['contoso.com'], undefined, false, { partial: ['the read was cancelled before every file was assessed'] });
  await checkPlanScript('partial', r);
  const lines = r.script.split('\r\n');
  assert.equal(lines[1], '# PARTIAL ASSESSMENT: the read was cancelled before every file was assessed.');
  assert.match(r.script, /#   ex261102\.log \(lines 5-12\): \d+ records 2026-11-02 to 2026-11-02/);
  assert.match(r.script, /# Period: 2026-11-02T08:00:00Z to /);
  assert.ok(codes(r).includes('partial'));
  const md = toMarkdown(r.assessment!);
  assert.match(md, /PARTIAL ASSESSMENT: the read was cancelled/);
  assert.match(md, /Scope: ex261102\.log \\\(lines 5-12\\\)/);
  assert.match(toTextTable(r.assessment!), /^PARTIAL ASSESSMENT[^\n]*\nScope: ex261102\.log \(lines 5-12\)/);
  // A complete run says nothing of the kind.
  const whole = planTexts([{ name: 'ex261102.log', text: w3cLog(DAY, erp) }], ['contoso.com']);
  assert.doesNotMatch(whole.script + toMarkdown(whole.assessment!), /PARTIAL/);
});

test('an unreadable file makes the assessment partial', async () => {
  const { acc } = await assessPathsInPool([{ path: '/nonexistent/ex.log', label: 'ex.log', size: 0, error: 'not found' }], {}, 1);
  const a = finalizeAssessment(acc, { acceptedDomains: [] });
  assert.deepEqual(a.summary.partial, ['1 file(s) could not be read']);
});

test('issue 11: Basic SMTP AUTH to Exchange Online client submission is replaced by the tenant MX on port 25', async () => {
  const line = (time: string, kind: 'Command' | 'Response', verb: string, arg: string): string => `${DAY} ${time} 52.97.1.10 OutboundConnection${kind} SMTPSVC1 RELAY01 - 587 ${verb} - ${arg} 0 0 30 0 0 SMTP - - -`;
  const records: [kind: 'Command' | 'Response', verb: string, arg: string][] = [
    ['Response', '-', '220+AM0PR01CA0001.outlook.office365.com+Microsoft+ESMTP+MAIL+Service+ready'],
    ['Command', 'EHLO', 'relay01.contoso.com'],
    ['Command', 'STARTTLS', '-'],
    ['Response', '-', '220+2.0.0+SMTP+server+ready'],
    ['Command', 'AUTH', 'LOGIN'],
    ['Response', '-', '235+2.7.0+Authentication+successful'],
    ['Command', 'MAIL', 'FROM:<erp@contoso.com>'],
    ['Command', 'RCPT', 'TO:<ap@contoso.com>'],
    ['Response', '-', '250+OK'],
    ['Command', 'DATA', '-'],
    ['Response', '-', '250+queued'],
    ['Command', 'QUIT', '-'],
    ['Response', '-', '221+bye'],
  ];
  const submission = records.map(([kind, verb, arg]) => line('08:00:05', kind, verb, arg)).join('\r\n') + '\r\n';
  const r = planTexts([{ name: 'exo587.log', text: w3cLog(DAY, erp) + submission }], ['contoso.com']);
  await checkPlanScript('exo 587', r);
  const o = r.assessment!.outbound;
  assert.equal(o.evidence, 'exo-submission');
  assert.match(o.exchangeOnlineBasicAuth!.evidence, /1 AUTH LOGIN\/PLAIN command\(s\) to am0pr01ca0001\.outlook\.office365\.com on port 587/);
  const send = scriptCommands(r.script).at(-1)!;
  assert.match(send, /-SmartHosts 'contoso-com\.mail\.protection\.outlook\.com' -DNSRoutingEnabled \$false -RequireTLS \$true/);
  assert.doesNotMatch(r.script, /office365\.com'|AuthenticationCredential|SmartHostAuthMechanism/);
  assert.match(r.warnings.find((w) => w.code === 'exo-basic-auth')!.message, /end of December 2026/);
  assert.match(r.script, /New-InboundConnector -Name \(name\) -ConnectorType OnPremises/);
  assert.match(r.script, /~all/);
  assert.match(toMarkdown(r.assessment!), /Exchange Online Basic SMTP AUTH dependency/);
  // The same dependency named by the metabase smart host.
  const mb = planTexts([{ name: 'x.log', text: w3cLog(DAY, erp) }], ['contoso.com'], 'smtp.office365.com');
  await checkPlanScript('exo metabase', mb);
  assert.match(scriptCommands(mb.script).at(-1)!, /-SmartHosts 'contoso-com\.mail\.protection\.outlook\.com'/);
  assert.ok(mb.warnings.some((w) => w.code === 'exo-basic-auth'));
});

test('issue 11: each application gets an evidence-based migration path in the assessment JSON', () => {
  const early = w3cLog('2026-08-01', [...session('08:00:00', '10.40.0.1', 'old', 'old@contoso.com', ['x@fabrikam.com']), ...erp]);
  const late = w3cLog('2026-10-20', [...erp, ...session('09:00:00', '10.40.0.2', 'crm', 'crm@contoso.com', ['b@fabrikam.com'], { auth: 'LOGIN', tls: true })]);
  const r = planTexts([{ name: 'ex260801.log', text: early }, { name: 'ex261020.log', text: late }], ['contoso.com']);
  assert.deepEqual(profile(r, '10.40.0.1').verdict!.path, 'retire');
  assert.match(profile(r, '10.40.0.1').verdict!.reason, /not seen for 80 days before the end of 80 days of logs/);
  assert.deepEqual(profile(r, '10.20.0.10').verdict, { path: 'relay-through-edge', reason: 'sends only to accepted domains; the generated connectors carry it', alternatives: ['hve'] });
  assert.deepEqual(profile(r, '10.40.0.2').verdict!.alternatives, ['oauth-smtp-auth']);
  assert.match(JSON.parse(r.exports!.json).sources[0].verdict.path, /^(relay-through-edge|retire)$/);
  // A short capture proves nothing about silence; unknown recipients are for review.
  const short = planTexts([{ name: 'x.log', text: early }], ['contoso.com']);
  assert.equal(profile(short, '10.40.0.1').verdict!.path, 'relay-through-edge');
});
