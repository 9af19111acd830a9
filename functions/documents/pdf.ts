/**
 * Shared helpers for the printable documents (item labels, consignment slips, handover
 * manifests, receipts), on pdf-lib: a Unicode font that covers Vietnamese, embedded as a
 * subset (with a ToUnicode map, so that text can be searched and copied); text measured,
 * wrapped, shrunk and truncated with the font's own metrics; rules and boxes; the PDF as
 * bytes. Barcodes are in `barcodes.ts`.
 *
 * Coordinates here are top-down (points from the page's top), as a layout reads; the helpers
 * turn them into PDF's bottom-up ones.
 *
 * Fonts are read from the assets folder: `DOCUMENT_ASSETS_DIR` when set, else `./assets/`
 * beside this module. In a Lambda bundle this module is inlined into the bundle, so the
 * folder must be shipped as `assets/` beside the bundle file (the CDK stack copies
 * `functions/documents/assets/*` there).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import {
  closePath,
  degrees,
  fill,
  lineTo,
  moveTo,
  PDFDocument,
  type PDFFont,
  type PDFPage,
  popGraphicsState,
  pushGraphicsState,
  type RGB,
  rectangle,
  rgb,
  setFillingRgbColor,
} from 'pdf-lib';

/** PDF points in one millimetre. */
export const PT_PER_MM = 72 / 25.4;

/** Millimetres to PDF points. */
export function mm(millimetres: number): number {
  return millimetres * PT_PER_MM;
}

export const BLACK: RGB = rgb(0, 0, 0);
export const WHITE: RGB = rgb(1, 1, 1);

/** The environment variable that overrides where the fonts and other assets are read from. */
export const DOCUMENT_ASSETS_DIR_ENV = 'DOCUMENT_ASSETS_DIR';

export type FontWeight = 'regular' | 'bold';

/** Be Vietnam Pro (SIL OFL 1.1, see assets/OFL.txt): precomposed glyphs for all of Vietnamese. */
export const FONT_FILES: Readonly<Record<FontWeight, string>> = {
  regular: 'BeVietnamPro-Regular.ttf',
  bold: 'BeVietnamPro-Bold.ttf',
};

/**
 * Where the glyphs of the document font reach, in ems from the baseline. Capitals with a
 * stacked circumflex and tone mark (Ễ, Ẫ) rise to 1.15 em; descenders and dots below to 0.25.
 */
export const FONT_EXTENT = { ascent: 1.0, stackedAscent: 1.15, descent: 0.25 } as const;

/** The folder that holds the document assets. */
export function documentAssetsDir(): string {
  const override = process.env[DOCUMENT_ASSETS_DIR_ENV];
  if (override !== undefined && override !== '') return path.resolve(override);
  return path.resolve(fileURLToPath(new URL('./assets/', import.meta.url)));
}

const fontBytesCache = new Map<string, Promise<Uint8Array>>();

/**
 * The bytes of a font file, read once per process (and per assets folder) and kept: a warm
 * Lambda renders without touching the disk.
 */
export function loadFontBytes(weight: FontWeight): Promise<Uint8Array> {
  const file = path.join(documentAssetsDir(), FONT_FILES[weight]);
  let bytes = fontBytesCache.get(file);
  if (bytes === undefined) {
    bytes = readFile(file).then(
      (buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
      (error: unknown) => {
        fontBytesCache.delete(file);
        throw new Error(
          `Cannot read the document font ${file}: ship functions/documents/assets beside the bundle as assets/, or set ${DOCUMENT_ASSETS_DIR_ENV}`,
          { cause: error },
        );
      },
    );
    fontBytesCache.set(file, bytes);
  }
  return bytes;
}

export interface DocumentFonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
}

export interface DocumentInfo {
  readonly title: string;
  readonly subject?: string;
  /** ISO date-time; also the creation and modification dates, so that the same input gives the same document. */
  readonly createdAt?: string;
  readonly keywords?: readonly string[];
}

const PRODUCER = 'bcci-bridge';

