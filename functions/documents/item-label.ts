/**
 * The printable label of a postal item: a 100 × 150 mm page for thermal label printers, black
 * only (no greys, which thermal heads dither), with the S10 item code as a Code 128 barcode,
 * sender and recipient, the routing offices, the dossier reference, the due date, the amount
 * to collect and a QR code of the tracking page. When the office takes payment by bank transfer,
 * a second QR code, a VietQR payment code for the amount due, stands beside the tracking one.
 *
 * Every block has a fixed place: text shrinks a little, wraps, and is finally cut with an
 * ellipsis, so a long address never pushes anything off the label.
 */
import type { PDFFont, PDFPage } from 'pdf-lib';
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
  DEFAULT_LINE_HEIGHT,
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
  /**
   * A VietQR (EMVCo) payload for paying the amount to collect by bank transfer, e.g. from
   * `itemPaymentQr`, for `amountToCollectVnd`; printed as a second QR code, captioned with that
   * amount. None: no code, and the label as it always was.
   */
  paymentQr?: string;
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
/**
 * With a payment code, both QR codes get this side: a VietQR payload from `vietqrPayload`
 * (about 120 to 150 characters) is a 37- to 41-module code (version 5 or 6), so 0.59 to
 * 0.54 mm modules; the tracking code's are larger. A code of over 44 modules gets a larger
 * side, to keep 0.5 mm modules, up to version 8 (49 modules, 24.5 mm); a larger one is refused.
 */
const PAIRED_QR_SIDE = mm(22);
const MIN_QR_MODULE = mm(0.5);
const MAX_PAYMENT_QR_MODULES = 49;
/** Small print: block captions, the QR code's caption. */
const CAPTION_SIZE = 7;
/** The font's capital height, in ems: centring capitals in a box puts their middle at half this below the box's middle. */
const CAP_HEIGHT = 0.74;
/** The amount to collect, white on black in the footer. */
const AMOUNT_SIZE = 12;
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

  const codes = draw.footerCodes(label);
  const footerTop = LABEL_HEIGHT - MARGIN - codes.height;
  draw.recipient(
    { x: MARGIN, top: top + RULE, width: CONTENT_WIDTH, height: footerTop - THICK_RULE - top - RULE },
    label.recipient,
  );
  hRule(page, MARGIN, footerTop - THICK_RULE, CONTENT_WIDTH, THICK_RULE);
  draw.footer(footerTop, label, codes);

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
  if (label.paymentQr?.trim() === '') throw new RangeError('paymentQr is empty');
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

/** One line of a QR code's caption. */
interface CaptionLine {
  readonly text: string;
  readonly font: PDFFont;
  readonly size: number;
}

/** A footer QR code, placed; `x` is the symbol's left edge, its quiet zone outside. */
interface FooterCode {
  readonly code: MatrixBarcode;
  readonly x: number;
  readonly side: number;
  /** Centred in `captionWidth` from `captionX`, from `captionGap` under the code. */
  readonly caption: readonly CaptionLine[];
  readonly captionX: number;
  readonly captionWidth: number;
}

/** The footer's QR codes, and the room they leave for the text column on their left. */
interface FooterCodes {
  readonly codes: readonly FooterCode[];
  /** From the footer's top to the codes' top (a quiet zone under the rule). */
  readonly qrOffset: number;
  /** From the codes' bottom to their captions' top. */
  readonly captionGap: number;
  /** The footer's height, codes and captions. */
  readonly height: number;
  /** Where the text column must end: the left edge of the leftmost code's quiet zone. */
  readonly columnRight: number;
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

