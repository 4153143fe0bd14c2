// Who has moved: the one place that decides a source's cut-over status from what IIS and the Edge saw.
import { connectorLabel, type CutoverStatus, type EdgeSourceFacts, type IisSourceFacts } from '../protocol/cutover';
import { DAY_MS } from '../common/days';
import { RELAY_REFUSED_REASON } from '../exchangeLog/refusals';
import { relayNotShownOnIis } from './fixes';

const ms = (iso: string): number => (iso === '' ? NaN : Date.parse(iso));

/** Median gap in days between consecutive active days; undefined with fewer than two days. */
export function typicalIntervalDays(activeDays: readonly string[]): number | undefined {
  const days = activeDays.map((d) => Date.parse(`${d}T00:00:00Z`)).filter((d) => !Number.isNaN(d)).sort((a, b) => a - b);
  if (days.length < 2) return undefined;
  const gaps = days.slice(1).map((d, i) => Math.round((d - days[i]!) / DAY_MS)).sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 === 1 ? gaps[mid]! : Math.round((gaps[mid - 1]! + gaps[mid]!) / 2);
}

export interface StatusDecision {
  status: CutoverStatus;
  reason: string;
}

const top = (counts: { key: string; count: number }[]): string => counts.slice(0, 2).map((c) => `${c.key} x${c.count}`).join(', ');
const day = (iso: string): string => iso.slice(0, 10) || '?';

/**
 * The cut-over status of one source. `edgeLive` is when the Edge went live: the first timestamp in its receive
 * logs; `edgeLast` the last. Rules, first match wins (a source can fit several; the one needing action comes
 * first, and nothing is called `moved` while any evidence says otherwise):
 *
 * 1. `new-on-edge` — on the Edge, never on IIS. The reason gives its outcome (accepted, or refused and why).
 * 2. `failing` — on the Edge and on IIS, and the Edge refused it (relay, AUTH, not authenticated, send-as, TLS),
 *    or it sent mail through IIS but its Edge sessions never got a message through (it gives up before MAIL).
 *    Refusals count even when mail was accepted later: the evidence gives the last refusal and last acceptance.
 * 3. `still-on-iis` — seen on IIS after `edgeLive` (whether or not also on the Edge), or IIS gave no times.
 * 4. `moved` — on the Edge with no refusal, and not on IIS since `edgeLive`.
 * 5. `not-seen` — on IIS before `edgeLive` only, silent since (on neither): retired, or rare. The reason gives
 *    the last-seen date and typical interval, and whether the Edge period is long enough to expect it yet.
 */
export function cutoverStatus(iis: IisSourceFacts | undefined, edge: EdgeSourceFacts | undefined, edgeLive: string, edgeLast: string): StatusDecision {
  const live = ms(edgeLive);
  if (edge && !iis) {
    const outcome = edge.refusals.length > 0 ? `refused: ${top(edge.refusals)}` : edge.messages > 0 ? `${edge.messages} message(s) accepted` : 'sessions without mail';
    return { status: 'new-on-edge', reason: `Never seen on IIS; on the Edge since ${day(edge.firstSeen)}: ${outcome}.` };
  }
  if (edge && iis) {
    if (edge.refusals.length > 0) {
      const relay = edge.refusals[0]!.key === RELAY_REFUSED_REASON;
      const connector = connectorLabel((relay ? edge.relayRefusalConnectors : edge.refusalConnectors)[0]?.key);
      const notShown = edge.refusals.some((r) => r.key === RELAY_REFUSED_REASON) ? relayNotShownOnIis(iis) : undefined;
      const noGrant = notShown ? ` No relay right is suggested: ${notShown}.` : '';
      const since = edge.lastAccepted !== '' && ms(edge.lastAccepted) > ms(edge.lastRefusal) ? ` A message was accepted after the last refusal (${day(edge.lastAccepted)}): check whether the fix is complete.` : '';
      return { status: 'failing', reason: `Refused on the Edge (${top(edge.refusals)}) on connector ${connector}; last refusal ${day(edge.lastRefusal)}.${since}${noGrant}` };
    }
    if (edge.messages === 0 && iis.messages > 0) {
      const connector = connectorLabel(edge.connectors[0]?.key);
      return { status: 'failing', reason: `Connects to the Edge (${connector}) but no message got through (${edge.unusedSessions} session(s) ended before MAIL FROM), while it sent ${iis.messages} through IIS: check the TLS or AUTH it expects.` };
    }
  }
  if (iis) {
    const last = ms(iis.lastSeen);
    if (Number.isNaN(last)) return { status: 'still-on-iis', reason: 'The IIS logs give no times for this source, so its move cannot be confirmed.' };
    if (Number.isNaN(live) || last > live) {
      const also = edge ? ` It also reached the Edge (${edge.messages} message(s)): some of its traffic still goes to IIS.` : ' Never seen on the Edge: point it at the Edge.';
      return { status: 'still-on-iis', reason: `Seen on IIS on ${day(iis.lastSeen)}, after the Edge went live (${day(edgeLive)}).${also}` };
    }
    if (edge) return { status: 'moved', reason: `On the Edge since ${day(edge.firstSeen)} (${edge.messages} message(s) accepted, no refusal); last seen on IIS ${day(iis.lastSeen)}.` };
    const interval = typicalIntervalDays(iis.activeDays);
    const waited = (ms(edgeLast) - last) / DAY_MS;
    let rhythm = 'seen on one day only';
    if (interval !== undefined) {
      rhythm = `typically every ${interval} day(s)`;
      if (!Number.isNaN(waited)) rhythm += waited > 2 * interval ? ', now overdue: possibly retired' : ', not due yet in the Edge period: possibly rare';
    }
    return { status: 'not-seen', reason: `Last seen on IIS ${day(iis.lastSeen)} (${rhythm}); not seen on the Edge.` };
  }
  // Neither side: not reachable from the callers, answered safely.
  return { status: 'still-on-iis', reason: 'No evidence on either side.' };
}
