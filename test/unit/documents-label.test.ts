import path from 'node:path';
import {
  BarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  MultiFormatReader,
  NotFoundException,
  QRCodeReader,
  type Result,
  RGBLuminanceSource,
} from '@zxing/library';
import bwipjs from 'bwip-js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import {
  encodeCode128,
  encodeQr,
  type LinearBarcode,
  type MatrixBarcode,
} from '../../functions/documents/barcodes.ts';
import {
  formatVietnamDate,
  formatVietnamDateTime,
  formatVnd,
  type ItemLabel,
  LABEL_HEIGHT,
  LABEL_WIDTH,
  renderItemLabel,
  spacedItemCode,
} from '../../functions/documents/item-label.ts';
import {
  cleanText,
  createDocument,
  DOCUMENT_ASSETS_DIR_ENV,
  documentAssetsDir,
  ELLIPSIS,
  fitText,
  textWidth,
  truncateToWidth,
  wrapText,
} from '../../functions/documents/pdf.ts';
import { readVietqr, vietqrPayload } from '../../functions/domain/money/vietqr.ts';
import { rasterisePage } from '../support/pdf-reading.ts';

const RECIPIENT_ADDRESS = 'Số 9 Lê Duẩn, Tổ dân phố 4, Phường Tân Lợi';
const RECIPIENT_COMMUNE = 'Phường Bến Thành, Thành phố Hồ Chí Minh';
const RECIPIENT_PROVINCE = 'Đắk Lắk, Thừa Thiên Huế';
const PAYMENT_QR = vietqrPayload({
  bankBin: '970436',
  accountNumber: '0011004455667',
  amount: 57000,
  content: 'RH123456785VN',
});

function sampleLabel(overrides: Partial<ItemLabel> = {}): ItemLabel {
  return {
    itemCode: 'RH123456785VN',
    direction: 'inbound',
    dossierRef: '000.00.06.H56-231027-0361',
    trackingUrl: 'https://tracuu.bcci.vn/t/RH123456785VN',
    sender: {
      name: 'Trần Văn Ẩn',
      phone: '0912 345 678',
      addressLine: 'Số 12 ngõ 34 phố Lê Duẩn',
      commune: 'Phường Cửa Nam',
      province: 'Thành phố Hà Nội',
    },
    recipient: {
      name: 'Nguyễn Thị Hoà',
      phone: '0262 3852 555',
      addressLine: RECIPIENT_ADDRESS,
      commune: RECIPIENT_COMMUNE,
      province: RECIPIENT_PROVINCE,
    },
    originOfficeCode: 'BC-HN-01',
    destinationOfficeCode: 'BC-DLK-03',
    dueAt: '2023-10-30T17:30:00Z',
    service: 'Chuyển phát hồ sơ TTHC',
    amountToCollectVnd: 135000,
    printedAt: '2023-10-27T02:05:00Z',
    ...overrides,
  };
}

interface TextItem {
  readonly str: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly size: number;
}

/** The page's text as pdf.js reads it back through the fonts' ToUnicode maps. */
async function readBack(bytes: Uint8Array) {
  const pdf = await getDocumentProxy(bytes.slice());
  expect(pdf.numPages).toBe(1);
  const page = await pdf.getPage(1);
  const content = await page.getTextContent();
  const items: TextItem[] = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str.trim() === '') continue;
    const [size, , , , x, y] = item.transform as number[];
    items.push({ str: item.str, x: x!, y: y!, width: item.width, size: size! });
  }
  const strings = items.map((item) => item.str);
  // Wrapped lines were cut at spaces: joining them with spaces gives the text back.
  return { view: page.view, items, strings, joined: strings.join(' ') };
}

