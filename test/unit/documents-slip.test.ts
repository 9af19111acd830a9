import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
  type ConsignmentSlipDocument,
  renderConsignmentSlip,
} from '../../functions/documents/consignment-slip.ts';
import { A4_HEIGHT, A4_WIDTH } from '../../functions/documents/page-flow.ts';
import { ELLIPSIS } from '../../functions/documents/pdf.ts';
import { communeText } from '../../functions/domain/communes.ts';
import { PROVINCE_NAMES, provinceText } from '../../functions/domain/provinces.ts';
import { readPages, sameLine, topLeftBarcode } from '../support/pdf-reading.ts';

const PROCEDURE =
  'Đăng ký khai sinh kết hợp đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi';

function sampleSlip(overrides: Partial<ConsignmentSlipDocument> = {}): ConsignmentSlipDocument {
  return {
    consignmentRef: 'PG01JD4Q7ZK2M9',
    dossierCode: '000.00.06.H56-240307-0042',
    procedure: { code: '1.001193', name: PROCEDURE },
    agency: { code: '000.00.06.H56', name: 'UBND phường Cửa Nam, thành phố Hà Nội' },
    applicant: {
      fullName: 'Nguyễn Thị Hoà',
      phone: '0912 345 678',
      idNumber: '001190012345',
      addressLine: 'Số 12 ngõ 34 phố Lê Duẩn, tổ dân phố số 5',
      communeCode: '00070',
      provinceCode: '01',
    },
    documents: [
      { name: 'Tờ khai đăng ký khai sinh', kind: 'original', count: 1 },
      { name: 'Giấy chứng sinh', kind: 'original', count: 1 },
      { name: 'Giấy chứng nhận kết hôn của cha, mẹ', kind: 'certified-copy', count: 1 },
      { name: 'Căn cước của người đi đăng ký', kind: 'copy', count: 2 },
    ],
    services: { pickup: true, return: true },
    fees: [
      { name: 'Cước chuyển phát hồ sơ', amount: 35000, collectAt: 'pickup' },
      { name: 'Lệ phí đăng ký khai sinh', amount: 100000, collectAt: 'pickup' },
      { name: 'Cước chuyển trả kết quả', amount: 35000, collectAt: 'delivery' },
    ],
    exemption: 'none',
    items: [
      { itemCode: 'RH123456785VN', direction: 'inbound' },
      { itemCode: 'RK000000017VN', direction: 'outbound' },
    ],
    postOffice: { code: 'BC-HN-01', name: 'Bưu cục Giao dịch Hoàn Kiếm' },
    registeredAt: '2024-03-07T02:05:00Z',
    printedAt: '2024-03-07T02:06:00Z',
    ...overrides,
  };
}

