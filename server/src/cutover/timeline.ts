// The cut-over timeline: messages per UTC day on IIS and on the Edge, one entry for every calendar day of the
// period, so a day without mail on either side shows as a gap and the two series line up day by day.
import type { Count } from '../protocol/assessment';
import { MAX_TIMELINE_DAYS, type VolumeDay } from '../protocol/cutover';
import { DAY_MS, dayText } from '../common/days';

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

/**
 * `iisDays`: each IIS source's messages per day (summed here); `edgeDays`: the Edge's. A period longer than
 * MAX_TIMELINE_DAYS shows one window of MAX_TIMELINE_DAYS: the latest one holding the most Edge mail (the cut-over
 * is what this view is for), or with no Edge mail the latest one holding at least half as much mail as the busiest.
 * Either way a few stray days far from the rest (a server clock years wrong) cannot push every real day out of
 * view. The days with mail left out are counted.
 */
export function volumeTimeline(iisDays: readonly (readonly Count[])[], edgeDays: readonly Count[]): Timeline {
  const byDay = new Map<number, { iis: number; edge: number }>();
  for (const days of iisDays) addDays(byDay, days, 'iis');
  addDays(byDay, edgeDays, 'edge');
  const active = [...byDay.keys()].sort((a, b) => a - b);
  if (active.length === 0) return { days: [], omitted: 0, omittedFrom: '', omittedTo: '' };
  // For each active day, the window of MAX_TIMELINE_DAYS ending on it: its first active day and its mail.
  const windows: { lo: number; hi: number; total: number; edge: number }[] = [];
  let most = 0;
  let mostEdge = 0;
  for (let lo = 0, hi = 0, total = 0, edge = 0; hi < active.length; hi++) {
    const add = byDay.get(active[hi]!)!;
    total += add.iis + add.edge;
    edge += add.edge;
    for (; active[lo]! <= active[hi]! - MAX_TIMELINE_DAYS; lo++) {
      const drop = byDay.get(active[lo]!)!;
      total -= drop.iis + drop.edge;
      edge -= drop.edge;
    }
    windows.push({ lo, hi, total, edge });
    most = Math.max(most, total);
    mostEdge = Math.max(mostEdge, edge);
  }
  let k = windows.length - 1;
  if (mostEdge > 0) while (windows[k]!.edge < mostEdge) k--;
  else while (2 * windows[k]!.total < most) k--;
  const best = windows[k]!;
  const start = active[best.lo]!;
  const last = active[best.hi]!;
  const days: VolumeDay[] = [];
  for (let n = start; n <= last; n++) {
    const row = byDay.get(n);
    days.push({ day: dayText(n), iis: row?.iis ?? 0, edge: row?.edge ?? 0 });
  }
  const left = active.filter((n) => n < start || n > last);
  return { days, omitted: left.length, omittedFrom: left.length ? dayText(left[0]!) : '', omittedTo: left.length ? dayText(left[left.length - 1]!) : '' };
}
