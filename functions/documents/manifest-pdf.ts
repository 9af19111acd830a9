/**
 * The handover manifest (biên bản giao nhận) as an A4 document: the post hands dossiers to an
 * agency's one-stop shop, or collects results from it, and both sides sign a list of the items
 * that changed hands. It follows the layout of Vietnamese administrative documents: the issuing
 * unit top left, the national heading top right, the title centred, the body, and the signature
 * blocks at the bottom. Up to 500 lines run over as many pages as they need, the table header
 * repeated on each and every page numbered "Trang x/y".
 *
 * The second half of this module is the A4 layout that the manifest and the consignment slip
 * (`consignment-slip.ts`) share: a cursor that flows paragraphs, fields, tables and signature
 * blocks down the page and onto new ones.
 */
import { degrees, type PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { drawLinearBarcode, encodeCode128 } from './barcodes.ts';
import { formatVietnamDate, formatVietnamDateTime, spacedItemCode } from './item-label.ts';
import {
  type Align,
  BLACK,
  cleanText,
  createDocument,
  DEFAULT_LINE_HEIGHT,
  type DocumentFonts,
  type DrawTextOptions,
  drawLines,
  drawText,
  ELLIPSIS,
  type FittedText,
  FONT_EXTENT,
  fillRects,
  fitText,
  hRule,
  linesHeight,
  mm,
  parseInstant,
  pdfBytes,
  textWidth,
  truncateToWidth,
  wrapText,
} from './pdf.ts';

export type ManifestKind = 'handover-to-agency' | 'collect-from-agency';
export type ManifestLineStatus = 'received' | 'missing';

export interface HandoverManifestLine {
  /** Dossier code like 000.00.06.H56-231027-0361, or a consignment ref PG… */
  dossierRef: string;
  /** S10, e.g. RH123456785VN; printed in groups. */
  itemCode: string;
  applicantName: string;
  procedureName: string;
  /** How many documents (thành phần hồ sơ) the item holds. */
  documentsCount: number;
  /** The number on the package's seal (số niêm phong), put on at pickup; printed under the item code. */
  sealNumber?: string;
  /** When absent and the manifest is confirmed: missing if the confirmation lists the item as missing, else received. */
  status?: ManifestLineStatus;
}

export interface HandoverManifestConfirmation {
  /** Who signed for the receiving side. */
  signedBy: string;
  /** ISO date-time; printed as dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh. */
  signedAt: string;
  /** The account that recorded the confirmation. */
  confirmedBy?: string;
  /** Item codes on the manifest that the receiving side did not get. */
  missing: string[];
  /** Item codes the receiving side got that are not on the manifest. */
  unexpected: string[];
}

export interface HandoverManifestDocument {
  /** E.g. BB01JD4Q7ZK2M9; also printed as a Code 128 barcode. */
  manifestId: string;
  kind: ManifestKind;
  postOffice: { code: string; name: string };
  agency: { code: string; name: string };
  /** ISO date-time: when the manifest was drawn up. */
  createdAt: string;
  lines: HandoverManifestLine[];
  confirmation?: HandoverManifestConfirmation | null;
  /** ISO date-time. */
  printedAt: string;
}

export const MANIFEST_TITLES: Readonly<Record<ManifestKind, string>> = {
  'handover-to-agency': 'BIÊN BẢN GIAO NHẬN HỒ SƠ',
  'collect-from-agency': 'BIÊN BẢN GIAO NHẬN KẾT QUẢ GIẢI QUYẾT TTHC',
};

const MANIFEST_SUBTITLES: Readonly<Record<ManifestKind, string>> = {
  'handover-to-agency': '(Bưu chính công ích chuyển giao hồ sơ thủ tục hành chính cho Bộ phận Một cửa)',
  'collect-from-agency':
    '(Bộ phận Một cửa chuyển giao kết quả giải quyết thủ tục hành chính cho Bưu chính công ích)',
};

export const MANIFEST_STATUS_TEXT: Readonly<Record<ManifestLineStatus, string>> = {
  received: 'Đã nhận',
  missing: 'Thiếu',
};

/** The top-left line above the issuing office, on both documents. */
export const POSTAL_SERVICE_UNIT = 'BƯU CHÍNH CÔNG ÍCH';
const POSTAL_SERVICE_UNIT_NAME = 'Bưu chính công ích';

const TABLE_SIZE = 8;

/** Renders the manifest as an A4 PDF, one page or several. */
export async function renderHandoverManifest(input: HandoverManifestDocument): Promise<Uint8Array> {
  checkManifest(input);
  const title = MANIFEST_TITLES[input.kind];
  const { doc, fonts } = await createDocument({
    title: `Biên bản giao nhận ${input.manifestId}`,
    subject: title,
    createdAt: input.printedAt,
    keywords: [input.manifestId, input.postOffice.code, input.agency.code],
  });
  const flow = new A4Flow(doc, fonts, {
    runningTitle: title,
    runningNumber: `Số: ${input.manifestId}`,
    footer: `Biên bản số ${input.manifestId} · In lúc ${formatVietnamDateTime(input.printedAt, 'printedAt')}`,
  });

  flow.administrativeHeading({
    unit: input.postOffice.name,
    barcode: input.manifestId,
    number: `Số: ${input.manifestId}`,
    date: input.createdAt,
  });
  flow.title(title, MANIFEST_SUBTITLES[input.kind]);

  const post = `${input.postOffice.name} (mã bưu cục ${input.postOffice.code})`;
  const agency = `${input.agency.name} (mã ${input.agency.code})`;
  const postGives = input.kind === 'handover-to-agency';
  const [giver, receiver] = postGives ? [post, agency] : [agency, post];
  const created = formatVietnamDateTime(input.createdAt, 'createdAt').split(' ');
  flow.paragraph(`Hôm nay, lúc ${created[1]} ngày ${created[0]}, tại ${input.agency.name}, chúng tôi gồm:`);
  flow.space(3);
  flow.field('Bên giao:', giver);
  flow.field('Bên nhận:', receiver);
  flow.space(3);
  const count = input.lines.length;
  flow.paragraph(
    postGives
      ? `Hai bên tiến hành giao nhận hồ sơ thủ tục hành chính do tổ chức, cá nhân gửi qua dịch vụ bưu chính công ích, gồm ${count} bưu gửi theo danh sách sau:`
      : `Hai bên tiến hành giao nhận kết quả giải quyết thủ tục hành chính để chuyển trả cho tổ chức, cá nhân qua dịch vụ bưu chính công ích, gồm ${count} bưu gửi theo danh sách sau:`,
  );
  flow.space(6);

  const confirmation = input.confirmation ?? null;
  const missingCodes = new Set(confirmation?.missing ?? []);
  const statuses = input.lines.map(
    (line): ManifestLineStatus | undefined =>
      line.status ??
      (confirmation === null ? undefined : missingCodes.has(line.itemCode) ? 'missing' : 'received'),
  );
  flow.table(
    MANIFEST_COLUMNS,
    input.lines.map((line, i) => {
      const status = statuses[i];
      return {
        shade: status === 'missing',
        cells: [
          String(i + 1),
          line.dossierRef,
          line.sealNumber
            ? `${spacedItemCode(line.itemCode)} · Niêm phong ${line.sealNumber}`
            : spacedItemCode(line.itemCode),
          line.applicantName,
          line.procedureName,
          String(line.documentsCount),
          { text: status === undefined ? '' : MANIFEST_STATUS_TEXT[status], bold: status === 'missing' },
        ],
      };
    }),
    { size: TABLE_SIZE },
  );
  flow.space(8);

  const documents = input.lines.reduce((sum, line) => sum + line.documentsCount, 0);
  const item = (text: string): EndingPart => ({ text, options: { indent: 12, hangingIndent: 8 } });
  const summary: EndingPart[] = [
    { text: 'Tổng hợp:', options: { bold: true } },
    item(`- Tổng số: ${count} bưu gửi, ${documents} thành phần hồ sơ.`),
  ];
  if (confirmation === null) {
    summary.push(item('- Bên nhận chưa xác nhận kết quả kiểm nhận trên hệ thống.'));
  } else {
    const missing = input.lines.filter((_, i) => statuses[i] === 'missing').map((line) => line.itemCode);
    const received = statuses.filter((status) => status === 'received').length;
    const counted = (n: number, codes: readonly string[]) =>
      codes.length === 0 ? `${n} bưu gửi.` : `${n} bưu gửi (${codes.map(spacedItemCode).join(', ')}).`;
    summary.push(
      item(`- Đã nhận: ${received} bưu gửi.`),
      item(`- Thiếu: ${counted(missing.length, missing)}`),
      item(`- Ngoài danh sách: ${counted(confirmation.unexpected.length, confirmation.unexpected)}`),
    );
  }

  const signed =
    confirmation === null
      ? undefined
      : {
          signer: confirmation.signedBy,
          details: [
            `Ký lúc ${formatVietnamDateTime(confirmation.signedAt, 'confirmation.signedAt')}`,
            ...(confirmation.confirmedBy === undefined || confirmation.confirmedBy.trim() === ''
              ? []
              : [`Xác nhận trên hệ thống: ${confirmation.confirmedBy}`]),
          ],
        };
  const postParty = `${POSTAL_SERVICE_UNIT_NAME} – ${input.postOffice.name}`;
  const agencyParty = input.agency.name;
  flow.ending(
    [
      ...summary,
      { space: 8 },
      { text: 'Biên bản được lập thành 02 bản có giá trị như nhau, mỗi bên giữ 01 bản.' },
      { space: 10 },
    ],
    [
      { heading: 'ĐẠI DIỆN BÊN GIAO', party: postGives ? postParty : agencyParty },
      { heading: 'ĐẠI DIỆN BÊN NHẬN', party: postGives ? agencyParty : postParty, ...signed },
    ],
  );

  flow.finish();
  return pdfBytes(doc);
}

/**
 * Across the 496 pt text block, at 8 pt: a dossier code (119–130 pt, shrunk a little if need
 * be) and a spaced S10 code (75 pt) on one line; the procedure takes what is left, on up to
 * three lines.
 */
const MANIFEST_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 25, align: 'center' },
  { header: 'Mã hồ sơ', width: 132, wrap: 'code', maxLines: 2 },
  { header: 'Số hiệu bưu gửi', width: 82, wrap: 'code', maxLines: 3 },
  { header: 'Người nộp', width: 76, maxLines: 2 },
  { header: 'Thủ tục', width: 0, maxLines: 3 },
  { header: 'Số TP', width: 29, align: 'center' },
  { header: 'Tình trạng', width: 46, align: 'center' },
];

