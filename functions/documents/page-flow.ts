/**
 * The A4 page flow that the manifest, the consignment slip, the receipt and the statement
 * share: the layout of Vietnamese administrative documents (the issuing unit top left, the
 * national heading top right, the title centred, the body, the signature blocks at the
 * bottom) as a cursor that flows paragraphs, fields, tables and signature blocks down the
 * page and onto new ones, each later page under a running title and every page numbered
 * "Trang x/y".
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { drawLinearBarcode, encodeCode128 } from './barcodes.ts';
import { formatVietnamDate } from './item-label.ts';
import { drawTable, type TableColumn, type TableOptions, type TableRow } from './page-table.ts';
import {
  type Align,
  cleanText,
  DEFAULT_LINE_HEIGHT,
  type DocumentFonts,
  drawLines,
  drawText,
  type FittedText,
  FONT_EXTENT,
  fitText,
  hRule,
  linesHeight,
  mm,
  textWidth,
  wrapText,
} from './pdf.ts';

/** The top-left line above the issuing office. */
const POSTAL_SERVICE_UNIT = 'BƯU CHÍNH CÔNG ÍCH';

/** Refuses what Code 128 cannot carry as printable ASCII. */
export function checkCode128(value: string, field: string): void {
  if (!/^[\x21-\x7E]{1,40}$/.test(value)) {
    throw new RangeError(`${field} must be printable ASCII for Code 128: ${JSON.stringify(value)}`);
  }
}

/**
 * `ngày 07 tháng 3 năm 2024`, in Vietnam's time, as administrative documents write dates
 * (Decree 30/2020/NĐ-CP): a zero before days under 10 and before months 1 and 2 only.
 */
export function vietnameseLongDate(iso: string, field = 'date'): string {
  const [day, month, year] = formatVietnamDate(iso, field).split('/') as [string, string, string];
  const monthNumber = Number(month);
  return `ngày ${day} tháng ${monthNumber < 3 ? month : String(monthNumber)} năm ${year}`;
}

export const A4_WIDTH = 595.28;
export const A4_HEIGHT = 841.89;
/** Margins: a binding margin on the left, as administrative documents have, narrowed for the tables. */
export const A4_MARGINS = { top: mm(15), right: mm(15), bottom: mm(12), left: mm(20) } as const;
/** Room kept at the bottom of every page for the footer. */
const FOOTER_SPACE = 22;
const FOOTER_SIZE = 7.5;
export const BODY_SIZE = 10;
const RULE = 0.5;
const RUNNING_HEADER_SIZE = 9;
/** Where the flow starts on the second and later pages, below the running header. */
const CONTINUATION_TOP = A4_MARGINS.top + linesHeight(1, RUNNING_HEADER_SIZE) + 3 + RULE + 12;
/** Code 128 on A4 office printers: 0.26 mm modules, 9 mm bars. */
const BARCODE_MODULE = mm(0.26);
const BARCODE_HEIGHT = mm(9);
/** Room for a handwritten signature. */
const SIGNING_SPACE = mm(18);

export interface SignatureBlock {
  readonly heading: string;
  /** Who the block signs for, under the heading. */
  readonly party?: string;
  /** A name printed under the space for the signature. */
  readonly signer?: string;
  /** Small lines under the name. */
  readonly details?: readonly string[];
}

export interface ParagraphOptions {
  readonly size?: number;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly align?: Align;
  /** Left indent of every line, in points. */
  readonly indent?: number;
  /** Extra indent of the second and later lines. */
  readonly hangingIndent?: number;
  readonly lineHeight?: number;
  /** Keep the paragraph on the page of the next this many body lines. */
  readonly keepWithNext?: number;
}

/** A paragraph or a space, in `A4Flow.ending`. */
export type EndingPart =
  | { readonly text: string; readonly options?: ParagraphOptions }
  | { readonly space: number };

/** What `A4Flow.administrativeHeading` prints. */
export interface AdministrativeHeading {
  /** The issuing office, printed in capitals. */
  readonly unit: string;
  /** The document's number as Code 128. */
  readonly barcode: string;
  /** The number as printed under the barcode. */
  readonly number: string;
  /** ISO date-time of the document, printed as a long date in Vietnam's time. */
  readonly date: string;
}

