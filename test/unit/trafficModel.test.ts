// One traffic model (issue 9): the editor's rules, the CodeLens, the report and the script read the same
// answers to "is this source internal", "was this delivered", "which domains are accepted". Also the editor
// side of issue 10 (items 7-11). All logs here are synthetic.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AssessmentAccumulator } from '../../server/src/assessment/accumulator';
import { assessmentCodeLenses } from '../../server/src/assessment/codeLens';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { assessText, expandPaths } from '../../server/src/assessment/sources';
import { assessPathsInPool } from '../../server/src/cli/assessInPool';
import { fieldByName } from '../../server/src/smtpLog/catalog';
import { logDiagnostics } from '../../server/src/smtpLog/service';
import { checkLogFile } from '../../server/src/smtpLog/fileCheck';
import { addEvidence, sessionDomainEvidence, type DomainEvidence } from '../../server/src/traffic/domains';
import { sourceOrigin } from '../../server/src/traffic/source';
import { assessTexts, session, w3cLog } from '../helpers/assessmentHelpers';
import { logDoc, settings } from '../helpers/logDoc';
import { generateLogs } from '../helpers/logGenerator';

const DAY = '2026-11-02';

/** A log without sc-status: two applications, three messages, sent as contoso.com. */
function withoutStatus(): string {
  const lines = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Fields: date time c-ip cs-username s-ip cs-method cs-uri-query cs-bytes'];
  const send = (time: string, ip: string, from: string, to: string): void => {
    for (const [verb, q] of [['EHLO', '+app'], ['MAIL', `+FROM:<${from}>`], ['RCPT', `+TO:<${to}>`], ['DATA', '-'], ['QUIT', '-']]) lines.push(`${DAY} ${time} ${ip} app 10.1.1.25 ${verb} ${q} 1200`);
  };
  send('08:00:00', '10.7.0.1', 'erp@contoso.com', 'ap@contoso.com');
  send('08:05:00', '10.7.0.1', 'erp@contoso.com', 'ap@contoso.com');
  send('08:10:00', '10.7.0.2', 'scan@contoso.com', 'bob@contoso.com');
  return lines.join('\r\n') + '\r\n';
}

