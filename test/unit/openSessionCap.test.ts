// A file reader keeps at most about MAX_OPEN_SESSIONS inbound sessions (and MAX_OPEN_CONNECTIONS outbound
// connections) open. In a log without times nothing else
// lets a session without QUIT go (no idle limit can time it out), so a spam run's dropped sessions were held to the
// end of the file: `check` reached 213 MB of RSS on 130 MB of such a log and 323 MB on 260 MB. Past the cap the least
// recently active sessions are given up as the end of the file would let them go, counted, and said; byte ranges that
// gave any up do not stitch, and the file is read in one pass.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';
import { assessFilePart } from '../../server/src/assessment/fileRanges';
import { buildPlan } from '../../server/src/assessment/plan';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { byteRanges, checkLogFile, checkLogFileInRanges, type FileCheckOptions } from '../../server/src/smtpLog/fileCheck';
import { AssessmentAccumulator } from '../../server/src/assessment/accumulator';
import { scanLogFile } from '../../server/src/smtpLog/scan';
import { buildSessions, MAX_OPEN_CONNECTIONS, MAX_OPEN_SESSIONS, rangeGroupingsStitch, SessionBuilder, noIdleRelease } from '../../server/src/smtpLog/sessions';
import type { LogRecord, Session } from '../../server/src/smtpLog/types';
import { recordsOfLines, tempLogFolder } from '../helpers/logDoc';

const OPTIONS: FileCheckOptions = { acceptedDomains: [], maxProblems: 100 };
const HEADER = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Fields: c-ip s-ip cs-method cs-uri-query sc-status'];
/** Bots, each with one session: more than the cap, so sessions must be given up. */
const BOTS = MAX_OPEN_SESSIONS + (MAX_OPEN_SESSIONS >> 1);

