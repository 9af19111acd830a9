/**
 * The ruled table of the A4 documents (the manifest's items, the slip's documents and fees,
 * the receipt's lines, the statement's lists): a grey header row, rows whose cells wrap to
 * their column's width, and page breaks that repeat the header on the next page. The table
 * draws on whatever surface gives it a page, a cursor and a way to the next page (`A4Flow`
 * in `page-flow.ts`), and `listRows` builds the numbered rows and the totals row the lists
 * share.
 */
import { type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import {
  type Align,
  cleanText,
  type DocumentFonts,
  drawLines,
  ELLIPSIS,
  type FittedText,
  fillRects,
  fitText,
  linesHeight,
  textWidth,
  truncateToWidth,
  wrapText,
} from './pdf.ts';

export type TableCell = string | { readonly text: string; readonly bold?: boolean; readonly align?: Align };

export interface TableColumn {
  readonly header: string;
  /** Points; 0 for the one column that takes the width the others leave. */
  readonly width: number;
  readonly align?: Align;
  /** At most this many lines a cell, the last cut with an ellipsis; 1 by default. */
  readonly maxLines?: number;
  /**
   * `code`: shrink by up to 1 pt to stay on one line, then break after hyphens and at spaces
   * only, for codes; `words` (default): word wrap.
   */
  readonly wrap?: 'words' | 'code';
}

export interface TableRow {
  readonly cells: readonly TableCell[];
  /** A light grey background (a row that needs attention). */
  readonly shade?: boolean;
  /** Bold throughout (a totals row). */
  readonly bold?: boolean;
  /** The first cell spans this many columns (a totals row's caption). */
  readonly span?: number;
}

export interface TableOptions {
  readonly size?: number;
  readonly headerSize?: number;
}

/** What a table draws on: the page under a cursor `y`, above `bottom`, and the next page. */
export interface TableSurface {
  readonly fonts: DocumentFonts;
  readonly left: number;
  readonly width: number;
  readonly bottom: number;
  readonly page: PDFPage;
  y: number;
  /** Moves to a new page unless `height` points fit below the cursor. */
  ensure(height: number): boolean;
  newPage(): void;
}

/** The totals row under a list: its caption right-aligned across the first `span` columns. */
export interface TotalRow {
  readonly caption: string;
  readonly span: number;
  readonly cells: readonly TableCell[];
}

export interface ListRowsOptions<T> {
  /** The totals row under the list. */
  readonly total?: TotalRow;
  /** Which items need attention: their rows are shaded. */
  readonly shade?: (item: T) => boolean;
}

/** A numbered list's rows ("STT" first, then the item's cells), then its totals row when there is one. */
export function listRows<T>(
  items: readonly T[],
  cells: (item: T) => readonly TableCell[],
  options: ListRowsOptions<T> = {},
): TableRow[] {
  const { total, shade } = options;
  const rows: TableRow[] = items.map((item, i) => ({
    ...(shade === undefined ? {} : { shade: shade(item) }),
    cells: [String(i + 1), ...cells(item)],
  }));
  if (total !== undefined) {
    rows.push({
      span: total.span,
      bold: true,
      cells: [{ text: total.caption, align: 'right' }, ...total.cells],
    });
  }
  return rows;
}

const RULE = 0.5;
const HEADER_FILL = rgb(0.9, 0.9, 0.9);
const SHADE_FILL = rgb(0.93, 0.93, 0.93);
const PAD_X = 3;
const PAD_Y = 3;
const LINE_HEIGHT = 1.2;

type Rule = { x: number; top: number; width: number; height: number };

interface LaidCell {
  readonly lines: readonly string[];
  readonly size: number;
  readonly font: PDFFont;
  readonly align: Align;
  readonly x: number;
  readonly width: number;
}

/** The table's geometry: each column's width and left edge, the header fitted to them. */
interface TableLayout {
  readonly columns: readonly TableColumn[];
  readonly size: number;
  readonly headerSize: number;
  readonly widths: readonly number[];
  /** Left edges of the columns, then the table's right edge. */
  readonly xs: readonly number[];
  readonly tableWidth: number;
  readonly header: readonly FittedText[];
  readonly headerHeight: number;
}

/**
 * A ruled table; rows that do not fit go to the next page, under the header again. Cells
 * wrap to their column's `maxLines`, then are cut with an ellipsis.
 */
export function drawTable(
  surface: TableSurface,
  columns: readonly TableColumn[],
  rows: readonly TableRow[],
  options: TableOptions = {},
): void {
  const layout = tableLayout(surface, columns, options);
  // The rules of the part of the table on the current page, drawn over its cells at a break.
  let rules: Rule[] = [];
  let headerDrawn = false;
  for (const row of rows) {
    const cells = layoutRow(surface.fonts, layout, row);
    const height =
      Math.max(...cells.map((c) => linesHeight(Math.max(1, c.lines.length), layout.size, LINE_HEIGHT))) +
      2 * PAD_Y;
    if (!headerDrawn) {
      surface.ensure(layout.headerHeight + height);
      drawHeader(surface, layout, rules);
      headerDrawn = true;
    } else if (surface.y + height > surface.bottom + 1e-6) {
      fillRects(surface.page, rules);
      rules = [];
      surface.newPage();
      drawHeader(surface, layout, rules);
    }
    drawRow(surface, layout, row, cells, height, rules);
  }
  if (!headerDrawn) {
    surface.ensure(layout.headerHeight);
    drawHeader(surface, layout, rules);
  }
  fillRects(surface.page, rules);
}

function tableLayout(
  surface: TableSurface,
  columns: readonly TableColumn[],
  options: TableOptions,
): TableLayout {
  const size = options.size ?? 9;
  const headerSize = options.headerSize ?? size;
  const fixed = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => (c.width === 0 ? surface.width - fixed : c.width));
  const xs = [surface.left];
  for (const w of widths) xs.push(xs.at(-1)! + w);
  const header = columns.map((column, i) =>
    fitText(column.header, {
      font: surface.fonts.bold,
      size: headerSize,
      maxWidth: widths[i]! - 2 * PAD_X,
      maxLines: 2,
      lineHeight: LINE_HEIGHT,
    }),
  );
  return {
    columns,
    size,
    headerSize,
    widths,
    xs,
    tableWidth: xs.at(-1)! - surface.left,
    header,
    headerHeight: Math.max(...header.map((h) => h.height)) + 2 * PAD_Y,
  };
}

