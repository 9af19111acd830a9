/**
 * The printable label of a postal item: a 100 × 150 mm page for thermal label printers, black
 * only (no greys, which thermal heads dither), with the S10 item code as a Code 128 barcode,
 * sender and recipient, the routing offices, the dossier reference, the due date, the amount
 * to collect and a QR code of the tracking page.
 *
 * Every block has a fixed place: text shrinks a little, wraps, and is finally cut with an
 * ellipsis, so a long address never pushes anything off the label.
 */
import type { PDFPage } from 'pdf-lib';
import {
  drawLinearBarcode,
  drawMatrixBarcode,
  encodeCode128,
  encodeQr,
  type MatrixBarcode,
} from './barcodes.ts';
import {
  type Box,
  createDocument,
  type DocumentFonts,
  drawArrow,
  drawLines,
  drawText,
  FONT_EXTENT,
  fillRects,
  fitLine,
  fitText,
  hRule,
  linesHeight,
  mm,
  parseInstant,
  pdfBytes,
  textWidth,
  WHITE,
} from './pdf.ts';

export interface LabelParty {
  name: string;
  phone?: string;
  addressLine: string;
  commune?: string;
  province?: string;
}

export interface ItemLabel {
  /** S10, e.g. RH123456785VN. */
  itemCode: string;
  direction: 'inbound' | 'outbound';
  /** Dossier code like 000.00.06.H56-231027-0361, or a consignment ref PG… */
  dossierRef: string;
  /** Encoded in the QR code. */
  trackingUrl: string;
  sender: LabelParty;
  recipient: LabelParty;
  originOfficeCode: string;
  destinationOfficeCode: string;
  /** ISO date-time, printed as dd/MM/yyyy in Asia/Ho_Chi_Minh. */
  dueAt?: string;
  /** E.g. 'Chuyển phát hồ sơ TTHC' / 'Chuyển trả kết quả TTHC'. */
  service: string;
  /** Printed as "Thu hộ: 135.000 đ" when > 0. */
  amountToCollectVnd?: number;
  /** ISO date-time. */
  printedAt: string;
}

/** 100 × 150 mm, the common 4 × 6 in thermal shipping label. */
export const LABEL_WIDTH = mm(100);
export const LABEL_HEIGHT = mm(150);

export const LABEL_HEADER = 'BƯU CHÍNH CÔNG ÍCH';

/** What the item carries, after the S10 service letters (H: hồ sơ, K: kết quả). */
export const DIRECTION_TAG: Readonly<Record<ItemLabel['direction'], string>> = {
  inbound: 'HỒ SƠ',
  outbound: 'KẾT QUẢ',
};

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const MARGIN = mm(3);
const CONTENT_WIDTH = LABEL_WIDTH - 2 * MARGIN;
const RULE = 0.75;
const THICK_RULE = 1.5;
/**
 * Code 128: 0.5 mm modules — whole printer dots at both common thermal resolutions (4 dots at
 * 203 dpi, 6 at 300 dpi), so no bar is widened by rounding — 15 mm bars, quiet zones of 10
 * modules. An S10 code is 156 modules: 78 mm.
 */
const BARCODE_MODULE = mm(0.5);
const BARCODE_HEIGHT = mm(15);
const BARCODE_QUIET_MODULES = 10;
/** QR code side; a 29-module code (version 3, a 40-character URL) gets 0.83 mm modules. */
const QR_SIDE = mm(24);
const QR_QUIET_MODULES = 4;
/** Small print: block captions, the QR code's caption. */
const CAPTION_SIZE = 7;
/** The font's capital height, in ems: centring capitals in a box puts their middle at half this below the box's middle. */
const CAP_HEIGHT = 0.74;
const S10_PATTERN = /^([A-Z]{2})(\d{3})(\d{3})(\d{3})([A-Z]{2})$/;

