// The fast reader's column caches (last value, the value before it, a hashed slot) must return exactly the
// value of each line, whatever the pattern: alternating values, values alike but for a few bytes, more values
// than slots, and lengths on each side of the word size and of the cache width. Synthetic lines only.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readRecordsFast } from '../../server/src/smtpLog/fastReader';
import { LogLineParser, type LineEntry } from '../../server/src/smtpLog/lineParser';
import type { LogRecord } from '../../server/src/smtpLog/types';

const FIELDS = '#Fields: date time c-ip cs-username s-ip s-port cs-method cs-uri-query sc-status';

/** A value and its twins that differ from it in one byte each, at every position (a comparison that skips a byte mixes them up). */
function nearTwins(length: number): string[] {
  const base = 'TO:<someone.else@fabrikam.example.com>+NOTIFY=NEVER'.slice(0, length);
  return [base, ...Array.from(base, (_, p) => `${base.slice(0, p)}#${base.slice(p + 1)}`)];
}

function lines(): string[] {
  const groups = [nearTwins(3), nearTwins(23), nearTwins(40)];
  const lengths = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 64, 65, 66].map((n) => 'q'.repeat(n - 1) + 'z');
  const out: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const response = i % 2 === 1;
    const user = i % 7 === 0 ? 'app01.contoso.local' : response ? 'OutboundConnectionResponse' : 'OutboundConnectionCommand';
    const ip = i % 5 === 0 ? '10.0.0.1' : `203.0.113.${i % 256}`;
    const method = response ? '-' : ['EHLO', 'MAIL', 'RCPT', 'DATA', 'QUIT', 'STARTTLS', 'x'][i % 7]!;
    // Half the lines: a value then one of its twins (compared with the value of the line before), then the others.
    const group = groups[(i >> 1) % groups.length]!;
    const twin = i % 2 === 0 ? group[0]! : group[1 + (Math.floor(i / 6) % (group.length - 1))]!;
    const query = i % 12 < 6 ? twin : [lengths[i % lengths.length]!, `v${i % 700}`, '-'][i % 3]!;
    out.push(`2026-11-01 10:00:${String(i % 60).padStart(2, '0')} ${ip} ${user} 10.0.0.25 25 ${method} ${query} 250`);
  }
  return out;
}

const key = (e: LineEntry): string => {
  if (e.kind !== 'record') return e.kind;
  const r = e as LogRecord;
  return `${r.line} ${r.clientIp} ${r.username} ${r.serverIp} ${r.method} ${r.verb} ${r.query} ${r.direction} ${r.time}`;
};

test('column values alternating, alike but for a few bytes or outnumbering the slots: each line reads its own', async () => {
  const body = lines();
  const parser = new LogLineParser('w3c');
  parser.parse(FIELDS, 0);
  const expected = body.map((l, i) => key(parser.parse(l, i + 1)));
  assert.ok(expected.filter((k) => k.includes('TO:') || k.includes('#')).length > 1000, 'the near twins are read');
  const dir = mkdtempSync(join(tmpdir(), 'columns-'));
  try {
    const path = join(dir, 'x.log');
    writeFileSync(path, [FIELDS, ...body].join('\r\n') + '\r\n', 'latin1');
    for (const strict of [false, true]) {
      const got: string[] = [];
      await readRecordsFast(path, new LogLineParser('w3c'), { entry: (e) => void got.push(key(e)) }, { strict });
      assert.deepEqual(got.slice(1), expected, strict ? 'strict' : 'assessment');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