  /**
   * The footer's QR codes, placed: the tracking code alone on the right, 24 mm; or with a
   * payment code, both 22 mm side by side, the payment code on the left of the tracking code.
   * Quiet zones of 4 modules on every side; the page margin is part of the tracking code's
   * on the right.
   */
  footerCodes(label: ItemLabel): FooterCodes {
    const { fonts, left, width } = this;
    const tracking = encodeQr(label.trackingUrl, 'M');
    const trackingCaption: CaptionLine[] = [{ text: 'Tra cứu', font: fonts.regular, size: CAPTION_SIZE }];
    if (label.paymentQr === undefined) {
      const qrModule = QR_SIDE / tracking.size;
      const qrX = left + width - QR_SIDE - qrModule;
      return {
        codes: [
          {
            code: tracking,
            x: qrX,
            side: QR_SIDE,
            caption: trackingCaption,
            captionX: qrX,
            captionWidth: QR_SIDE,
          },
        ],
        qrOffset: QR_QUIET_MODULES * qrModule,
        // The caption 4 pt under the code, within its quiet zone: the layout as it was before
        // payment codes, kept as it is.
        captionGap: 4,
        height: QR_QUIET_MODULES * (QR_SIDE / tracking.size) + QR_SIDE + 4 + linesHeight(1, CAPTION_SIZE),
        columnRight: qrX - QR_QUIET_MODULES * qrModule,
      };
    }

    const payment = encodeQr(label.paymentQr, 'M');
    if (payment.size > MAX_PAYMENT_QR_MODULES) {
      throw new RangeError(
        `paymentQr is too long to print legibly (${label.paymentQr.length} characters, a ${payment.size}-module QR code)`,
      );
    }
    const side = Math.max(PAIRED_QR_SIDE, payment.size * MIN_QR_MODULE);
    const trackingModule = side / tracking.size;
    const trackingQuiet = QR_QUIET_MODULES * trackingModule;
    const paymentQuiet = QR_QUIET_MODULES * (side / payment.size);
    // Between the codes, and above and below them: the larger quiet zone.
    const quiet = Math.max(trackingQuiet, paymentQuiet);
    const trackingX = left + width - side - Math.max(trackingModule, trackingQuiet - MARGIN);
    const paymentX = trackingX - quiet - side;
    // Under the payment code and its quiet zones: clear of the text column and of the tracking code's caption.
    const captionWidth = side + 2 * paymentQuiet;
    const paymentCaption = this.paymentCaption(label.amountToCollectVnd ?? 0, captionWidth);
    return {
      codes: [
        {
          code: payment,
          x: paymentX,
          side,
          caption: paymentCaption,
          captionX: paymentX - paymentQuiet,
          captionWidth,
        },
        {
          code: tracking,
          x: trackingX,
          side,
          caption: trackingCaption,
          captionX: trackingX,
          captionWidth: side,
        },
      ],
      qrOffset: quiet,
      captionGap: quiet,
      height: quiet + side + quiet + linesHeight(paymentCaption.length, CAPTION_SIZE),
      columnRight: paymentX - paymentQuiet,
    };
  }

  /**
   * `Quét VietQR để` / `thanh toán 57.000 đ`, bold; the amount on a line of its own when the
   * second line does not fit at 6 pt. Never cut: the amount is what the code charges.
   */
  private paymentCaption(amount: number, maxWidth: number): CaptionLine[] {
    const font = this.fonts.bold;
    const line = (text: string): CaptionLine & { truncated: boolean } => {
      const fitted = fitText(text, { font, size: CAPTION_SIZE, minSize: 6, maxWidth, maxLines: 1 });
      return { text: fitted.lines[0] ?? '', font, size: fitted.size, truncated: fitted.truncated };
    };
    const first = line('Quét VietQR để');
    if (amount <= 0) return [first, line('thanh toán')];
    const second = line(`thanh toán ${formatVnd(amount)}`);
    return second.truncated ? [first, line('thanh toán'), line(formatVnd(amount))] : [first, second];
  }