function ipOf(i: number): string {
  return `45.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** A spam run without times: one refused attempt per bot, one in four with QUIT; bot 0 comes back at the very end. */
function untimedSpamRun(bots: number, comeBack: boolean): string[] {
  const lines = [...HEADER];
  for (let i = 0; i < bots; i++) {
    const ip = ipOf(i);
    lines.push(`${ip} 10.1.0.5 EHLO +bot${i} 250`, `${ip} 10.1.0.5 MAIL +FROM:<x${i}@spam.example> 250`, `${ip} 10.1.0.5 RCPT +TO:<v${i}@victim.example> 550`);
    if (i % 4 === 0) lines.push(`${ip} 10.1.0.5 QUIT bot${i} 240`);
  }
  // Bot 1 never said QUIT; its next command comes after every other bot's session.
  if (comeBack) lines.push(`${ipOf(1)} 10.1.0.5 RCPT +TO:<late@victim.example> 550`);
  return lines;
}


/** The sessions of a capped builder, in file order, with the most it held open at once (sampled every record). */
function capped(recs: readonly LogRecord[]): { sessions: Session[]; givenUp: number; mostOpen: number } {
  const sessions: Session[] = [];
  const builder = new SessionBuilder((s) => sessions.push(s), undefined, true, true);
  let mostOpen = 0;
  recs.forEach((r, i) => {
    builder.push(r);
    if (i % 4999 === 0) {
      let open = 0;
      for (const state of builder.clientStates().values()) for (const st of state.inbound ?? []) open += st.open.length;
      mostOpen = Math.max(mostOpen, open);
    }
  });
  const givenUp = builder.idleRelease().givenUp;
  builder.flush();
  sessions.sort((a, b) => a.firstLine - b.firstLine);
  return { sessions, givenUp, mostOpen };
}

const { write } = tempLogFolder('open-cap-');

test('without times, a capped builder holds at most the cap open and gives up the oldest, each session once', () => {
  const recs = recordsOfLines(untimedSpamRun(BOTS, false));
  const { sessions, givenUp, mostOpen } = capped(recs);
  const dropped = BOTS - Math.ceil(BOTS / 4);
  assert.ok(givenUp > 0 && givenUp < dropped, `gave up ${givenUp} of the ${dropped} sessions left open`);
  // A count comes every quarter of the cap's new sessions: at most that many more than the cap are ever open.
  assert.ok(mostOpen <= MAX_OPEN_SESSIONS + (MAX_OPEN_SESSIONS >> 2) + 1, `at most ${mostOpen} open`);
  // No bot came back: giving up early changes nothing but when a session is let go.
  assert.deepEqual(sessions, buildSessions(recs));
});

test('a client that goes on after its session was given up starts a new one (the approximation the cap makes)', () => {
  const recs = recordsOfLines(untimedSpamRun(BOTS, true));
  const exact = buildSessions(recs);
  const { sessions, givenUp } = capped(recs);
  assert.ok(givenUp > 0);
  assert.equal(sessions.length, exact.length + 1, 'the late RCPT is a session of its own');
  const late = sessions.filter((s) => s.clientIp === ipOf(1));
  assert.equal(late.length, 2);
  assert.equal(late[1]!.helo, '', 'without the HELO it gave before');
  const exactLate = exact.filter((s) => s.clientIp === ipOf(1));
  assert.equal(exactLate.length, 1, 'one pass that keeps every session open joins it to the first');
});

test('below the cap nothing is given up, and ranges stitch; any range that gave sessions up does not', () => {
  const few = recordsOfLines(untimedSpamRun(2000, true));
  const { sessions, givenUp } = capped(few);
  assert.equal(givenUp, 0);
  assert.deepEqual(sessions, buildSessions(few));
  const none = noIdleRelease();
  assert.equal(rangeGroupingsStitch([none, none]), true);
  assert.equal(rangeGroupingsStitch([none, { ...none, givenUp: 3 }]), false);
  assert.equal(rangeGroupingsStitch([{ ...none, givenUp: 3 }]), true, 'a whole file read in one pass stands as it is');
});

test('check and assess of a log without times give sessions up, say so, and read ranges that did in one pass', async () => {
  const path = write('untimed.log', untimedSpamRun(BOTS, false));
  const whole = await checkLogFile(path, OPTIONS);
  assert.ok(whole.givenUp > 0, 'the one pass gave sessions up');
  const ranged = await checkLogFileInRanges(path, OPTIONS, byteRanges(statSync(path).size, 2));
  assert.equal(ranged.readInOnePass, true, 'the ranges did not stitch');
  assert.deepEqual({ ...ranged, readInOnePass: undefined, bytes: 0 }, { ...whole, readInOnePass: undefined, bytes: 0 });

  const part = await assessFilePart(path, 'ex.log');
  assert.equal(part.acc.files[0]!.givenUp, whole.givenUp, 'check and assess give up the same sessions');
  const assessment = finalizeAssessment(part.acc, { acceptedDomains: [] });
  assert.ok(
    buildPlan(assessment, { cidrRounding: false }).warnings.some((w) => w.code === 'sessions-given-up'),
    'the connector plan, at the top of the script, says so too',
  );
  const notes = assessment.quality.filter((n) => n.code === 'sessions-given-up');
  assert.equal(notes.length, 1);
  assert.match(notes[0]!.message, new RegExp(`^ex\\.log: ${whole.givenUp} session\\(s\\) or outbound connection\\(s\\) left open without QUIT were ended early to bound memory`));
});

test('a log with times and a spam run under the cap is read exactly as before: nothing given up', async () => {
  const lines = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Date: 2026-11-01 00:00:00', '#Fields: time c-ip s-ip cs-method cs-uri-query sc-status'];
  for (let i = 0; i < 20_000; i++) {
    const t = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString().slice(11, 19);
    lines.push(`${t} ${ipOf(i)} 10.1.0.5 EHLO +bot${i} 250`, `${t} ${ipOf(i)} 10.1.0.5 RCPT +TO:<v${i}@victim.example> 550`);
  }
  const result = await checkLogFile(write('timed.log', lines), OPTIONS);
  assert.equal(result.givenUp, 0);
  assert.equal(result.sessions, 20_000);
});

test('outbound connections that never QUIT are capped too: check and assess give up the same, and count every connection', async () => {
  const lines = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Date: 2026-11-01 00:00:00', '#Fields: time c-ip cs-username s-port cs-method cs-uri-query sc-status'];
  const hops = MAX_OPEN_CONNECTIONS + (MAX_OPEN_CONNECTIONS >> 1);
  for (let i = 0; i < hops; i++) {
    const t = new Date(Date.UTC(2026, 10, 1) + i * 100).toISOString().slice(11, 19);
    const ip = `52.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    lines.push(`${t} ${ip} OutboundConnectionResponse 25 - 220+mx${i}.example.net 0`, `${t} ${ip} OutboundConnectionCommand 25 EHLO RELAY01 0`, `${t} ${ip} OutboundConnectionCommand 25 MAIL FROM:<a@contoso.com> 0`);
  }
  const path = write('outbound.log', lines);
  const checked = await checkLogFile(path, OPTIONS);
  assert.ok(checked.givenUp > 0 && checked.givenUp < hops, `check gave up ${checked.givenUp}`);
  const part = await assessFilePart(path, 'x.log');
  assert.equal(part.acc.files[0]!.givenUp, checked.givenUp, 'the assessment gives up the same connections');
  // Given up, a connection is still counted: the next-hop totals are those of a pass that keeps every one open.
  const kept = new AssessmentAccumulator();
  kept.beginFile('x.log', '', 0);
  await scanLogFile(path, { onEntry: (e) => e.kind === 'record' && kept.addRecord(e), onSession: (s) => kept.addSession(s) });
  const outbound = (acc: AssessmentAccumulator) => finalizeAssessment(acc, { acceptedDomains: [] }).outbound;
  assert.deepEqual(outbound(part.acc), outbound(kept));
});

