// The assessment must reproduce the generator's ground truth exactly, whatever the input path
// (text in memory, files from disk, merged per file), and be deterministic.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { expandPaths } from '../../server/src/assessment/sources';
import { assessPathsInPool } from '../../server/src/cli/assessInPool';
import type { Assessment, SourceProfile } from '../../server/src/protocol/assessment';
import { assessTexts, session, w3cLog } from '../helpers/assessmentHelpers';
import { APPS, generateLogs } from '../helpers/logGenerator';

const { files, truth } = generateLogs({ start: '2026-11-02', days: 9, seed: 7 });
const assessment = assessTexts(files);

function byAddress(a: Assessment, address: string): SourceProfile {
  const p = a.sources.find((s) => s.address === address);
  assert.ok(p, `no profile for ${address}`);
  return p;
}

function countsToRecord(counts: { key: string; count: number }[]): Record<string, number> {
  return Object.fromEntries(counts.map((c) => [c.key, c.count]));
}

test('every generated application is profiled with the exact ground truth', () => {
  for (const app of APPS) {
    const t = truth.apps[app.ip]!;
    const p = byAddress(assessment, app.ip);
    assert.equal(p.category, 'application', app.ip);
    assert.equal(p.messages, t.messages, `${app.ip} messages`);
    assert.deepEqual(countsToRecord(p.messagesPerDay), t.perDay, `${app.ip} per day`);
    assert.deepEqual(countsToRecord(p.senders), t.senders, `${app.ip} senders`);
    const domains = { ...countsToRecord(p.acceptedRecipientDomains), ...countsToRecord(p.externalRecipientDomains) };
    assert.deepEqual(domains, t.recipientDomains, `${app.ip} recipient domains`);
    assert.equal(p.bytes, t.bytes, `${app.ip} bytes`);
    assert.equal(p.sessions, t.sessions, `${app.ip} sessions`);
    assert.deepEqual(p.heloNames, [app.helo]);
    assert.equal(p.usedHelo, !app.ehlo);
    assert.equal(p.tlsSessions, app.tls ? t.sessions : 0);
    assert.deepEqual(p.authMechanisms, app.auth === 'none' ? [] : [app.auth]);
    assert.deepEqual(p.authentication, app.auth === 'none' ? ['none'] : [app.auth === 'NTLM' ? 'integrated' : 'basic']);
  }
  assert.equal(assessment.summary.messages, truth.messages);
  assert.equal(assessment.summary.applications, APPS.length);
});

test('scenarios follow the playbook: internal-only, authenticated, anonymous relay', () => {
  const scenario = (ip: string): string | undefined => byAddress(assessment, ip).scenario;
  assert.equal(scenario('10.1.20.15'), 'internal-only');
  assert.equal(scenario('10.1.30.7'), 'internal-only');
  assert.equal(scenario('10.1.40.21'), 'anonymous-relay');
  assert.equal(scenario('10.1.40.22'), 'anonymous-relay');
  assert.equal(scenario('10.1.50.10'), 'authenticated');
  // HRAPP authenticates but only sends to the accepted domain: no relay right is needed (issue 10, item 3).
  assert.equal(scenario('10.1.50.11'), 'internal-only');
  assert.equal(scenario('127.0.0.1'), 'internal-only');
  assert.deepEqual(assessment.summary.acceptedDomains, ['contoso.com']);
  assert.equal(assessment.summary.acceptedDomainsInferred, true);
});

test('relay denials, public sources and noise are kept apart from applications', () => {
  const denied = byAddress(assessment, truth.denied.ip);
  assert.equal(denied.category, 'relay-denied');
  assert.equal(denied.relayDenials, truth.denied.denials);
  assert.deepEqual(countsToRecord(denied.deniedDomains), truth.denied.domains);
  const relay = byAddress(assessment, truth.publicRelay.ip);
  assert.equal(relay.category, 'public');
  assert.equal(relay.relayDenials, truth.publicRelay.denials);
  const scanner = byAddress(assessment, truth.scanner.ip);
  assert.equal(scanner.category, 'public');
  assert.equal(scanner.unrecognizedCommands, truth.scanner.unrecognized);
  assert.equal(assessment.summary.publicSources, 2);
  assert.equal(assessment.summary.relayDeniedSources, 1);
});

test('outbound: Exchange Online from the banner; with only inferred accepted domains the tenant endpoint is a candidate, not the smart host', () => {
  const o = assessment.outbound;
  assert.equal(o.mode, 'smart-host');
  assert.equal(o.exchangeOnline, true);
  assert.equal(o.smartHost, '');
  assert.equal(o.alternativeSmartHost, 'contoso-com.mail.protection.outlook.com');
  assert.equal(o.messages, truth.outbound.messages);
  assert.deepEqual(o.hops.map((h) => h.address).sort(), [...truth.outbound.ips].sort());
  assert.ok(o.hops.every((h) => h.bannerHost === truth.outbound.banner.toLowerCase()));
});