/**
 * OpenType features for layout. Ligatures off: text extraction must give back "fi" as two
 * letters. Positioning off (kerning, mark placement): pdf-lib draws glyphs at their advance
 * widths and ignores GPOS anyway, and skipping it makes layout — which every width
 * measurement runs — several times faster. Vietnamese needs no marks positioned: text is
 * NFC-normalised, and the font has a precomposed glyph for every Vietnamese letter.
 */
const LAYOUT_FEATURES = {
  liga: false,
  clig: false,
  dlig: false,
  calt: false,
  kern: false,
  mark: false,
  mkmk: false,
};

const parsedFonts = new WeakMap<Uint8Array, ReturnType<typeof fontkit.create>>();

/**
 * fontkit, remembering each parsed font by its bytes: documents share one parsed font (and
 * its glyph and layout caches), instead of parsing the file and compiling its lookup tables
 * again for every document. Safe because pdf-lib only reads from the font: each document
 * makes its own subset.
 */
const cachingFontkit = {
  create(bytes: Uint8Array, postscriptName?: string) {
    if (postscriptName !== undefined) return fontkit.create(bytes, postscriptName);
    let font = parsedFonts.get(bytes);
    if (font === undefined) {
      font = fontkit.create(bytes);
      parsedFonts.set(bytes, font);
    }
    return font;
  },
};

/**
 * Reads and parses the document fonts and prepares their layout tables, so that the first
 * document renders as fast as the next ones. A handler may await it at module scope, during
 * the Lambda init phase; calling it is never required.
 */
export async function warmUpDocuments(): Promise<void> {
  const files = await Promise.all([loadFontBytes('regular'), loadFontBytes('bold')]);
  for (const bytes of files) cachingFontkit.create(bytes).layout('Bưu chính công ích', LAYOUT_FEATURES);
}

/** A new PDF with its metadata set and the document fonts embedded (as subsets). */
export async function createDocument(
  info: DocumentInfo,
): Promise<{ doc: PDFDocument; fonts: DocumentFonts }> {
  const [regularBytes, boldBytes] = await Promise.all([loadFontBytes('regular'), loadFontBytes('bold')]);
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(cachingFontkit);
  doc.setTitle(info.title, { showInWindowTitleBar: true });
  if (info.subject !== undefined) doc.setSubject(info.subject);
  if (info.keywords !== undefined) doc.setKeywords([...info.keywords]);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('vi-VN');
  const created = info.createdAt === undefined ? new Date() : parseInstant(info.createdAt, 'createdAt');
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  const embed = (bytes: Uint8Array, weight: FontWeight) =>
    doc.embedFont(bytes, {
      subset: true,
      features: LAYOUT_FEATURES,
      customName: subsetFontName(
        cachingFontkit.create(bytes).postscriptName ?? `Font-${weight}`,
        weight,
        info,
      ),
    });
  const [regular, bold] = await Promise.all([embed(regularBytes, 'regular'), embed(boldBytes, 'bold')]);
  shareAdvanceWidths(regular, regularBytes);
  shareAdvanceWidths(bold, boldBytes);
  return { doc, fonts: { regular, bold } };
}

/**
 * The PDF name of an embedded subset: a six-letter tag, a plus and the font's PostScript
 * name, as the PDF specification asks of subsets (pdf-lib would append a random number
 * instead). The tag comes from the document's identity, so the same input gives the same file.
 */
function subsetFontName(postscriptName: string, weight: FontWeight, info: DocumentInfo): string {
  const digest = createHash('sha256')
    .update(`${weight}\n${info.title}\n${info.createdAt ?? ''}`)
    .digest();
  const tag = Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  return `${tag}+${postscriptName}`;
}

/** The finished document as bytes. */
export async function pdfBytes(doc: PDFDocument): Promise<Uint8Array> {
  return doc.save({ useObjectStreams: true });
}