describe('renderItemLabel', () => {
  it('writes Vietnamese text that reads back exactly', async () => {
    const bytes = await renderItemLabel(sampleLabel());
    const { strings, joined } = await readBack(bytes);

    expect(strings).toContain('Nguyễn Thị Hoà');
    expect(joined).toContain(`${RECIPIENT_ADDRESS}, ${RECIPIENT_COMMUNE}, ${RECIPIENT_PROVINCE}`);
    expect(strings).toContain('RH 123 456 785 VN');
    expect(strings).toContain('000.00.06.H56-231027-0361');
    expect(strings).toContain('Hạn phát:');
    expect(strings).toContain('31/10/2023'); // 00:30 on the 31st in Vietnam
    expect(strings).toContain('BƯU CHÍNH CÔNG ÍCH');
    expect(strings).toContain('Chuyển phát hồ sơ TTHC');
    expect(strings).toContain('HỒ SƠ');
    expect(strings).toContain('NGƯỜI GỬI');
    expect(strings).toContain('NGƯỜI NHẬN');
    expect(strings).toContain('Trần Văn Ẩn');
    expect(strings).toContain('ĐT: 0262 3852 555');
    expect(strings).toContain('BC-HN-01');
    expect(strings).toContain('BC-DLK-03');
    expect(strings).toContain('Thu hộ: 135.000 đ');
    expect(strings).toContain('Tra cứu');
    expect(strings).toContain('In lúc 27/10/2023 09:05');
  });

  it('is a 100 × 150 mm page, with the fonts embedded as small subsets', async () => {
    const bytes = await renderItemLabel(sampleLabel());
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes.byteLength).toBeLessThan(100 * 1024); // the two whole fonts alone are 270 KB
    const doc = await PDFDocument.load(bytes);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(283.46, 2);
    expect(height).toBeCloseTo(425.2, 1);
    expect(doc.getTitle()).toBe('Nhãn bưu gửi RH123456785VN');

    const { view } = await readBack(bytes);
    expect(view[2]).toBeCloseTo(LABEL_WIDTH, 6);
    expect(view[3]).toBeCloseTo(LABEL_HEIGHT, 6);
  });

  it('gives the same bytes for the same input', async () => {
    const [first, second] = [await renderItemLabel(sampleLabel()), await renderItemLabel(sampleLabel())];
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = await renderItemLabel(sampleLabel({ itemCode: 'RH000000017VN' }));
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it('prints the result direction, and no amount to collect when there is none', async () => {
    const { strings, joined } = await readBack(
      await renderItemLabel(
        sampleLabel({
          direction: 'outbound',
          itemCode: 'RK000000017VN',
          service: 'Chuyển trả kết quả TTHC',
          amountToCollectVnd: 0,
          dueAt: undefined,
        }),
      ),
    );
    expect(strings).toContain('KẾT QUẢ');
    expect(strings).toContain('RK 000 000 017 VN');
    expect(strings).toContain('Chuyển trả kết quả TTHC');
    expect(joined).not.toContain('Thu hộ');
    expect(strings).toContain('Hạn phát:');
  });

  it('keeps over-long text inside the label, cut with an ellipsis', async () => {
    const long =
      'Thôn Ea Kmát, xã Hoà Thắng, huyện Krông Búk, tỉnh Đắk Lắk; gần chợ, rẽ phải ở cây xăng '.repeat(6);
    const bytes = await renderItemLabel(
      sampleLabel({
        sender: { name: 'Công ty Trách nhiệm Hữu hạn Thương mại và Dịch vụ '.repeat(3), addressLine: long },
        recipient: {
          name: 'Uỷ ban Nhân dân Phường Bến Thành, Thành phố Hồ Chí Minh — Bộ phận Tiếp nhận và Trả kết quả '.repeat(
            2,
          ),
          phone: '0912 345 678',
          addressLine: long,
          commune: RECIPIENT_COMMUNE,
          province: RECIPIENT_PROVINCE,
        },
        service: 'Chuyển phát hồ sơ thủ tục hành chính và trả kết quả giải quyết thủ tục hành chính tận nhà',
        dossierRef: `PG${'0123456789ABCDEFGH'.repeat(4)}`,
        originOfficeCode: 'BC-HCM-QUAN-BINH-TH1',
        destinationOfficeCode: 'BC-DLK-KRONG-BUK-012',
      }),
    );
    const { items, strings } = await readBack(bytes);
    const margin = 8.5;
    for (const item of items) {
      expect(item.x, item.str).toBeGreaterThanOrEqual(margin - 0.01);
      expect(item.x + item.width, item.str).toBeLessThanOrEqual(LABEL_WIDTH - margin + 0.01);
      expect(item.y, item.str).toBeGreaterThanOrEqual(margin - 0.01);
      expect(item.y + item.size, item.str).toBeLessThanOrEqual(LABEL_HEIGHT - margin + 0.01);
    }
    const cut = strings.filter((s) => s.endsWith(ELLIPSIS));
    // Service, sender name and address, recipient name and address, dossier reference.
    expect(cut.length).toBeGreaterThanOrEqual(5);
    // Blocks do not run into each other: no two lines share a baseline region unless side by side.
    const lines = [...items].sort((a, b) => b.y - a.y);
    for (let i = 1; i < lines.length; i++) {
      const [above, below] = [lines[i - 1]!, lines[i]!];
      const overlapX = above.x < below.x + below.width && below.x < above.x + above.width;
      if (overlapX)
        expect(above.y - below.y, `${above.str} / ${below.str}`).toBeGreaterThanOrEqual(below.size * 0.9);
    }
  });

  it('normalises decomposed input and replaces characters the font lacks', async () => {
    const { strings } = await readBack(
      await renderItemLabel(
        sampleLabel({ recipient: { name: 'Nguyễn Thị Hoà 阮'.normalize('NFD'), addressLine: 'Huế' } }),
      ),
    );
    expect(strings).toContain('Nguyễn Thị Hoà ?');
  });

  it('refuses input it cannot print', async () => {
    await expect(renderItemLabel(sampleLabel({ itemCode: 'RH 123' }))).rejects.toThrow(/itemCode/);
    await expect(renderItemLabel(sampleLabel({ printedAt: 'yesterday' }))).rejects.toThrow(/printedAt/);
    await expect(renderItemLabel(sampleLabel({ trackingUrl: ' ' }))).rejects.toThrow(/trackingUrl/);
    await expect(renderItemLabel(sampleLabel({ paymentQr: '' }))).rejects.toThrow(/paymentQr/);
    // Past a version 8 code, its modules would be under 0.5 mm or the code would crowd the footer.
    await expect(renderItemLabel(sampleLabel({ paymentQr: 'x'.repeat(400) }))).rejects.toThrow(/paymentQr/);
  });

  it('captions the payment code with the amount it charges', async () => {
    const { strings } = await readBack(
      await renderItemLabel(sampleLabel({ amountToCollectVnd: 57000, paymentQr: PAYMENT_QR })),
    );
    expect(strings).toContain('Quét VietQR để');
    expect(strings).toContain('thanh toán 57.000 đ');
    expect(strings).toContain('Thu hộ: 57.000 đ');
    expect(strings).toContain('Tra cứu');

    // An amount too long for one line goes on a line of its own, never cut.
    const large = await readBack(
      await renderItemLabel(
        sampleLabel({
          amountToCollectVnd: 1_999_999_999,
          paymentQr: vietqrPayload({
            bankBin: '970436',
            accountNumber: '0011004455667',
            amount: 1_999_999_999,
            content: 'RH123456785VN',
          }),
        }),
      ),
    );
    expect(large.strings).toEqual(
      expect.arrayContaining(['Quét VietQR để', 'thanh toán', '1.999.999.999 đ', 'Thu hộ: 1.999.999.999 đ']),
    );
  });
});

describe('label formatting', () => {
  it('groups S10 codes and leaves other codes alone', () => {
    expect(spacedItemCode('RH123456785VN')).toBe('RH 123 456 785 VN');
    expect(spacedItemCode('PG0123')).toBe('PG0123');
  });

  it('formats amounts in dong', () => {
    expect(formatVnd(135000)).toBe('135.000 đ');
    expect(formatVnd(1234567.4)).toBe('1.234.567 đ');
    expect(formatVnd(500)).toBe('500 đ');
  });

  it('formats dates in Vietnam time', () => {
    expect(formatVietnamDate('2023-10-30T16:59:59Z')).toBe('30/10/2023');
    expect(formatVietnamDate('2023-10-30T17:00:00Z')).toBe('31/10/2023');
    expect(formatVietnamDateTime('2024-01-01T00:00:00+07:00')).toBe('01/01/2024 00:00');
  });
});

describe('text helpers', () => {
  async function fonts() {
    return (await createDocument({ title: 't' })).fonts;
  }

  it('finds the fonts beside the module, or where DOCUMENT_ASSETS_DIR says', () => {
    expect(documentAssetsDir()).toBe(path.resolve('functions/documents/assets'));
    const before = process.env[DOCUMENT_ASSETS_DIR_ENV];
    try {
      process.env[DOCUMENT_ASSETS_DIR_ENV] = '/opt/assets';
      expect(documentAssetsDir()).toBe('/opt/assets');
    } finally {
      if (before === undefined) delete process.env[DOCUMENT_ASSETS_DIR_ENV];
      else process.env[DOCUMENT_ASSETS_DIR_ENV] = before;
    }
  });

  it('says where to put the fonts when they are missing', async () => {
    const before = process.env[DOCUMENT_ASSETS_DIR_ENV];
    try {
      process.env[DOCUMENT_ASSETS_DIR_ENV] = '/nonexistent/assets';
      await expect(createDocument({ title: 't' })).rejects.toThrow(/DOCUMENT_ASSETS_DIR/);
    } finally {
      if (before === undefined) delete process.env[DOCUMENT_ASSETS_DIR_ENV];
      else process.env[DOCUMENT_ASSETS_DIR_ENV] = before;
    }
  });

  it('has a glyph for every Vietnamese letter', async () => {
    const { regular, bold } = await fonts();
    const letters =
      'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ';
    const all = letters + letters.toUpperCase();
    expect(cleanText(regular, all)).toBe(all);
    expect(cleanText(bold, all)).toBe(all);
  });

  it('measures like pdf-lib does', async () => {
    const { regular, bold } = await fonts();
    for (const text of ['Thừa Thiên Huế', 'Office fi ffl', 'RH 123 456 785 VN', '']) {
      expect(textWidth(regular, 11, text)).toBeCloseTo(regular.widthOfTextAtSize(text, 11), 6);
      expect(textWidth(bold, 9, text)).toBeCloseTo(bold.widthOfTextAtSize(text, 9), 6);
    }
  });

  it('wraps at spaces and breaks words longer than a line', async () => {
    const { regular } = await fonts();
    const text = 'Phường Bến Thành, Thành phố Hồ Chí Minh';
    const lines = wrapText(regular, 10, text, 100);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(text);
    for (const line of lines) expect(textWidth(regular, 10, line)).toBeLessThanOrEqual(100);

    const word = 'Ngườiii'.repeat(10);
    const broken = wrapText(regular, 10, word, 50);
    expect(broken.join('')).toBe(word);
    for (const line of broken) expect(textWidth(regular, 10, line)).toBeLessThanOrEqual(50);
  });

  it('shrinks, then cuts with an ellipsis', async () => {
    const { regular } = await fonts();
    const text = 'Thôn Ea Kmát, xã Hoà Thắng, huyện Krông Búk, tỉnh Đắk Lắk';
    const shrunk = fitText(text, { font: regular, size: 12, minSize: 6, maxWidth: 200, maxLines: 1 });
    expect(shrunk).toMatchObject({ lines: [text], truncated: false });
    expect(shrunk.size).toBeLessThan(12);

    const cut = fitText(text, { font: regular, size: 12, maxWidth: 120, maxLines: 2 });
    expect(cut.truncated).toBe(true);
    expect(cut.lines).toHaveLength(2);
    expect(cut.lines[1]!.endsWith(ELLIPSIS)).toBe(true);
    for (const line of cut.lines) expect(textWidth(regular, 12, line)).toBeLessThanOrEqual(120);

    const byHeight = fitText(text.repeat(5), { font: regular, size: 10, maxWidth: 120, maxHeight: 40 });
    expect(byHeight.height).toBeLessThanOrEqual(40);
    expect(byHeight.lines.length).toBe(3);

    expect(truncateToWidth(regular, 10, 'Đắk Lắk', 1000)).toBe('Đắk Lắk');
    expect(truncateToWidth(regular, 10, 'Đắk Lắk', 30)).toMatch(/^Đắk?…$/);
  });

  it('also works with a standard font (no width cache shared)', async () => {
    const doc = await PDFDocument.create();
    const helvetica = await doc.embedFont(StandardFonts.Helvetica);
    expect(textWidth(helvetica, 10, 'Hello')).toBeCloseTo(helvetica.widthOfTextAtSize('Hello', 10), 6);
  });
});

// -------------------------------------------------------------------------------------------------
// Barcodes: decoded by ZXing, an independent reader.

function decodeResult(
  luminance: Uint8ClampedArray,
  width: number,
  height: number,
  format: BarcodeFormat,
): Result {
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [format]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
  const result = new MultiFormatReader().decode(bitmap, hints);
  expect(result.getBarcodeFormat()).toBe(format);
  return result;
}

function decode(luminance: Uint8ClampedArray, width: number, height: number, format: BarcodeFormat): string {
  return decodeResult(luminance, width, height, format).getText();
}

/** A grey bitmap, one byte a pixel, rows from the top. */
interface GreyImage {
  readonly pixels: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** Top-down, in points from the page's top left. */
interface Rect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

interface FoundQr {
  readonly text: string;
  /** The symbol's modules. */
  readonly symbol: Rect;
  /** The symbol and its 4-module quiet zone. */
  readonly quiet: Rect;
  readonly moduleMm: number;
}

const PT_PER_INCH = 72;

/** The label as poppler rasterises it at `dpi`, grey (anti-aliased, as a printer driver gets it). */
const rasterise = (bytes: Uint8Array, dpi: number): GreyImage => rasterisePage(bytes, dpi);

/**
 * Every QR code on the page. ZXing reads one code at a time, and two codes in view put it off
 * (it pairs finder patterns of both), so each code is read on its own: the page is cut into
 * islands of ink that white gaps of a millimetre or more keep apart (a quiet zone is wider),
 * and each island 15 mm or more across is read on a white ground. The symbol's place comes
 * from ZXing's finder pattern centres, 3.5 modules in from its corners.
 */
function readQrCodes(image: GreyImage, dpi: number): FoundQr[] {
  const { pixels, width, height } = image;
  const cell = Math.round(dpi / 25.4);
  const [cols, rows] = [Math.ceil(width / cell), Math.ceil(height / cell)];
  const inked = new Uint8Array(cols * rows);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      if (pixels[y * width + x]! < 128) inked[((y / cell) | 0) * cols + ((x / cell) | 0)] = 1;
  }
  const islands: Rect[] = [];
  const seen = new Uint8Array(cols * rows);
  for (let start = 0; start < inked.length; start++) {
    if (!inked[start] || seen[start]) continue;
    const box = { left: cols, top: rows, right: 0, bottom: 0 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const at = stack.pop()!;
      const [c, r] = [at % cols, Math.floor(at / cols)];
      Object.assign(box, {
        left: Math.min(box.left, c),
        top: Math.min(box.top, r),
        right: Math.max(box.right, c + 1),
        bottom: Math.max(box.bottom, r + 1),
      });
      for (const next of [c > 0 ? at - 1 : -1, c < cols - 1 ? at + 1 : -1, at - cols, at + cols]) {
        if (next >= 0 && next < inked.length && inked[next] && !seen[next]) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    if (box.right - box.left >= 15 && box.bottom - box.top >= 15) islands.push(box);
  }

  const found: FoundQr[] = [];
  for (const island of islands) {
    // The island's pixels on a white ground with a 5 mm margin.
    const margin = 5 * cell;
    const [x0, y0] = [island.left * cell, island.top * cell];
    const [x1, y1] = [Math.min(width, island.right * cell), Math.min(height, island.bottom * cell)];
    const [w, h] = [x1 - x0 + 2 * margin, y1 - y0 + 2 * margin];
    const crop = new Uint8ClampedArray(w * h).fill(255);
    for (let y = y0; y < y1; y++)
      crop.set(pixels.subarray(y * width + x0, y * width + x1), (y - y0 + margin) * w + margin);
    let result: Result;
    try {
      // The QR reader itself: MultiFormatReader logs every island it finds no code in.
      result = new QRCodeReader().decode(
        new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(crop, w, h))),
        new Map([[DecodeHintType.TRY_HARDER, true]]),
      );
    } catch (error) {
      if (error instanceof NotFoundException) continue; // text, the Code 128
      throw error;
    }
    const [bottomLeft, topLeft, topRight] = result.getResultPoints();
    if (!bottomLeft || !topLeft || !topRight) throw new Error('ZXing gave no finder patterns');
    const [dx, dy] = [x0 - margin, y0 - margin];
    const estimated = (topLeft as unknown as { getEstimatedModuleSize(): number }).getEstimatedModuleSize();
    const across = Math.hypot(topRight.getX() - topLeft.getX(), topRight.getY() - topLeft.getY());
    const down = Math.hypot(bottomLeft.getX() - topLeft.getX(), bottomLeft.getY() - topLeft.getY());
    expect(Math.abs(across - down)).toBeLessThan(estimated); // square
    // A version v code has 17 + 4v modules a side; the finder centres are 7 fewer apart.
    const side = 17 + 4 * Math.round((across / estimated + 7 - 17) / 4);
    const module = (across + down) / 2 / (side - 7);
    const box = (outset: number): Rect => ({
      left: topLeft.getX() + dx - outset,
      top: topLeft.getY() + dy - outset,
      right: topRight.getX() + dx + outset,
      bottom: bottomLeft.getY() + dy + outset,
    });
    const k = PT_PER_INCH / dpi;
    const toPoints = (r: Rect): Rect => ({
      left: r.left * k,
      top: r.top * k,
      right: r.right * k,
      bottom: r.bottom * k,
    });
    found.push({
      text: result.getText(),
      symbol: toPoints(box(3.5 * module)),
      quiet: toPoints(box(7.5 * module)),
      moduleMm: (module * 25.4) / dpi,
    });
  }
  return found;
}

/** The dark pixels in a code's quiet zone (`quiet` less `symbol`, half a module in from either edge): none when it is clear. */
function darkPixelsInQuietZone(image: GreyImage, dpi: number, qr: FoundQr): number {
  const k = dpi / PT_PER_INCH;
  const module = (qr.moduleMm / 25.4) * dpi;
  const [outer, inner] = [qr.quiet, qr.symbol];
  let dark = 0;
  for (let y = Math.floor(outer.top * k + module / 2); y < outer.bottom * k - module / 2; y++) {
    for (let x = Math.floor(outer.left * k + module / 2); x < outer.right * k - module / 2; x++) {
      const inside =
        x > inner.left * k - module / 2 &&
        x < inner.right * k + module / 2 &&
        y > inner.top * k - module / 2 &&
        y < inner.bottom * k + module / 2;
      if (inside) continue;
      const off = x < 0 || y < 0 || x >= image.width || y >= image.height;
      if (off || image.pixels[y * image.width + x]! < 192) dark++;
    }
  }
  return dark;
}

const overlaps = (a: Rect, b: Rect): boolean =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** A text item's box, ascent to descent, top-down like `Rect`. */
function textRect(item: TextItem): Rect {
  const baseline = LABEL_HEIGHT - item.y;
  return {
    left: item.x,
    top: baseline - item.size,
    right: item.x + item.width,
    bottom: baseline + item.size * 0.25,
  };
}

/** A bitmap of a linear barcode: `px` pixels a module, quiet zones of 10 modules. */
function linearImage(code: LinearBarcode, px = 3, rows = 40) {
  const width = (code.modules + 20) * px;
  const pixels = new Uint8ClampedArray(width * rows).fill(255);
  let x = 10 * px;
  code.widths.forEach((w, i) => {
    if (i % 2 === 0) {
      for (let r = 0; r < rows; r++) pixels.fill(0, r * width + x, r * width + x + w * px);
    }
    x += w * px;
  });
  return { pixels, width, height: rows };
}

/** A bitmap of a matrix code: `px` pixels a module, a quiet zone of 4 modules. */
function matrixImage(code: MatrixBarcode, px = 4) {
  const side = (code.size + 8) * px;
  const pixels = new Uint8ClampedArray(side * side).fill(255);
  code.rows.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (!dark) return;
      for (let y = 0; y < px; y++)
        pixels.fill(0, ((r + 4) * px + y) * side + (c + 4) * px, ((r + 4) * px + y) * side + (c + 5) * px);
    });
  });
  return { pixels, width: side, height: side };
}

