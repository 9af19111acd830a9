/**
 * The delegated e-receipt (biên lai thu phí, lệ phí) as an A4 document: the printed form of
 * a receipt the post issues in an agency's name for the fees it collects on the agency's
 * behalf. The collecting unit and the receipt's series (ký hiệu) and seven-digit number (số)
 * at the top, the title, who paid for which dossier and item, the fee lines and their total,
 * the amount in words, how and when it was paid (Vietnam's time), and the signature blocks.
 * A voided receipt says so twice: a boxed "ĐÃ HỦY" under the title with the time, the reason
 * and who voided it, and a large red stamp across every page.
 *
 * The layout is that of the other A4 documents (see `A4Flow` in `page-flow.ts`).
 */
import { degrees, type PDFPage, rgb } from 'pdf-lib';
import { MAX_AMOUNT_VND, type Receipt, receiptNumberText } from '../domain/money/model.ts';
import { capitalise, PAYMENT_METHOD_TEXT } from './finance-text.ts';
import { formatVietnamDateTime, formatVnd, spacedItemCode } from './item-label.ts';
import { A4Flow, BODY_SIZE, vietnameseLongDate } from './page-flow.ts';
import { listRows, type TableColumn } from './page-table.ts';
import {
  createDocument,
  type DocumentFonts,
  drawLines,
  fitText,
  linesHeight,
  parseInstant,
  pdfBytes,
  textWidth,
} from './pdf.ts';

export const RECEIPT_TITLE = 'BIÊN LAI THU PHÍ, LỆ PHÍ';
export const VOIDED_MARK = 'ĐÃ HỦY';
/** A receipt has a few fee lines; more than this is refused. */
export const RECEIPT_MAX_LINES = 100;

const TABLE_SIZE = 9;
const VOID_RED = rgb(0.78, 0.08, 0.08);

const LINE_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 28, align: 'center' },
  { header: 'Nội dung thu', width: 0, maxLines: 3 },
  { header: 'Mã khoản thu', width: 96, wrap: 'code', maxLines: 2 },
  { header: 'Số tiền', width: 100, align: 'right' },
];

/** A receipt as printed: its e-receipt fields with the address where it is looked up. */
export type PrintedReceipt = Receipt & { readonly lookupUrl: string };

/** Renders the receipt as an A4 PDF (one page; very long names or many lines run onto more). */
export async function renderReceipt(receipt: PrintedReceipt): Promise<Uint8Array> {
  checkReceipt(receipt);
  const number = receiptNumberText(receipt.number);
  const voided = receipt.status === 'voided';
  const { doc, fonts } = await createDocument({
    title: `Biên lai ${receipt.series} số ${number}`,
    subject: `${RECEIPT_TITLE} – ${receipt.agencyName}`,
    createdAt: voided ? receipt.voidedAt! : receipt.issuedAt,
    keywords: [receipt.series, number, receipt.agencyCode, receipt.dossierRef, receipt.itemCode],
  });
  const flow = new A4Flow(doc, fonts, {
    runningTitle: RECEIPT_TITLE,
    runningNumber: `Mẫu số: ${receipt.formSymbol} · Ký hiệu: ${receipt.series} · Số: ${number}`,
    footer: `Biên lai điện tử ký hiệu ${receipt.series} số ${number}${voided ? ` · ${VOIDED_MARK}` : ''} · Thu hộ qua dịch vụ bưu chính công ích`,
  });

  heading(flow, receipt, number);
  flow.title(RECEIPT_TITLE, '(Bản thể hiện của biên lai điện tử)');
  if (voided) voidNotice(flow, receipt);

  flow.field('Đơn vị thu:', `${receipt.agencyName} (mã ${receipt.agencyCode})`);
  flow.field('Thu hộ bởi:', `Bưu chính công ích – Bưu cục ${receipt.postOfficeCode}`, { bold: false });
  flow.field('Họ tên người nộp:', receipt.payerName);
  flow.fieldsRow([
    { label: 'Mã hồ sơ:', value: receipt.dossierRef, bold: false },
    { label: 'Số hiệu bưu gửi:', value: spacedItemCode(receipt.itemCode) },
  ]);
  flow.space(6);

  amounts(flow, receipt);

  lookup(flow, receipt);
  signatures(flow, receipt);

  flow.finish();
  if (voided) for (const page of flow.pages) voidStamp(page, fonts);
  return pdfBytes(doc);
}

/** The receipt's lines with their total, the amount in words, how and when it was paid. */
function amounts(flow: A4Flow, receipt: Receipt): void {
  const rows = listRows(receipt.lines, (line) => [line.name, line.code, formatVnd(line.amount)], {
    total: { caption: 'Tổng cộng', span: 3, cells: [formatVnd(receipt.amount)] },
  });
  flow.table(LINE_COLUMNS, rows, { size: TABLE_SIZE });
  flow.space(6);

  flow.field('Số tiền bằng chữ:', capitalise(receipt.amountInWords.trim()));
  flow.fieldsRow([
    { label: 'Hình thức thanh toán:', value: PAYMENT_METHOD_TEXT[receipt.method] },
    {
      label: 'Thời điểm thu:',
      value: `${formatVietnamDateTime(receipt.issuedAt, 'issuedAt')} (giờ Việt Nam)`,
      bold: false,
    },
  ]);
}

