// The RelayIpList / IPSecurity decoder: every variant of the reference (A–G), the byte layout of
// worked examples A and B, malformed blobs, and agreement with the independent Python decoder and
// encoder in ../shared/tools (run with python3; a missing tool or interpreter fails the test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeIpListHex, ipListVerdict, maskPrefix, type DecodedIpList } from '../../server/src/metabase/relayList';
import { BLOBS } from '../fixtures/metabase/build';

const REPO_ROOT = join(__dirname, '..', '..');
const TOOLS = join(REPO_ROOT, '..', 'shared', 'tools');
const DECODER = join(TOOLS, 'relay-list-decode.py');
const ENCODER = join(TOOLS, 'relay-list-encode.py');

function python(script: string, args: string[]): string {
  assert.ok(existsSync(script), `oracle missing: ${script}`);
  return execFileSync('python3', [script, ...args], { encoding: 'utf8', timeout: 20000 });
}

const pairs = (l: DecodedIpList, which: 'grant' | 'deny'): string[] => l[which].map((r) => `${r.address}/${r.mask}`);

test('variant A: only 127.0.0.1 — every field of the worked example', () => {
  const l = decodeIpListHex(BLOBS.onlyLocalhost);
  assert.equal(l.byteLength, 84);
  assert.deepEqual(l.header, { denyAddrRef: 24, grantAddrRef: 32, denyNameRef: 60, grantNameRef: 68, flags: 1, refAreaSize: 76 });
  assert.equal(l.grantEntries.length, 1);
  const e = l.grantEntries[0]!;
  assert.deepEqual([e.offset, e.family, e.slotCount, e.fullMaskBytes, e.lastMaskByte, e.dataOffset, e.mask], [40, 2, 2, 4, 0, 76, '255.255.255.255']);
  assert.deepEqual(pairs(l, 'grant'), ['127.0.0.1/255.255.255.255']);
  assert.equal(l.grant[0]!.cidr, '127.0.0.1');
  assert.equal(l.grant[0]!.offset, 80);
  assert.equal(l.grantByDefault, false);
  assert.equal(l.sentinel, false);
  assert.equal(l.mode, 'only-listed');
  assert.deepEqual(l.problems, []);
  assert.equal(ipListVerdict(l, 'relay'), 'only this 1 range may relay');
});

test('variant B: follows dataRef — the /24 data lies after the /32 data', () => {
  const l = decodeIpListHex(BLOBS.twoMasks);
  assert.deepEqual(l.grantEntries.map((e) => [e.mask, e.dataOffset, e.slotCount]), [
    ['255.255.255.0', 108, 2],
    ['255.255.255.255', 96, 3],
  ]);
  assert.deepEqual(pairs(l, 'grant'), ['10.20.30.0/255.255.255.0', '192.168.1.10/255.255.255.255', '192.168.1.20/255.255.255.255']);
  assert.deepEqual(l.grant.map((g) => g.cidr), ['10.20.30.0/24', '192.168.1.10', '192.168.1.20']);
  assert.equal(ipListVerdict(l, 'relay'), 'only these 3 ranges may relay');
  assert.deepEqual(l.problems, []);
});

test('variant C: all except 203.0.113.7 is an open relay', () => {
  const l = decodeIpListHex(BLOBS.allExcept);
  assert.equal(l.header!.grantAddrRef, 52);
  assert.deepEqual(pairs(l, 'deny'), ['203.0.113.7/255.255.255.255']);
  assert.deepEqual(l.grant, []);
  assert.equal(l.grantByDefault, true);
  assert.equal(l.mode, 'all-except');
  assert.match(ipListVerdict(l, 'relay'), /^open relay: every host except 1 denied entry may relay$/);
});

test('variant D: an entry holding only its mask decodes as an empty "all except" list', () => {
  const l = decodeIpListHex(BLOBS.degenerate);
  assert.equal(l.degenerate, true);
  assert.deepEqual(l.grant, []);
  assert.equal(l.grantByDefault, true);
  assert.equal(l.mode, 'no-list');
  assert.deepEqual(l.problems, []);
});

test('variant E: the 0.0.0.0 sentinel means nobody may relay by address', () => {
  const l = decodeIpListHex(BLOBS.sentinel);
  assert.equal(l.sentinel, true);
  assert.equal(l.grantByDefault, false);
  assert.equal(l.mode, 'nobody');
  assert.match(ipListVerdict(l, 'relay'), /no host may relay/);
});

