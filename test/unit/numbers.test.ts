import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupDigits } from '../../server/src/common/numbers';

test('groupDigits writes counts as en-US does', () => {
  for (const n of [0, 7, 999, 1000, 12345, 999999, 1234567, -1234, -999, 2 ** 53 - 1]) assert.equal(groupDigits(n), n.toLocaleString('en-US'), String(n));
  assert.equal(groupDigits(340282366920938463463374607431768211456n), '340,282,366,920,938,463,463,374,607,431,768,211,456');
  assert.equal(groupDigits(1.5), (1.5).toLocaleString('en-US'));
});
