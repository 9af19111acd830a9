/**
 * A video file for Chromium's fake camera (`--use-file-for-fake-video-capture`): one Y4M
 * frame, 640 × 480, showing a code as the Code 128 barcode of a label, black bars on white.
 */
import { writeFileSync } from 'node:fs';
import bwipjs from 'bwip-js';

const WIDTH = 640;
const HEIGHT = 480;
const MODULE_PX = 3;

/** Writes the Y4M file of `code`'s barcode to `path`. */
export function writeBarcodeVideo(path: string, code: string): void {
  const [symbol] = bwipjs.raw({ bcid: 'code128', text: code }) as unknown as { sbs: number[] }[];
  if (!symbol) throw new Error(`bwip-js drew no barcode for ${code}`);
  const modules = symbol.sbs.reduce((sum, width) => sum + width, 0);
  const left = Math.floor((WIDTH - modules * MODULE_PX) / 2);
  if (left < 10 * MODULE_PX) throw new Error(`${code} is too long for a ${WIDTH}-pixel frame`);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  let x = left;
  symbol.sbs.forEach((width, index) => {
    const bar = index % 2 === 0;
    for (let column = x; column < x + width * MODULE_PX; column += 1) {
      for (let row = 140; row < 340 && bar; row += 1) luma[row * WIDTH + column] = 16;
    }
    x += width * MODULE_PX;
  });
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\nFRAME\n`);
  writeFileSync(path, Buffer.concat([header, luma, chroma, chroma]));
}
