// Puts the two sides together: IIS per-source facts from the assessment (SourceProfile), Edge facts from its
// protocol logs, and one status per source from cutoverStatus().
import type { Assessment, SourceProfile } from '../protocol/assessment';
import type { EdgeCollection } from '../exchangeLog/edgeSources';
import { cutoverStatus, typicalIntervalDays } from './status';
import { volumeTimeline } from './timeline';
import { CUTOVER_STATUSES, type CutoverEntry, type CutoverReport, type IisSourceFacts } from '../protocol/cutover';
import { isoTime as iso } from '../common/days';

/** IIS sources worth a status on their own; public and noise sources are listed only when the Edge saw them too. */
const LISTED_CATEGORIES = new Set(['application', 'relay-denied']);

function iisFacts(p: SourceProfile): IisSourceFacts {
  const facts: IisSourceFacts = { address: p.address, category: p.category, firstSeen: p.firstSeen, lastSeen: p.lastSeen, messages: p.messages, activeDays: p.messagesPerDay.map((d) => d.key) };
  if (p.scenario) facts.scenario = p.scenario;
  return facts;
}

/** Orders addresses numerically where they are IPv4, else as text. */
function compareAddress(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if (pa.length === 4 && pb.length === 4 && pa.every(Number.isFinite) && pb.every(Number.isFinite)) {
    for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

export function buildCutover(assessment: Assessment, edge: EdgeCollection): CutoverReport {
  const edgeLive = iso(edge.receiveFirst);
  const edgeLast = iso(edge.receiveLast);
  const edgeBy = new Map(edge.sources.map((s) => [s.address, s]));
  const iisBy = new Map<string, IisSourceFacts>();
  let unlisted = 0;
  for (const p of assessment.sources) {
    if (p.address === '') continue;
    if (LISTED_CATEGORIES.has(p.category) || edgeBy.has(p.address)) iisBy.set(p.address, iisFacts(p));
    else unlisted++;
  }
  const entries: CutoverEntry[] = [];
  for (const address of new Set([...iisBy.keys(), ...edgeBy.keys()])) {
    const iis = iisBy.get(address);
    const e = edgeBy.get(address);
    const { status, reason } = cutoverStatus(iis, e, edgeLive, edgeLast);
    const entry: CutoverEntry = { source: address, status, reason };
    if (iis) {
      const interval = typicalIntervalDays(iis.activeDays);
      entry.iis = interval === undefined ? iis : { ...iis, typicalIntervalDays: interval };
    }
    if (e) entry.edge = e;
    entries.push(entry);
  }
  const order = (s: CutoverEntry): number => CUTOVER_STATUSES.indexOf(s.status);
  entries.sort((a, b) => order(a) - order(b) || compareAddress(a.source, b.source));
  const notes: string[] = [];
  const iisLast = assessment.summary.lastSeen;
  if (edgeLive === '') notes.push('The Edge receive logs hold no readable time: the go-live date is unknown, so no source can be called moved or not seen.');
  else if (iisLast !== '' && Date.parse(iisLast) <= Date.parse(edgeLive)) {
    notes.push(`The IIS logs end (${iisLast}) before the Edge went live (${edgeLive}): sources still sending to IIS since then cannot be seen. Add recent IIS logs.`);
  }
  if (unlisted > 0) notes.push(`${unlisted} public or noise source(s) seen only on IIS are not listed.`);
  if (edge.cappedSources > 0) notes.push(`${edge.cappedSources} Edge source(s) beyond the limit were not detailed.`);
  if (edge.sendRefusals.length > 0) notes.push(`The Edge's next hops refused: ${edge.sendRefusals.map((r) => `${r.key} x${r.count}`).join('; ')} (see \`check\` on the send logs).`);
  for (const e of edge.errors) notes.push(`Could not read ${e.path}: ${e.error}`);
  const timeline = volumeTimeline(assessment.sources.map((p) => p.messagesPerDay), edge.messagesPerDay);
  if (timeline.omitted > 0) {
    const shown = `${timeline.days[0]!.day} to ${timeline.days[timeline.days.length - 1]!.day}`;
    notes.push(`The timeline shows a period of ${timeline.days.length} days (${shown}); ${timeline.omitted} day(s) with mail outside it (the earliest ${timeline.omittedFrom}, the latest ${timeline.omittedTo}) are left out.`);
  }
  return {
    edgeLive,
    edgeLast,
    iisFirst: assessment.summary.firstSeen,
    iisLast,
    entries,
    counts: CUTOVER_STATUSES.map((key) => ({ key, count: entries.filter((x) => x.status === key).length })),
    sendRefusals: edge.sendRefusals,
    volumePerDay: timeline.days,
    scripts: [],
    files: { iis: 0, edge: 0 },
    notes,
  };
}