test('variant F: header-only blob (56 bytes) is "all except", empty', () => {
  const l = decodeIpListHex(BLOBS.headerOnly);
  assert.equal(l.byteLength, 56);
  assert.deepEqual(l.header, { denyAddrRef: 24, grantAddrRef: 32, denyNameRef: 40, grantNameRef: 48, flags: 1, refAreaSize: 56 });
  assert.equal(l.grantByDefault, true);
  assert.equal(l.mode, 'no-list');
  assert.deepEqual(l.problems, []);
});

test('variant G: zero-length value decodes to no list', () => {
  const l = decodeIpListHex('');
  assert.equal(l.byteLength, 0);
  assert.equal(l.grantByDefault, true);
  assert.equal(l.mode, 'no-list');
  assert.match(ipListVerdict(l, 'relay'), /open relay/);
});

test('DNS-name grants render *.name when the exact-host flag is clear', () => {
  const l = decodeIpListHex(BLOBS.grantName);
  assert.deepEqual(l.grantNames, [{ name: 'apps.contoso.test', display: '*.apps.contoso.test', exactHost: false }]);
  assert.equal(l.mode, 'only-names');
  assert.deepEqual(l.problems, []);
});

test('both lists: the deny list wins at run time while ADSI reports "All except"', () => {
  const l = decodeIpListHex(BLOBS.bothLists);
  assert.deepEqual(pairs(l, 'grant'), ['10.1.1.1/255.255.255.255']);
  assert.deepEqual(pairs(l, 'deny'), ['10.2.2.2/255.255.255.255']);
  assert.equal(l.mode, 'all-except');
  assert.equal(l.grantByDefault, true);
});

test('hex is case-insensitive and whitespace is ignored', () => {
  const upper = decodeIpListHex(BLOBS.onlyLocalhost.toUpperCase().replace(/(.{16})/g, '$1\r\n\t\t\t'));
  assert.deepEqual(pairs(upper, 'grant'), ['127.0.0.1/255.255.255.255']);
  assert.deepEqual(upper.problems, []);
});

test('mask prefixes: contiguous and non-contiguous masks', () => {
  assert.equal(maskPrefix([255, 255, 255, 0]), 24);
  assert.equal(maskPrefix([0, 0, 0, 0]), 0);
  assert.equal(maskPrefix([255, 255, 255, 255]), 32);
  assert.equal(maskPrefix([255, 0, 255, 0]), null);
});

// Malformed blobs: each is reported precisely, none throws.
const A = BLOBS.onlyLocalhost;
const setDword = (hex: string, byteOffset: number, value: number): string => {
  const le = [0, 8, 16, 24].map((s) => ((value >>> s) & 0xff).toString(16).padStart(2, '0')).join('');
  return hex.slice(0, byteOffset * 2) + le + hex.slice(byteOffset * 2 + 8);
};

const MALFORMED: [string, string, RegExp, boolean][] = [
  ['odd number of hex digits', A.slice(0, -1), /odd number of hex digits/, true],
  ['non-hex character', A.slice(0, 10) + 'zz' + A.slice(12), /'z' at hex position 10 is not a hex digit/, true],
  ['shorter than the header', A.slice(0, 40), /20 bytes long; the list header alone needs 24/, true],
  ['reference without bit 31', setDword(A, 4, 32), /Grant address list: the DWORD at byte 4 \(0x00000020\) is not a self-relative reference/, true],
  ['reference out of range', setDword(A, 4, 0x80000000 | 4000), /points to byte 4000, outside the 84-byte blob/, true],
  ['truncated data', A.slice(0, 160), /entry 0: the reference at byte 56 points to byte 76, outside the 80-byte blob/, false],
  ['entry count too large', setDword(A, 32, 9), /says 9 entries, but only 1 fit in the reference area \(76 bytes\)/, false],
  ['address count disagrees', setDword(A, 36, 3), /says 3 addresses, but its entries hold 1/, false],
  ['unknown family', setDword(A, 40, 23), /address family 23; only 2 \(IPv4\) is understood/, false],
  ['reference area larger than the blob', setDword(A, 20, 500), /reference area size \(500 bytes\) is larger than the blob/, false],
  ['name not NUL-terminated', BLOBS.grantName.slice(0, -2), /name at byte 68 is not NUL-terminated/, false],
];

for (const [name, hex, message, fatal] of MALFORMED) {
  test(`malformed blob: ${name}`, () => {
    const l = decodeIpListHex(hex);
    const all = l.problems.map((p) => p.message).join(' | ');
    assert.match(all, message);
    assert.equal(l.problems.some((p) => p.fatal === true), fatal, all);
    if (fatal) assert.equal(l.mode, 'malformed');
  });
}