/** Where and with which code the payer looks the receipt up (mã tra cứu, địa chỉ tra cứu). */
function lookup(flow: A4Flow, receipt: PrintedReceipt): void {
  flow.space(4);
  flow.field('Mã tra cứu:', receipt.lookupCode);
  flow.field('Địa chỉ tra cứu:', receipt.lookupUrl, { bold: false });
}

/** The note on who collected for whom, the date, and the payer's and the collector's signatures. */
function signatures(flow: A4Flow, receipt: PrintedReceipt): void {
  flow.ending(
    [
      { space: 4 },
      {
        text: `Bưu chính công ích thu hộ và lập biên lai này thay mặt ${receipt.agencyName}. Người nộp tra cứu biên lai tại ${receipt.lookupUrl} bằng mã tra cứu ${receipt.lookupCode}.`,
        options: { italic: true, size: 9 },
      },
      { space: 10 },
      {
        text: capitalise(vietnameseLongDate(receipt.issuedAt, 'issuedAt')),
        options: { italic: true, align: 'center', indent: flow.width / 2 },
      },
      { space: 4 },
    ],
    [
      { heading: 'NGƯỜI NỘP TIỀN', signer: receipt.payerName },
      {
        heading: 'NGƯỜI THU TIỀN',
        party: `Bưu cục ${receipt.postOfficeCode}`,
        ...(receipt.issuedBy === null || receipt.issuedBy.trim() === ''
          ? {}
          : { details: [`Mã nhân viên: ${receipt.issuedBy}`] }),
      },
    ],
  );
}

/** The collecting unit on the left; the series and the number on the right. */
function heading(flow: A4Flow, receipt: Receipt, number: string): void {
  const top = flow.y;
  const leftWidth = flow.width * 0.58;
  const leftBottom = collectingUnit(flow, receipt, { x: flow.left, width: leftWidth, top });
  const rightBottom = seriesAndNumber(flow, receipt, number, {
    x: flow.left + leftWidth + 12,
    width: flow.width - leftWidth - 12,
    top,
  });
  flow.y = Math.max(leftBottom, rightBottom) + 16;
}

/** One side of the heading. */
interface HeadingColumn {
  readonly x: number;
  readonly width: number;
  readonly top: number;
}