/** The grey header row, its rules added to `rules`; moves the cursor under it. */
function drawHeader(surface: TableSurface, layout: TableLayout, rules: Rule[]): void {
  const { left } = surface;
  const { xs, widths, tableWidth, headerHeight, headerSize } = layout;
  const top = surface.y;
  fillRects(surface.page, [{ x: left, top, width: tableWidth, height: headerHeight }], HEADER_FILL);
  layout.header.forEach((h, i) => {
    drawLines(surface.page, h.lines, {
      font: surface.fonts.bold,
      size: headerSize,
      x: xs[i]! + PAD_X,
      width: widths[i]! - 2 * PAD_X,
      top: top + (headerHeight - h.height) / 2,
      align: 'center',
      lineHeight: LINE_HEIGHT,
    });
  });
  rules.push({ x: left, top: top - RULE / 2, width: tableWidth, height: RULE });
  rules.push({ x: left, top: top + headerHeight - RULE / 2, width: tableWidth, height: RULE });
  for (const x of xs) rules.push({ x: x - RULE / 2, top, width: RULE, height: headerHeight });
  surface.y += headerHeight;
}

/** Each cell of a row in its column (the first spanning `span` columns), its text fitted. */
function layoutRow(fonts: DocumentFonts, layout: TableLayout, row: TableRow): LaidCell[] {
  const { columns, xs, size } = layout;
  const span = rowSpan(layout, row);
  return row.cells.map((cell, i) => {
    const column = i === 0 ? 0 : i + span - 1;
    const spec = columns[column];
    const text = typeof cell === 'string' ? cell : cell.text;
    const bold = row.bold === true || (typeof cell !== 'string' && cell.bold === true);
    const align = (typeof cell === 'string' ? undefined : cell.align) ?? spec?.align ?? 'left';
    const font = bold ? fonts.bold : fonts.regular;
    const x = xs[column]!;
    const width = xs[i === 0 ? span : column + 1]! - x;
    const maxWidth = width - 2 * PAD_X;
    const maxLines = spec?.maxLines ?? 1;
    if (spec?.wrap === 'code') {
      const clean = cleanText(font, text);
      const shrunk = [size, size - 0.5, size - 1].find((s) => textWidth(font, s, clean) <= maxWidth);
      if (shrunk !== undefined) return { lines: [clean], size: shrunk, font, align, x, width };
      return { lines: wrapCode(font, size, clean, maxWidth, maxLines), size, font, align, x, width };
    }
    const lines = fitText(text, { font, size, maxWidth, maxLines, lineHeight: LINE_HEIGHT }).lines;
    return { lines, size, font, align, x, width };
  });
}