test('files read from disk give the same assessment as the texts in memory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'assess-'));
  try {
    for (const f of files) writeFileSync(join(dir, f.name), f.text, 'latin1');
    const expanded = await expandPaths([dir]);
    assert.equal(expanded.length, files.length);
    const { acc, cancelled } = await assessPathsInPool(expanded, {}, 1);
    assert.equal(cancelled, false);
    const fromDisk = finalizeAssessment(acc, { acceptedDomains: [] });
    assert.deepEqual(fromDisk.sources, assessment.sources);
    assert.deepEqual(fromDisk.outbound, assessment.outbound);
    assert.deepEqual(fromDisk.summary, assessment.summary);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cancellation stops reading and says so', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'assess-'));
  try {
    for (const f of files) writeFileSync(join(dir, f.name), f.text, 'latin1');
    const { cancelled, acc } = await assessPathsInPool(await expandPaths([dir]), { isCancelled: () => true }, 1);
    assert.equal(cancelled, true);
    assert.equal(acc.sources.size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('output is deterministic and ordered by volume', () => {
  const again = assessTexts(generateLogs({ start: '2026-11-02', days: 9, seed: 7 }).files);
  assert.deepEqual(again, assessment);
  const apps = assessment.sources.filter((s) => s.category === 'application');
  for (let i = 1; i < apps.length; i++) assert.ok(apps[i - 1]!.messages >= apps[i]!.messages);
});

test('configured accepted domains decide what is external', () => {
  const a = assessTexts(files, ['contoso.com', 'fabrikam.example']);
  const web01 = byAddress(a, '10.1.40.21');
  assert.ok(web01.acceptedRecipientDomains.some((d) => d.key === 'fabrikam.example'));
  assert.ok(!web01.externalRecipientDomains.some((d) => d.key === 'fabrikam.example'));
  assert.equal(a.summary.acceptedDomainsInferred, false);
});

test('ranges restrict the assessment to the selected lines', () => {
  const text = w3cLog('2026-11-02', [...session('08:00:00', '10.2.0.1', 'app1', 'a@contoso.com', ['x@contoso.com']), ...session('09:00:00', '10.2.0.2', 'app2', 'b@contoso.com', ['y@contoso.com'])]);
  const whole = assessTexts([{ name: 'x.log', text }]);
  assert.deepEqual(whole.sources.map((s) => s.address).sort(), ['10.2.0.1', '10.2.0.2']);
  // Lines 4..8 are the first session (after four header lines); line 9 starts the second.
  const part = assessTexts([{ name: 'x.log', text, ranges: [{ start: { line: 4, character: 0 }, end: { line: 8, character: 5 } }] }]);
  assert.deepEqual(part.sources.map((s) => s.address), ['10.2.0.1']);
  assert.equal(part.files[0]!.range, 'lines 5-9');
  // A selection ending at column 0 of the next line (Shift+Down) does not take that line in.
  const byKeyboard = assessTexts([{ name: 'x.log', text, ranges: [{ start: { line: 4, character: 0 }, end: { line: 9, character: 0 } }] }]);
  assert.deepEqual(byKeyboard.sources.map((s) => s.address), ['10.2.0.1']);
  assert.equal(byKeyboard.files[0]!.range, 'lines 5-9');
  const backwards = assessTexts([{ name: 'x.log', text, ranges: [{ start: { line: 9, character: 0 }, end: { line: 4, character: 0 } }] }]);
  assert.deepEqual(backwards.sources.map((s) => s.address), ['10.2.0.1']);
});

test('data quality: gaps between days, missing fields and short periods are reported', () => {
  const day1 = w3cLog('2026-11-02', session('08:00:00', '10.2.0.1', 'app1', 'a@contoso.com', ['x@contoso.com']));
  const day3 = w3cLog('2026-11-05', session('08:00:00', '10.2.0.1', 'app1', 'a@contoso.com', ['x@contoso.com']));
  const noQuery = '#Software: Microsoft Internet Information Services 6.0\r\n#Fields: date time c-ip cs-method sc-status\r\n2026-11-06 08:00:00 10.2.0.1 EHLO 250\r\n';
  const a = assessTexts([
    { name: 'ex261102.log', text: day1 },
    { name: 'ex261105.log', text: day3 },
    { name: 'ex261106.log', text: noQuery },
  ]);
  const codes = a.quality.map((q) => q.code);
  assert.ok(codes.includes('gap'));
  assert.match(a.quality.find((q) => q.code === 'gap')!.message, /2026-11-03 to 2026-11-04/);
  assert.ok(a.quality.some((q) => q.code === 'missing-field' && q.message.includes('cs-uri-query')));
  assert.ok(codes.includes('short-period'));
});

test('a flood of one-shot public sources is capped and counted, memory stays bounded', () => {
  const rows: Parameters<typeof w3cLog>[1] = [];
  for (let i = 0; i < 3000; i++) {
    const ip = `198.18.${(i >> 8) & 255}.${i & 255}`;
    rows.push(['08:00:00', ip, 'spam', 'EHLO', '+spam', 250], ['08:00:00', ip, 'spam', 'MAIL', '+FROM:<s@spam.example>', 250], ['08:00:00', ip, 'spam', 'RCPT', '+TO:<v@victim.example>', 550], ['08:00:00', ip, 'spam', 'QUIT', 'spam', 240]);
  }
  const a = assessTexts([{ name: 'flood.log', text: w3cLog('2026-11-02', rows) }]);
  assert.equal(a.summary.publicSources, 500);
  assert.equal(a.summary.cappedSources, 2500);
  assert.ok(a.quality.some((q) => q.code === 'capped' && q.message.includes('2500')));
});
