// Times and UTC days as the assessment, the Edge's logs and the cut-over print them. A day number is a UTC
// midnight's milliseconds divided by DAY_MS.

export const DAY_MS = 86_400_000;

/** `ms` as an ISO timestamp without zero milliseconds (2026-11-20T08:00:00Z); '' when it is no time. */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : '';
}

/** The ISO date (2026-11-20) of day number `day`. */
export function dayText(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