describe('renderConsignmentSlip', () => {
  it('writes the slip in Vietnamese that reads back exactly, on one A4 page', async () => {
    const bytes = await renderConsignmentSlip(sampleSlip());
    const pages = await readPages(bytes);
    expect(pages).toHaveLength(1);
    const { items, strings, joined, view } = pages[0]!;
    expect(view[2]).toBeCloseTo(595.28, 2);
    expect(view[3]).toBeCloseTo(841.89, 2);

    expect(strings).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(strings).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(strings).toContain('BƯU CỤC GIAO DỊCH HOÀN KIẾM');
    expect(strings).toContain('Số: PG01JD4Q7ZK2M9');
    expect(strings).toContain('Ngày 07 tháng 3 năm 2024');
    expect(strings).toContain('PHIẾU GỬI HỒ SƠ');

    expect(sameLine(items, 'Họ và tên:')).toContain('Nguyễn Thị Hoà');
    expect(sameLine(items, 'Điện thoại:')).toEqual(
      expect.arrayContaining(['0912 345 678', 'Số định danh cá nhân:', '001190012345']),
    );
    expect(joined).toContain(
      'Số 12 ngõ 34 phố Lê Duẩn, tổ dân phố số 5, mã xã/phường 00070, mã tỉnh/thành phố 01',
    );
    expect(joined).toContain(PROCEDURE);
    expect(sameLine(items, 'Mã hồ sơ:')).toContain('000.00.06.H56-240307-0042');
    expect(joined).toContain('UBND phường Cửa Nam, thành phố Hà Nội (mã 000.00.06.H56)');
    expect(joined).toContain('RH 123 456 785 VN (chuyển hồ sơ); RK 000 000 017 VN (trả kết quả)');

    // Documents: originals and copies.
    expect(sameLine(items, 'Tờ khai đăng ký khai sinh')).toEqual([
      '1',
      'Tờ khai đăng ký khai sinh',
      'Bản chính',
      '1',
    ]);
    expect(sameLine(items, 'Giấy chứng nhận kết hôn của cha, mẹ')).toContain('Bản sao chứng thực');
    expect(sameLine(items, 'Căn cước của người đi đăng ký')).toEqual([
      '4',
      'Căn cước của người đi đăng ký',
      'Bản sao',
      '2',
    ]);
    expect(sameLine(items, 'Tổng cộng: 4 loại giấy tờ')).toContain('5');

    // Services, fees and when they are collected.
    expect(strings).toContain('Chuyển phát hồ sơ');
    expect(strings).toContain('Nhận kết quả qua bưu chính');
    expect(sameLine(items, 'Lệ phí đăng ký khai sinh')).toEqual([
      '2',
      'Lệ phí đăng ký khai sinh',
      'Thu khi nhận hồ sơ',
      '100.000 đ',
    ]);
    expect(sameLine(items, 'Cước chuyển trả kết quả')).toContain('Thu khi phát kết quả');
    expect(sameLine(items, 'Tổng cộng')).toContain('170.000 đ');
    expect(sameLine(items, 'Thu khi nhận hồ sơ:')).toEqual(
      expect.arrayContaining(['135.000 đ', 'Thu khi phát kết quả:', '35.000 đ']),
    );
    expect(sameLine(items, 'Miễn, giảm:')).toContain('Không');
    expect(joined).toContain(
      'chuyển hồ sơ đến cơ quan giải quyết và chuyển trả kết quả giải quyết đến địa chỉ trên.',
    );

    // Signatures: the citizen's name under NGƯỜI GỬI, on the left.
    const sender = items.find((item) => item.str === 'NGƯỜI GỬI')!;
    const clerk = items.find((item) => item.str === 'NHÂN VIÊN BƯU CHÍNH')!;
    expect(sender.x + sender.width / 2).toBeLessThan(A4_WIDTH / 2);
    expect(clerk.x + clerk.width / 2).toBeGreaterThan(A4_WIDTH / 2);
    const name = items.filter((item) => item.str === 'Nguyễn Thị Hoà').at(-1)!;
    expect(name.y).toBeLessThan(sender.y - 50);
    expect(Math.abs(name.x + name.width / 2 - (sender.x + sender.width / 2))).toBeLessThan(1);
    expect(strings.filter((s) => s === '(Ký, ghi rõ họ tên)')).toHaveLength(2);
    expect(strings).toContain('Trang 1/1');
    expect(strings).toContain('Phiếu gửi số PG01JD4Q7ZK2M9 · In lúc 07/03/2024 09:06');

    expect(bytes.byteLength).toBeLessThan(80 * 1024);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('Phiếu gửi hồ sơ PG01JD4Q7ZK2M9');
  });

  it('prints what is not there yet, exemptions, and only the services asked for', async () => {
    const [page] = await readPages(
      await renderConsignmentSlip(
        sampleSlip({
          dossierCode: null,
          items: [],
          applicant: { ...sampleSlip().applicant, idNumber: undefined },
          services: { pickup: false, return: true },
          fees: [{ name: 'Cước chuyển trả kết quả', amount: 1234567, collectAt: 'delivery' }],
          exemption: 'half',
        }),
      ),
    );
    const { items, joined } = page!;
    expect(sameLine(items, 'Mã hồ sơ:')).toContain('Chưa cấp');
    expect(sameLine(items, 'Số hiệu bưu gửi:')).toContain('Chưa gán');
    expect(sameLine(items, 'Số định danh cá nhân:')).toContain('—');
    expect(sameLine(items, 'Thu khi nhận hồ sơ:')).toEqual(
      expect.arrayContaining(['0 đ', 'Thu khi phát kết quả:', '1.234.567 đ']),
    );
    expect(sameLine(items, 'Miễn, giảm:')).toContain('Giảm 50%');
    expect(joined).toContain('đồng ý để Bưu chính công ích chuyển trả kết quả giải quyết đến địa chỉ trên.');
    expect(joined).not.toContain('chuyển hồ sơ đến cơ quan giải quyết');

    const [free] = await readPages(await renderConsignmentSlip(sampleSlip({ fees: [], exemption: 'full' })));
    expect(free!.strings).toContain('Không có khoản thu.');
    expect(sameLine(free!.items, 'Miễn, giảm:')).toContain('Miễn 100%');
  });

  it('runs fifty long documents over numbered pages, the table header on each', async () => {
    const long =
      'Giấy xác nhận của Uỷ ban nhân dân cấp xã về tình trạng cư trú, hoàn cảnh gia đình và thu nhập bình quân đầu người '.repeat(
        3,
      );
    const documents = Array.from({ length: 50 }, (_, i) => ({
      name: i % 2 === 0 ? long : `Bản kê khai thành phần số ${i + 1} của hồ sơ đề nghị cấp giấy phép`,
      kind: (['original', 'certified-copy', 'copy'] as const)[i % 3]!,
      count: 1 + (i % 4),
    }));
    const bytes = await renderConsignmentSlip(
      sampleSlip({
        documents,
        applicant: {
          ...sampleSlip().applicant,
          fullName: 'Công ty Trách nhiệm Hữu hạn Thương mại và Dịch vụ Xuất nhập khẩu Đông Nam Á '.repeat(3),
          addressLine: 'Thôn Ea Kmát, xã Hoà Thắng, huyện Krông Búk, tỉnh Đắk Lắk; gần chợ '.repeat(6),
        },
        procedure: { code: '1.001193', name: PROCEDURE.repeat(4) },
      }),
    );
    expect(bytes.byteLength).toBeLessThan(150 * 1024);

    const pages = await readPages(bytes);
    const total = pages.length;
    expect(total).toBeGreaterThan(1);
    const numbers: number[] = [];
    pages.forEach((page, i) => {
      expect(page.view[2]).toBeCloseTo(A4_WIDTH, 2);
      expect(page.view[3]).toBeCloseTo(A4_HEIGHT, 2);
      expect(page.strings).toContain(`Trang ${i + 1}/${total}`);
      if (i > 0) expect(page.strings).toContain('PHIẾU GỬI HỒ SƠ (tiếp theo)');
      for (const item of page.items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(40);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(A4_WIDTH - 40);
        expect(item.y, item.str).toBeGreaterThanOrEqual(30);
        expect(item.y + item.size, item.str).toBeLessThanOrEqual(A4_HEIGHT - 40);
      }
      const header = page.items.find((item) => item.str === 'Tên giấy tờ');
      if (header === undefined) return;
      const stt = page.items.find((item) => item.str === 'STT' && Math.abs(item.y - header.y) < 4)!;
      for (const item of page.items) {
        if (item.y < stt.y && Math.abs(item.x + item.width / 2 - (stt.x + stt.width / 2)) < 3) {
          if (/^\d+$/.test(item.str)) numbers.push(Number(item.str));
        }
      }
    });
    // The documents' numbers, then the fees' (1–3) on the page where the fees are.
    expect(numbers.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const strings = pages.flatMap((page) => page.strings);
    expect(strings.filter((s) => s.endsWith(ELLIPSIS)).length).toBeGreaterThanOrEqual(25);
    expect(strings).toContain(`Tổng cộng: 50 loại giấy tờ`);
    const last = pages.at(-1)!;
    expect(last.strings).toContain('NGƯỜI GỬI');
    expect(last.strings).toContain('NHÂN VIÊN BƯU CHÍNH');
  });

  it('gives the same bytes for the same input', async () => {
    const [first, second] = [
      await renderConsignmentSlip(sampleSlip()),
      await renderConsignmentSlip(sampleSlip()),
    ];
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const other = await renderConsignmentSlip(sampleSlip({ exemption: 'full' }));
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it('refuses input it cannot print', async () => {
    await expect(renderConsignmentSlip(sampleSlip({ consignmentRef: 'PG ơ' }))).rejects.toThrow(
      /consignmentRef/,
    );
    await expect(renderConsignmentSlip(sampleSlip({ registeredAt: 'hôm nay' }))).rejects.toThrow(
      /registeredAt/,
    );
    await expect(
      renderConsignmentSlip(sampleSlip({ documents: [{ name: 'Tờ khai', kind: 'original', count: 0 }] })),
    ).rejects.toThrow(/count/);
    await expect(
      renderConsignmentSlip(
        sampleSlip({ fees: [{ name: 'Cước', amount: Number.NaN, collectAt: 'pickup' }] }),
      ),
    ).rejects.toThrow(/amount/);
  });

  it('prints a barcode of the consignment ref that reads back (poppler, ZXing)', async () => {
    expect(topLeftBarcode(await renderConsignmentSlip(sampleSlip()))).toBe('PG01JD4Q7ZK2M9');
  });
});

describe('the promised date, the commune and the province by name', () => {
  it('prints the day the agency promised the result, and the commune and province with their codes', async () => {
    const pages = await readPages(
      await renderConsignmentSlip(
        sampleSlip({
          promisedDate: '2024-03-21',
          applicant: {
            ...sampleSlip().applicant,
            provinceText: provinceText('01'),
            communeText: communeText('00070'),
          },
        }),
      ),
    );
    const { items, joined } = pages[0]!;
    expect(sameLine(items, 'Ngày hẹn trả kết quả:')).toContain('21/03/2024');
    expect(joined).toContain('Phường Hoàn Kiếm (mã 00070), Thành phố Hà Nội (mã 01)');
  });

  it('leaves the promised date out when there is none, and refuses one that is not a day', async () => {
    const pages = await readPages(await renderConsignmentSlip(sampleSlip()));
    expect(pages[0]!.joined).not.toContain('Ngày hẹn trả');
    await expect(renderConsignmentSlip(sampleSlip({ promisedDate: '21/03/2024' }))).rejects.toThrow(
      /promisedDate/,
    );
  });

  it('names every province in force by its code, and falls back to the code', () => {
    expect(Object.keys(PROVINCE_NAMES)).toHaveLength(34);
    expect(provinceText('79')).toBe('Thành phố Hồ Chí Minh (mã 79)');
    expect(provinceText('99')).toBe('mã tỉnh/thành phố 99');
  });
});