function checkManifest(input: HandoverManifestDocument): void {
  checkCode128(input.manifestId, 'manifestId');
  parseInstant(input.createdAt, 'createdAt');
  parseInstant(input.printedAt, 'printedAt');
  if (input.confirmation) parseInstant(input.confirmation.signedAt, 'confirmation.signedAt');
  for (const [i, line] of input.lines.entries()) {
    if (!Number.isInteger(line.documentsCount) || line.documentsCount < 0) {
      throw new RangeError(`lines[${i}].documentsCount is not a count: ${line.documentsCount}`);
    }
  }
}

/** Refuses what Code 128 cannot carry as printable ASCII. */
export function checkCode128(value: string, field: string): void {
  if (!/^[\x21-\x7E]{1,40}$/.test(value)) {
    throw new RangeError(`${field} must be printable ASCII for Code 128: ${JSON.stringify(value)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * `ngày 07 tháng 3 năm 2024`, in Vietnam's time, as administrative documents write dates
 * (Decree 30/2020/NĐ-CP): a zero before days under 10 and before months 1 and 2 only.
 */
export function vietnameseLongDate(iso: string, field = 'date'): string {
  const [day, month, year] = formatVietnamDate(iso, field).split('/') as [string, string, string];
  const monthNumber = Number(month);
  return `ngày ${day} tháng ${monthNumber < 3 ? month : String(monthNumber)} năm ${year}`;
}

// ---------------------------------------------------------------------------------------------
// A4 administrative layout, shared with consignment-slip.ts

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
const HEADER_FILL = rgb(0.9, 0.9, 0.9);
const SHADE_FILL = rgb(0.93, 0.93, 0.93);
/** The slant of the synthetic italic (the fonts have no italic face). */
const ITALIC_SKEW = degrees(12);
/** Code 128 on A4 office printers: 0.26 mm modules, 9 mm bars. */
const BARCODE_MODULE = mm(0.26);
const BARCODE_HEIGHT = mm(9);
/** Room for a handwritten signature. */
const SIGNING_SPACE = mm(18);

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

export interface A4FlowOptions {
  /** The document's title, at the top of the second and later pages. */
  readonly runningTitle: string;
  /** Its number, on the right of the running title. */
  readonly runningNumber: string;
  /** Small print on the left of every page's footer; the right has "Trang x/y". */
  readonly footer: string;
}

/** Draws one line, slanted when `italic`; returns its width. */
export function drawStyledText(
  page: PDFPage,
  text: string,
  baseline: number,
  options: DrawTextOptions & { readonly italic?: boolean },
): number {
  if (options.italic !== true) return drawText(page, text, baseline, options);
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
      ySkew: ITALIC_SKEW,
    });
  }
  return width;
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
  administrativeHeading(options: {
    readonly unit: string;
    readonly barcode: string;
    readonly number: string;
    readonly date: string;
  }): void {
    const { page, fonts, left, width } = this;
    const top = this.y;
    const leftWidth = width * 0.42;
    const rightX = left + leftWidth;
    const rightWidth = width - leftWidth;

    // Left: the issuing unit.
    let y = drawLines(page, [POSTAL_SERVICE_UNIT], {
      font: fonts.regular,
      size: 10.5,
      x: left,
      width: leftWidth,
      top,
      align: 'center',
    });
    const unit = fitText(options.unit.toLocaleUpperCase('vi'), {
      font: fonts.bold,
      size: 10.5,
      minSize: 8.5,
      maxWidth: leftWidth - 6,
      maxLines: 2,
      lineHeight: 1.2,
    });
    y = drawLines(page, unit.lines, {
      font: fonts.bold,
      size: unit.size,
      x: left,
      width: leftWidth,
      top: y + 1,
      align: 'center',
      lineHeight: 1.2,
    });
    const ruleWidth = leftWidth / 3;
    hRule(page, left + (leftWidth - ruleWidth) / 2, y + 2.5, ruleWidth, RULE);
    y += 9;
    const code = encodeCode128(options.barcode);
    const module = Math.min(BARCODE_MODULE, (leftWidth - 10) / (code.modules + 20));
    const barsWidth = code.modules * module;
    drawLinearBarcode(page, code, {
      x: left + (leftWidth - barsWidth) / 2,
      top: y,
      width: barsWidth,
      height: BARCODE_HEIGHT,
    });
    y += BARCODE_HEIGHT + 2;
    const number = fitText(options.number, {
      font: fonts.regular,
      size: 10,
      minSize: 7,
      maxWidth: leftWidth,
      maxLines: 1,
    });
    const leftBottom = drawLines(page, number.lines, {
      font: fonts.regular,
      size: number.size,
      x: left,
      width: leftWidth,
      top: y,
      align: 'center',
    });

    // Right: the national heading.
    const nation = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
    const nationSize = Math.min(11.5, (11.5 * (rightWidth - 4)) / textWidth(fonts.bold, 11.5, nation));
    y = drawLines(page, [nation], {
      font: fonts.bold,
      size: nationSize,
      x: rightX,
      width: rightWidth,
      top,
      align: 'center',
    });
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    const mottoSize = 11.5;
    y = drawLines(page, [motto], {
      font: fonts.bold,
      size: mottoSize,
      x: rightX,
      width: rightWidth,
      top: y + 1,
      align: 'center',
    });
    const mottoWidth = textWidth(fonts.bold, mottoSize, motto);
    hRule(page, rightX + (rightWidth - mottoWidth) / 2, y + 1, mottoWidth, RULE);
    const date = capitalise(vietnameseLongDate(options.date));
    const dateSize = BODY_SIZE;
    const rightBottom = y + 14 + linesHeight(1, dateSize);
    drawStyledText(page, date, y + 14 + dateSize * FONT_EXTENT.ascent, {
      font: fonts.regular,
      size: dateSize,
      x: rightX,
      width: rightWidth,
      align: 'center',
      italic: true,
    });
    this.y = Math.max(leftBottom, rightBottom) + 16;
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
      drawStyledText(this.page, line.text, this.y + size * FONT_EXTENT.ascent, {
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

  /**
   * A ruled table; rows that do not fit go to the next page, under the header again. Cells
   * wrap to their column's `maxLines`, then are cut with an ellipsis.
   */
  table(columns: readonly TableColumn[], rows: readonly TableRow[], options: TableOptions = {}): void {
    const { fonts, left } = this;
    const size = options.size ?? 9;
    const headerSize = options.headerSize ?? size;
    const padX = 3;
    const padY = 3;
    const lineHeight = 1.2;
    const fixed = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => (c.width === 0 ? this.width - fixed : c.width));
    const xs = [left];
    for (const w of widths) xs.push(xs.at(-1)! + w);
    const tableWidth = xs.at(-1)! - left;

    const header = columns.map((column, i) =>
      fitText(column.header, {
        font: fonts.bold,
        size: headerSize,
        maxWidth: widths[i]! - 2 * padX,
        maxLines: 2,
        lineHeight,
      }),
    );
    const headerHeight = Math.max(...header.map((h) => h.height)) + 2 * padY;

    let segmentTop: number | null = null;
    let rules: { x: number; top: number; width: number; height: number }[] = [];
    const flush = () => {
      fillRects(this.page, rules);
      rules = [];
    };
    const drawHeader = () => {
      const top = this.y;
      fillRects(this.page, [{ x: left, top, width: tableWidth, height: headerHeight }], HEADER_FILL);
      header.forEach((h, i) => {
        drawLines(this.page, h.lines, {
          font: fonts.bold,
          size: headerSize,
          x: xs[i]! + padX,
          width: widths[i]! - 2 * padX,
          top: top + (headerHeight - h.height) / 2,
          align: 'center',
          lineHeight,
        });
      });
      rules.push({ x: left, top: top - RULE / 2, width: tableWidth, height: RULE });
      rules.push({ x: left, top: top + headerHeight - RULE / 2, width: tableWidth, height: RULE });
      for (const x of xs) rules.push({ x: x - RULE / 2, top, width: RULE, height: headerHeight });
      segmentTop = top;
      this.y += headerHeight;
    };

    for (const row of rows) {
      const span = Math.max(1, Math.min(row.span ?? 1, columns.length));
      const cells = row.cells.map((cell, i) => {
        const column = i === 0 ? 0 : i + span - 1;
        const spec = columns[column];
        const text = typeof cell === 'string' ? cell : cell.text;
        const bold = row.bold === true || (typeof cell !== 'string' && cell.bold === true);
        const align = (typeof cell === 'string' ? undefined : cell.align) ?? spec?.align ?? 'left';
        const font = bold ? fonts.bold : fonts.regular;
        const x = xs[column]!;
        const width = xs[i === 0 ? span : column + 1]! - x;
        const maxWidth = width - 2 * padX;
        const maxLines = spec?.maxLines ?? 1;
        if (spec?.wrap === 'code') {
          const clean = cleanText(font, text);
          const shrunk = [size, size - 0.5, size - 1].find((s) => textWidth(font, s, clean) <= maxWidth);
          if (shrunk !== undefined) return { lines: [clean], size: shrunk, font, align, x, width };
          return { lines: wrapCode(font, size, clean, maxWidth, maxLines), size, font, align, x, width };
        }
        const lines = fitText(text, { font, size, maxWidth, maxLines, lineHeight }).lines;
        return { lines, size, font, align, x, width };
      });
      const height =
        Math.max(...cells.map((c) => linesHeight(Math.max(1, c.lines.length), size, lineHeight))) + 2 * padY;
      if (segmentTop === null) {
        this.ensure(headerHeight + height);
        drawHeader();
      } else if (this.y + height > this.bottom + 1e-6) {
        flush();
        this.newPage();
        drawHeader();
      }
      const top = this.y;
      if (row.shade === true) fillRects(this.page, [{ x: left, top, width: tableWidth, height }], SHADE_FILL);
      for (const cell of cells) {
        drawLines(this.page, cell.lines, {
          font: cell.font,
          size: cell.size,
          x: cell.x + padX,
          width: cell.width - 2 * padX,
          top: top + (height - linesHeight(cell.lines.length, cell.size, lineHeight)) / 2,
          align: cell.align,
          lineHeight,
        });
      }
      const boundaries = [xs[0]!, ...xs.slice(span)];
      for (const x of boundaries) rules.push({ x: x - RULE / 2, top, width: RULE, height });
      rules.push({ x: left, top: top + height - RULE / 2, width: tableWidth, height: RULE });
      this.y += height;
    }
    if (segmentTop === null) {
      this.ensure(headerHeight);
      drawHeader();
    }
    flush();
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
        drawStyledText(this.page, line.text, top + line.top + line.size * FONT_EXTENT.ascent, {
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
