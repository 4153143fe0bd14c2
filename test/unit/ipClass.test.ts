import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ipaddr from 'ipaddr.js';
import { classifyAddress, plainDottedQuad } from '../../server/src/common/ipClass';

/** What the library alone says of a text: its strict four-part decimal IPv4 reading, or none. */
function libraryOctets(text: string): number[] | undefined {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return undefined;
  return (ipaddr.parse(text) as ipaddr.IPv4).octets;
}

test('plainDottedQuad reads exactly the IPv4 texts the library reads as four-part decimal, with the same octets', () => {
  const fixed = [
    '0.0.0.0', '1.2.3.4', '10.1.0.5', '255.255.255.255', '256.1.1.1', '1.2.3.256', '01.2.3.4', '1.2.3.04', '1.2.3.0',
    '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '0x1.2.3.4', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.-4', '1234.1.1.1',
    '::1', '::ffff:1.2.3.4', '', '1.2.3.4%eth0', '[1.2.3.4]', '999.999.999.999', '00.0.0.0', '1.2.3.4a',
  ];
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  const alphabet = '0123456789.';
  const random: string[] = [];
  for (let i = 0; i < 20000; i++) {
    let s = '';
    const len = 5 + rand(12);
    for (let j = 0; j < len; j++) s += alphabet[rand(alphabet.length)];
    random.push(s);
  }
  for (let i = 0; i < 2000; i++) random.push([rand(300), rand(300), rand(300), rand(300)].join('.'));
  for (const text of [...fixed, ...random]) assert.deepEqual(plainDottedQuad(text), libraryOctets(text), text);
});

test('classifyAddress: the plain dotted form and the general path agree on class, range and canonical text', () => {
  assert.deepEqual(classifyAddress('10.1.0.5'), { cls: 'private', range: 'private', canonical: '10.1.0.5' });
  assert.deepEqual(classifyAddress('127.0.0.1'), { cls: 'loopback', range: 'loopback', canonical: '127.0.0.1' });
  assert.deepEqual(classifyAddress('100.64.1.1'), { cls: 'private', range: 'carrierGradeNat', canonical: '100.64.1.1' });
  assert.deepEqual(classifyAddress('169.254.1.1'), { cls: 'link-local', range: 'linkLocal', canonical: '169.254.1.1' });
  assert.deepEqual(classifyAddress('203.0.113.45'), { cls: 'special', range: 'reserved', canonical: '203.0.113.45' });
  assert.deepEqual(classifyAddress('52.101.68.10'), { cls: 'public', range: 'unicast', canonical: '52.101.68.10' });
  // Forms only the general path reads; the mapped IPv6 prints as the IPv4 the plain form gives.
  assert.deepEqual(classifyAddress('::ffff:10.1.0.5'), classifyAddress('10.1.0.5'));
  assert.deepEqual(classifyAddress('[10.1.0.5]'), classifyAddress('10.1.0.5'));
  assert.equal(classifyAddress('010.1.0.5').cls, 'invalid');
  assert.equal(classifyAddress('10.1.0').cls, 'invalid');
  assert.deepEqual(classifyAddress('fe80::1'), { cls: 'link-local', range: 'linkLocal', canonical: 'fe80::1' });
});