/** One side of the administrative heading. */
interface HeadingColumn {
  readonly x: number;
  readonly width: number;
  readonly top: number;
}

export interface A4FlowOptions {
  /** The document's title, at the top of the second and later pages. */
  readonly runningTitle: string;
  /** Its number, on the right of the running title. */
  readonly runningNumber: string;
  /** Small print on the left of every page's footer; the right has "Trang x/y". */
  readonly footer: string;
}

/**
 * An A4 document laid out top-down: a cursor `y` (points from the page's top) that every
 * block moves down, starting a new page, with a running header, when a block does not fit
 * above the footer. `finish` numbers the pages.
 */
export class A4Flow {
  readonly left = A4_MARGINS.left;
  readonly width = A4_WIDTH - A4_MARGINS.left - A4_MARGINS.right;
  /** The lowest point blocks may reach, above the footer. */
  readonly bottom = A4_HEIGHT - A4_MARGINS.bottom - FOOTER_SPACE;
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: DocumentFonts,
    private readonly options: A4FlowOptions,
  ) {
    this.newPage();
  }

  /** Starts a new page; pages after the first open with the running title. */
  newPage(): void {
    this.page = this.doc.addPage([A4_WIDTH, A4_HEIGHT]);
    this.pages.push(this.page);
    this.y = A4_MARGINS.top;
    if (this.pages.length > 1) this.runningHeader();
  }

  /** Moves to a new page unless `height` points fit below the cursor; says whether it did. */
  ensure(height: number): boolean {
    if (this.y + height <= this.bottom + 1e-6) return false;
    this.newPage();
    return true;
  }

  space(points: number): void {
    this.y += points;
  }

  /**
   * The unit at the top left (the postal service, the office in bold, a short rule, the
   * document's barcode and number) and the national heading at the top right (with a rule
   * under the motto, and the date in italics).
   */
  administrativeHeading(options: AdministrativeHeading): void {
    const top = this.y;
    const leftWidth = this.width * 0.42;
    const leftBottom = this.issuingUnit(options, { x: this.left, width: leftWidth, top });
    const rightBottom = this.nationalHeading(options.date, {
      x: this.left + leftWidth,
      width: this.width - leftWidth,
      top,
    });
    this.y = Math.max(leftBottom, rightBottom) + 16;
  }

  /** The postal service, the office in bold and a short rule; then the barcode and number. Returns the bottom. */
  private issuingUnit(options: AdministrativeHeading, column: HeadingColumn): number {
    const { page, fonts } = this;
    const { x, width } = column;
    let y = drawLines(page, [POSTAL_SERVICE_UNIT], {
      font: fonts.regular,
      size: 10.5,
      x,
      width,
      top: column.top,
      align: 'center',
    });
    const unit = fitText(options.unit.toLocaleUpperCase('vi'), {
      font: fonts.bold,
      size: 10.5,
      minSize: 8.5,
      maxWidth: width - 6,
      maxLines: 2,
      lineHeight: 1.2,
    });
    y = drawLines(page, unit.lines, {
      font: fonts.bold,
      size: unit.size,
      x,
      width,
      top: y + 1,
      align: 'center',
      lineHeight: 1.2,
    });
    const ruleWidth = width / 3;
    hRule(page, x + (width - ruleWidth) / 2, y + 2.5, ruleWidth, RULE);
    return this.documentNumber(options, { x, width, top: y + 9 });
  }

  /** The document's Code 128 barcode, centred, and its number under it. Returns the bottom. */
  private documentNumber(options: AdministrativeHeading, column: HeadingColumn): number {
    const { page, fonts } = this;
    const { x, width } = column;
    const code = encodeCode128(options.barcode);
    const module = Math.min(BARCODE_MODULE, (width - 10) / (code.modules + 20));
    const barsWidth = code.modules * module;
    drawLinearBarcode(page, code, {
      x: x + (width - barsWidth) / 2,
      top: column.top,
      width: barsWidth,
      height: BARCODE_HEIGHT,
    });
    const number = fitText(options.number, {
      font: fonts.regular,
      size: 10,
      minSize: 7,
      maxWidth: width,
      maxLines: 1,
    });
    return drawLines(page, number.lines, {
      font: fonts.regular,
      size: number.size,
      x,
      width,
      top: column.top + BARCODE_HEIGHT + 2,
      align: 'center',
    });
  }

  /** The nation's name and motto in bold, a rule under the motto, the date in italics. Returns the bottom. */
  private nationalHeading(dateIso: string, column: HeadingColumn): number {
    const { page, fonts } = this;
    const { x, width } = column;
    const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    const nationSize = Math.min(11.5, (11.5 * (width - 4)) / textWidth(fonts.bold, 11.5, nation));
    let y = drawLines(page, [nation], {
      font: fonts.bold,
      size: nationSize,
      x,
      width,
      top: column.top,
      align: 'center',
    });
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    const mottoSize = 11.5;
    y = drawLines(page, [motto], {
      font: fonts.bold,
      size: mottoSize,
      x,
      width,
      top: y + 1,
      align: 'center',
    });
    const mottoWidth = textWidth(fonts.bold, mottoSize, motto);
    hRule(page, x + (width - mottoWidth) / 2, y + 1, mottoWidth, RULE);
    const date = capitalise(vietnameseLongDate(dateIso));
    const dateSize = BODY_SIZE;
    drawText(page, date, y + 14 + dateSize * FONT_EXTENT.ascent, {
      font: fonts.regular,
      size: dateSize,
      x,
      width,
      align: 'center',
      italic: true,
    });
    return y + 14 + linesHeight(1, dateSize);
  }

  /** The title, centred and bold, and a line in italics under it. */
  title(title: string, subtitle?: string): void {
    const { fonts, left, width } = this;
    const fitted = fitText(title, {
      font: fonts.bold,
      size: 14,
      minSize: 12,
      maxWidth: width,
      maxLines: 2,
      lineHeight: 1.25,
    });
    this.ensure(fitted.height + 30);
    this.y = drawLines(this.page, fitted.lines, {
      font: fonts.bold,
      size: fitted.size,
      x: left,
      width,
      top: this.y,
      align: 'center',
      lineHeight: 1.25,
    });
    if (subtitle !== undefined) {
      this.space(3);
      this.paragraph(subtitle, { italic: true, align: 'center', size: 10 });
    }
    this.space(12);
  }

  /** Wrapped text, line by line onto new pages as needed. */
  paragraph(text: string, options: ParagraphOptions = {}): void {
    const { lines, font, size, lineHeight } = this.layoutParagraph(text, options);
    const step = size * lineHeight;
    const keep = options.keepWithNext ?? 0;
    this.ensure(linesHeight(lines.length, size, lineHeight) + keep * BODY_SIZE * DEFAULT_LINE_HEIGHT);
    for (const line of lines) {
      this.ensure(linesHeight(1, size, lineHeight));
      drawText(this.page, line.text, this.y + size * FONT_EXTENT.ascent, {
        font,
        size,
        x: line.x,
        width: line.width,
        align: options.align ?? 'left',
        italic: options.italic ?? false,
      });
      this.y += step;
    }
    this.y += linesHeight(1, size, lineHeight) - step;
  }

  /** The height `paragraph` takes, on one page. */
  paragraphHeight(text: string, options: ParagraphOptions = {}): number {
    const { lines, size, lineHeight } = this.layoutParagraph(text, options);
    return linesHeight(lines.length, size, lineHeight);
  }

  private layoutParagraph(text: string, options: ParagraphOptions) {
    const size = options.size ?? BODY_SIZE;
    const lineHeight = options.lineHeight ?? DEFAULT_LINE_HEIGHT;
    const font = options.bold === true ? this.fonts.bold : this.fonts.regular;
    const indent = options.indent ?? 0;
    const hanging = options.hangingIndent ?? 0;
    const clean = cleanText(font, text);
    const first = wrapText(font, size, clean, this.width - indent)[0] ?? '';
    const rest = clean.slice(first.length).trim();
    const lines: { text: string; x: number; width: number }[] = [
      { text: first, x: this.left + indent, width: this.width - indent },
      ...wrapText(font, size, rest, this.width - indent - hanging).map((line) => ({
        text: line,
        x: this.left + indent + hanging,
        width: this.width - indent - hanging,
      })),
    ];
    return { lines, font, size, lineHeight };
  }

  /** `Label: value`, the value (bold unless `bold` is false) wrapped beside the label. */
  field(
    label: string,
    value: string,
    options: { labelWidth?: number; size?: number; maxLines?: number; bold?: boolean } = {},
  ): void {
    this.fieldsRow([{ label, value, bold: options.bold ?? true }], options);
  }

  /**
   * Fields side by side in equal columns (one field takes the whole width), each value (bold
   * unless `bold` is false) wrapped beside its label, on up to `maxLines` lines (3), then cut.
   */
  fieldsRow(
    fields: readonly { readonly label: string; readonly value: string; readonly bold?: boolean }[],
    options: { labelWidth?: number; size?: number; maxLines?: number } = {},
  ): void {
    const { fonts } = this;
    const size = options.size ?? BODY_SIZE;
    const gap = 12;
    const columnWidth = (this.width - gap * (fields.length - 1)) / fields.length;
    const laid = fields.map((field, i) => {
      const x = this.left + i * (columnWidth + gap);
      const labelWidth = options.labelWidth ?? textWidth(fonts.regular, size, field.label) + 4;
      const font = field.bold === false ? fonts.regular : fonts.bold;
      const value = fitText(field.value, {
        font,
        size,
        minSize: size - 1,
        maxWidth: columnWidth - labelWidth,
        maxLines: options.maxLines ?? 3,
      });
      return { field, x, labelWidth, font, value };
    });
    const height = Math.max(linesHeight(1, size), ...laid.map((l) => l.value.height));
    this.ensure(height);
    for (const { field, x, labelWidth, font, value } of laid) {
      drawText(this.page, cleanText(fonts.regular, field.label), this.y + size * FONT_EXTENT.ascent, {
        font: fonts.regular,
        size,
        x,
      });
      drawLines(this.page, value.lines, {
        font,
        size: value.size,
        x: x + labelWidth,
        top: this.y + (size - value.size) * FONT_EXTENT.ascent,
      });
    }
    this.y += height + 3;
  }

  /** A section heading in bold capitals, kept with what follows. */
  heading(text: string): void {
    this.space(5);
    this.paragraph(text, { bold: true, size: 10.5, keepWithNext: 3 });
    this.space(2);
  }

  /** A ruled table, its header repeated on every page it runs onto (see `drawTable`). */
  table(columns: readonly TableColumn[], rows: readonly TableRow[], options: TableOptions = {}): void {
    drawTable(this, columns, rows, options);
  }

  /** The height `signatures` takes for these blocks. */
  signaturesHeight(blocks: readonly SignatureBlock[]): number {
    return Math.max(...this.signatureLayouts(blocks).map((layout) => layout.height));
  }

  /**
   * Signature blocks side by side, each centred in its column, their "(Ký, ghi rõ họ tên)"
   * lines level; never split across pages.
   */
  signatures(blocks: readonly SignatureBlock[]): void {
    const columnWidth = this.width / blocks.length;
    const layouts = this.signatureLayouts(blocks);
    const height = Math.max(...layouts.map((layout) => layout.height));
    this.ensure(height);
    const top = this.y;
    layouts.forEach((layout, i) => {
      const x = this.left + i * columnWidth;
      for (const line of layout.lines) {
        drawText(this.page, line.text, top + line.top + line.size * FONT_EXTENT.ascent, {
          font: line.font,
          size: line.size,
          x,
          width: columnWidth,
          align: 'center',
          italic: line.italic,
        });
      }
    });
    this.y = top + height;
  }

  /**
   * The end of the document: paragraphs and spaces, then the signatures, all on one page when
   * they fit on one (a signature page is never left without the text it signs).
   */
  ending(parts: readonly EndingPart[], blocks: readonly SignatureBlock[]): void {
    const height =
      parts.reduce(
        (sum, part) => sum + ('space' in part ? part.space : this.paragraphHeight(part.text, part.options)),
        0,
      ) + this.signaturesHeight(blocks);
    if (height <= this.bottom - CONTINUATION_TOP) this.ensure(height);
    for (const part of parts) {
      if ('space' in part) this.space(part.space);
      else this.paragraph(part.text, part.options);
    }
    this.signatures(blocks);
  }

  private signatureLayouts(blocks: readonly SignatureBlock[]) {
    const { fonts } = this;
    const maxWidth = this.width / blocks.length - 12;
    const lineHeight = 1.25;
    const fitLines = (text: string, font: PDFFont, size: number, minSize: number, maxLines: number) =>
      fitText(text, { font, size, minSize, maxWidth, maxLines, lineHeight });
    const headings = blocks.map((block) => fitLines(block.heading, fonts.bold, 10.5, 8.5, 1));
    const parties = blocks.map((block) =>
      block.party === undefined ? undefined : fitLines(block.party, fonts.regular, 9, 8, 2),
    );
    const headingHeight = Math.max(...headings.map((h) => h.height)) + 1;
    const partyHeight = Math.max(0, ...parties.map((p) => (p === undefined ? 0 : p.height + 1)));
    return blocks.map((block, i) => {
      const lines: { text: string; top: number; size: number; font: PDFFont; italic: boolean }[] = [];
      let y = 0;
      const add = (fitted: FittedText, font: PDFFont, italic = false) => {
        fitted.lines.forEach((text, n) => {
          lines.push({ text, top: y + n * fitted.size * lineHeight, size: fitted.size, font, italic });
        });
        y += fitted.height;
      };
      add(headings[i]!, fonts.bold);
      y = headingHeight;
      const party = parties[i];
      if (party !== undefined) add(party, fonts.regular);
      y = headingHeight + partyHeight;
      add(fitLines('(Ký, ghi rõ họ tên)', fonts.regular, 9.5, 9.5, 1), fonts.regular, true);
      y += SIGNING_SPACE;
      if (block.signer !== undefined) {
        add(fitLines(block.signer, fonts.bold, 10.5, 9, 2), fonts.bold);
        y += 2;
      }
      for (const detail of block.details ?? []) {
        add(fitLines(detail, fonts.regular, 8.5, 7.5, 1), fonts.regular);
        y += 1;
      }
      return { lines, height: y };
    });
  }

  /** Running title on the second and later pages. */
  private runningHeader(): void {
    const { page, fonts, left, width } = this;
    const size = RUNNING_HEADER_SIZE;
    const number = fitText(this.options.runningNumber, {
      font: fonts.regular,
      size,
      maxWidth: width / 3,
      maxLines: 1,
    });
    const numberWidth = textWidth(fonts.regular, size, number.lines[0] ?? '');
    const title = fitText(`${this.options.runningTitle} (tiếp theo)`, {
      font: fonts.bold,
      size,
      maxWidth: width - numberWidth - 12,
      maxLines: 1,
    });
    const baseline = this.y + size * FONT_EXTENT.ascent;
    drawText(page, title.lines[0] ?? '', baseline, { font: fonts.bold, size, x: left });
    drawText(page, number.lines[0] ?? '', baseline, {
      font: fonts.regular,
      size,
      x: left,
      width,
      align: 'right',
    });
    const ruleTop = this.y + linesHeight(1, size) + 3;
    hRule(page, left, ruleTop, width, RULE);
    this.y = CONTINUATION_TOP;
  }

  /** Footers: a rule, the small print on the left, "Trang x/y" on the right. */
  finish(): void {
    const { fonts, left, width } = this;
    const total = this.pages.length;
    const top = A4_HEIGHT - A4_MARGINS.bottom - linesHeight(1, FOOTER_SIZE);
    this.pages.forEach((page, i) => {
      const pageNumber = `Trang ${i + 1}/${total}`;
      const numberWidth = textWidth(fonts.regular, FOOTER_SIZE, pageNumber);
      hRule(page, left, top - 4, width, RULE);
      const baseline = top + FOOTER_SIZE * FONT_EXTENT.ascent;
      const footer = fitText(this.options.footer, {
        font: fonts.regular,
        size: FOOTER_SIZE,
        maxWidth: width - numberWidth - 12,
        maxLines: 1,
      });
      drawText(page, footer.lines[0] ?? '', baseline, { font: fonts.regular, size: FOOTER_SIZE, x: left });
      drawText(page, pageNumber, baseline, {
        font: fonts.regular,
        size: FOOTER_SIZE,
        x: left,
        width,
        align: 'right',
      });
    });
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}
