// A log assessed in byte ranges (as the worker pool reads a large file) gives exactly the single-thread
// assessment: every traffic shape of the benchmark, many ranges, ranges cutting sessions and outbound
// connections, a #Fields directive mid-file that changes the layout, and a range boundary inside a CRLF.
// The files are synthetic (test/helpers/logGenerator.ts).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AssessmentAccumulator } from '../../server/src/assessment/accumulator';
import { assessFilePart, mergeAssessParts, type AssessPart } from '../../server/src/assessment/fileRanges';
import { finalizeAssessment } from '../../server/src/assessment/profiles';
import { assessFile } from '../../server/src/assessment/sources';
import type { ByteRange } from '../../server/src/smtpLog/fastReader';
import { byteRanges } from '../../server/src/smtpLog/fileCheck';
import { writeLargeLog, type LogShape } from '../helpers/logGenerator';

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), 'assess-ranges-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

function json(acc: AssessmentAccumulator): string {
  return JSON.stringify(finalizeAssessment(acc, { acceptedDomains: [] }));
}

async function oneThread(path: string): Promise<string> {
  const acc = new AssessmentAccumulator();
  await assessFile(acc, path, 'ex.log');
  return json(acc);
}

/** The ranges read one by one and stitched; they must stitch (no fallback to one pass). */
async function inRanges(path: string, ranges: readonly ByteRange[]): Promise<string> {
  const parts: AssessPart[] = [];
  for (const range of ranges) parts.push(await assessFilePart(path, 'ex.log', range));
  // As across threads: every part is a structured clone.
  const cloned = parts.map((p) => structuredClone(p)).map((p) => ({ ...p, acc: AssessmentAccumulator.fromClone(p.acc) }));
  const merged = mergeAssessParts(cloned);
  assert.ok(merged, `${ranges.length} ranges stitch`);
  return json(merged);
}

const SHAPES: readonly LogShape[] = ['smart-host', 'mx', 'inbound-only'];

for (const shape of SHAPES) {
  test(`${shape}: 2, 3, 7 and 16 ranges give the one-thread assessment`, async () => {
    const path = join(dir, `${shape}.log`);
    await writeLargeLog(path, 2_500_000, 7, shape);
    const expected = await oneThread(path);
    const parsed = JSON.parse(expected) as { summary: { messages: number }; files: { lines: number }[] };
    assert.ok(parsed.summary.messages > 1000, 'the file has traffic');
    for (const count of [2, 3, 7, 16]) assert.equal(await inRanges(path, byteRanges(statSync(path).size, count)), expected, `${shape}, ${count} ranges`);
  });
}

test('small files: more ranges than lines, and empty ranges', async () => {
  const path = join(dir, 'small.log');
  await writeLargeLog(path, 1, 3, 'smart-host');
  const size = statSync(path).size;
  const expected = await oneThread(path);
  for (const count of [2, 5, 40]) assert.equal(await inRanges(path, byteRanges(size, count)), expected, `${count} ranges`);
  const tiny = join(dir, 'tiny.log');
  writeFileSync(tiny, readFileSync(path, 'latin1').split('\r\n').slice(0, 12).join('\r\n'), 'latin1');
  assert.equal(await inRanges(tiny, byteRanges(statSync(tiny).size, 9)), await oneThread(tiny));
});

test('ranges cutting inside sessions and connections, and boundaries inside a CRLF', async () => {
  const path = join(dir, 'cuts.log');
  await writeLargeLog(path, 600_000, 11, 'smart-host');
  const text = readFileSync(path, 'latin1');
  const expected = await oneThread(path);
  // Boundaries on the LF of a CRLF, on the CR, and just after it, at several places of the file.
  for (const fraction of [0.13, 0.5, 0.77]) {
    const crlf = text.indexOf('\r\n', Math.floor(text.length * fraction));
    for (const at of [crlf, crlf + 1, crlf + 2]) {
      assert.equal(
        await inRanges(path, [
          { start: 0, end: at },
          { start: at, end: text.length },
        ]),
        expected,
        `boundary at ${at} (CRLF at ${crlf})`,
      );
    }
  }
  // Many uneven ranges: most cut a session or an outbound connection somewhere.
  const cuts = [0, 1, 977, 31_337, 31_338, 200_003, 200_004, 424_242, text.length - 5, text.length];
  assert.equal(await inRanges(path, cuts.slice(1).map((end, i) => ({ start: cuts[i]!, end }))), expected, 'uneven ranges');
});

test('a #Fields directive mid-file: each range reads with the layout in force where it starts', async () => {
  const path = join(dir, 'layouts.log');
  await writeLargeLog(path, 400_000, 5, 'smart-host');
  const lines = readFileSync(path, 'latin1').split('\r\n');
  // From the middle on, IIS logs fewer fields (cs-bytes and time-taken dropped): the values move left.
  const mid = Math.floor(lines.length / 2);
  const fields = lines[3]!.split(' ');
  const drop = [fields.indexOf('cs-bytes') - 1, fields.indexOf('time-taken') - 1];
  const out = lines.map((line, i) => {
    if (i < mid || line === '') return line;
    if (line.startsWith('#Fields:')) return fields.filter((_, k) => !drop.includes(k - 1)).join(' ');
    if (line.startsWith('#')) return line;
    return line
      .split(' ')
      .filter((_, k) => !drop.includes(k))
      .join(' ');
  });
  out.splice(mid, 0, fields.filter((_, k) => !drop.includes(k - 1)).join(' '));
  writeFileSync(path, out.join('\r\n'), 'latin1');
  const expected = await oneThread(path);
  assert.match(expected, /cs-bytes/, 'the missing field is reported');
  const size = statSync(path).size;
  for (const count of [2, 3, 8]) assert.equal(await inRanges(path, byteRanges(size, count)), expected, `${count} ranges`);
});
