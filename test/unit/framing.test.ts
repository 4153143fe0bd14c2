import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FramingGuard } from '../../server/src/common/framing';

/** Feeds `pieces` to a guard and returns the chunks it passed on. */
function run(pieces: Buffer[]): Buffer[] {
  const guard = new FramingGuard();
  const out: Buffer[] = [];
  guard.on('data', (c: Buffer) => out.push(c));
  for (const p of pieces) guard.write(p);
  return out;
}

function frame(body: string): Buffer {
  return Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, 'utf8');
}

test('FramingGuard: a body split over many pieces goes on as one buffer, once complete', () => {
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'x', params: { text: 'é'.repeat(5000) } });
  const whole = Buffer.concat([frame(body), frame('{}')]);
  const pieces: Buffer[] = [];
  for (let i = 0; i < whole.length; i += 777) pieces.push(whole.subarray(i, i + 777));
  const out = run(pieces);
  assert.deepEqual(
    out.map((c) => c.toString('utf8')),
    [`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n`, body, 'Content-Length: 2\r\n\r\n', '{}'],
  );
});

test('FramingGuard: nothing of a body goes on before its last byte; an empty body passes as a header alone', () => {
  const body = '{"jsonrpc":"2.0","method":"y"}';
  const f = frame(body);
  assert.deepEqual(
    run([f.subarray(0, f.length - 1)]).map((c) => c.toString()),
    [`Content-Length: ${body.length}\r\n\r\n`],
  );
  assert.deepEqual(
    run([Buffer.from('Content-Length: 0\r\n\r\n'), frame('{}')]).map((c) => c.toString()),
    ['Content-Length: 0\r\n\r\n', 'Content-Length: 2\r\n\r\n', '{}'],
  );
});

test('FramingGuard: a body length that cannot be allocated is skipped like a malformed header', (t) => {
  const real = Buffer.allocUnsafeSlow;
  t.mock.method(Buffer, 'allocUnsafeSlow', (size: number) => {
    if (size > 1000) throw new RangeError('Array buffer allocation failed');
    return real(size);
  });
  const skipped: number[] = [];
  const guard = new FramingGuard((count) => skipped.push(count));
  const out: string[] = [];
  guard.on('data', (c: Buffer) => out.push(c.toString()));
  guard.write(Buffer.from(`Content-Length: 5000\r\n\r\n{"a":1}`));
  guard.write(frame('{}'));
  // Its body is then garbage before the next frame, skipped as such; the next frame goes on whole.
  assert.deepEqual(out, ['Content-Length: 2\r\n\r\n', '{}']);
  assert.ok(skipped.length >= 1);
});
