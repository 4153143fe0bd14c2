// Predicted Exchange Online rejections per application (issue 11): 550 5.7.64 for relayed mail sent as a domain
// that is not accepted on the plan's route to Exchange Online, 550 5.7.68 for accepted-domain mail that reaches
// the tenant MX endpoint without a connector (or would, on the Direct Send alternative), and 4.7.230/5.7.230
// never predicted (no version evidence), said once. Positive and negative cases; every log here is synthetic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv, toMarkdown, toTextTable } from '../../server/src/assessment/formats';
import { NOT_PREDICTED } from '../../server/src/assessment/exoRejections';
import type { ConnectorPlanResult, PredictedRejection } from '../../server/src/protocol/assessment';
import { checkPlanScript, outboundDelivery, planTexts, session, w3cLog } from '../helpers/assessmentHelpers';

const DAY = '2026-11-02';
const TENANT_MX = 'contoso-com.mail.protection.outlook.com';

function rejections(r: ConnectorPlanResult, address: string): PredictedRejection[] {
  const p = r.assessment!.sources.find((s) => s.address === address);
  assert.ok(p, `no profile for ${address}`);
  return p.exoRejections ?? [];
}
const codes = (r: ConnectorPlanResult, address: string): string[] => rejections(r, address).map((x) => `${x.code} ${x.applies}`);

/** Applications of one day, and IIS relaying everything through one next hop (a smart host). */
function viaSmartHost(banner: string): string {
  return (
    w3cLog(DAY, [
      // A scanner sending as a vendor domain to a partner: relayed mail whose MAIL FROM domain is not accepted.
      ...session('08:00:00', '10.20.0.30', 'scan01', 'scanner@tailspin.net', ['orders@partner.org']),
      ...session('08:05:00', '10.20.0.30', 'scan01', 'scanner@tailspin.net', ['orders@partner.org', 'ap@contoso.com']),
      // A CRM sending as the organisation to a partner: relayed, but the sender domain is accepted.
      ...session('08:10:00', '10.20.0.40', 'crm01', 'crm@contoso.com', ['sales@partner.org']),
      // A monitor sending as a vendor domain, but only to accepted domains: not relayed.
      ...session('08:20:00', '10.20.0.50', 'mon01', 'alerts@tailspin.net', ['ops@contoso.com']),
      // Bounces (null sender) relayed to a partner.
      ...session('08:30:00', '10.20.0.60', 'app01', '', ['x@partner.org']),
      // An ERP sending as the organisation to its own mailboxes only.
      ...session('08:40:00', '10.20.0.10', 'erp01', 'erp@contoso.com', ['ap@contoso.com']),
    ]) + outboundDelivery(DAY, '08:50:00', '52.101.68.2', banner, ['orders@partner.org', 'ap@contoso.com', 'ops@contoso.com'])
  );
}

