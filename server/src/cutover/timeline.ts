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

/**
 * `iisDays`: each IIS source's messages per day (summed here); `edgeDays`: the Edge's. Returns the days and how
 * many earlier days were left out to keep the last MAX_TIMELINE_DAYS.
 */
export function volumeTimeline(iisDays: readonly (readonly Count[])[], edgeDays: readonly Count[]): { days: VolumeDay[]; omitted: number } {
  const byDay = new Map<number, { iis: number; edge: number }>();
  for (const days of iisDays) addDays(byDay, days, 'iis');
  addDays(byDay, edgeDays, 'edge');
  if (byDay.size === 0) return { days: [], omitted: 0 };
  let first = Infinity;
  let last = -Infinity;
  for (const n of byDay.keys()) {
    if (n < first) first = n;
    if (n > last) last = n;
  }
  const start = Math.max(first, last - MAX_TIMELINE_DAYS + 1);
  const days: VolumeDay[] = [];
  for (let n = start; n <= last; n++) {
    const row = byDay.get(n);
    days.push({ day: new Date(n * DAY_MS).toISOString().slice(0, 10), iis: row?.iis ?? 0, edge: row?.edge ?? 0 });
  }
  return { days, omitted: start - first };
}