/** Renders the label as a one-page PDF. */
export async function renderItemLabel(label: ItemLabel): Promise<Uint8Array> {
  checkLabel(label);
  const { doc, fonts } = await createDocument({
    title: `Nhãn bưu gửi ${label.itemCode}`,
    subject: label.service,
    createdAt: label.printedAt,
    keywords: [label.itemCode, label.dossierRef],
  });
  const page = doc.addPage([LABEL_WIDTH, LABEL_HEIGHT]);
  const draw = new LabelDrawer(page, fonts);

  let top = draw.header(MARGIN, label);
  top = draw.barcode(top + 5, label.itemCode);
  hRule(page, MARGIN, top + 4, CONTENT_WIDTH, RULE);
  top = draw.offices(top + 4 + RULE, label);
  hRule(page, MARGIN, top, CONTENT_WIDTH, RULE);
  top = draw.sender(top + RULE, label.sender);
  hRule(page, MARGIN, top, CONTENT_WIDTH, RULE);

  const qr = encodeQr(label.trackingUrl, 'M');
  const footerTop = LABEL_HEIGHT - MARGIN - draw.footerHeight(qr);
  draw.recipient(
    { x: MARGIN, top: top + RULE, width: CONTENT_WIDTH, height: footerTop - THICK_RULE - top - RULE },
    label.recipient,
  );
  hRule(page, MARGIN, footerTop - THICK_RULE, CONTENT_WIDTH, THICK_RULE);
  draw.footer(footerTop, label, qr);

  return pdfBytes(doc);
}

/**
 * Renders one throwaway label, so that the fonts are parsed and the encoders and pdf-lib are
 * compiled before the first real label (which otherwise takes a few times as long as the
 * next ones). A handler may await it at module scope, during the Lambda init phase.
 */
export async function warmUpItemLabels(): Promise<void> {
  await renderItemLabel({
    itemCode: 'RH000000017VN',
    direction: 'inbound',
    dossierRef: '000.00.00.H00-000101-0001',
    trackingUrl: 'https://example.invalid/RH000000017VN',
    sender: { name: 'Người gửi', addressLine: 'Địa chỉ' },
    recipient: { name: 'Người nhận', phone: '0900 000 000', addressLine: 'Địa chỉ' },
    originOfficeCode: 'BC-00',
    destinationOfficeCode: 'BC-01',
    dueAt: '2000-01-01T00:00:00Z',
    service: 'Chuyển phát hồ sơ TTHC',
    amountToCollectVnd: 1000,
    printedAt: '2000-01-01T00:00:00Z',
  });
}

function checkLabel(label: ItemLabel): void {
  if (!/^[\x21-\x7E]{1,40}$/.test(label.itemCode)) {
    throw new RangeError(`itemCode must be printable ASCII for Code 128: ${JSON.stringify(label.itemCode)}`);
  }
  if (label.trackingUrl.trim() === '') throw new RangeError('trackingUrl is empty');
  parseInstant(label.printedAt, 'printedAt');
  if (label.dueAt !== undefined) parseInstant(label.dueAt, 'dueAt');
  if (label.amountToCollectVnd !== undefined && !Number.isFinite(label.amountToCollectVnd)) {
    throw new RangeError(`amountToCollectVnd is not a number: ${label.amountToCollectVnd}`);
  }
}

/** `RH 123 456 785 VN` for an S10 code, the code itself otherwise. */
export function spacedItemCode(itemCode: string): string {
  const match = S10_PATTERN.exec(itemCode);
  return match === null ? itemCode : match.slice(1).join(' ');
}

/** `135.000 đ`: whole dong, dots between thousands. */
export function formatVnd(amount: number): string {
  const digits = Math.round(Math.abs(amount)).toString();
  return `${amount < 0 ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đ`;
}

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function vietnamParts(
  iso: string,
  field: string,
): Record<'day' | 'month' | 'year' | 'hour' | 'minute', string> {
  const parts = Object.fromEntries(
    dateTimeFormat.formatToParts(parseInstant(iso, field)).map((part) => [part.type, part.value]),
  );
  return {
    day: parts.day ?? '',
    month: parts.month ?? '',
    year: parts.year ?? '',
    hour: parts.hour ?? '',
    minute: parts.minute ?? '',
  };
}

