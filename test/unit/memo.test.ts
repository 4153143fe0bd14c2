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
