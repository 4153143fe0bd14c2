// Draws the extension icon (media/icon.png, 128x128): an envelope on a blue tile with an arrow that leaves it,
// for "moving the SMTP relay". Pure Node (zlib + a hand-written PNG chunk writer), so it runs anywhere.
// Usage: node scripts/package-icon.mjs [out.png]
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SAMPLES = 4; // supersampling per axis, for smooth edges

/** Signed distance to a rounded box centred at (cx, cy) with half sizes (hw, hh) and corner radius r. */
function roundedBox(x, y, cx, cy, hw, hh, r) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance from (x, y) to the segment (ax, ay)-(bx, by). */
function segment(x, y, ax, ay, bx, by) {
  const px = x - ax, py = y - ay, dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - t * dx, py - t * dy);
}

const TILE = [31, 78, 121];
const PAPER = [255, 255, 255];
const INK = [31, 78, 121];
const ARROW = [76, 175, 80];

/** Colour (RGBA 0..255) of one sample point, painted back to front. */
function sample(x, y) {
  let colour = [0, 0, 0, 0];
  const paint = (rgb, inside) => { if (inside) colour = [...rgb, 255]; };
  paint(TILE, roundedBox(x, y, 64, 64, 62, 62, 18) <= 0);
  // Envelope body and flap.
  paint(PAPER, roundedBox(x, y, 56, 60, 38, 26, 4) <= 0);
  const flap = Math.min(segment(x, y, 20, 37, 56, 64), segment(x, y, 56, 64, 92, 37));
  paint(INK, flap <= 3.2 && roundedBox(x, y, 56, 60, 38, 26, 4) <= 0);
  // Arrow leaving the envelope towards the lower right: a shaft and a head.
  const shaft = segment(x, y, 70, 98, 104, 98);
  const head = Math.max(Math.abs(y - 98) - (116 - x) * 0.75, 92 - x, x - 116);
  paint([255, 255, 255], Math.min(shaft - 9, head - 4) <= 0);
  paint(ARROW, shaft <= 5 || head <= 0);
  return colour;
}

function render() {
  const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let py = 0; py < SIZE; py++) {
    raw[py * (SIZE * 4 + 1)] = 0; // filter: none
    for (let px = 0; px < SIZE; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES);
          const a = c[3] / 255;
          acc[0] += c[0] * a; acc[1] += c[1] * a; acc[2] += c[2] * a; acc[3] += c[3];
        }
      }
      const n = SAMPLES * SAMPLES;
      const alpha = acc[3] / n;
      const o = py * (SIZE * 4 + 1) + 1 + px * 4;
      const unpremultiply = alpha > 0 ? 255 / alpha : 0;
      raw[o] = Math.round((acc[0] / n) * unpremultiply);
      raw[o + 1] = Math.round((acc[1] / n) * unpremultiply);
      raw[o + 2] = Math.round((acc[2] / n) * unpremultiply);
      raw[o + 3] = Math.round(alpha);
    }
  }
  return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

export function drawIcon() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(render(), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? fileURLToPath(new URL('../media/icon.png', import.meta.url));
  writeFileSync(out, drawIcon());
  console.log(out);
}