/** `dd/MM/yyyy` in Vietnam's time. */
export function formatVietnamDate(iso: string, field = 'date'): string {
  const { day, month, year } = vietnamParts(iso, field);
  return `${day}/${month}/${year}`;
}

/** `dd/MM/yyyy HH:mm` in Vietnam's time. */
export function formatVietnamDateTime(iso: string, field = 'date-time'): string {
  const { day, month, year, hour, minute } = vietnamParts(iso, field);
  return `${day}/${month}/${year} ${hour}:${minute}`;
}

function addressOf(party: LabelParty): string {
  return [party.addressLine, party.commune, party.province]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(', ');
}

/** Draws the label's blocks; each method takes the block's top and returns its bottom. */
class LabelDrawer {
  private readonly left = MARGIN;
  private readonly width = CONTENT_WIDTH;

  constructor(
    private readonly page: PDFPage,
    private readonly fonts: DocumentFonts,
  ) {}

  /** A black band: the service provider, and a white tag saying what the item carries. */
  header(top: number, label: ItemLabel): number {
    const { page, fonts, left, width } = this;
    const height = 24;
    fillRects(page, [{ x: left, top, width, height }]);
    const size = 11.5;
    const baseline = top + height / 2 + (CAP_HEIGHT * size) / 2;
    drawText(page, LABEL_HEADER, baseline, { font: fonts.bold, size, x: left + 7, color: WHITE });

    const tag = DIRECTION_TAG[label.direction];
    const tagSize = 9;
    const tagWidth = textWidth(fonts.bold, tagSize, tag) + 12;
    const inset = 4;
    const tagBox = {
      x: left + width - inset - tagWidth,
      top: top + inset,
      width: tagWidth,
      height: height - 2 * inset,
    };
    fillRects(page, [tagBox], WHITE);
    drawText(page, tag, tagBox.top + tagBox.height / 2 + (CAP_HEIGHT * tagSize) / 2, {
      font: fonts.bold,
      size: tagSize,
      x: tagBox.x,
      width: tagBox.width,
      align: 'center',
    });

    const service = fitLine(label.service, { font: fonts.bold, size: 10, minSize: 8, maxWidth: width });
    return drawLines(page, [service.text], {
      font: fonts.bold,
      size: service.size,
      x: left,
      top: top + height + 5,
    });
  }

  /** The item code's Code 128, and the code in groups under it. */
  barcode(top: number, itemCode: string): number {
    const { page, fonts, left, width } = this;
    const code = encodeCode128(itemCode);
    const module = Math.min(BARCODE_MODULE, width / (code.modules + 2 * BARCODE_QUIET_MODULES));
    const barsWidth = code.modules * module;
    drawLinearBarcode(page, code, {
      x: left + (width - barsWidth) / 2,
      top,
      width: barsWidth,
      height: BARCODE_HEIGHT,
    });
    const text = fitLine(spacedItemCode(itemCode), {
      font: fonts.bold,
      size: 15,
      minSize: 9,
      maxWidth: width,
    });
    return drawLines(page, [text.text], {
      font: fonts.bold,
      size: text.size,
      x: left,
      width,
      align: 'center',
      top: top + BARCODE_HEIGHT + 3,
    });
  }

