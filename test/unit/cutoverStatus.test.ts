// cutoverStatus(): each of the five statuses, and the cases where a source fits several.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cutoverStatus, typicalIntervalDays } from '../../server/src/cutover/status';
import type { EdgeSourceFacts, IisSourceFacts } from '../../server/src/protocol/cutover';

const LIVE = '2026-11-20T08:00:00Z';
const LAST = '2026-11-21T08:00:00Z';

function iis(over: Partial<IisSourceFacts> = {}): IisSourceFacts {
  return { address: '10.0.0.1', category: 'application', firstSeen: '2026-11-03T06:00:00Z', lastSeen: '2026-11-19T06:00:00Z', messages: 3, activeDays: ['2026-11-03', '2026-11-10', '2026-11-17'], ...over };
}

function edge(over: Partial<EdgeSourceFacts> = {}): EdgeSourceFacts {
  return {
    address: '10.0.0.1',
    firstSeen: '2026-11-20T09:00:00Z',
    lastSeen: '2026-11-21T07:00:00Z',
    sessions: 2,
    messages: 2,
    unusedSessions: 0,
    refusals: [],
    replyCodes: [],
    connectors: [{ key: 'EDGE01\\App relay', count: 2 }],
    refusalConnectors: [],
    relayRefusalConnectors: [],
    lastRefusal: '',
    lastAccepted: '2026-11-21T07:00:00Z',
    heloNames: [],
    ...over,
  };
}

const refused = (over: Partial<EdgeSourceFacts> = {}): EdgeSourceFacts =>
  edge({
    messages: 0,
    refusals: [{ key: 'relay refused (5.7.54)', count: 1 }],
    replyCodes: [{ key: '550 5.7.54', count: 1 }],
    refusalConnectors: [{ key: 'EDGE01\\Default internal receive connector EDGE01', count: 1 }],
    relayRefusalConnectors: [{ key: 'EDGE01\\Default internal receive connector EDGE01', count: 1 }],
    lastRefusal: '2026-11-20T09:00:00Z',
    lastAccepted: '',
    ...over,
  });

test('moved: succeeding on the Edge, not on IIS since the Edge went live', () => {
  const d = cutoverStatus(iis(), edge(), LIVE, LAST);
  assert.equal(d.status, 'moved');
  assert.match(d.reason, /2 message\(s\) accepted, no refusal\); last seen on IIS 2026-11-19/);
});

test('failing: refused on the Edge, with the reason and the connector that took the session', () => {
  const d = cutoverStatus(iis(), refused(), LIVE, LAST);
  assert.equal(d.status, 'failing');
  assert.match(d.reason, /relay refused \(5\.7\.54\) x1\) on connector "EDGE01\\Default internal receive connector EDGE01"/);
});

test('failing: connects to the Edge but never gets a message through, while it sent mail through IIS', () => {
  const d = cutoverStatus(iis(), edge({ messages: 0, unusedSessions: 2, lastAccepted: '' }), LIVE, LAST);
  assert.equal(d.status, 'failing');
  assert.match(d.reason, /2 session\(s\) ended before MAIL FROM/);
});

test('a probe that never sent mail on IIS either is moved, not failing', () => {
  assert.equal(cutoverStatus(iis({ messages: 0, activeDays: [] }), edge({ messages: 0, unusedSessions: 2 }), LIVE, LAST).status, 'moved');
});

test('failing wins over still-on-iis (the Edge refusal needs the action), and a later acceptance is pointed out', () => {
  const d = cutoverStatus(iis({ lastSeen: '2026-11-21T06:00:00Z' }), refused({ messages: 1, lastAccepted: '2026-11-21T07:00:00Z' }), LIVE, LAST);
  assert.equal(d.status, 'failing');
  assert.match(d.reason, /accepted after the last refusal \(2026-11-21\)/);
});