test('5.7.64: relayed mail sent as a domain that is not accepted, on the route to Exchange Online, with its evidence', async () => {
  const r = planTexts([{ name: 'exo.log', text: viaSmartHost(TENANT_MX) }], ['contoso.com']);
  assert.equal(r.assessment!.outbound.mode, 'smart-host');
  assert.equal(r.assessment!.outbound.smartHost, TENANT_MX);
  const [scanner] = rejections(r, '10.20.0.30');
  assert.equal(scanner?.code, '5.7.64');
  assert.equal(scanner.applies, 'plan');
  assert.match(scanner.reply, /^550 5\.7\.64 TenantAttribution; Relay Access Denied$/);
  assert.match(scanner.evidence, /^sends as tailspin\.net to partner\.org \(2\): that MAIL FROM domain is not among the configured accepted domains \(contoso\.com\)$/);
  assert.match(scanner.condition, /send connector to contoso-com\.mail\.protection\.outlook\.com/);
  assert.match(scanner.condition, /by IP address, or by a certificate whose name is not an accepted domain/);
  assert.match(scanner.action, /accepted domain/);
  // Null-sender mail can only be relayed by the certificate path.
  assert.deepEqual(codes(r, '10.20.0.60'), ['5.7.64 plan']);
  assert.match(rejections(r, '10.20.0.60')[0]!.evidence, /with a null sender \(<>\) to partner\.org \(1\)/);
  // Negative: an accepted sender domain relaying, and a vendor domain sending only to accepted domains.
  assert.deepEqual(codes(r, '10.20.0.40'), []);
  assert.ok(!codes(r, '10.20.0.50').includes('5.7.64 plan'));
  // The generated script still passes the connector language, and its review notes carry the predictions.
  await checkPlanScript('exo-5.7.64', r);
  assert.match(r.script, /# {3}\[exo-tenant-attribution\] 2 application\(s\) predicted to get 550 5\.7\.64 TenantAttribution; Relay Access Denied: relayed mail, after the cut-over/);
  assert.match(r.script, /# {3}\[exo-tenant-attribution\] 10\.20\.0\.30 sends as tailspin\.net to partner\.org \(2\)/);
});

test('5.7.64 names inferred accepted domains as a guess, and is not predicted off the Exchange Online route', () => {
  // More ERP mail makes contoso.com the domain most messages are sent from, so it is the one inferred.
  const erp = [1, 2, 3, 4].flatMap((i) => session(`09:0${i}:00`, '10.20.0.10', 'erp01', 'erp@contoso.com', ['ap@contoso.com']));
  const inferred = planTexts([{ name: 'exo.log', text: viaSmartHost(TENANT_MX) + w3cLog(DAY, erp) }]);
  assert.deepEqual(inferred.summary.acceptedDomains, ['contoso.com']);
  assert.equal(inferred.summary.acceptedDomainSource, 'inferred');
  assert.match(rejections(inferred, '10.20.0.30')[0]!.evidence, /accepted domains inferred from the logs \(contoso\.com; a guess until you confirm them\)/);
  // IIS relayed through a smart host that is not Exchange Online: the Edge will too, so no relay rule applies.
  const other = planTexts([{ name: 'relay.log', text: viaSmartHost('smtp.relay-provider.net') }], ['contoso.com']);
  assert.equal(other.assessment!.outbound.smartHost, 'smtp.relay-provider.net');
  for (const a of ['10.20.0.30', '10.20.0.60']) assert.deepEqual(codes(other, a), []);
  assert.equal(other.summary.exoRejections, undefined);
});

test('5.7.68 on the Direct Send alternative: accepted-domain senders whose verdict offers Direct Send', () => {
  const r = planTexts([{ name: 'exo.log', text: viaSmartHost(TENANT_MX) }], ['contoso.com']);
  // The ERP sends only to accepted domains as contoso.com: Direct Send is an alternative, and Reject Direct Send would refuse it.
  assert.ok(r.assessment!.sources.find((s) => s.address === '10.20.0.10')!.verdict!.alternatives.includes('direct-to-exo'));
  const [erp] = rejections(r, '10.20.0.10');
  assert.equal(erp?.code, '5.7.68');
  assert.equal(erp.applies, 'alternative');
  assert.match(erp.evidence, /^sends as contoso\.com to contoso\.com \(1\), in the configured accepted domains \(contoso\.com\); the next hop today is Exchange Online \(contoso-com\.mail\.protection\.outlook\.com\)$/);
  // Negative: the monitor also only sends internally, but as a domain that is not accepted: Reject Direct Send does not apply.
  assert.deepEqual(codes(r, '10.20.0.50'), []);
  const s = r.summary.exoRejections!;
  assert.deepEqual(s.byCode, [{ key: '5.7.64', count: 2 }, { key: '5.7.68', count: 1 }]);
  assert.equal(s.planApplications, 2);
  assert.equal(s.alternativeApplications, 1);
});

/** IIS delivering by DNS: contoso.com to the tenant's MX endpoint, fabrikam.org to its own MX. */
function byDns(contosoHop: string): string {
  return (
    w3cLog(DAY, [
      ...session('08:00:00', '10.20.0.10', 'erp01', 'erp@contoso.com', ['ap@contoso.com']),
      ...session('08:01:00', '10.20.0.10', 'erp01', 'erp@contoso.com', ['ap@contoso.com']),
      ...session('08:10:00', '10.20.0.20', 'web01', 'web@contoso.com', ['orders@fabrikam.org']),
      ...session('08:20:00', '10.20.0.30', 'scan01', 'scanner@tailspin.net', ['ap@contoso.com']),
    ]) +
    outboundDelivery(DAY, '08:30:00', '52.101.68.2', contosoHop, ['ap@contoso.com']) +
    outboundDelivery(DAY, '08:31:00', '198.51.100.25', 'mx.fabrikam.org', ['orders@fabrikam.org'])
  );
}

test('5.7.68 on the plan: the Edge will deliver by DNS to the tenant MX endpoint IIS used, with no connector', async () => {
  const r = planTexts([{ name: 'dns.log', text: byDns(TENANT_MX) }], ['contoso.com']);
  assert.equal(r.assessment!.outbound.mode, 'direct');
  const [erp] = rejections(r, '10.20.0.10');
  assert.equal(`${erp?.code} ${erp?.applies}`, '5.7.68 plan');
  assert.match(erp!.evidence, /^sends as contoso\.com to contoso\.com \(2\), in the configured accepted domains \(contoso\.com\); IIS delivered those recipient domains to contoso-com\.mail\.protection\.outlook\.com \(52\.101\.68\.2\)$/);
  assert.match(erp!.condition, /Reject Direct Send is turned on \(Set-OrganizationConfig -RejectDirectSend \$true, opt-in\)/);
  // Negative: mail to a domain delivered elsewhere, and a sender domain that is not accepted.
  assert.deepEqual(codes(r, '10.20.0.20'), []);
  assert.deepEqual(codes(r, '10.20.0.30'), []);
  await checkPlanScript('exo-5.7.68', r);
  assert.match(r.script, /\[exo-reject-direct-send\] 10\.20\.0\.10 sends as contoso\.com to contoso\.com \(2\)/);

  // No Exchange Online MX next hop (contoso.com's own MX): no 5.7.68, and nothing about Exchange Online at all.
  const onPrem = planTexts([{ name: 'dns.log', text: byDns('mail.contoso.com') }], ['contoso.com']);
  assert.equal(onPrem.assessment!.outbound.mode, 'direct');
  for (const a of ['10.20.0.10', '10.20.0.20', '10.20.0.30']) assert.deepEqual(codes(onPrem, a), []);
  assert.equal(onPrem.summary.exoRejections, undefined);
  assert.ok(!onPrem.warnings.some((w) => w.code.startsWith('exo-')));
});

test('4.7.230/5.7.230 is never predicted: said once, in every output format and in the script', () => {
  const r = planTexts([{ name: 'exo.log', text: viaSmartHost(TENANT_MX) }], ['contoso.com']);
  const a = r.assessment!;
  assert.deepEqual(a.summary.exoRejections!.notes, [NOT_PREDICTED.outOfDateServer]);
  assert.ok(a.sources.every((p) => (p.exoRejections ?? []).every((x) => x.code !== '4.7.230' && x.code !== '5.7.230')));
  const once = (text: string): void => assert.equal(text.split('is not predicted: these IIS logs name no Exchange server version').length - 1, 1, text);
  once(toTextTable(a));
  once(toMarkdown(a));
  once(r.script);
  once(JSON.stringify(a));
});

test('no accepted domain known: nothing is predicted, and the summary says why', () => {
  // Only vendor and webmail sender domains: none can be inferred.
  const text =
    w3cLog(DAY, [...session('08:00:00', '10.20.0.30', 'scan01', 'scanner@gmail.com', ['a@partner.org']), ...session('08:01:00', '10.20.0.30', 'scan01', 'scanner@gmail.com', ['b@fabrikam.org'])]) +
    outboundDelivery(DAY, '08:50:00', '52.101.68.2', TENANT_MX, ['a@partner.org', 'b@fabrikam.org']);
  const r = planTexts([{ name: 'none.log', text }]);
  assert.equal(r.summary.acceptedDomainSource, 'none');
  assert.deepEqual(codes(r, '10.20.0.30'), []);
  assert.ok(r.summary.exoRejections!.notes.includes(NOT_PREDICTED.noAcceptedDomain));
});

test('every output format shows the predictions per application with their evidence', () => {
  const r = planTexts([{ name: 'exo.log', text: viaSmartHost(TENANT_MX) }], ['contoso.com']);
  const a = r.assessment!;
  const text = toTextTable(a);
  assert.match(text, /Predicted Exchange Online rejections: 2 application\(s\) on the plan's route, 1 more only if moved to Direct Send; applications by code: 5\.7\.64 \(2\), 5\.7\.68 \(1\)\./);
  assert.match(text, /10\.20\.0\.30: 550 5\.7\.64\. Evidence: sends as tailspin\.net to partner\.org \(2\)/);
  assert.match(text, /10\.20\.0\.10: 550 5\.7\.68 if moved to Direct Send\. Evidence: sends as contoso\.com/);
  const csv = toCsv(a).split('\r\n');
  const header = csv[0]!.split('","');
  const col = header.findIndex((h) => h.replace(/"/g, '') === 'Predicted Exchange Online rejections');
  assert.ok(col > 0);
  const scannerRow = csv.find((l) => l.startsWith('"10.20.0.30"'))!;
  assert.match(scannerRow, /"550 5\.7\.64","5\.7\.64: sends as tailspin\.net to partner\.org \(2\)/);
  const md = toMarkdown(a);
  assert.match(md, /^## Exchange Online rejections$/m);
  assert.match(md, /^- 10\.20\.0\.30: 550 5\.7\.64\. Evidence: sends as tailspin\.net to partner\.org \\\(2\\\)/m);
  assert.match(md, /\| Predicted Exchange Online rejections \|/);
  assert.doesNotMatch(md, /\| Rejection evidence \|/);
  const json = JSON.parse(r.exports!.json) as typeof a;
  assert.equal(json.sources.find((s) => s.address === '10.20.0.30')!.exoRejections![0]!.code, '5.7.64');
  assert.equal(json.summary.exoRejections!.planApplications, 2);
});

test('without sc-status no delivery is proven: nothing is predicted, and the summary says so instead of "none"', () => {
  const full = viaSmartHost(TENANT_MX);
  // The same log as IIS writes it when sc-status is not selected for logging.
  let drop = -1;
  const text = full
    .split('\r\n')
    .map((line) => {
      const fields = line.split(' ');
      if (line.startsWith('#Fields:')) drop = fields.indexOf('sc-status');
      else if (line.startsWith('#') || line === '') return line;
      return [...fields.slice(0, drop), ...fields.slice(drop + 1)].join(' ');
    })
    .join('\r\n');
  assert.ok(drop > 0, 'the fixture logs sc-status');
  const r = planTexts([{ name: 'nostatus.log', text }], ['contoso.com']);
  assert.deepEqual(codes(r, '10.20.0.30'), []);
  const notes = r.summary.exoRejections?.notes ?? [];
  assert.ok(
    notes.some((n) => n.startsWith('5.7.64 and 5.7.68 are not predicted for ') && n.includes('do not prove')),
    `notes: ${JSON.stringify(notes)}`,
  );
});
