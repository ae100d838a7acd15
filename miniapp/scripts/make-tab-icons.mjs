#!/usr/bin/env node
// Draws the three tab-bar icons (home, list, me) as small PNGs, grey and green, without any image tool.
// Run once; the PNGs are committed (WeChat's tab bar needs local image files ≤ 40 KB).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};

function png(inside, [r, g, b]) {
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4);
    for (let x = 0; x < SIZE; x++) if (inside(x, y)) row.set([r, g, b, 255], 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const shapes = {
  // A house: a roof triangle over a square.
  home: (x, y) => (y >= 14 && y < 40 && Math.abs(x - 40) <= (y - 14) * 1.3) || (y >= 38 && y <= 68 && x >= 18 && x <= 62 && !(x >= 34 && x <= 46 && y >= 50)),
  // A list: three bars.
  list: (x, y) => x >= 14 && x <= 66 && [18, 36, 54].some((t) => y >= t && y < t + 9),
  // A person: a head and shoulders.
  me: (x, y) => (x - 40) ** 2 + (y - 26) ** 2 <= 13 ** 2 || (y >= 44 && y <= 68 && (x - 40) ** 2 / 26 ** 2 + (y - 68) ** 2 / 24 ** 2 <= 1),
};
for (const [name, inside] of Object.entries(shapes)) {
  writeFileSync(new URL(`../src/assets/tab/${name}.png`, import.meta.url), png(inside, [110, 110, 110]));
  writeFileSync(new URL(`../src/assets/tab/${name}-on.png`, import.meta.url), png(inside, [11, 110, 79]));
}
