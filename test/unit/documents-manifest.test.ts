import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  type HandoverManifestDocument,
  type HandoverManifestLine,
  MANIFEST_TITLES,
  renderHandoverManifest,
} from '../../functions/documents/manifest-pdf.ts';
import { A4_HEIGHT, A4_WIDTH, vietnameseLongDate } from '../../functions/documents/page-flow.ts';
import { wrapCode } from '../../functions/documents/page-table.ts';
import { cleanText, createDocument, ELLIPSIS, textWidth } from '../../functions/documents/pdf.ts';
import { readPages, sameLine, type TextItem, topLeftBarcode } from '../support/pdf-reading.ts';

const APPLICANTS = ['Nguyễn Thị Hoà', 'Trần Văn Ẩn', 'Lê Thị Bích Ngọc', 'Phạm Quốc Việt', 'Đặng Hữu Nghĩa'];
const PROCEDURES = [
  'Đăng ký khai sinh',
  'Cấp bản sao trích lục hộ tịch',
  'Đăng ký thường trú',
  'Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu',
];

/** An S10 item code: service letters, 8 digits, the check digit, VN. */
function s10(serial: number, service = 'RH'): string {
  const digits = String(serial).padStart(8, '0');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  return `${service}${digits}${check === 10 ? 0 : check === 11 ? 5 : check}VN`;
}

function line(i: number): HandoverManifestLine {
  return {
    dossierRef: `000.00.06.H56-231027-${String(361 + i).padStart(4, '0')}`,
    itemCode: s10(12345678 + i),
    applicantName: APPLICANTS[i % APPLICANTS.length]!,
    procedureName: PROCEDURES[i % PROCEDURES.length]!,
    documentsCount: 1 + (i % 5),
  };
}

const MISSING = s10(12345680); // the third line
const UNEXPECTED = [s10(99000001), s10(99000002)];

function sampleManifest(overrides: Partial<HandoverManifestDocument> = {}): HandoverManifestDocument {
  return {
    manifestId: 'BB01JD4Q7ZK2M9',
    kind: 'handover-to-agency',
    postOffice: { code: 'BC-HN-01', name: 'Bưu cục Giao dịch Hoàn Kiếm' },
    agency: { code: '000.00.06.H56', name: 'Bộ phận Tiếp nhận và Trả kết quả UBND phường Cửa Nam' },
    createdAt: '2023-10-27T02:05:00Z',
    lines: Array.from({ length: 6 }, (_, i) => line(i)),
    confirmation: {
      signedBy: 'Nguyễn Thị Thu Hương',
      signedAt: '2023-10-27T03:40:00Z',
      confirmedBy: 'huongnt',
      missing: [MISSING],
      unexpected: UNEXPECTED,
    },
    printedAt: '2023-10-27T03:45:00Z',
    ...overrides,
  };
}

