/**
 * Barcodes as vector shapes: bwip-js (a port of Barcode Writer in Pure PostScript) encodes,
 * and we draw the bars and modules as filled rectangles, crisp at any printer resolution.
 *
 * Only the `code128` and `qrcode` encoders are imported, by name, so that a bundle carries
 * those two and not bwip-js's hundred other symbologies (about 190 KB minified instead of
 * about 960 KB for the generic `raw` entry point). They draw through a drawing context; the
 * one here records the geometry in bwip-js's pixel units and turns it back into modules.
 */
import { code128, type DrawingContext, qrcode, type RenderOptions } from 'bwip-js';
import type { PDFPage } from 'pdf-lib';
import { type Box, fillRects } from './pdf.ts';

/** A linear barcode: module widths, bar first, alternating bar and space. No quiet zones. */
export interface LinearBarcode {
  readonly widths: readonly number[];
  /** Total width in modules. */
  readonly modules: number;
}

/** A 2D matrix code: rows from the top, dark modules true. No quiet zone. */
export interface MatrixBarcode {
  readonly rows: readonly (readonly boolean[])[];
  /** Modules on a side. */
  readonly size: number;
}

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

type Point = [number, number];

interface Geometry {
  width: number;
  height: number;
  /** Linear barcodes: stroked vertical lines, x at the bar's centre. */
  lines: { x: number; lineWidth: number }[];
  /** 2D codes: closed outlines, holes included (filled even-odd). */
  polygons: Point[][];
}

function recorder(): DrawingContext<Geometry> {
  const geometry: Geometry = { width: 0, height: 0, lines: [], polygons: [] };
  const unsupported = (what: string) => () => {
    throw new Error(`barcode drawing: unexpected ${what}`);
  };
  return {
    scale: () => null,
    measure: () => ({ width: 0, ascent: 0, descent: 0 }),
    init(width, height) {
      geometry.width = width;
      geometry.height = height;
    },
    line(x0, _y0, x1, _y1, lineWidth) {
      if (x0 !== x1) throw new Error('barcode drawing: a bar that is not vertical');
      geometry.lines.push({ x: x0, lineWidth });
    },
    polygon(points) {
      geometry.polygons.push(points.map(([x, y]) => [x, y] as Point));
    },
    hexagon: unsupported('hexagon'),
    ellipse: unsupported('ellipse'),
    fill: () => {},
    text: unsupported('text'),
    end: () => geometry,
  };
}

function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y > 1e-9) [x, y] = [y, x % y];
  return x;
}

/** Encodes `text` as Code 128; bwip-js picks the shortest code-set sequence and adds the check character. */
export function encodeCode128(text: string): LinearBarcode {
  // Scale 2 keeps every bar edge on a whole pixel (a bar is drawn as a line through its centre).
  const geometry = code128({ bcid: 'code128', text, scale: 2, height: 5, includetext: false }, recorder());
  const edges = geometry.lines.flatMap(({ x, lineWidth }) => [x - lineWidth / 2, x + lineWidth / 2]);
  const module = edges.reduce(gcd, geometry.width);
  const widths: number[] = [];
  let cursor = 0;
  for (let i = 0; i < edges.length; i += 2) {
    const [start, end] = [edges[i]!, edges[i + 1]!];
    if (i > 0) widths.push(Math.round((start - cursor) / module));
    widths.push(Math.round((end - start) / module));
    cursor = end;
  }
  const modules = widths.reduce((sum, w) => sum + w, 0);
  // Code 128: 11 modules a character, 13 for the stop; bars start at 0 and end at the width.
  if (edges[0] !== 0 || modules !== Math.round(geometry.width / module) || (modules - 13) % 11 !== 0) {
    throw new Error(`bwip-js drew an unexpected Code 128 for ${JSON.stringify(text)}`);
  }
  return { widths, modules };
}

/** Encodes `text` as a QR code (the smallest version that fits, at the given error correction). */
export function encodeQr(text: string, eclevel: QrErrorCorrection = 'M'): MatrixBarcode {
  const options: RenderOptions & { eclevel: QrErrorCorrection } = { bcid: 'qrcode', text, scale: 1, eclevel };
  const geometry = qrcode(options, recorder());
  const module = geometry.polygons.flat(2).reduce(gcd, geometry.width);
  const size = Math.round(geometry.width / module);
  const rows = Array.from({ length: size }, (_, r) =>
    scanRow(geometry.polygons, (r + 0.5) * module, module, size),
  );
  const code = { rows, size };
  if (size < 21 || (size - 17) % 4 !== 0 || !hasFinderPatterns(code)) {
    throw new Error('bwip-js drew an unexpected QR code');
  }
  return code;
}

/**
 * One row of modules, sampled at module centres on the line y = `y`: the outlines' edges that
 * cross the line, sorted, bound dark spans in pairs (even-odd, holes being outlines too).
 */
function scanRow(polygons: readonly Point[][], y: number, module: number, size: number): boolean[] {
  const crossings: number[] = [];
  for (const polygon of polygons) {
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [xi, yi] = polygon[i]!;
      const [xj, yj] = polygon[j]!;
      if (yi > y !== yj > y) crossings.push(xi + ((xj - xi) * (y - yi)) / (yj - yi));
    }
  }
  crossings.sort((a, b) => a - b);
  const row = new Array<boolean>(size).fill(false);
  for (let k = 0; k + 1 < crossings.length; k += 2) {
    for (let c = Math.ceil(crossings[k]! / module - 0.5); (c + 0.5) * module < crossings[k + 1]!; c++) {
      if (c >= 0 && c < size) row[c] = true;
    }
  }
  return row;
}

/** Finder patterns top-left, top-right and bottom-left, none bottom-right: the matrix is the right way up. */
function hasFinderPatterns({ rows, size }: MatrixBarcode): boolean {
  const finderAt = (top: number, left: number) => {
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 7; c++) {
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        if (rows[top + r]![left + c] !== (ring !== 2)) return false;
      }
    }
    return true;
  };
  return finderAt(0, 0) && finderAt(0, size - 7) && finderAt(size - 7, 0) && !finderAt(size - 7, size - 7);
}

/**
 * Draws a linear barcode's bars in `box` (top-down coordinates), the module width chosen so
 * the bars fill `box.width`; quiet zones are the caller's margins. Returns the module width.
 */
export function drawLinearBarcode(page: PDFPage, barcode: LinearBarcode, box: Box): number {
  const module = box.width / barcode.modules;
  const bars: Box[] = [];
  let x = box.x;
  barcode.widths.forEach((w, i) => {
    if (i % 2 === 0) bars.push({ x, top: box.top, width: w * module, height: box.height });
    x += w * module;
  });
  fillRects(page, bars);
  return module;
}

/**
 * Draws a matrix code's dark modules in a square of side `side` at (`x`, `top`), each row's
 * runs of dark modules merged into one rectangle; the quiet zone is the caller's margin.
 */
export function drawMatrixBarcode(
  page: PDFPage,
  barcode: MatrixBarcode,
  x: number,
  top: number,
  side: number,
): void {
  const module = side / barcode.size;
  const rects: Box[] = [];
  barcode.rows.forEach((row, r) => {
    let start = -1;
    for (let c = 0; c <= row.length; c++) {
      const dark = c < row.length && row[c] === true;
      if (dark && start < 0) start = c;
      if (!dark && start >= 0) {
        rects.push({
          x: x + start * module,
          top: top + r * module,
          width: (c - start) * module,
          height: module,
        });
        start = -1;
      }
    }
  });
  fillRects(page, rects);
}