  /**
   * The QR codes, each with its caption under it; on the left the dossier reference, the due
   * date, the amount to collect and the print time. The reference gets what the others leave.
   */
  footer(top: number, label: ItemLabel, codes: FooterCodes): void {
    this.drawFooterCodes(top, codes);
    const columnWidth = codes.columnRight - this.left;
    const bottom = LABEL_HEIGHT - MARGIN;
    const printedSize = 6.5;
    const dueSize = 11;
    const amount = label.amountToCollectVnd ?? 0;
    const amountHeight = amount > 0 ? AMOUNT_SIZE * 1.75 + 5 : 0;
    const below = 5 + linesHeight(1, dueSize) + 5 + amountHeight + linesHeight(1, printedSize) + 3;

    let y = this.caption('Mã hồ sơ', top + 6, CAPTION_SIZE) + 1;
    const ref = fitText(label.dossierRef, {
      font: this.fonts.bold,
      size: 10,
      minSize: 7.5,
      maxWidth: columnWidth,
      maxLines: 2,
      maxHeight: bottom - below - y,
    });
    y = drawLines(this.page, ref.lines, { font: this.fonts.bold, size: ref.size, x: this.left, top: y }) + 5;

    const due = label.dueAt === undefined ? '—' : formatVietnamDate(label.dueAt, 'dueAt');
    y = this.keyValue('Hạn phát', due, y, dueSize, columnWidth) + 5;
    if (amount > 0) this.amountToCollect(amount, y, columnWidth);

    const printed = fitLine(`In lúc ${formatVietnamDateTime(label.printedAt, 'printedAt')}`, {
      font: this.fonts.regular,
      size: printedSize,
      maxWidth: columnWidth,
    });
    drawText(this.page, printed.text, bottom - printedSize * FONT_EXTENT.descent, {
      font: this.fonts.regular,
      size: printedSize,
      x: this.left,
    });
  }

  /** The QR codes of the footer, each with its caption under it. */
  private drawFooterCodes(top: number, codes: FooterCodes): void {
    const qrTop = top + codes.qrOffset;
    for (const placed of codes.codes) {
      drawMatrixBarcode(this.page, placed.code, placed.x, qrTop, placed.side);
      const captionTop = qrTop + placed.side + codes.captionGap;
      placed.caption.forEach((line, i) => {
        drawText(
          this.page,
          line.text,
          captionTop + CAPTION_SIZE * FONT_EXTENT.ascent + i * CAPTION_SIZE * DEFAULT_LINE_HEIGHT,
          {
            font: line.font,
            size: line.size,
            x: placed.captionX,
            width: placed.captionWidth,
            align: 'center',
          },
        );
      });
    }
  }

  /** "Thu hộ: …" in white on a black box, for the postman to collect on delivery. */
  private amountToCollect(amount: number, top: number, columnWidth: number): void {
    const { page, fonts, left } = this;
    const pad = 12;
    const text = fitLine(`Thu hộ: ${formatVnd(amount)}`, {
      font: fonts.bold,
      size: AMOUNT_SIZE,
      minSize: 8,
      maxWidth: columnWidth - pad,
    });
    const boxHeight = AMOUNT_SIZE * 1.75;
    const boxWidth = Math.min(columnWidth, textWidth(fonts.bold, text.size, text.text) + pad);
    fillRects(page, [{ x: left, top, width: boxWidth, height: boxHeight }]);
    drawText(page, text.text, top + boxHeight / 2 + (CAP_HEIGHT * text.size) / 2, {
      font: fonts.bold,
      size: text.size,
      x: left,
      width: boxWidth,
      align: 'center',
      color: WHITE,
    });
  }

  /** A block caption in small capitals-like bold; returns the bottom. */
  private caption(text: string, top: number, size: number): number {
    return drawLines(this.page, [text], { font: this.fonts.bold, size, x: this.left, top });
  }

  /** `Key: value` on one line of `maxWidth`, the value bold (shrunk, then cut, if need be); returns the bottom. */
  private keyValue(key: string, value: string, top: number, size: number, maxWidth: number): number {
    const { page, fonts, left } = this;
    const baseline = top + size * FONT_EXTENT.ascent;
    const keyWidth = drawText(page, `${key}: `, baseline, { font: fonts.regular, size: size * 0.8, x: left });
    const fitted = fitLine(value, { font: fonts.bold, size, minSize: 8, maxWidth: maxWidth - keyWidth });
    drawText(page, fitted.text, baseline, { font: fonts.bold, size: fitted.size, x: left + keyWidth });
    return top + linesHeight(1, size);
  }
}
