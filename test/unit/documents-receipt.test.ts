import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { A4_HEIGHT, A4_WIDTH } from '../../functions/documents/page-flow.ts';
import { ELLIPSIS } from '../../functions/documents/pdf.ts';
import {
  type PrintedReceipt,
  RECEIPT_TITLE,
  renderReceipt,
  VOIDED_MARK,
} from '../../functions/documents/receipt-pdf.ts';
import {
  DEFAULT_RECEIPT_FORM_SYMBOL,
  feesReceiptRequest,
  receiptOf,
} from '../../functions/domain/money/receipts.ts';
import { readPages, sameLine } from '../support/pdf-reading.ts';

function sampleReceipt(overrides: Partial<PrintedReceipt> = {}): PrintedReceipt {
  return {
    series: 'HNTP26',
    number: 42,
    formSymbol: '01BLP0-001',
    agencyCode: '000.00.06.H56',
    agencyName: 'UBND phường Cửa Nam, thành phố Hà Nội',
    agencyTaxCode: '0109876543-001',
    lookupCode: 'K7QX2M9RTB',
    lookupUrl: 'https://tracuu.bcci-bridge.vn/bien-lai',
    postOfficeCode: 'BC-HN-01',
    payerName: 'Nguyễn Thị Hoà',
    dossierRef: '000.00.06.H56-260307-0042',
    itemCode: 'RH123456785VN',
    lines: [
      { code: 'LP-KS', name: 'Lệ phí đăng ký khai sinh', amount: 100_000 },
      { code: 'PHI-BS', name: 'Phí cấp bản sao trích lục hộ tịch', amount: 35_000 },
    ],
    amount: 135_000,
    amountInWords: 'một trăm ba mươi lăm nghìn đồng',
    method: 'cash',
    issuedAt: '2026-03-07T02:05:00Z',
    issuedBy: 'hoant.bchn01',
    status: 'issued',
    voidedAt: null,
    voidReason: null,
    voidedBy: null,
    ...overrides,
  };
}

const VOIDED: Partial<PrintedReceipt> = {
  status: 'voided',
  voidedAt: '2026-03-08T09:30:00Z',
  voidReason: 'Thu nhầm lệ phí, hoàn trả người nộp',
  voidedBy: 'ketoan.bchn01',
};