describe('renderHandoverManifest', () => {
  it('writes the handover record in Vietnamese that reads back exactly', async () => {
    const pages = await readPages(await renderHandoverManifest(sampleManifest()));
    expect(pages).toHaveLength(1);
    const { items, strings, joined } = pages[0]!;

    expect(strings).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(strings).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(strings).toContain('BƯU CHÍNH CÔNG ÍCH');
    expect(strings).toContain('BƯU CỤC GIAO DỊCH HOÀN KIẾM');
    expect(strings).toContain('Số: BB01JD4Q7ZK2M9');
    expect(strings).toContain('Ngày 27 tháng 10 năm 2023');
    expect(strings).toContain('BIÊN BẢN GIAO NHẬN HỒ SƠ');
    expect(joined).toContain('Hôm nay, lúc 09:05 ngày 27/10/2023');
    expect(joined).toContain('Bưu cục Giao dịch Hoàn Kiếm (mã bưu cục BC-HN-01)');

    // Headers wrap in narrow columns ("Số / TP", "Tình / trạng").
    expect(joined).toContain('STT Mã hồ sơ Số hiệu bưu gửi Người nộp Thủ tục Số TP Tình trạng');
    expect(strings).toContain('Nguyễn Thị Hoà');
    expect(strings).toContain('Trần Văn Ẩn');
    expect(strings).toContain('Đăng ký khai sinh');
    expect(strings).toContain('000.00.06.H56-231027-0361');
    expect(strings).toContain('RH 123 456 785 VN');

    // The missing item's row says so; the others were received.
    expect(sameLine(items, 'RH 123 456 808 VN')).toEqual(
      expect.arrayContaining(['3', '000.00.06.H56-231027-0363', 'Lê Thị Bích Ngọc', 'Thiếu']),
    );
    expect(sameLine(items, 'RH 123 456 785 VN')).toContain('Đã nhận');
    expect(strings.filter((s) => s === 'Thiếu')).toHaveLength(1);
    expect(strings.filter((s) => s === 'Đã nhận')).toHaveLength(5);

    expect(joined).toContain('Tổng số: 6 bưu gửi, 16 thành phần hồ sơ.');
    expect(joined).toContain('Đã nhận: 5 bưu gửi.');
    expect(joined).toContain('Thiếu: 1 bưu gửi (RH 123 456 808 VN).');
    expect(joined).toContain('Ngoài danh sách: 2 bưu gửi (RH 990 000 010 VN, RH 990 000 023 VN).');

    expect(strings).toContain('ĐẠI DIỆN BÊN GIAO');
    expect(strings).toContain('ĐẠI DIỆN BÊN NHẬN');
    expect(strings.filter((s) => s === '(Ký, ghi rõ họ tên)')).toHaveLength(2);
    expect(strings).toContain('Trang 1/1');
    expect(strings).toContain('Biên bản số BB01JD4Q7ZK2M9 · In lúc 27/10/2023 10:45');
  });

  it('prints the signer and the signing time in the receiving side’s block', async () => {
    const receivingBlock = async (manifest: HandoverManifestDocument) => {
      const [page] = await readPages(await renderHandoverManifest(manifest));
      const { items } = page!;
      const center = (item: TextItem) => item.x + item.width / 2;
      const receiving = items.find((item) => item.str === 'ĐẠI DIỆN BÊN NHẬN')!;
      const giving = items.find((item) => item.str === 'ĐẠI DIỆN BÊN GIAO')!;
      expect(center(giving)).toBeLessThan(A4_WIDTH / 2);
      expect(center(receiving)).toBeGreaterThan(A4_WIDTH / 2);
      // Lines below the headings, in each column.
      const below = (heading: TextItem) =>
        items
          .filter((item) => item.y < heading.y && Math.abs(center(item) - center(heading)) < 60)
          .filter((item) => !item.str.startsWith('Biên bản số') && !item.str.startsWith('Trang'))
          .map((item) => item.str);
      return { giving: below(giving), receiving: below(receiving) };
    };

    // The post hands over; the agency receives and signs.
    const handover = await receivingBlock(sampleManifest());
    expect(handover.giving).toEqual([
      'Bưu chính công ích – Bưu cục Giao dịch Hoàn Kiếm',
      '(Ký, ghi rõ họ tên)',
    ]);
    expect(handover.receiving).toEqual(
      expect.arrayContaining([
        'Nguyễn Thị Thu Hương',
        'Ký lúc 27/10/2023 10:40',
        'Xác nhận trên hệ thống: huongnt',
      ]),
    );

    // The agency hands over results; the post receives and signs.
    const collect = await receivingBlock(
      sampleManifest({
        kind: 'collect-from-agency',
        confirmation: {
          signedBy: 'Trần Đức Lộc',
          signedAt: '2023-10-27T17:05:00Z',
          missing: [],
          unexpected: [],
        },
      }),
    );
    expect(collect.giving.join(' ')).toContain('Bộ phận Tiếp nhận và Trả kết quả');
    expect(collect.giving).not.toContain('Trần Đức Lộc');
    expect(collect.receiving).toEqual(
      expect.arrayContaining([
        'Bưu chính công ích – Bưu cục Giao dịch Hoàn Kiếm',
        'Trần Đức Lộc',
        'Ký lúc 28/10/2023 00:05',
      ]),
    );
  });

  it('titles the collection of results, and leaves the status blank until confirmed', async () => {
    const [page] = await readPages(
      await renderHandoverManifest(sampleManifest({ kind: 'collect-from-agency', confirmation: null })),
    );
    const { strings, joined } = page!;
    expect(strings).toContain(MANIFEST_TITLES['collect-from-agency']);
    expect(strings).toContain('BIÊN BẢN GIAO NHẬN KẾT QUẢ GIẢI QUYẾT TTHC');
    expect(joined).toContain('giao nhận kết quả giải quyết thủ tục hành chính');
    expect(strings).not.toContain('Thiếu');
    expect(strings).not.toContain('Đã nhận');
    expect(joined).toContain('Bên nhận chưa xác nhận kết quả kiểm nhận trên hệ thống.');
    expect(joined).not.toContain('Ký lúc');
  });

  it('takes a line’s own status over the confirmation’s lists', async () => {
    const lines = [line(0), { ...line(1), status: 'missing' as const }];
    const [page] = await readPages(await renderHandoverManifest(sampleManifest({ lines })));
    expect(sameLine(page!.items, 'RH 123 456 799 VN')).toContain('Thiếu');
    expect(sameLine(page!.items, 'RH 123 456 785 VN')).toContain('Đã nhận');
  });

  it('is A4 portrait, with the fonts embedded as small subsets', async () => {
    const bytes = await renderHandoverManifest(sampleManifest());
    expect(bytes.byteLength).toBeLessThan(80 * 1024); // the two whole fonts alone are 270 KB
    const doc = await PDFDocument.load(bytes);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(595.28, 2);
    expect(height).toBeCloseTo(841.89, 2);
    expect([A4_WIDTH, A4_HEIGHT]).toEqual([595.28, 841.89]);
    expect(doc.getTitle()).toBe('Biên bản giao nhận BB01JD4Q7ZK2M9');
    const fonts = doc.context
      .enumerateIndirectObjects()
      .map(([, object]) => object.toString())
      .filter((text) => text.includes('/BaseFont'));
    expect(fonts.join('\n')).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Regular/);
  });

  it('gives the same bytes for the same input', async () => {
    const [first, second] = [
      await renderHandoverManifest(sampleManifest()),
      await renderHandoverManifest(sampleManifest()),
    ];
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = await renderHandoverManifest(sampleManifest({ confirmation: null }));
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it('runs 500 lines over numbered pages, the table header on each', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => line(i));
    const bytes = await renderHandoverManifest(sampleManifest({ lines }));
    expect(bytes.byteLength).toBeLessThan(400 * 1024); // typically 175 KB

    const pages = await readPages(bytes);
    const total = pages.length;
    expect(total).toBeGreaterThanOrEqual(10);
    const numbers: number[] = [];
    pages.forEach((page, i) => {
      expect(page.view[2]).toBeCloseTo(A4_WIDTH, 2);
      expect(page.view[3]).toBeCloseTo(A4_HEIGHT, 2);
      expect(page.strings, `page ${i + 1}`).toContain(`Trang ${i + 1}/${total}`);
      if (i > 0) expect(page.strings).toContain('BIÊN BẢN GIAO NHẬN HỒ SƠ (tiếp theo)');
      // Row numbers: the items in the STT column below its header.
      const stt = page.items.find((item) => item.str === 'STT');
      if (stt === undefined) return;
      expect(page.strings).toContain('Số hiệu bưu gửi');
      for (const item of page.items) {
        if (Math.abs(item.x + item.width / 2 - (stt.x + stt.width / 2)) < 3 && /^\d+$/.test(item.str)) {
          numbers.push(Number(item.str));
        }
      }
    });
    expect(numbers).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const last = pages.at(-1)!;
    expect(last.strings).toContain('ĐẠI DIỆN BÊN NHẬN');
    expect(last.strings).toContain('Nguyễn Thị Thu Hương');
    expect(last.joined).toContain('Tổng số: 500 bưu gửi');
    expect(pages.slice(0, -1).every((page) => !page.strings.includes('ĐẠI DIỆN BÊN NHẬN'))).toBe(true);
  });

  it('keeps over-long text inside the page, wrapped or cut with an ellipsis', async () => {
    const long =
      'Uỷ ban Nhân dân Phường Bến Thành, Thành phố Hồ Chí Minh — Bộ phận Tiếp nhận và Trả kết quả ';
    const bytes = await renderHandoverManifest(
      sampleManifest({
        postOffice: { code: 'BC-HCM-QUAN-BINH-THANH-01', name: `Bưu cục ${long.repeat(2)}` },
        agency: { code: '000.00.06.H56', name: long.repeat(3) },
        lines: Array.from({ length: 40 }, (_, i) => ({
          ...line(i),
          dossierRef: i % 2 === 0 ? `PG${'0123456789ABCDEFGH'.repeat(4)}` : line(i).dossierRef,
          applicantName: 'Công ty Trách nhiệm Hữu hạn Thương mại và Dịch vụ Đông Nam Á '.repeat(2),
          procedureName: PROCEDURES[3]!.repeat(3),
          documentsCount: 100,
        })),
        confirmation: {
          signedBy: 'Tôn Nữ Thị Huyền Trang Công Tằng Tôn Nữ Diệu Huyền '.repeat(2),
          signedAt: '2023-10-27T03:40:00Z',
          confirmedBy: 'x'.repeat(200),
          missing: [],
          unexpected: Array.from({ length: 60 }, (_, i) => s10(99000001 + i)),
        },
      }),
    );
    const pages = await readPages(bytes);
    expect(pages.length).toBeGreaterThan(1);
    const margin = 40;
    for (const page of pages) {
      for (const item of page.items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(margin);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(A4_WIDTH - margin + 0.01);
        expect(item.y, item.str).toBeGreaterThanOrEqual(margin - 5);
        expect(item.y + item.size, item.str).toBeLessThanOrEqual(A4_HEIGHT - margin + 0.01);
      }
    }
    const strings = pages.flatMap((page) => page.strings);
    expect(strings.filter((s) => s.endsWith(ELLIPSIS)).length).toBeGreaterThanOrEqual(40);
    const joined = pages.map((page) => page.joined).join(' ');
    // Every unexpected code is listed, over as many lines as it takes.
    expect(joined).toContain(`(${UNEXPECTED[0]!.replace(/^(..)(...)(...)(...)(..)$/, '$1 $2 $3 $4 $5')}, `);
    expect(joined).toContain(`RH 990 000 607 VN).`);
  });

  it('refuses input it cannot print', async () => {
    await expect(renderHandoverManifest(sampleManifest({ manifestId: 'BB 01' }))).rejects.toThrow(
      /manifestId/,
    );
    await expect(renderHandoverManifest(sampleManifest({ printedAt: 'hôm qua' }))).rejects.toThrow(
      /printedAt/,
    );
    await expect(
      renderHandoverManifest(sampleManifest({ lines: [{ ...line(0), documentsCount: 1.5 }] })),
    ).rejects.toThrow(/documentsCount/);
  });

  it('prints a barcode of the manifest number that reads back (poppler, ZXing)', async () => {
    expect(topLeftBarcode(await renderHandoverManifest(sampleManifest()))).toBe('BB01JD4Q7ZK2M9');
  });
});