/** Parses an ISO date-time, refusing anything `Date` cannot read. */
export function parseInstant(iso: string, field: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()))
    throw new RangeError(`${field} is not an ISO date-time: ${JSON.stringify(iso)}`);
  return date;
}

// ---------------------------------------------------------------------------------------------
// Text

const characterSets = new WeakMap<PDFFont, ReadonlySet<number>>();

function characterSet(font: PDFFont): ReadonlySet<number> {
  let set = characterSets.get(font);
  if (set === undefined) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  return set;
}

/** Replaces a character the font has no glyph for (it would print as an empty box). */
export const MISSING_GLYPH_REPLACEMENT = '?';

/**
 * Text ready to draw with `font`: NFC (so that a decomposed "ễ" becomes the one precomposed
 * glyph), white space — line breaks included — collapsed to single spaces, and any character
 * the font lacks replaced by `?`.
 */
export function cleanText(font: PDFFont, text: string): string {
  const chars = characterSet(font);
  let out = '';
  for (const char of text.normalize('NFC').replace(/\s+/gu, ' ').trim()) {
    out += chars.has(char.codePointAt(0)!) ? char : MISSING_GLYPH_REPLACEMENT;
  }
  return out;
}

/** Advance widths at size 1 by character, per embedded font. */
const advanceWidths = new WeakMap<PDFFont, Map<string, number>>();
/** The same, per font file: shared by every document that embeds the file. */
const advanceWidthsByFile = new WeakMap<Uint8Array, Map<string, number>>();

function shareAdvanceWidths(font: PDFFont, bytes: Uint8Array): void {
  let widths = advanceWidthsByFile.get(bytes);
  if (widths === undefined) {
    widths = new Map();
    advanceWidthsByFile.set(bytes, widths);
  }
  advanceWidths.set(font, widths);
}

/**
 * The width of `text` at `size`, in points: the sum of its characters' advance widths, each
 * measured once per font. The same as `font.widthOfTextAtSize` — layout here neither kerns
 * nor forms ligatures (see `LAYOUT_FEATURES`) — without running a full OpenType layout for
 * every measurement that wrapping and fitting make.
 */
export function textWidth(font: PDFFont, size: number, text: string): number {
  let widths = advanceWidths.get(font);
  if (widths === undefined) {
    widths = new Map();
    advanceWidths.set(font, widths);
  }
  let total = 0;
  for (const char of text) {
    let width = widths.get(char);
    if (width === undefined) {
      width = font.widthOfTextAtSize(char, 1);
      widths.set(char, width);
    }
    total += width;
  }
  return total * size;
}

const graphemeSegmenter = new Intl.Segmenter('vi', { granularity: 'grapheme' });

function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (segment) => segment.segment);
}

export const ELLIPSIS = '…';

/**
 * `text` (already clean) if it fits `maxWidth`, else its longest prefix, trimmed, that fits
 * with an ellipsis after it.
 */
