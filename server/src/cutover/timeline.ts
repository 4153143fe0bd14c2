// The cut-over timeline: messages per UTC day on IIS and on the Edge, one entry for every calendar day of the
// period, so a day without mail on either side shows as a gap and the two series line up day by day.
import type { Count } from '../protocol/assessment';
import { MAX_TIMELINE_DAYS, type VolumeDay } from '../protocol/cutover';

const DAY_MS = 86_400_000;

function dayNumber(key: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(t) ? undefined : t / DAY_MS;
}

function addDays(into: Map<number, { iis: number; edge: number }>, days: readonly Count[], side: 'iis' | 'edge'): void {
  for (const d of days) {
    const n = dayNumber(d.key);
    if (n === undefined) continue;
    let row = into.get(n);
    if (!row) into.set(n, (row = { iis: 0, edge: 0 }));
    row[side] += d.count;
  }
}

export interface Timeline {
  days: VolumeDay[];
  /** Days with mail outside the days shown, and the first and last of them ('' when none). */
  omitted: number;
  omittedFrom: string;
  omittedTo: string;
}

const isoDay = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * `iisDays`: each IIS source's messages per day (summed here); `edgeDays`: the Edge's. A period longer than
 * MAX_TIMELINE_DAYS shows the MAX_TIMELINE_DAYS days holding the most mail (the latest such window on a tie), so
 * one far-off day (a server clock years wrong) cannot push every real day out of view; the days with mail left
 * out are counted.
 */
export function volumeTimeline(iisDays: readonly (readonly Count[])[], edgeDays: readonly Count[]): Timeline {
  const byDay = new Map<number, { iis: number; edge: number }>();
  for (const days of iisDays) addDays(byDay, days, 'iis');
  addDays(byDay, edgeDays, 'edge');
  const active = [...byDay.keys()].sort((a, b) => a - b);
  if (active.length === 0) return { days: [], omitted: 0, omittedFrom: '', omittedTo: '' };
  // The window [active[lo], active[lo] + MAX - 1] with the most mail, over every active day it may start on.
  const mail = (n: number): number => byDay.get(n)!.iis + byDay.get(n)!.edge;
  let best = { lo: 0, hi: 0, total: -1 };
  let total = 0;
  for (let lo = 0, hi = 0; lo < active.length; lo++) {
    for (; hi < active.length && active[hi]! < active[lo]! + MAX_TIMELINE_DAYS; hi++) total += mail(active[hi]!);
    if (total >= best.total) best = { lo, hi: hi - 1, total };
    total -= mail(active[lo]!);
  }
  const start = active[best.lo]!;
  const last = active[best.hi]!;
  const days: VolumeDay[] = [];
  for (let n = start; n <= last; n++) {
    const row = byDay.get(n);
    days.push({ day: isoDay(n), iis: row?.iis ?? 0, edge: row?.edge ?? 0 });
  }
  const left = active.filter((n) => n < start || n > last);
  return { days, omitted: left.length, omittedFrom: left.length ? isoDay(left[0]!) : '', omittedTo: left.length ? isoDay(left[left.length - 1]!) : '' };
}
