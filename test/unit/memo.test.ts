import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boundedMemo } from '../../server/src/common/memo';

test('boundedMemo: computes once per key (undefined answers too), starts over at its limit, skips long keys', () => {
  const calls: string[] = [];
  const memo = boundedMemo((k) => (calls.push(k), k === 'none' ? undefined : k.length), { limit: 2, maxKeyLength: 5 });
  assert.equal(memo('ab'), 2);
  assert.equal(memo('ab'), 2);
  assert.equal(memo('none'), undefined);
  assert.equal(memo('none'), undefined);
  assert.deepEqual(calls, ['ab', 'none']);
  memo('xyz'); // a third key: the memo starts over
  memo('ab');
  assert.deepEqual(calls, ['ab', 'none', 'xyz', 'ab']);
  memo('longer');
  memo('longer');
  assert.deepEqual(calls.slice(-2), ['longer', 'longer'], 'keys past maxKeyLength are not remembered');
});

test('boundedMemo: stores the key as ownKey gives it', () => {
  const stored: string[] = [];
  const memo = boundedMemo((k) => k.toUpperCase(), { limit: 10, ownKey: (k) => (stored.push(k), k) });
  memo('a');
  memo('a');
  assert.deepEqual(stored, ['a']);
});

test('boundedMemo: a generation with hardly any hits is followed by `limit` calls answered without remembering', () => {
  const calls: string[] = [];
  const memo = boundedMemo((k) => (calls.push(k), k.toUpperCase()), { limit: 16 });
  // Sixteen distinct keys and no hit: the seventeenth key starts the memo over, and the next sixteen calls compute.
  for (let i = 0; i <= 16; i++) memo(`k${i}`);
  assert.equal(calls.length, 17);
  for (let i = 0; i < 16; i++) assert.equal(memo('same'), 'SAME');
  assert.equal(calls.filter((k) => k === 'same').length, 16, 'not remembered while hits were rare');
  // Then it remembers again (the repeated key is computed once more, then found).
  memo('same');
  memo('same');
  assert.equal(calls.filter((k) => k === 'same').length, 17);
  // A second generation in a row without hits pauses twice as long.
  for (let i = 0; i < 15; i++) memo(`m${i}`);
  for (let i = 0; i < 32; i++) memo('again');
  assert.equal(calls.filter((k) => k === 'again').length, 32);
  memo('again');
  memo('again');
  assert.equal(calls.filter((k) => k === 'again').length, 33);
  // A memo whose values come back keeps remembering across a start-over.
  const kept: string[] = [];
  const busy = boundedMemo((k) => (kept.push(k), k), { limit: 4 });
  for (let round = 0; round < 3; round++) for (const k of ['a', 'b', 'c', 'd', 'a', 'b']) busy(k);
  busy('new'); // a fifth key: the memo starts over, and goes on remembering
  busy('a');
  busy('a');
  assert.equal(kept.filter((k) => k === 'a').length, 2, 'computed at first and once after the start-over, then found');
});

test('boundedMemo: a large memo judges its hits early, after a few thousand entries', () => {
  let computed = 0;
  const memo = boundedMemo((k) => (computed++, k), { limit: 100_000 });
  for (let i = 0; i <= 4096; i++) memo(`fresh${i}`);
  computed = 0;
  for (let i = 0; i < 10; i++) memo('repeated');
  assert.equal(computed, 10, 'not remembering after 4096 entries without a hit');
  // A memo whose values come back passes the early judgement and fills on.
  let busyComputed = 0;
  const busy = boundedMemo((k) => (busyComputed++, k), { limit: 100_000 });
  for (let i = 0; i < 5000; i++) {
    busy(`v${i}`);
    busy(`v${i}`);
  }
  busyComputed = 0;
  for (let i = 0; i < 5000; i++) busy(`v${i}`);
  assert.equal(busyComputed, 0, 'all 5000 values still remembered');
});