function rowSpan(layout: TableLayout, row: TableRow): number {
  return Math.max(1, Math.min(row.span ?? 1, layout.columns.length));
}

/** One row at the cursor, shaded when asked, its rules added to `rules`. */
function drawRow(
  surface: TableSurface,
  layout: TableLayout,
  row: TableRow,
  cells: readonly LaidCell[],
  height: number,
  rules: Rule[],
): void {
  const { left } = surface;
  const { xs, tableWidth } = layout;
  const top = surface.y;
  if (row.shade === true) fillRects(surface.page, [{ x: left, top, width: tableWidth, height }], SHADE_FILL);
  for (const cell of cells) {
    drawLines(surface.page, cell.lines, {
      font: cell.font,
      size: cell.size,
      x: cell.x + PAD_X,
      width: cell.width - 2 * PAD_X,
      top: top + (height - linesHeight(cell.lines.length, cell.size, LINE_HEIGHT)) / 2,
      align: cell.align,
      lineHeight: LINE_HEIGHT,
    });
  }
  const boundaries = [xs[0]!, ...xs.slice(rowSpan(layout, row))];
  for (const x of boundaries) rules.push({ x: x - RULE / 2, top, width: RULE, height });
  rules.push({ x: left, top: top + height - RULE / 2, width: tableWidth, height: RULE });
  surface.y += height;
}

/**
 * Lines of a code (a dossier code, a spaced item code) in `maxWidth`: broken after hyphens
 * and at spaces, a piece wider than the line between letters; more than `maxLines` lines are
 * cut, the last ending with an ellipsis. `text` must be clean.
 */
export function wrapCode(
  font: PDFFont,
  size: number,
  text: string,
  maxWidth: number,
  maxLines: number,
): string[] {
  // Lines as cut, each keeping the space it was broken at, so that a cut line joins back.
  const raw: string[] = [];
  let line = '';
  for (const piece of text.split(/(?<=[-\s])/u)) {
    if (textWidth(font, size, (line + piece).trimEnd()) <= maxWidth) {
      line += piece;
      continue;
    }
    if (line !== '') raw.push(line);
    const broken = wrapText(font, size, piece.trimEnd(), maxWidth);
    raw.push(...broken.slice(0, -1));
    line = (broken.at(-1) ?? '') + (piece.endsWith(' ') ? ' ' : '');
  }
  if (line.trim() !== '') raw.push(line);
  if (raw.length <= maxLines) return raw.map((l) => l.trimEnd());
  const kept = raw.slice(0, maxLines - 1).map((l) => l.trimEnd());
  const cut = truncateToWidth(
    font,
    size,
    raw
      .slice(maxLines - 1)
      .join('')
      .trimEnd(),
    maxWidth,
  );
  kept.push(cut.endsWith(ELLIPSIS) ? cut : truncateToWidth(font, size, `${cut}${ELLIPSIS}`, maxWidth));
  return kept;
}