describe('barcodes', () => {
  it('encodes Code 128 as bwip-js does, and ZXing reads it', () => {
    for (const text of ['RH123456785VN', 'RK000000017VN', 'PG0123ABCD']) {
      const code = encodeCode128(text);
      const [raw] = bwipjs.raw({ bcid: 'code128', text });
      expect(raw && 'sbs' in raw ? raw.sbs : undefined).toEqual(code.widths);
      const image = linearImage(code);
      expect(decode(image.pixels, image.width, image.height, BarcodeFormat.CODE_128)).toBe(text);
    }
  });

  it('encodes QR codes that ZXing reads', () => {
    for (const url of [
      'https://tracuu.bcci.vn/t/RH123456785VN',
      `https://tracuu.bcci.vn/t/${'x'.repeat(120)}`,
    ]) {
      const code = encodeQr(url);
      const image = matrixImage(code);
      expect(decode(image.pixels, image.width, image.height, BarcodeFormat.QR_CODE)).toBe(url);
    }
  });

  it('prints barcodes that read back from the rendered page (poppler)', async () => {
    const label = sampleLabel();
    const image = rasterise(await renderItemLabel(label), 300);
    const { pixels, width, height } = image;
    expect(decode(pixels, width, height, BarcodeFormat.CODE_128)).toBe(label.itemCode);
    expect(decode(pixels, width, height, BarcodeFormat.QR_CODE)).toBe(label.trackingUrl);
    // Without a payment code, the tracking code is the only one.
    expect(readQrCodes(image, 300).map((qr) => qr.text)).toEqual([label.trackingUrl]);
  });

  /** Reads both codes back, at a thermal printer's 203 dpi and at 300 dpi; returns the 300 dpi reading. */
  async function readPaymentLabel(label: ItemLabel) {
    const bytes = await renderItemLabel(label);
    let codes: FoundQr[] = [];
    for (const dpi of [203, 300]) {
      const image = rasterise(bytes, dpi);
      expect(decode(image.pixels, image.width, image.height, BarcodeFormat.CODE_128)).toBe(label.itemCode);
      codes = readQrCodes(image, dpi);
      expect(codes.map((qr) => qr.text).sort(), `${dpi} dpi`).toEqual(
        [label.paymentQr, label.trackingUrl].sort(),
      );
      for (const qr of codes)
        expect(darkPixelsInQuietZone(image, dpi, qr), `${qr.text} at ${dpi} dpi`).toBe(0);
    }
    const payment = codes.find((qr) => qr.text === label.paymentQr)!;
    const tracking = codes.find((qr) => qr.text === label.trackingUrl)!;
    const { items } = await readBack(bytes);
    return { payment, tracking, items };
  }

  /**
   * Both codes with their quiet zones on the page, apart, and clear of every line of text. The
   * places read back are good to a pixel or so: quiet zones are taken half a module short.
   */
  function expectClear(codes: readonly FoundQr[], items: readonly TextItem[]) {
    const quiet = (qr: FoundQr): Rect => {
      const d = (qr.moduleMm / 25.4) * PT_PER_INCH * 0.5;
      const { left, top, right, bottom } = qr.quiet;
      return { left: left + d, top: top + d, right: right - d, bottom: bottom - d };
    };
    const [first, second] = codes;
    expect(overlaps(quiet(first!), second!.symbol)).toBe(false);
    expect(overlaps(quiet(second!), first!.symbol)).toBe(false);
    for (const qr of codes) {
      expect(quiet(qr).left).toBeGreaterThanOrEqual(0);
      expect(quiet(qr).right).toBeLessThanOrEqual(LABEL_WIDTH);
      expect(quiet(qr).bottom).toBeLessThanOrEqual(LABEL_HEIGHT);
      for (const item of items)
        expect(overlaps(textRect(item), quiet(qr)), `${item.str} on ${qr.text}`).toBe(false);
    }
  }

  it('prints a VietQR payment code beside the tracking code, both readable', async () => {
    const label = sampleLabel({ amountToCollectVnd: 57000, paymentQr: PAYMENT_QR });
    const { payment, tracking, items } = await readPaymentLabel(label);

    expect(payment.text).toBe(PAYMENT_QR);
    expect(readVietqr(payment.text)).toEqual({
      bankBin: '970436',
      accountNumber: '0011004455667',
      amount: 57000,
      content: 'RH123456785VN',
      crcValid: true,
    });
    expect(tracking.text).toBe(label.trackingUrl);
    // Modules large enough to print and scan: 0.5 mm at the least.
    expect(payment.moduleMm).toBeGreaterThanOrEqual(0.5 - 0.01);
    expect(tracking.moduleMm).toBeGreaterThanOrEqual(0.5 - 0.01);
    expectClear([payment, tracking], items);

    // The caption is under the payment code, past its quiet zone.
    const caption = items.find((item) => item.str === 'thanh toán 57.000 đ')!;
    const captionBox = textRect(caption);
    expect(captionBox.top).toBeGreaterThanOrEqual(payment.quiet.bottom);
    expect(captionBox.left).toBeGreaterThanOrEqual(payment.quiet.left);
    expect(captionBox.right).toBeLessThanOrEqual(payment.quiet.right);
  });

  it('keeps long text and a long payment code off both codes', async () => {
    const long =
      'Thôn Ea Kmát, xã Hoà Thắng, huyện Krông Búk, tỉnh Đắk Lắk; gần chợ, rẽ phải ở cây xăng '.repeat(6);
    // A 19-character account with small letters, the largest amount: a version 6 code.
    const paymentQr = vietqrPayload({
      bankBin: '970436',
      accountNumber: 'abcdefghij012345678',
      amount: 1_999_999_999,
      content: 'RH123456785VN',
    });
    expect(encodeQr(paymentQr).size).toBe(41);
    const label = sampleLabel({
      trackingUrl: 'https://tracuu.bcci-bridge.vn/track/000.00.06.H56-231027-0361',
      sender: { name: 'Công ty TNHH Thương mại '.repeat(4), addressLine: long },
      recipient: {
        name: 'Uỷ ban Nhân dân Phường Bến Thành '.repeat(4),
        phone: '0912 345 678',
        addressLine: long,
      },
      dossierRef: `PG${'0123456789ABCDEFGH'.repeat(4)}`,
      amountToCollectVnd: 1_999_999_999,
      paymentQr,
    });
    const { payment, tracking, items } = await readPaymentLabel(label);
    expect(readVietqr(payment.text)).toMatchObject({ amount: 1_999_999_999, content: 'RH123456785VN' });
    expect(payment.moduleMm).toBeGreaterThanOrEqual(0.5 - 0.01);
    expectClear([payment, tracking], items);
    const margin = 8.5;
    for (const item of items) {
      expect(item.x, item.str).toBeGreaterThanOrEqual(margin - 0.01);
      expect(item.x + item.width, item.str).toBeLessThanOrEqual(LABEL_WIDTH - margin + 0.01);
    }
  });
});