describe('renderReceipt', () => {
  it('writes the receipt in Vietnamese that reads back exactly, on one A4 page', async () => {
    const bytes = await renderReceipt(sampleReceipt());
    const pages = await readPages(bytes);
    expect(pages).toHaveLength(1);
    const { items, strings, joined, view } = pages[0]!;
    expect(view[2]).toBeCloseTo(A4_WIDTH, 2);
    expect(view[3]).toBeCloseTo(A4_HEIGHT, 2);

    expect(strings).toContain('ĐƠN VỊ THU PHÍ, LỆ PHÍ');
    expect(strings).toContain('UBND PHƯỜNG CỬA NAM, THÀNH PHỐ HÀ NỘI');
    expect(strings).toContain('Mã số thuế: 0109876543-001');
    expect(strings).toContain('Mẫu số: 01BLP0-001');
    expect(strings).toContain('Ký hiệu: HNTP26');
    expect(strings).toContain('Số: 0000042');
    expect(strings).toContain(RECEIPT_TITLE);
    expect(strings).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(strings).toContain('(Bản thể hiện của biên lai điện tử)');

    expect(sameLine(items, 'Đơn vị thu:')).toContain(
      'UBND phường Cửa Nam, thành phố Hà Nội (mã 000.00.06.H56)',
    );
    // A label and a value in the same face read back as one string.
    expect(strings).toContain('Thu hộ bởi: Bưu chính công ích – Bưu cục BC-HN-01');
    expect(sameLine(items, 'Họ tên người nộp:')).toContain('Nguyễn Thị Hoà');
    expect(sameLine(items, 'Mã hồ sơ: 000.00.06.H56-260307-0042')).toEqual(
      expect.arrayContaining(['Số hiệu bưu gửi:', 'RH 123 456 785 VN']),
    );

    expect(joined).toContain('STT Nội dung thu Mã khoản thu Số tiền');
    expect(sameLine(items, 'Lệ phí đăng ký khai sinh')).toEqual([
      '1',
      'Lệ phí đăng ký khai sinh',
      'LP-KS',
      '100.000 đ',
    ]);
    expect(sameLine(items, 'Phí cấp bản sao trích lục hộ tịch')).toEqual([
      '2',
      'Phí cấp bản sao trích lục hộ tịch',
      'PHI-BS',
      '35.000 đ',
    ]);
    expect(sameLine(items, 'Tổng cộng')).toEqual(['Tổng cộng', '135.000 đ']);
    expect(sameLine(items, 'Số tiền bằng chữ:')).toContain('Một trăm ba mươi lăm nghìn đồng');
    expect(sameLine(items, 'Hình thức thanh toán:')).toEqual(
      expect.arrayContaining(['Tiền mặt', 'Thời điểm thu: 07/03/2026 09:05 (giờ Việt Nam)']),
    );

    expect(strings).toContain('Ngày 07 tháng 3 năm 2026');
    expect(strings).toContain('NGƯỜI NỘP TIỀN');
    expect(strings).toContain('NGƯỜI THU TIỀN');
    expect(strings).toContain('Mã nhân viên: hoant.bchn01');
    expect(strings.filter((s) => s === '(Ký, ghi rõ họ tên)')).toHaveLength(2);
    expect(strings).toContain('Trang 1/1');
    expect(joined).not.toContain('HỦY');

    expect(bytes.byteLength).toBeLessThan(80 * 1024);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('Biên lai HNTP26 số 0000042');
  });

  it('prints VietQR payments and seven-digit numbers', async () => {
    const [page] = await readPages(
      await renderReceipt(sampleReceipt({ method: 'vietqr', number: 1_234_567, series: 'DNLP26' })),
    );
    expect(page!.strings).toContain('Số: 1234567');
    expect(page!.strings).toContain('Ký hiệu: DNLP26');
    expect(sameLine(page!.items, 'Hình thức thanh toán:')).toContain('Chuyển khoản VietQR');
  });

  it('marks a voided receipt ĐÃ HỦY, with when, why and by whom', async () => {
    const bytes = await renderReceipt(sampleReceipt(VOIDED));
    const pages = await readPages(bytes);
    expect(pages).toHaveLength(1);
    const { items, strings } = pages[0]!;
    // The boxed notice under the title, and the large stamp across the page.
    const marks = items.filter((item) => item.str === VOIDED_MARK);
    expect(VOIDED_MARK).toBe('ĐÃ HỦY');
    expect(marks.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...marks.map((mark) => mark.size))).toBeGreaterThan(40);
    expect(strings).toContain('Hủy lúc: 08/03/2026 16:30 (giờ Việt Nam)');
    expect(strings).toContain('Lý do: Thu nhầm lệ phí, hoàn trả người nộp');
    expect(strings).toContain('Người hủy: ketoan.bchn01');
    // The notice is between the title and the body.
    const title = items.find((item) => item.str === RECEIPT_TITLE)!;
    const notice = items.find((item) => item.str.startsWith('Hủy lúc:'))!;
    const agency = items.find((item) => item.str === 'Đơn vị thu:')!;
    expect(notice.y).toBeLessThan(title.y);
    expect(notice.y).toBeGreaterThan(agency.y);
    // Everything else is still there.
    expect(strings).toContain('Số: 0000042');
    expect(sameLine(items, 'Tổng cộng')).toContain('135.000 đ');

    const issued = await renderReceipt(sampleReceipt());
    expect(Buffer.from(bytes).equals(Buffer.from(issued))).toBe(false);
  });

  it('keeps long Vietnamese names inside the page, wrapped or cut, and normalises them', async () => {
    const agency =
      'Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành chính Uỷ ban nhân dân phường Bến Thành, Thành phố Hồ Chí Minh';
    const payer = 'Tôn Nữ Thị Huyền Trang Công Tằng Tôn Nữ Diệu Huyền Nguyễn Phước Bửu Ngọc Hoàng Quý Khương';
    const bytes = await renderReceipt(
      sampleReceipt({
        ...VOIDED,
        agencyName: agency,
        payerName: payer.normalize('NFD'),
        voidReason: 'Người nộp yêu cầu hủy vì đã nộp trực tiếp tại Bộ phận Một cửa; '.repeat(8),
        lines: Array.from({ length: 12 }, (_, i) => ({
          code: `LP-${String(i + 1).padStart(3, '0')}-CAP-GIAY-CHUNG-NHAN-QUYEN-SU-DUNG-DAT`,
          name: 'Lệ phí cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất '.repeat(
            2,
          ),
          amount: 1_000_000 + i,
        })),
        amount: 12 * 1_000_000 + 66,
        amountInWords:
          'mười hai triệu không trăm sáu mươi sáu đồng chẵn, bằng chữ theo quy định của Bộ Tài chính về biên lai điện tử',
      }),
    );
    const pages = await readPages(bytes);
    const strings = pages.flatMap((page) => page.strings);
    // Names are composed (NFC) and whole where they fit, cut with an ellipsis where they do not.
    expect(pages[0]!.joined).toContain(payer);
    expect(pages[0]!.joined).toContain(agency);
    expect(strings.some((s) => s.endsWith(ELLIPSIS))).toBe(true);
    expect(strings).toContain('12.000.066 đ');
    expect(strings.filter((s) => s === VOIDED_MARK).length).toBeGreaterThanOrEqual(pages.length + 1);
    for (const page of pages) {
      for (const item of page.items) {
        if (item.str === VOIDED_MARK) continue; // the slanted stamp
        expect(item.x, item.str).toBeGreaterThanOrEqual(40);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(A4_WIDTH - 40);
        expect(item.y, item.str).toBeGreaterThanOrEqual(30);
        expect(item.y + item.size, item.str).toBeLessThanOrEqual(A4_HEIGHT - 40);
      }
    }
  });

  it('gives the same bytes for the same input', async () => {
    const [first, second] = [await renderReceipt(sampleReceipt()), await renderReceipt(sampleReceipt())];
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('refuses a receipt it cannot print as it stands', async () => {
    await expect(renderReceipt(sampleReceipt({ number: 0 }))).rejects.toThrow(/number/);
    await expect(renderReceipt(sampleReceipt({ number: 10_000_000 }))).rejects.toThrow(/number/);
    await expect(renderReceipt(sampleReceipt({ amount: 135_001 }))).rejects.toThrow(/sum of the lines/);
    await expect(renderReceipt(sampleReceipt({ issuedAt: 'hôm nay' }))).rejects.toThrow(/issuedAt/);
    await expect(renderReceipt(sampleReceipt({ ...VOIDED, voidedAt: null }))).rejects.toThrow(/voidedAt/);
    await expect(
      renderReceipt(
        sampleReceipt({
          lines: Array.from({ length: 101 }, () => ({ code: 'X', name: 'Phí', amount: 1 })),
          amount: 101,
        }),
      ),
    ).rejects.toThrow(/at most 100/);
  });
});

describe('the e-receipt fields (Decree 123/2020, Circular 78/2021)', () => {
  it('prints the form symbol, the series, the tax code, the lookup code and where to look it up', async () => {
    const pages = await readPages(await renderReceipt(sampleReceipt()));
    const { items, strings, joined } = pages[0]!;
    expect(strings).toContain('Mẫu số: 01BLP0-001');
    expect(strings).toContain('Ký hiệu: HNTP26');
    expect(strings).toContain('Mã số thuế: 0109876543-001');
    expect(sameLine(items, 'Mã tra cứu:')).toContain('K7QX2M9RTB');
    expect(joined).toContain('Địa chỉ tra cứu: https://tracuu.bcci-bridge.vn/bien-lai');
    expect(joined).toContain('tại https://tracuu.bcci-bridge.vn/bien-lai bằng mã tra cứu K7QX2M9RTB');
  });

  it('says so when the agency has no tax code in the reference data', async () => {
    const pages = await readPages(await renderReceipt(sampleReceipt({ agencyTaxCode: null })));
    expect(pages[0]!.strings).toContain('Mã số thuế: chưa đăng ký');
  });

  it('issues each receipt with the agency’s form symbol and tax code, and a lookup code of its own', () => {
    const request = feesReceiptRequest({
      item: {
        itemCode: 'RH123456785VN',
        agencyCode: '000.00.06.H56',
        direction: 'inbound',
        dossierCode: null,
        consignmentRef: 'PG01JD4Q7ZK2M9',
      },
      fact: { factId: 'f-1', postOfficeCode: 'BC-HN-01', occurredAt: '2026-03-07T02:05:00Z', staffId: 'nv' },
      method: 'cash',
      fees: 50_000,
      dossier: {
        agency: { code: '000.00.06.H56', name: 'UBND' },
        applicant: { fullName: 'Nguyễn Văn An' } as never,
        fees: [{ code: 'LP', name: 'Lệ phí', amount: 50_000, collectAt: 'pickup' }],
      },
      agency: { name: 'UBND phường Ba Đình', taxCode: '0109876543' },
    });
    expect(request).toMatchObject({ formSymbol: DEFAULT_RECEIPT_FORM_SYMBOL, agencyTaxCode: '0109876543' });
    const first = receiptOf(request, 1);
    expect(first.lookupCode).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    expect(receiptOf(request, 1).lookupCode).toBe(first.lookupCode);
    expect(receiptOf(request, 2).lookupCode).not.toBe(first.lookupCode);
    expect(receiptOf({ ...request, sourceId: 'other' }, 1).lookupCode).not.toBe(first.lookupCode);
    const own = feesReceiptRequest({
      item: {
        itemCode: 'RH123456785VN',
        agencyCode: 'A',
        direction: 'outbound',
        dossierCode: 'D',
        consignmentRef: 'P',
      },
      fact: { factId: 'f-2', postOfficeCode: 'BC-HN-01', occurredAt: '2026-03-07T02:05:00Z', staffId: 'nv' },
      method: 'vietqr',
      fees: 0,
      dossier: { agency: { code: 'A', name: 'A' }, applicant: { fullName: 'B' } as never, fees: [] },
      agency: null,
    });
    expect(own).toMatchObject({ formSymbol: '01BLP0-001', agencyTaxCode: null });
  });
});