async function fromDisk(name: string, text: string): Promise<ReturnType<typeof finalizeAssessment>> {
  const dir = mkdtempSync(join(tmpdir(), 'traffic-'));
  try {
    writeFileSync(join(dir, name), text, 'latin1');
    const { acc } = await assessPathsInPool(await expandPaths([dir]), {}, 1);
    return finalizeAssessment(acc, { acceptedDomains: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('CodeLens = report = assessment totals, on a log without sc-status and on a generated log', async () => {
  const generated = generateLogs({ start: DAY, days: 1, seed: 11 }).files[0]!.text;
  for (const [name, text] of [
    ['ex261102.log', withoutStatus()],
    ['generated.log', generated],
  ] as const) {
    const { model } = logDoc(text);
    const lens = assessmentCodeLenses(model.sessions().sessions, settings(), 'file:///x.log')[0]!.command!.title;
    const report = assessTexts([{ name, text }]).summary;
    const disk = (await fromDisk(name, text)).summary;
    assert.equal(lens, `${report.applications} application${report.applications === 1 ? '' : 's'} · ${report.messages} messages`, name);
    assert.deepEqual([disk.applications, disk.messages], [report.applications, report.messages], name);
    if (name === 'ex261102.log') assert.deepEqual([report.applications, report.messages], [2, 3]);
  }
});

test('the editor and the assessment infer the same accepted domains from the same evidence', async () => {
  const text = withoutStatus() + w3cLog(DAY, [['09:00:00', '10.7.0.3', 'p', 'EHLO', '+p', 250], ['09:00:00', '10.7.0.3', 'p', 'MAIL', '+FROM:<p@gmail.com>', 250], ['09:00:00', '10.7.0.3', 'p', 'RCPT', '+TO:<nobody@contoso.com>', 550], ['09:00:00', '10.7.0.3', 'p', 'QUIT', 'p', 240]]).split('\r\n').slice(3).join('\r\n');
  const { doc, model } = logDoc(text);
  const editorEvidence: DomainEvidence = new Map();
  for (const s of model.sessions().sessions) for (const k of sessionDomainEvidence(s)) addEvidence(editorEvidence, k);
  const acc = new AssessmentAccumulator();
  assessText(acc, 'x.log', text);
  assert.deepEqual(new Map([...acc.domainEvidence].sort()), new Map([...editorEvidence].sort()));
  const a = finalizeAssessment(acc, { acceptedDomains: [] });
  assert.deepEqual(a.summary.acceptedDomains, ['contoso.com']);
  // The editor infers contoso.com too: a 550 for it is an unknown user (SMTPLOG025), not a relay denial.
  const codes = logDiagnostics(model, doc, settings()).map((d) => d.code);
  assert.ok(codes.includes('SMTPLOG025'), codes.join());
  assert.ok(!codes.includes('SMTPLOG020'), codes.join());
  assert.equal(a.sources.find((s) => s.address === '10.7.0.3')!.rejectedRecipients, 1);
  // And so does the CLI check, streamed from disk.
  const dir = mkdtempSync(join(tmpdir(), 'traffic-'));
  try {
    writeFileSync(join(dir, 'x.log'), text);
    const checked = await checkLogFile(join(dir, 'x.log'), { acceptedDomains: [], maxProblems: 100 });
    assert.deepEqual(checked.problems.filter((p) => p.code.startsWith('SMTPLOG02')).map((p) => p.code), ['SMTPLOG025']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('source origin: loopback, local (c-ip = s-ip), internal, public; zone indexes dropped', () => {
  assert.equal(sourceOrigin('127.0.0.1', '10.1.1.25').origin, 'loopback');
  assert.equal(sourceOrigin('10.1.1.25', '10.1.1.25').origin, 'local');
  assert.equal(sourceOrigin('198.51.100.25', '198.51.100.25').origin, 'local');
  assert.equal(sourceOrigin('10.1.1.26', '10.1.1.25').origin, 'internal');
  assert.equal(sourceOrigin('198.51.100.26', '198.51.100.25').origin, 'public');
  assert.equal(sourceOrigin('192.0.2.7', '').origin, 'public');
  assert.deepEqual(sourceOrigin('fe80::1%25eth0', ''), { address: 'fe80::1', addressClass: 'link-local', origin: 'internal', zoneDropped: true });
  assert.equal(sourceOrigin('nonsense', '').origin, 'invalid');
});

function diagnosticCodes(text: string, accepted: string[] = []): string[] {
  const { doc, model } = logDoc(text);
  return logDiagnostics(model, doc, settings({ acceptedDomains: accepted })).map((d) => `${d.range.start.line}:${d.code}`);
}

test('item 7: a 550 for an accepted domain is a rejected recipient, not a relay denial', () => {
  const text = w3cLog(DAY, [
    ['08:00:00', '10.7.0.5', 'app', 'EHLO', '+app', 250],
    ['08:00:00', '10.7.0.5', 'app', 'MAIL', '+FROM:<app@contoso.com>', 250],
    ['08:00:00', '10.7.0.5', 'app', 'RCPT', '+TO:<gone@contoso.com>', 550],
    ['08:00:00', '10.7.0.5', 'app', 'RCPT', '+TO:<x@fabrikam.com>', 550],
    ['08:00:00', '10.7.0.5', 'app', 'QUIT', 'app', 240],
  ]);
  assert.deepEqual(diagnosticCodes(text, ['contoso.com']), ['6:SMTPLOG025', '7:SMTPLOG020']);
  const a = assessTexts([{ name: 'x.log', text }], ['contoso.com']);
  const p = a.sources[0]!;
  assert.deepEqual([p.relayDenials, p.rejectedRecipients, p.category], [1, 1, 'relay-denied']);
  // Only unknown users: not a relay-denied source at all.
  const onlyUsers = assessTexts([{ name: 'x.log', text: text.replace(/\r\n[^\r\n]*x@fabrikam\.com[^\r\n]*/, '') }], ['contoso.com']);
  assert.equal(onlyUsers.sources[0]!.category, 'noise');
  assert.equal(onlyUsers.summary.relayDeniedSources, 0);
});

test('item 8: an application on the IIS server itself is not an open relay (no SMTPLOG023)', () => {
  const self = w3cLog(DAY, session('08:00:00', '198.51.100.25', 'web', 'web@contoso.com', ['x@fabrikam.com']), '198.51.100.25');
  assert.deepEqual(diagnosticCodes(self, ['contoso.com']), []);
  const other = w3cLog(DAY, session('08:00:00', '198.51.100.26', 'web', 'web@contoso.com', ['x@fabrikam.com']), '198.51.100.25');
  assert.deepEqual(diagnosticCodes(other, ['contoso.com']), ['7:SMTPLOG023']);
});

test('item 9: an Internet host that authenticated and relayed is flagged as stolen credentials on the AUTH line', () => {
  const text = w3cLog(DAY, session('08:00:00', '203.0.113.66', 'x', 'ceo@contoso.com', ['v@victim.com'], { auth: 'LOGIN' }));
  const { doc, model } = logDoc(text);
  const diags = logDiagnostics(model, doc, settings({ acceptedDomains: ['contoso.com'] }));
  const stolen = diags.find((d) => d.code === 'SMTPLOG026')!;
  assert.ok(stolen, diags.map((d) => d.code).join());
  assert.equal(stolen.range.start.line, 5);
  assert.match(String(stolen.message), /Stolen credentials\?[^]*compromised account used to send spam[^]*never grant this address anything on the Edge/);
  assert.ok(!diags.some((d) => d.code === 'SMTPLOG023'));
});

test('item 10: inbound Internet mail to an accepted domain raises neither SMTPLOG024 nor SMTPLOG023', () => {
  const inbound = w3cLog(DAY, session('08:00:00', '192.0.2.80', 'mx.partner.com', 'a@partner.com', ['b@contoso.com']));
  assert.deepEqual(diagnosticCodes(inbound, ['contoso.com']), []);
  // An application of the organisation sending as a foreign domain still gets SMTPLOG024.
  const app = w3cLog(DAY, session('08:00:00', '10.7.0.9', 'app', 'a@partner.com', ['b@contoso.com']));
  assert.deepEqual(diagnosticCodes(app, ['contoso.com']), ['5:SMTPLOG024']);
});

test('item 11: date and time are described per format (UTC yyyy-MM-dd in W3C, local M/D/YYYY in the IIS format)', () => {
  const date = fieldByName('date')!;
  assert.match(date.summary, /UTC `yyyy-MM-dd` in W3C/);
  assert.match(date.summary, /local time `M\/D\/YYYY` in the IIS format/);
  assert.match(date.detail, /NCSA: local time with its UTC offset/);
  const time = fieldByName('time')!;
  assert.match(time.summary, /UTC `HH:mm:ss` in W3C logs; server local time/);
  assert.doesNotMatch(date.inbound + date.outbound + time.inbound + time.outbound, /^UTC/);
});

test('issue 11: this server sending AUTH LOGIN to its next hop is flagged on the AUTH line with the December 2026 date', () => {
  const out = (verb: string, arg: string, kind = 'Command'): string => `${DAY} 08:00:05 52.97.1.10 OutboundConnection${kind} SMTPSVC1 RELAY01 - 587 ${verb} - ${arg} 0 0 30 0 0 SMTP - - -`;
  const text = w3cLog(DAY, []) + [out('-', '220+AM0PR01CA0001.outlook.office365.com+ESMTP', 'Response'), out('EHLO', 'relay01.contoso.com'), out('AUTH', 'LOGIN'), out('-', '235+2.7.0+OK', 'Response'), out('QUIT', '-'), out('-', '221+bye', 'Response')].join('\r\n') + '\r\n';
  const { doc, model } = logDoc(text);
  const d = logDiagnostics(model, doc, settings()).find((x) => x.code === 'SMTPLOG027');
  assert.ok(d);
  assert.equal(d.range.start.line, 6);
  assert.equal(doc.getText(d.range), 'LOGIN');
  assert.match(String(d.message), /end of December 2026[^]*mail\.protection\.outlook\.com on port 25/);
});

test('domain evidence counts each recipient domain once per message, in first-seen order, with one recipient or many', () => {
  const rows = [
    ...session('09:00:00', '10.7.0.4', 'app', 'a@contoso.com', ['x@fabrikam.com']),
    ...session('09:00:01', '10.7.0.4', 'app', 'a@contoso.com', ['y@Fabrikam.com', 'z@tailspin.example', 'w@fabrikam.com', 'not-an-address']),
  ];
  const { model } = logDoc(withoutStatus() + w3cLog(DAY, rows).split('\r\n').slice(3).join('\r\n'));
  const keys = model.sessions().sessions.filter((s) => s.clientIp === '10.7.0.4').map((s) => sessionDomainEvidence(s));
  assert.deepEqual(keys, [
    ['#', 's:contoso.com', 'i:fabrikam.com'],
    ['#', 's:contoso.com', 'i:fabrikam.com', 'i:tailspin.example'],
  ]);
});