  /** Origin office, an arrow, and the delivery office (larger: it is what sorting reads). */
  offices(top: number, label: ItemLabel): number {
    const { page, fonts, left, width } = this;
    const pad = 4;
    const arrowWidth = 7;
    const gap = 8;
    const cellWidth = (width - arrowWidth - 2 * gap) / 2;
    const cells = [
      { caption: 'Bưu cục gốc', value: label.originOfficeCode, x: left, size: 11 },
      {
        caption: 'Bưu cục phát',
        value: label.destinationOfficeCode,
        x: left + cellWidth + 2 * gap + arrowWidth,
        size: 13,
      },
    ];
    const captionSize = CAPTION_SIZE;
    const valueTop = top + pad + linesHeight(1, captionSize) + 1;
    const valueSize = Math.max(...cells.map((cell) => cell.size));
    for (const cell of cells) {
      drawLines(page, [cell.caption], { font: fonts.regular, size: captionSize, x: cell.x, top: top + pad });
      const value = fitLine(cell.value, {
        font: fonts.bold,
        size: cell.size,
        minSize: 8,
        maxWidth: cellWidth,
      });
      // Same baseline for both values, whatever their sizes.
      drawText(page, value.text, valueTop + valueSize * FONT_EXTENT.ascent, {
        font: fonts.bold,
        size: value.size,
        x: cell.x,
      });
    }
    const bottom = valueTop + linesHeight(1, valueSize);
    const arrowHeight = 9;
    drawArrow(page, {
      x: left + cellWidth + gap,
      top: valueTop + valueSize * FONT_EXTENT.ascent - 0.37 * valueSize - arrowHeight / 2,
      width: arrowWidth,
      height: arrowHeight,
    });
    return bottom + pad;
  }

  /** Sender: small, two lines of address at most. */
  sender(top: number, sender: LabelParty): number {
    const { page, fonts, left, width } = this;
    const pad = 4;
    let y = this.caption('NGƯỜI GỬI', top + pad, CAPTION_SIZE);
    const size = 8.5;
    const phoneNumber = sender.phone?.trim() ?? '';
    const phone =
      phoneNumber === ''
        ? undefined
        : fitLine(`ĐT: ${phoneNumber}`, { font: fonts.regular, size, maxWidth: width / 2 });
    const phoneWidth = phone === undefined ? 0 : textWidth(fonts.regular, size, phone.text) + 8;
    const name = fitLine(sender.name, { font: fonts.bold, size, minSize: 7, maxWidth: width - phoneWidth });
    const baseline = y + size * FONT_EXTENT.ascent;
    drawText(page, name.text, baseline, { font: fonts.bold, size: name.size, x: left });
    if (phone !== undefined)
      drawText(page, phone.text, baseline, { font: fonts.regular, size, x: left, width, align: 'right' });
    y += linesHeight(1, size) + 1.5;
    const address = fitText(addressOf(sender), {
      font: fonts.regular,
      size: 8,
      minSize: 7,
      maxWidth: width,
      maxLines: 2,
    });
    y = drawLines(page, address.lines, { font: fonts.regular, size: address.size, x: left, top: y });
    return y + pad;
  }

  /** Recipient: large; the address takes what the name and phone leave of the box. */
  recipient(box: Box, party: LabelParty): void {
    const { page, fonts } = this;
    const pad = 5;
    const bottom = box.top + box.height - pad;
    let y = this.caption('NGƯỜI NHẬN', box.top + pad, 8);
    // One line if it fits at 13 pt or more, else two lines.
    const oneLine = fitText(party.name, {
      font: fonts.bold,
      size: 16,
      minSize: 13,
      maxWidth: box.width,
      maxLines: 1,
    });
    const name = oneLine.truncated
      ? fitText(party.name, {
          font: fonts.bold,
          size: 15,
          minSize: 11,
          maxWidth: box.width,
          maxLines: 2,
          lineHeight: 1.2,
        })
      : oneLine;
    y =
      drawLines(page, name.lines, { font: fonts.bold, size: name.size, x: box.x, top: y, lineHeight: 1.2 }) +
      3;
    const phoneNumber = party.phone?.trim() ?? '';
    if (phoneNumber !== '') {
      const phone = fitLine(`ĐT: ${phoneNumber}`, {
        font: fonts.bold,
        size: 12,
        minSize: 9,
        maxWidth: box.width,
      });
      y = drawLines(page, [phone.text], { font: fonts.bold, size: phone.size, x: box.x, top: y }) + 3;
    }
    const address = fitText(addressOf(party), {
      font: fonts.regular,
      size: 12,
      minSize: 9,
      maxWidth: box.width,
      maxHeight: bottom - y,
      lineHeight: 1.25,
    });
    drawLines(page, address.lines, {
      font: fonts.regular,
      size: address.size,
      x: box.x,
      top: y,
      lineHeight: 1.25,
    });
  }

