// Draws the app icon (a white delivery truck on a road, on a blue rounded square) and writes
// resources/icon.png (512x512, used by electron-builder for Linux and macOS and to derive
// others) and resources/icon.ico (256/64/48/32/16, PNG-compressed entries, for Windows).
// No image library: shapes are rasterised with 4x4 supersampling and encoded with zlib.
// Run with: node resources/make-icon.ts
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Rgba = readonly [number, number, number, number];
/** A shape in unit coordinates (0..1 across the icon): does it cover point (x, y)? */
type Shape = { color: Rgba; covers: (x: number, y: number) => boolean };

const BLUE: Rgba = [22, 119, 255, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const ROAD: Rgba = [16, 60, 140, 255];
const DARK: Rgba = [38, 38, 48, 255];
const GLASS: Rgba = [150, 200, 255, 255];
const LINE: Rgba = [255, 214, 0, 255];

function roundRect(x0: number, y0: number, x1: number, y1: number, r: number) {
  return (x: number, y: number): boolean => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
}
const rect = (x0: number, y0: number, x1: number, y1: number) => roundRect(x0, y0, x1, y1, 0);
const circle = (cx: number, cy: number, r: number) => (x: number, y: number) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

// Painted in order, later shapes on top.
const shapes: Shape[] = [
  { color: BLUE, covers: roundRect(0.02, 0.02, 0.98, 0.98, 0.18) },
  // road
  { color: ROAD, covers: (x, y) => roundRect(0.02, 0.02, 0.98, 0.98, 0.18)(x, y) && y > 0.74 },
  ...[0.1, 0.36, 0.62].map((x0) => ({ color: LINE, covers: rect(x0, 0.855, x0 + 0.16, 0.875) })),
  // cargo box
  { color: WHITE, covers: roundRect(0.1, 0.3, 0.6, 0.68, 0.03) },
  // cab with a sloped front
  { color: WHITE, covers: (x, y) => roundRect(0.62, 0.4, 0.9, 0.68, 0.03)(x, y) && !(x > 0.8 && y < 0.4 + (x - 0.8) * 0.9) },
  { color: GLASS, covers: (x, y) => rect(0.67, 0.45, 0.82, 0.54)(x, y) && !(x > 0.78 && y < 0.45 + (x - 0.78) * 1.5) },
  // chassis line and wheels
  { color: DARK, covers: rect(0.1, 0.66, 0.9, 0.69) },
  ...[0.25, 0.45, 0.76].flatMap((cx) => [
    { color: DARK, covers: circle(cx, 0.7, 0.075) },
    { color: WHITE, covers: circle(cx, 0.7, 0.03) },
  ]),
];

function render(size: number): Buffer {
  const SS = 4;
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size;
          const y = (py + (sy + 0.5) / SS) / size;
          let c: Rgba = [0, 0, 0, 0];
          for (const s of shapes) if (s.covers(x, y)) c = s.color;
          // premultiplied accumulation
          r += (c[0] * c[3]) / 255; g += (c[1] * c[3]) / 255; b += (c[2] * c[3]) / 255; a += c[3];
        }
      }
      const n = SS * SS;
      const o = (py * size + px) * 4;
      const alpha = a / n;
      out[o] = alpha ? Math.round(((r / n) * 255) / alpha) : 0;
      out[o + 1] = alpha ? Math.round(((g / n) * 255) / alpha) : 0;
      out[o + 2] = alpha ? Math.round(((b / n) * 255) / alpha) : 0;
      out[o + 3] = Math.round(alpha);
    }
  }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

function png(size: number): Buffer {
  const pixels = render(size);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function ico(sizes: number[]): Buffer {
  const images = sizes.map(png);
  const header = Buffer.alloc(6 + 16 * sizes.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(sizes.length, 4);
  let offset = header.length;
  sizes.forEach((size, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(images[i]!.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += images[i]!.length;
  });
  return Buffer.concat([header, ...images]);
}

const dir = import.meta.dirname;
fs.writeFileSync(path.join(dir, 'icon.png'), png(512));
fs.writeFileSync(path.join(dir, 'icon.ico'), ico([256, 64, 48, 32, 16]));
console.log('wrote resources/icon.png and resources/icon.ico');