test('an authenticated session cut in two by the cap does not make its application an anonymous relay: that grant is withheld and said', async () => {
  const app = '10.1.20.30';
  const appLines = (verbs: string[]) => verbs.map((v) => `${app} app01 10.1.0.5 ${v}`);
  const header = ['#Software: Microsoft Internet Information Services 6.0', '#Version: 1.0', '#Fields: c-ip cs-username s-ip cs-method cs-uri-query sc-status'];
  const message = (n: number) => [`MAIL +FROM:<app@contoso.com> 250`, `RCPT +TO:<r${n}@partner.example> 250`, `DATA +<${n}@app01> 250`];
  /** The application authenticates and sends, `bots` sessions open meanwhile (no times, no QUIT), then it sends again in the same session. */
  const log = (bots: number, secondEhlo: boolean) => [
    ...header,
    ...appLines(['EHLO +app01.corp.contoso.com 250', 'AUTH +LOGIN 235', ...message(1)]),
    ...Array.from({ length: bots }, (_, i) => `45.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} bot 10.1.0.5 EHLO +bot 250`),
    ...appLines([...(secondEhlo ? ['QUIT app01 240', 'EHLO +app01.corp.contoso.com 250'] : []), ...message(2), 'QUIT app01 240']),
  ];
  const planOf = async (lines: string[]) => {
    const acc = (await assessFilePart(write('split.log', lines), 'split.log')).acc;
    const assessment = finalizeAssessment(acc, { acceptedDomains: ['contoso.com'] });
    return { assessment, plan: buildPlan(assessment, { cidrRounding: false }) };
  };
  const cut = await planOf(log(MAX_OPEN_SESSIONS + (MAX_OPEN_SESSIONS >> 1), false));
  const givenUp = (a: typeof cut.assessment) => a.quality.some((q) => q.code === 'sessions-given-up');
  assert.ok(givenUp(cut.assessment), "the application's session was given up at the cap");
  assert.equal(cut.plan.anonymousRelay, undefined, 'no anonymous relay granted');
  assert.deepEqual(cut.plan.anonymousRelayWithheld.map((p) => p.address), [app]);
  assert.deepEqual(cut.plan.authenticated?.profiles.map((p) => p.address), [app], 'what it proved (authenticated relay) is still granted');
  assert.ok(cut.plan.warnings.some((w) => w.code === 'anonymous-relay-withheld'));
  // The same traffic as two real sessions, the second without AUTH, and nothing given up: anonymous relay is evidence.
  const real = await planOf([...log(2000, true).slice(0, header.length + 5), ...appLines(['QUIT app01 240', 'EHLO +app01.corp.contoso.com 250', ...message(2), 'QUIT app01 240'])]);
  assert.equal(givenUp(real.assessment), false);
  assert.deepEqual(real.plan.anonymousRelay?.profiles.map((p) => p.address), [app]);
  assert.deepEqual(real.plan.anonymousRelayWithheld, []);
});