/** The agency that collects the fee, in capitals, and its code. Returns the bottom. */
function collectingUnit(flow: A4Flow, receipt: Receipt, column: HeadingColumn): number {
  const { page, fonts } = flow;
  const { x, width } = column;
  let y = drawLines(page, ['ĐƠN VỊ THU PHÍ, LỆ PHÍ'], {
    font: fonts.regular,
    size: 9.5,
    x,
    width,
    top: column.top,
    align: 'center',
  });
  const unit = fitText(receipt.agencyName.toLocaleUpperCase('vi'), {
    font: fonts.bold,
    size: 10.5,
    minSize: 8.5,
    maxWidth: width - 6,
    maxLines: 3,
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
  const code = fitText(`Mã số thuế: ${receipt.agencyTaxCode ?? 'chưa đăng ký'}`, {
    font: fonts.regular,
    size: 9.5,
    minSize: 7.5,
    maxWidth: width,
    maxLines: 1,
  });
  return drawLines(page, code.lines, {
    font: fonts.regular,
    size: code.size,
    x,
    width,
    top: y + 2,
    align: 'center',
  });
}

/** The receipt's form symbol, its series, and its number in bold (red when voided). Returns the bottom. */
function seriesAndNumber(flow: A4Flow, receipt: Receipt, number: string, column: HeadingColumn): number {
  const { page, fonts } = flow;
  const { x, width } = column;
  const form = fitText(`Mẫu số: ${receipt.formSymbol}`, {
    font: fonts.regular,
    size: 10.5,
    minSize: 8,
    maxWidth: width,
    maxLines: 1,
  });
  const formBottom = drawLines(page, form.lines, {
    font: fonts.regular,
    size: form.size,
    x,
    width,
    top: column.top,
    align: 'center',
  });
  const series = fitText(`Ký hiệu: ${receipt.series}`, {
    font: fonts.regular,
    size: 10.5,
    minSize: 8,
    maxWidth: width,
    maxLines: 1,
  });
  const y = drawLines(page, series.lines, {
    font: fonts.regular,
    size: series.size,
    x,
    width,
    top: formBottom + 2,
    align: 'center',
  });
  return drawLines(page, [`Số: ${number}`], {
    font: fonts.bold,
    size: 13,
    x,
    width,
    top: y + 4,
    align: 'center',
    color: voidedColour(receipt),
  });
}

function voidedColour(receipt: Receipt) {
  return receipt.status === 'voided' ? VOID_RED : undefined;
}

/** A red box under the title: ĐÃ HỦY, when, why and by whom. */
function voidNotice(flow: A4Flow, receipt: Receipt): void {
  const { fonts } = flow;
  const pad = 8;
  const markSize = 18;
  const innerWidth = flow.width - 2 * pad;
  const details = [
    `Hủy lúc: ${formatVietnamDateTime(receipt.voidedAt!, 'voidedAt')} (giờ Việt Nam)`,
    `Lý do: ${receipt.voidReason?.trim() || 'không ghi'}`,
    ...(receipt.voidedBy === null || receipt.voidedBy.trim() === ''
      ? []
      : [`Người hủy: ${receipt.voidedBy}`]),
  ].map((text) =>
    fitText(text, { font: fonts.regular, size: BODY_SIZE, minSize: 9, maxWidth: innerWidth, maxLines: 3 }),
  );
  const height =
    pad + linesHeight(1, markSize) + 4 + details.reduce((sum, fitted) => sum + fitted.height + 2, 0) + pad;
  flow.ensure(height);
  const top = flow.y;
  flow.page.drawRectangle({
    x: flow.left,
    y: flow.page.getHeight() - top - height,
    width: flow.width,
    height,
    borderColor: VOID_RED,
    borderWidth: 1.5,
  });
  let y = drawLines(flow.page, [VOIDED_MARK], {
    font: fonts.bold,
    size: markSize,
    x: flow.left,
    width: flow.width,
    top: top + pad,
    align: 'center',
    color: VOID_RED,
  });
  y += 4;
  for (const fitted of details) {
    y =
      drawLines(flow.page, fitted.lines, {
        font: fonts.regular,
        size: fitted.size,
        x: flow.left + pad,
        width: innerWidth,
        top: y,
        align: 'center',
        color: VOID_RED,
      }) + 2;
  }
  flow.y = top + height + 10;
}

/** ĐÃ HỦY, large, red and boxed, slanted across the middle of the page, over the text. */
function voidStamp(page: PDFPage, fonts: DocumentFonts): void {
  const size = 72;
  const angle = 30;
  const radians = (angle * Math.PI) / 180;
  const width = textWidth(fonts.bold, size, VOIDED_MARK);
  // The capitals with their marks reach about one em above the baseline.
  const height = size;
  const pad = 12;
  const [cx, cy] = [page.getWidth() / 2, page.getHeight() * 0.5];
  const along = { x: Math.cos(radians), y: Math.sin(radians) };
  const up = { x: -Math.sin(radians), y: Math.cos(radians) };
  const corner = (w: number, h: number) => ({
    x: cx - along.x * (w / 2) - up.x * (h / 2),
    y: cy - along.y * (w / 2) - up.y * (h / 2),
  });
  const box = corner(width + 2 * pad, height + 2 * pad);
  page.drawRectangle({
    ...box,
    width: width + 2 * pad,
    height: height + 2 * pad,
    rotate: degrees(angle),
    borderColor: VOID_RED,
    borderWidth: 4,
    borderOpacity: 0.45,
  });
  // The baseline sits a little above the box's lower edge: the glyphs' feet, then the marks above.
  const text = corner(width, height * 0.92);
  page.drawText(VOIDED_MARK, {
    ...text,
    size,
    font: fonts.bold,
    color: VOID_RED,
    opacity: 0.4,
    rotate: degrees(angle),
  });
}

/** Refuses a receipt that cannot be printed as it stands. */
function checkReceipt(receipt: Receipt): void {
  if (receipt.series.trim() === '') throw new RangeError('series is empty');
  if (!Number.isInteger(receipt.number) || receipt.number < 1 || receipt.number > 9_999_999) {
    throw new RangeError(`number is not a receipt number (1 to 9,999,999): ${receipt.number}`);
  }
  const isAmount = (amount: number) => Number.isInteger(amount) && amount >= 0 && amount <= MAX_AMOUNT_VND;
  if (!isAmount(receipt.amount)) throw new RangeError(`amount is not an amount: ${receipt.amount}`);
  if (receipt.lines.length > RECEIPT_MAX_LINES) {
    throw new RangeError(`lines: ${receipt.lines.length} lines, at most ${RECEIPT_MAX_LINES}`);
  }
  for (const [i, line] of receipt.lines.entries()) {
    if (!isAmount(line.amount)) throw new RangeError(`lines[${i}].amount is not an amount: ${line.amount}`);
  }
  const total = receipt.lines.reduce((sum, line) => sum + line.amount, 0);
  if (receipt.lines.length > 0 && total !== receipt.amount) {
    throw new RangeError(`amount ${receipt.amount} is not the sum of the lines, ${total}`);
  }
  parseInstant(receipt.issuedAt, 'issuedAt');
  if (receipt.status === 'voided') {
    if (receipt.voidedAt === null) throw new RangeError('voidedAt is missing on a voided receipt');
    parseInstant(receipt.voidedAt, 'voidedAt');
  }
}