describe('manifest helpers', () => {
  it('writes dates as administrative documents do', () => {
    expect(vietnameseLongDate('2024-03-07T02:00:00Z')).toBe('ngày 07 tháng 3 năm 2024');
    expect(vietnameseLongDate('2024-02-05T02:00:00Z')).toBe('ngày 05 tháng 02 năm 2024');
    expect(vietnameseLongDate('2023-12-31T16:59:00Z')).toBe('ngày 31 tháng 12 năm 2023');
    expect(vietnameseLongDate('2023-12-31T17:00:00Z')).toBe('ngày 01 tháng 01 năm 2024');
  });

  it('breaks codes after hyphens, and cuts what does not fit', async () => {
    const { regular } = (await createDocument({ title: 't' })).fonts;
    const code = '000.00.06.H56-231027-0361';
    const width = textWidth(regular, 8, '000.00.06.H56-231027-');
    expect(wrapCode(regular, 8, code, 1000, 2)).toEqual([code]);
    expect(wrapCode(regular, 8, code, width, 2)).toEqual(['000.00.06.H56-231027-', '0361']);
    expect(wrapCode(regular, 8, 'RH 123 456 785 VN', textWidth(regular, 8, 'RH 123 456'), 2)).toEqual([
      'RH 123 456',
      '785 VN',
    ]);
    const cut = wrapCode(regular, 8, cleanText(regular, `PG${'0123456789'.repeat(10)}`), 60, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]!.endsWith(ELLIPSIS)).toBe(true);
    for (const l of cut) expect(textWidth(regular, 8, l)).toBeLessThanOrEqual(60);
  });
});
