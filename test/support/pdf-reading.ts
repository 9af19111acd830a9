/** Reading rendered PDFs back in tests: text through the fonts' ToUnicode maps, and pdftoppm's images. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  RGBLuminanceSource,
} from '@zxing/library';
import { getDocumentProxy } from 'unpdf';
import { expect } from 'vitest';

export interface TextItem {
  readonly str: string;
  readonly x: number;
  /** Baseline, from the page's bottom. */
  readonly y: number;
  readonly width: number;
  readonly size: number;
}

/** Every page's text as pdf.js reads it back through the fonts' ToUnicode maps. */
export async function readPages(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(bytes.slice());
  const pages: { view: number[]; items: TextItem[]; strings: string[]; joined: string }[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const items: TextItem[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [size, , , , x, y] = item.transform as number[];
      items.push({ str: item.str, x: x!, y: y!, width: item.width, size: size! });
    }
    const strings = items.map((item) => item.str);
    pages.push({ view: page.view, items, strings, joined: strings.join(' ') });
  }
  return pages;
}

/** The items on the same baseline as the first item reading `str`. */
export function sameLine(items: readonly TextItem[], str: string): string[] {
  const anchor = items.find((item) => item.str === str);
  expect(anchor, str).toBeDefined();
  return items.filter((item) => Math.abs(item.y - anchor!.y) < 4).map((item) => item.str);
}

/** A binary PGM (P5, 8-bit), as `pdftoppm -gray` writes. */
export function readPgm(file: Buffer) {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(file.subarray(0, 64).toString('latin1'));
  if (header === null || header[3] !== '255') throw new Error('not an 8-bit binary PGM');
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = new Uint8ClampedArray(file.subarray(header[0].length, header[0].length + width * height));
  return { pixels, width, height };
}

/** A part of a page, in pixels at the rasterising resolution. */
export interface PageCrop {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The first page as poppler's `pdftoppm` rasterises it at `dpi`, grey (anti-aliased, as a
 * printer driver gets it), whole or cropped. poppler-utils is a test dependency (`.ci/run`
 * installs it): without it this throws, and the test fails.
 */
export function rasterisePage(bytes: Uint8Array, dpi: number, crop?: PageCrop) {
  const dir = mkdtempSync(path.join(tmpdir(), 'page-'));
  try {
    const pdf = path.join(dir, 'page.pdf');
    writeFileSync(pdf, bytes);
    const part = crop ? ['-x', crop.x, '-y', crop.y, '-W', crop.width, '-H', crop.height].map(String) : [];
    execFileSync('pdftoppm', [
      '-r',
      String(dpi),
      '-gray',
      '-f',
      '1',
      '-l',
      '1',
      ...part,
      '-singlefile',
      pdf,
      path.join(dir, 'page'),
    ]);
    return readPgm(readFileSync(path.join(dir, 'page.pgm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the Code 128 barcode at the top left of an A4 document's first page reads, by ZXing. */
export function topLeftBarcode(bytes: Uint8Array): string {
  const { pixels, width, height } = rasterisePage(bytes, 300, { x: 0, y: 0, width: 1300, height: 600 });
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.CODE_128]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, width, height)));
  return new MultiFormatReader().decode(bitmap, hints).getText();
}