test('still-on-iis: seen on IIS after go-live, whether or not also on the Edge', () => {
  const only = cutoverStatus(iis({ lastSeen: '2026-11-20T08:00:01Z' }), undefined, LIVE, LAST);
  assert.equal(only.status, 'still-on-iis');
  assert.match(only.reason, /Never seen on the Edge/);
  const both = cutoverStatus(iis({ lastSeen: '2026-11-21T06:00:00Z' }), edge(), LIVE, LAST);
  assert.equal(both.status, 'still-on-iis');
  assert.match(both.reason, /some of its traffic still goes to IIS/);
});

test('the go-live instant itself: last seen on IIS exactly then is not after it', () => {
  assert.equal(cutoverStatus(iis({ lastSeen: LIVE }), edge(), LIVE, LAST).status, 'moved');
  assert.equal(cutoverStatus(iis({ lastSeen: LIVE }), undefined, LIVE, LAST).status, 'not-seen');
});

test('still-on-iis when IIS gave no times: a move cannot be confirmed', () => {
  assert.equal(cutoverStatus(iis({ lastSeen: '' }), edge(), LIVE, LAST).status, 'still-on-iis');
  assert.equal(cutoverStatus(iis({ lastSeen: '' }), undefined, LIVE, LAST).status, 'still-on-iis');
});

test('new-on-edge: never on IIS, with its outcome', () => {
  assert.match(cutoverStatus(undefined, edge(), LIVE, LAST).reason, /Never seen on IIS; on the Edge since 2026-11-20: 2 message\(s\) accepted/);
  const bad = cutoverStatus(undefined, refused(), LIVE, LAST);
  assert.equal(bad.status, 'new-on-edge');
  assert.match(bad.reason, /refused: relay refused \(5\.7\.54\) x1/);
});

test('not-seen: last seen and typical interval; overdue or not due yet', () => {
  const due = cutoverStatus(iis(), undefined, LIVE, LAST);
  assert.equal(due.status, 'not-seen');
  assert.match(due.reason, /Last seen on IIS 2026-11-19 \(typically every 7 day\(s\), not due yet/);
  const overdue = cutoverStatus(iis(), undefined, LIVE, '2026-12-20T00:00:00Z');
  assert.match(overdue.reason, /overdue: possibly retired/);
  assert.match(cutoverStatus(iis({ activeDays: ['2026-11-05'] }), undefined, LIVE, LAST).reason, /seen on one day only/);
});

test('typical interval is the median gap between active days', () => {
  assert.equal(typicalIntervalDays(['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-10']), 1);
  assert.equal(typicalIntervalDays(['2026-11-01', '2026-11-08']), 7);
  assert.equal(typicalIntervalDays(['2026-11-01']), undefined);
  assert.equal(typicalIntervalDays([]), undefined);
});

test('failing on relay: the reason names the connector relay was refused on, says when the log did not name one, and suggests no relay right IIS did not show', () => {
  // The top refusal is relay: its connector, not the first connector of any refusal.
  const mixed = refused({ refusalConnectors: [{ key: 'EDGE01\\TLS only', count: 5 }, { key: 'EDGE01\\Default internal receive connector EDGE01', count: 1 }] });
  assert.match(cutoverStatus(iis({ scenario: 'anonymous-relay' }), mixed, LIVE, LAST).reason, /on connector "EDGE01\\Default internal receive connector EDGE01"/);
  // No connector-id in the Edge log: the placeholder is not shown as a name.
  const none = refused({ refusalConnectors: [{ key: '(none)', count: 1 }], relayRefusalConnectors: [{ key: '(none)', count: 1 }] });
  const reason = cutoverStatus(iis({ scenario: 'anonymous-relay' }), none, LIVE, LAST).reason;
  assert.match(reason, /on connector not logged \(no connector-id\)/);
  assert.doesNotMatch(reason, /"\(none\)"/);
  assert.doesNotMatch(reason, /No relay right/);
  // IIS refused it too, or it authenticated there: the Edge refusing relay is no reason to grant it.
  assert.match(cutoverStatus(iis({ category: 'relay-denied' }), refused(), LIVE, LAST).reason, /No relay right is suggested: IIS refused its relay too\./);
  assert.match(cutoverStatus(iis({ scenario: 'authenticated' }), refused(), LIVE, LAST).reason, /No relay right is suggested: on IIS it authenticated/);
});