test('random bytes never throw', () => {
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < 2000; i++) {
    const len = Math.floor(rnd() * 200);
    let hex = '';
    for (let j = 0; j < len; j++) hex += Math.floor(rnd() * 256).toString(16).padStart(2, '0');
    // Keep the header refs plausible half of the time so the deeper paths run.
    if (i % 2 === 0 && len >= 24) hex = A.slice(0, 48) + hex.slice(48);
    const l = decodeIpListHex(hex);
    assert.ok(Array.isArray(l.problems));
  }
});

interface OracleEntry {
  mask: string;
  addrs: string[];
}
interface OracleOut {
  denyAddr: { entries: OracleEntry[]; cAddresses: number };
  grantAddr: { entries: OracleEntry[]; cAddresses: number };
  grantName: { names: string[] };
  denyName: { names: string[] };
  GrantByDefault_as_ADSI_reports: boolean;
  sentinel_only: boolean;
}

function compareWithOracle(hex: string): void {
  const oracle = JSON.parse(python(DECODER, [hex])) as OracleOut;
  const mine = decodeIpListHex(hex);
  const flat = (entries: OracleEntry[]): string[] => entries.flatMap((e) => e.addrs.map((a) => `${a}/${e.mask}`));
  assert.deepEqual(pairs(mine, 'grant'), flat(oracle.grantAddr.entries), hex);
  assert.deepEqual(pairs(mine, 'deny'), flat(oracle.denyAddr.entries), hex);
  assert.deepEqual(mine.grantEntries.map((e) => e.mask), oracle.grantAddr.entries.map((e) => e.mask));
  assert.deepEqual(mine.grantNames.map((n) => n.display), oracle.grantName.names);
  assert.deepEqual(mine.denyNames.map((n) => n.display), oracle.denyName.names);
  assert.equal(mine.grantByDefault, oracle.GrantByDefault_as_ADSI_reports);
  assert.equal(mine.sentinel, oracle.sentinel_only);
}

test('agrees with the independent Python decoder on every fixture blob', () => {
  for (const [name, hex] of Object.entries(BLOBS)) {
    assert.doesNotThrow(() => compareWithOracle(hex), name);
  }
});

test('property test: random lists built by the reference insert algorithm decode to what was inserted', () => {
  let seed = 20261127;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 30; round++) {
    const args: string[] = [];
    const expected = { grant: new Set<string>(), deny: new Set<string>() };
    const deny = round % 3 === 0;
    const count = 1 + rnd(8);
    for (let i = 0; i < count; i++) {
      const prefix = [32, 32, 24, 16, 28, 8][rnd(6)]!;
      const octets = [10, rnd(256), rnd(256), rnd(256)];
      const kind = deny && i % 2 === 0 ? 'deny' : 'grant';
      args.push(kind, `${octets.join('.')}/${prefix}`);
      const maskBits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      const mask = [24, 16, 8, 0].map((s) => (maskBits >>> s) & 0xff);
      const masked = octets.map((o, k) => o & mask[k]!).join('.');
      // The encoder keeps the first address of each masked value, unmasked.
      const set = expected[kind];
      if (![...set].some((e) => e.endsWith(`|${masked}/${mask.join('.')}`))) set.add(`${octets.join('.')}|${masked}/${mask.join('.')}`);
    }
    const hex = python(ENCODER, args).trim();
    const l = decodeIpListHex(hex);
    assert.deepEqual(l.problems, [], `${args.join(' ')} → ${hex}`);
    const got = (which: 'grant' | 'deny'): string[] => l[which].map((r) => `${r.address}/${r.mask}`).sort();
    const want = (which: 'grant' | 'deny'): string[] => [...expected[which]].map((e) => `${e.split('|')[0]}/${e.split('/')[1]}`).sort();
    assert.deepEqual(got('grant'), want('grant'), args.join(' '));
    assert.deepEqual(got('deny'), want('deny'), args.join(' '));
    // Entries are sorted by mask bytes, each entry's addresses by masked value.
    const masks = l.grantEntries.map((e) => e.mask.split('.').map(Number));
    for (let i = 1; i < masks.length; i++) assert.ok(Buffer.compare(Buffer.from(masks[i - 1]!), Buffer.from(masks[i]!)) < 0);
    compareWithOracle(hex);
  }
});