export function truncateToWidth(font: PDFFont, size: number, text: string, maxWidth: number): string {
  if (textWidth(font, size, text) <= maxWidth) return text;
  const parts = graphemes(text);
  let low = 0;
  let high = parts.length;
  // The longest prefix length `low` whose ellipsised form fits.
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (textWidth(font, size, ellipsised(parts, mid)) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  return ellipsised(parts, low);
}

function ellipsised(parts: readonly string[], count: number): string {
  const prefix = parts.slice(0, count).join('').trimEnd();
  return `${prefix}${ELLIPSIS}`;
}

/**
 * Greedy word wrap of clean text to `maxWidth`. A word wider than the line on its own is
 * broken between letters.
 */
export function wrapText(font: PDFFont, size: number, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(font, size, candidate) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    line = '';
    if (textWidth(font, size, word) <= maxWidth) {
      line = word;
      continue;
    }
    for (const grapheme of graphemes(word)) {
      const next = line + grapheme;
      if (line !== '' && textWidth(font, size, next) > maxWidth) {
        lines.push(line);
        line = grapheme;
      } else {
        line = next;
      }
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

export interface FitOptions {
  readonly font: PDFFont;
  /** The preferred size, in points. */
  readonly size: number;
  /** The smallest size to shrink to before truncating; defaults to `size` (no shrinking). */
  readonly minSize?: number;
  readonly maxWidth: number;
  /** At most this many lines; defaults to as many as `maxHeight` holds. */
  readonly maxLines?: number;
  /** At most this tall, in points (see `linesHeight`); defaults to no limit. */
  readonly maxHeight?: number;
  /** Distance between baselines, in ems; 1.3 by default. */
  readonly lineHeight?: number;
}

export interface FittedText {
  readonly lines: readonly string[];
  readonly size: number;
  /** Whether text was cut (the last line ends with an ellipsis). */
  readonly truncated: boolean;
  /** The height the lines take when drawn with `drawLines` (see `linesHeight`). */
  readonly height: number;
}

/**
 * Lays text out in at most `maxLines` lines (and `maxHeight` points) of `maxWidth`: at the
 * largest size from `size` down to `minSize`, in half-point steps, at which it fits whole;
 * else at `minSize` with the last line cut and ending in an ellipsis. The text is cleaned
 * first (see `cleanText`). Returns no lines when not even one line fits the height.
 */
export function fitText(text: string, options: FitOptions): FittedText {
  const { font, maxWidth } = options;
  const lineHeight = options.lineHeight ?? DEFAULT_LINE_HEIGHT;
  const clean = cleanText(font, text);
  const minSize = Math.min(options.minSize ?? options.size, options.size);
  const result = (lines: string[], size: number, truncated: boolean): FittedText => ({
    lines,
    size,
    truncated,
    height: linesHeight(lines.length, size, lineHeight),
  });
  const maxLinesAt = (size: number) => {
    const byHeight =
      options.maxHeight === undefined
        ? Number.POSITIVE_INFINITY
        : Math.floor(
            (options.maxHeight - size * (FONT_EXTENT.ascent + FONT_EXTENT.descent)) / (size * lineHeight) +
              1e-9,
          ) + 1;
    return Math.min(options.maxLines ?? Number.POSITIVE_INFINITY, byHeight);
  };
  if (clean === '') return result([], options.size, false);
  for (let size = options.size; size >= minSize - 1e-9; size -= 0.5) {
    const lines = wrapText(font, size, clean, maxWidth);
    if (lines.length <= maxLinesAt(size)) return result(lines, size, false);
  }
  const size = minSize;
  const maxLines = maxLinesAt(size);
  if (maxLines < 1) return result([], size, true);
  const lines = wrapText(font, size, clean, maxWidth);
  const kept = lines.slice(0, maxLines);
  const last = kept.length - 1;
  // The overflow joins the last line and is cut there, so that the ellipsis marks the cut.
  const cut = truncateToWidth(font, size, `${[kept[last]!, ...lines.slice(maxLines)].join(' ')}`, maxWidth);
  kept[last] = cut.endsWith(ELLIPSIS) ? cut : truncateToWidth(font, size, `${cut}${ELLIPSIS}`, maxWidth);
  return result(kept, size, true);
}

/** One line of `text` (cleaned) at the largest size from `size` down to `minSize` that fits `maxWidth`, else cut with an ellipsis. */
export function fitLine(
  text: string,
  options: { font: PDFFont; size: number; minSize?: number; maxWidth: number },
): { text: string; size: number } {
  const fitted = fitText(text, { ...options, maxLines: 1 });
  return { text: fitted.lines[0] ?? '', size: fitted.size };
}

export type Align = 'left' | 'center' | 'right';

export const DEFAULT_LINE_HEIGHT = 1.3;

export interface DrawTextOptions {
  readonly font: PDFFont;
  readonly size: number;
  /** Left edge of the text box, in points from the page's left. */
  readonly x: number;
  /** The box's width, for `align`; defaults to the text's own width. */
  readonly width?: number;
  readonly align?: Align;
  readonly color?: RGB;
  /** Slanted, as a synthetic italic (the fonts have no italic face). */
  readonly italic?: boolean;
}

/** The slant of the synthetic italic. */
const ITALIC_SKEW = degrees(12);

/** Draws one line with its baseline `baseline` points from the page's top. Returns the text's width. */
export function drawText(page: PDFPage, text: string, baseline: number, options: DrawTextOptions): number {
  const { font, size } = options;
  const width = textWidth(font, size, text);
  const box = options.width ?? width;
  const offset = options.align === 'center' ? (box - width) / 2 : options.align === 'right' ? box - width : 0;
  if (text !== '') {
    page.drawText(text, {
      x: options.x + offset,
      y: page.getHeight() - baseline,
      size,
      font,
      color: options.color ?? BLACK,
      ...(options.italic === true ? { ySkew: ITALIC_SKEW } : {}),
    });
  }
  return width;
}

export interface DrawLinesOptions extends DrawTextOptions {
  /** Top of the first line's box, in points from the page's top. */
  readonly top: number;
  /** Distance between baselines, in ems; 1.3 by default. */
  readonly lineHeight?: number;
}

/**
 * Draws lines top-down, the first baseline one ascent below `top`. Returns the distance from
 * the page's top to the bottom of the last line's box (baseline plus descent): `top` plus
 * `linesHeight(lines.length, size, lineHeight)`.
 */
export function drawLines(page: PDFPage, lines: readonly string[], options: DrawLinesOptions): number {
  const { size, top } = options;
  const lineHeight = options.lineHeight ?? DEFAULT_LINE_HEIGHT;
  lines.forEach((line, i) => {
    drawText(page, line, top + size * FONT_EXTENT.ascent + i * size * lineHeight, options);
  });
  return top + linesHeight(lines.length, size, lineHeight);
}

/** The height `drawLines` takes for `count` lines: ascent of the first to descent of the last. */
export function linesHeight(count: number, size: number, lineHeight = DEFAULT_LINE_HEIGHT): number {
  if (count === 0) return 0;
  return size * (FONT_EXTENT.ascent + FONT_EXTENT.descent) + (count - 1) * size * lineHeight;
}

// ---------------------------------------------------------------------------------------------
// Shapes

export interface Box {
  /** Left edge, in points from the page's left. */
  readonly x: number;
  /** Top edge, in points from the page's top. */
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Fills rectangles given top-down, in one path. */
export function fillRects(page: PDFPage, rects: readonly Box[], color: RGB = BLACK): void {
  if (rects.length === 0) return;
  const pageHeight = page.getHeight();
  page.pushOperators(
    pushGraphicsState(),
    setFillingRgbColor(color.red, color.green, color.blue),
    ...rects.map((r) => rectangle(r.x, pageHeight - r.top - r.height, r.width, r.height)),
    fill(),
    popGraphicsState(),
  );
}

/** A horizontal rule of `thickness` points, its top at `top`. */
export function hRule(page: PDFPage, x: number, top: number, width: number, thickness: number): void {
  fillRects(page, [{ x, top, width, height: thickness }]);
}

/** The outline of a box, drawn inside it. */
export function strokeBox(page: PDFPage, box: Box, thickness: number): void {
  const { x, top, width, height } = box;
  fillRects(page, [
    { x, top, width, height: thickness },
    { x, top: top + height - thickness, width, height: thickness },
    { x, top, width: thickness, height },
    { x: x + width - thickness, top, width: thickness, height },
  ]);
}

/** A filled triangle pointing right, inside `box` (a direction marker). */
export function drawArrow(page: PDFPage, box: Box, color: RGB = BLACK): void {
  const pageHeight = page.getHeight();
  const y = pageHeight - box.top;
  page.pushOperators(
    pushGraphicsState(),
    setFillingRgbColor(color.red, color.green, color.blue),
    moveTo(box.x, y),
    lineTo(box.x + box.width, y - box.height / 2),
    lineTo(box.x, y - box.height),
    closePath(),
    fill(),
    popGraphicsState(),
  );
}