  /** The footer's height: the QR code in its quiet zone, and its caption. */
  footerHeight(qr: MatrixBarcode): number {
    return QR_QUIET_MODULES * (QR_SIDE / qr.size) + QR_SIDE + 4 + linesHeight(1, CAPTION_SIZE);
  }

  /**
   * The QR code on the right, in its quiet zone; on the left the dossier reference, the due
   * date, the amount to collect and the print time. The reference gets what the others leave.
   */
  footer(top: number, label: ItemLabel, qr: MatrixBarcode): void {
    const { page, fonts, left, width } = this;
    const qrModule = QR_SIDE / qr.size;
    const qrX = left + width - QR_SIDE - qrModule;
    const qrTop = top + QR_QUIET_MODULES * qrModule;
    drawMatrixBarcode(page, qr, qrX, qrTop, QR_SIDE);
    drawLines(page, ['Tra cứu'], {
      font: fonts.regular,
      size: CAPTION_SIZE,
      x: qrX,
      width: QR_SIDE,
      align: 'center',
      top: qrTop + QR_SIDE + 4,
    });

    const columnWidth = qrX - QR_QUIET_MODULES * qrModule - left;
    const bottom = LABEL_HEIGHT - MARGIN;
    const printedSize = 6.5;
    const dueSize = 11;
    const amount = label.amountToCollectVnd ?? 0;
    const amountSize = 12;
    const amountHeight = amount > 0 ? amountSize * 1.75 + 5 : 0;
    const below = 5 + linesHeight(1, dueSize) + 5 + amountHeight + linesHeight(1, printedSize) + 3;

    let y = this.caption('Mã hồ sơ', top + 6, CAPTION_SIZE) + 1;
    const ref = fitText(label.dossierRef, {
      font: fonts.bold,
      size: 10,
      minSize: 7.5,
      maxWidth: columnWidth,
      maxLines: 2,
      maxHeight: bottom - below - y,
    });
    y = drawLines(page, ref.lines, { font: fonts.bold, size: ref.size, x: left, top: y }) + 5;

    const due = label.dueAt === undefined ? '—' : formatVietnamDate(label.dueAt, 'dueAt');
    y = this.keyValue('Hạn phát', due, y, dueSize) + 5;

    if (amount > 0) {
      const text = `Thu hộ: ${formatVnd(amount)}`;
      const boxHeight = amountSize * 1.75;
      const boxWidth = Math.min(columnWidth, textWidth(fonts.bold, amountSize, text) + 12);
      fillRects(page, [{ x: left, top: y, width: boxWidth, height: boxHeight }]);
      drawText(page, text, y + boxHeight / 2 + (CAP_HEIGHT * amountSize) / 2, {
        font: fonts.bold,
        size: amountSize,
        x: left,
        width: boxWidth,
        align: 'center',
        color: WHITE,
      });
    }

    const printed = `In lúc ${formatVietnamDateTime(label.printedAt, 'printedAt')}`;
    drawText(page, printed, bottom - printedSize * FONT_EXTENT.descent, {
      font: fonts.regular,
      size: printedSize,
      x: left,
    });
  }

  /** A block caption in small capitals-like bold; returns the bottom. */
  private caption(text: string, top: number, size: number): number {
    return drawLines(this.page, [text], { font: this.fonts.bold, size, x: this.left, top });
  }

  /** `Key: value` on one line, the value bold; returns the bottom. */
  private keyValue(key: string, value: string, top: number, size: number): number {
    const { page, fonts, left } = this;
    const baseline = top + size * FONT_EXTENT.ascent;
    const keyWidth = drawText(page, `${key}: `, baseline, { font: fonts.regular, size: size * 0.8, x: left });
    drawText(page, value, baseline, { font: fonts.bold, size, x: left + keyWidth });
    return top + linesHeight(1, size);
  }
}
