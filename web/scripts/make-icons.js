// @ts-check
/**
 * Renders the app's PNG icons from the logo in AppHeader (a blue rounded square with a yellow lightning
 * bolt, drawn on a 32 × 32 grid) with nothing but Node: the shapes are filled with 4 × 4 supersampling and
 * written as PNG with node:zlib. Run `node scripts/make-icons.js` after changing the logo; the PNGs are committed.
 *
 *   icon-192.png, icon-512.png          purpose "any": the rounded square on a transparent background
 *   maskable-192.png, maskable-512.png  purpose "maskable": full-bleed blue, the bolt inside the 80 % safe circle
 *   apple-touch-icon.png (180)          full-bleed (iOS rounds the corners itself)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const out = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'static', 'icons');

const BLUE = [0x0b, 0x5c, 0xad];
const YELLOW = [0xff, 0xd5, 0x4a];

/** The bolt of AppHeader's SVG: M18.5 4 8 18h7l-2 10 11-15h-7.2z, in 32-unit coordinates. */
const BOLT = [
  [18.5, 4],
  [8, 18],
  [15, 18],
  [13, 28],
  [24, 13],
  [16.8, 13],
];

/** @param {number} x @param {number} y @param {number[][]} polygon */
function inside(x, y, polygon) {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** @param {number} x @param {number} y @param {number} size @param {number} r */
function inRoundedSquare(x, y, size, r) {
  const cx = Math.min(Math.max(x, r), size - r);
  const cy = Math.min(Math.max(y, r), size - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/**
 * @param {number} size pixels
 * @param {{ rounded: boolean; boltScale: number }} style boltScale: the bolt's height as a share of the icon
 */
function render(size, { rounded, boltScale }) {
  const rgba = Buffer.alloc(size * size * 4);
  // The bolt's box in logo units is x 8…24, y 4…28: centre it and scale it to the wanted height.
  const unit = (boltScale * size) / 24;
  const ox = size / 2 - 16 * unit;
  const oy = size / 2 - 16 * unit;
  const bolt = BOLT.map(([x, y]) => [ox + x * unit, oy + y * unit]);
  const radius = (7 / 32) * size;
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const x = px + (sx + 0.5) / S;
          const y = py + (sy + 0.5) / S;
          if (rounded && !inRoundedSquare(x, y, size, radius)) continue;
          if (inside(x, y, bolt)) fg++;
          else bg++;
        }
      }
      const covered = bg + fg;
      const i = (py * size + px) * 4;
      if (!covered) continue;
      // Colour averaged over the covered samples; alpha is the covered share.
      for (let c = 0; c < 3; c++) rgba[i + c] = Math.round((BLUE[c] * bg + YELLOW[c] * fg) / covered);
      rgba[i + 3] = Math.round((255 * covered) / (S * S));
    }
  }
  return png(size, rgba);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** @param {Buffer} data */
function crc32(data) {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** @param {string} type @param {Buffer} data */
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** @param {number} size @param {Buffer} rgba */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync(out, { recursive: true });
const icons = {
  'icon-192.png': render(192, { rounded: true, boltScale: 0.75 }),
  'icon-512.png': render(512, { rounded: true, boltScale: 0.75 }),
  'maskable-192.png': render(192, { rounded: false, boltScale: 0.5 }),
  'maskable-512.png': render(512, { rounded: false, boltScale: 0.5 }),
  'apple-touch-icon.png': render(180, { rounded: false, boltScale: 0.62 }),
};
for (const [name, data] of Object.entries(icons)) {
  writeFileSync(path.join(out, name), data);
  console.log(`${name}: ${data.length} bytes`);
}
