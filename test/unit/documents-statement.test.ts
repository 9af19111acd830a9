import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';
import readXlsxFile from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import {
  DISCREPANCY_KIND_TEXT,
  DISCREPANCY_KINDS,
  STATEMENT_EXPORT_MAX_ROWS,
  STATEMENT_PDF_MAX_DISCREPANCIES,
} from '../../functions/documents/finance-text.ts';
import { A4_HEIGHT, A4_WIDTH } from '../../functions/documents/page-flow.ts';
import { ELLIPSIS } from '../../functions/documents/pdf.ts';
import {
  renderStatementCsv,
  STATEMENT_CSV_COLUMNS,
  STATEMENT_CSV_HEADERS,
} from '../../functions/documents/statement-csv.ts';
import { renderStatementPdf } from '../../functions/documents/statement-pdf.ts';
import { renderStatementXlsx, STATEMENT_SHEETS } from '../../functions/documents/statement-xlsx.ts';
import type {
  CashHandin,
  Discrepancy,
  DiscrepancyKind,
  MonthlyStatement,
  Remittance,
  StatementItemLine,
} from '../../functions/domain/money/model.ts';
import { readPages, sameLine } from '../support/pdf-reading.ts';

/** Causes that CSV must quote: a comma, double quotes, a line break. */
const TRICKY_CAUSES = [
  'Collected 50,000 VND less than due; ask staff member "hoant" to collect the rest',
  'Bank line "FT26071" carried the item code,\nbut no collection was recorded',
  'Cash counted short by 50,000; see hand-in note\r\n"quầy 2"',
];

function discrepancy(i: number): Discrepancy {
  const kind = DISCREPANCY_KINDS[i % DISCREPANCY_KINDS.length]!;
  const expected = 35_000 + (i % 7) * 10_000;
  const actual = expected - 5_000 * ((i % 5) - 2);
  const subjects: Partial<Record<DiscrepancyKind, string>> = {
    'cash-short': `staff:nv${i}`,
    'cash-over': `staff:nv${i}`,
    'remittance-late': `CT202603-${String(i).padStart(4, '0')}`,
    'remittance-not-confirmed': `CT202603-${String(i).padStart(4, '0')}`,
    'remittance-bank-mismatch': `CT202603-${String(i).padStart(4, '0')}`,
    'fees-not-remitted': '000.00.06.H56',
  };
  return {
    kind,
    subject: subjects[kind] ?? `RH${String(10_000_000 + i).slice(0, 8)}5VN`,
    expected,
    actual,
    difference: actual - expected,
    cause: i < TRICKY_CAUSES.length ? TRICKY_CAUSES[i]! : `The ${kind} case number ${i + 1} needs a look.`,
    at: i % 9 === 8 ? null : `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T16:45:00Z`,
  };
}

const REMITTANCES: Remittance[] = [
  {
    reference: 'CT202603-0001',
    agencyCode: '000.00.06.H56',
    postOfficeCode: 'BC-HN-01',
    periodStart: '2026-03-01',
    periodEnd: '2026-03-15',
    feesCollected: 7_350_000,
    amount: 7_200_000,
    createdAt: '2026-03-16T03:00:00Z',
    dueBy: '2026-03-18T10:00:00Z',
    createdBy: 'ketoan.bchn01',
    bankConfirmed: 7_200_000,
    bankConfirmedAt: '2026-03-16T09:12:00Z',
  },
  {
    reference: 'CT202603-0002',
    agencyCode: '000.00.06.H56',
    postOfficeCode: 'BC-HN-01',
    periodStart: '2026-03-16',
    periodEnd: '2026-03-31',
    feesCollected: 8_100_000,
    amount: 8_000_000,
    createdAt: '2026-04-01T02:00:00Z',
    dueBy: '2026-04-03T10:00:00Z',
    createdBy: 'ketoan.bchn01',
    bankConfirmed: 7_950_000,
    bankConfirmedAt: null,
  },
];

const HANDINS: CashHandin[] = [
  {
    handinId: 'NT20260305-01',
    staffId: 'hoant.bchn01',
    postOfficeCode: 'BC-HN-01',
    countedBy: 'truongbc.bchn01',
    at: '2026-03-05T10:30:00Z',
    expected: 1_250_000,
    counted: 1_200_000,
    variance: -50_000,
  },
  {
    handinId: 'NT20260306-01',
    staffId: 'lamdv.bchn01',
    postOfficeCode: 'BC-HN-01',
    countedBy: 'truongbc.bchn01',
    at: '2026-03-06T10:45:00Z',
    expected: 900_000,
    counted: 900_000,
    variance: 0,
  },
];

function sampleStatement(overrides: Partial<MonthlyStatement> = {}): MonthlyStatement {
  return {
    agencyCode: '000.00.06.H56',
    agencyName: 'Bộ phận Tiếp nhận và Trả kết quả UBND phường Cửa Nam, thành phố Hà Nội',
    postOfficeCode: 'BC-HN-01',
    period: '2026-03',
    generatedAt: '2026-04-01T01:30:00Z',
    dossiers: {
      delivered: 120,
      accepted: 95,
      registered: 4,
      'in-pickup': 2,
      'handed-over': 9,
      refused: 1,
      'result-ready': 6,
      'returned-to-agency': 3,
      cancelled: 2,
    },
    items: { 'handed-over': 121, delivered: 130, 'returned-to-agency': 3 },
    resends: 2,
    amounts: {
      expected: 24_680_000,
      feesExpected: 15_450_000,
      collected: 24_345_000,
      collectedCash: 12_345_000,
      collectedVietqr: 12_000_000,
      feesCollected: 15_450_000,
      resendPostageCitizen: 0,
      resendPostagePost: 31_000,
      resendPostageAgency: 26_000,
      voided: 135_000,
      remitted: 15_200_000,
      bankConfirmed: 26_950_000,
      bankConfirmedVietqr: 11_800_000,
      bankConfirmedRemittances: 15_150_000,
    },
    onTimeRate: 0.9375,
    remittances: REMITTANCES,
    cashHandins: HANDINS,
    discrepancies: Array.from({ length: 140 }, (_, i) => discrepancy(i)),
    ...overrides,
  };
}

type Pages = Awaited<ReturnType<typeof readPages>>;

/** The strings on the line of the first item reading `str`, on its page. */
function lineOf(pages: Pages, str: string): string[] {
  const page = pages.find((p) => p.strings.includes(str));
  expect(page, str).toBeDefined();
  return sameLine(page!.items, str);
}

/** The CSV's records by column key, the Vietnamese header row read back to the keys. */
function readCsv(text: string) {
  const keyOf = new Map(STATEMENT_CSV_COLUMNS.map((key) => [STATEMENT_CSV_HEADERS[key], key]));
  return parse(text, {
    bom: true,
    record_delimiter: '\r\n',
    columns: (header: string[]) =>
      header.map((name) => {
        const key = keyOf.get(name);
        if (key === undefined) throw new Error(`Unknown CSV header ${name}`);
        return key;
      }),
  }) as Record<(typeof STATEMENT_CSV_COLUMNS)[number], string>[];
}

describe('renderStatementPdf', () => {
  it('writes the statement in Vietnamese over several numbered pages', async () => {
    const statement = sampleStatement();
    const bytes = await renderStatementPdf(statement);
    const pages = await readPages(bytes);
    const total = pages.length;
    expect(total).toBeGreaterThanOrEqual(4);

    const first = pages[0]!;
    expect(first.strings).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(first.strings).toContain('BƯU CỤC BC-HN-01');
    expect(first.strings).toContain('Số: DS202603-000.00.06.H56');
    expect(first.strings).toContain('Ngày 01 tháng 4 năm 2026');
    expect(first.strings).toContain('BẢNG ĐỐI SOÁT THÁNG 03/2026');
    expect(first.joined).toContain(
      'Bộ phận Tiếp nhận và Trả kết quả UBND phường Cửa Nam, thành phố Hà Nội (mã 000.00.06.H56)',
    );
    expect(first.joined).toContain('Kỳ đối soát: từ 01/03/2026 đến 31/03/2026');

    // Dossiers by status and items by outcome, in the order of a dossier's life; the on-time rate.
    expect(first.joined).toContain('I. HỒ SƠ, BƯU GỬI');
    expect(first.joined).toContain(
      'Trạng thái hồ sơ Số hồ sơ Đã đăng ký 4 Đang thu gom 2 Đã chuyển đến cơ quan giải quyết 9 Cơ quan đã tiếp nhận 95 Cơ quan từ chối tiếp nhận 1 Đã có kết quả 6 Đã phát kết quả cho người nhận 120 Chuyển hoàn về cơ quan 3 Đã hủy 2 Tổng cộng 242',
    );
    expect(first.joined).toContain(
      'Bưu gửi kết thúc hành trình Số bưu gửi Đã chuyển đến cơ quan giải quyết 121 Đã phát kết quả cho người nhận 130 Chuyển hoàn về cơ quan 3 Tổng cộng 254',
    );
    expect(sameLine(first.items, 'Tỷ lệ bưu gửi đến đúng hạn:')).toContain('93,75%');

    // Amounts.
    expect(lineOf(pages, 'Tổng số phải thu')).toContain('24.680.000 đ');
    expect(lineOf(pages, 'Đã thu bằng tiền mặt')).toContain('12.345.000 đ');
    expect(lineOf(pages, 'Đã thu bằng chuyển khoản VietQR')).toContain('12.000.000 đ');
    expect(lineOf(pages, 'Hoàn trả do hủy biên lai')).toContain('135.000 đ');
    expect(lineOf(pages, 'Đã chuyển cho cơ quan')).toContain('15.200.000 đ');
    expect(lineOf(pages, 'Ngân hàng đã xác nhận')).toContain('26.950.000 đ');

    // Remittances and cash hand-ins, with their totals.
    const joined = pages.map((page) => page.joined).join(' ');
    expect(joined).toContain('III. CHUYỂN TIỀN CHO CƠ QUAN');
    expect(lineOf(pages, 'CT202603-0002')).toEqual(
      expect.arrayContaining(['8.100.000 đ', '8.000.000 đ', '7.950.000 đ']),
    );
    expect(joined).toContain('8.000.000 đ 03/04/2026 17:00 7.950.000 đ'); // the due time, on two lines
    expect(lineOf(pages, 'Tổng cộng (2 lần)')).toEqual(
      expect.arrayContaining(['15.450.000 đ', '15.200.000 đ', '15.150.000 đ']),
    );
    expect(joined).toContain('IV. NỘP TIỀN MẶT TẠI BƯU CỤC');
    expect(lineOf(pages, 'hoant.bchn01')).toEqual(
      expect.arrayContaining([
        '05/03/2026 17:30',
        '1.250.000 đ',
        '1.200.000 đ',
        '-50.000 đ',
        'truongbc.bchn01',
      ]),
    );

    // Discrepancies: by kind (every kind occurs), then one by one.
    expect(joined).toContain('V. CHÊNH LỆCH');
    for (const kind of DISCREPANCY_KINDS) {
      expect(lineOf(pages, DISCREPANCY_KIND_TEXT[kind])).toContain('10');
    }
    expect(lineOf(pages, 'Tổng số chênh lệch')).toContain('140');
    expect(joined).toContain('Collected 50,000 VND less than due; ask staff member "hoant" to');

    const numbers: number[] = [];
    pages.forEach((page, i) => {
      expect(page.view[2]).toBeCloseTo(A4_WIDTH, 2);
      expect(page.view[3]).toBeCloseTo(A4_HEIGHT, 2);
      expect(page.strings, `page ${i + 1}`).toContain(`Trang ${i + 1}/${total}`);
      if (i > 0) expect(page.strings).toContain('BẢNG ĐỐI SOÁT THÁNG 03/2026 (tiếp theo)');
      for (const item of page.items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(40);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(A4_WIDTH - 40);
        expect(item.y, item.str).toBeGreaterThanOrEqual(30);
        expect(item.y + item.size, item.str).toBeLessThanOrEqual(A4_HEIGHT - 40);
      }
      // Row numbers of the detailed list: the STT column beside the "Nguyên nhân" header.
      const cause = page.items.find((item) => item.str === 'Nguyên nhân');
      if (cause === undefined) return;
      const stt = page.items.find((item) => item.str === 'STT' && Math.abs(item.y - cause.y) < 4)!;
      for (const item of page.items) {
        const centred = Math.abs(item.x + item.width / 2 - (stt.x + stt.width / 2)) < 3;
        if (item.y < stt.y && centred && /^\d+$/.test(item.str)) numbers.push(Number(item.str));
      }
    });
    expect(numbers).toEqual(Array.from({ length: 140 }, (_, i) => i + 1));

    const last = pages.at(-1)!;
    for (const heading of ['NGƯỜI LẬP', 'KẾ TOÁN TRƯỞNG', 'ĐẠI DIỆN CƠ QUAN']) {
      expect(last.strings).toContain(heading);
    }
    expect(last.strings.filter((s) => s === '(Ký, ghi rõ họ tên)')).toHaveLength(3);
    expect(pages.slice(0, -1).every((page) => !page.strings.includes('KẾ TOÁN TRƯỞNG'))).toBe(true);

    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('Bảng đối soát 2026-03 000.00.06.H56');
  });

  it('says when there is nothing to list', async () => {
    const bytes = await renderStatementPdf(
      sampleStatement({
        dossiers: {},
        items: {},
        onTimeRate: null,
        remittances: [],
        cashHandins: [],
        discrepancies: [],
      }),
    );
    const joined = (await readPages(bytes)).map((page) => page.joined).join(' ');
    expect(joined).toContain('Chưa có bưu gửi đến nơi trong tháng');
    expect(joined).toContain('Không có lần chuyển tiền nào trong tháng.');
    expect(joined).toContain('Không có lần nộp tiền mặt nào trong tháng.');
    expect(joined).toContain('Không có chênh lệch.');
    expect(joined).toContain('ĐẠI DIỆN CƠ QUAN');
  });

  it('lists at most 2,000 discrepancies and says how many more the CSV and XLSX have', async () => {
    const many = Array.from({ length: STATEMENT_PDF_MAX_DISCREPANCIES + 150 }, (_, i) => discrepancy(i));
    const bytes = await renderStatementPdf(sampleStatement({ discrepancies: many }));
    const pages = await readPages(bytes);
    const joined = pages.map((page) => page.joined).join(' ');
    expect(joined).toContain(
      'Danh sách trên gồm 2.000 trường hợp đầu tiên trong tổng số 2.150; 150 trường hợp còn lại có trong các tệp CSV, XLSX của bảng đối soát.',
    );
    // The by-kind table counts all of them.
    expect(lineOf(pages, 'Tổng số chênh lệch')).toContain('2.150');
    const strings = pages.flatMap((page) => page.strings);
    expect(strings).toContain('RH100019885VN'); // the 1,989th
    expect(strings).not.toContain('RH100020025VN'); // the 2,003rd
    expect(pages.at(-1)!.strings).toContain('ĐẠI DIỆN CƠ QUAN');
  }, 60_000);

  it('keeps large amounts and long names inside the page', async () => {
    const billions = { ...REMITTANCES[0]!, feesCollected: 1_234_567_890, amount: 1_234_417_890 };
    const bytes = await renderStatementPdf(
      sampleStatement({
        agencyName:
          'Bộ phận Tiếp nhận và Trả kết quả giải quyết thủ tục hành chính Uỷ ban nhân dân phường Bến Thành, Thành phố Hồ Chí Minh '.repeat(
            2,
          ),
        remittances: [billions, { ...billions, reference: 'CT202603-0002' }],
        cashHandins: [{ ...HANDINS[0]!, staffId: 'nhanvien.buucuc.giaodich.benthanh.hcm.0001' }],
        discrepancies: [
          { ...discrepancy(10), expected: 2_000_000_000, actual: 0, difference: -2_000_000_000 },
          { ...discrepancy(11), cause: 'The remittance reached the agency three days late. '.repeat(6) },
        ],
      }),
    );
    const pages = await readPages(bytes);
    const joined = pages.map((page) => page.joined).join(' ');
    // Ten digits stay whole; the "đ" may go under them.
    expect(joined).toMatch(/1\.234\.567\.890 đ/);
    expect(joined).toMatch(/2\.469\.135\.780 đ/); // the remittances' total
    expect(joined).toMatch(/-2\.000\.000\.000 đ/);
    for (const page of pages) {
      for (const item of page.items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(40);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(A4_WIDTH - 40);
      }
    }
  });

  it('counts the discrepancies the statement did not list', async () => {
    const statement = sampleStatement({
      discrepancies: Array.from({ length: 30 }, (_, i) => discrepancy(i)),
      discrepanciesOmitted: 12,
    });
    const pages = await readPages(await renderStatementPdf(statement));
    const joined = pages.map((page) => page.joined).join(' ');
    expect(lineOf(pages, 'Không liệt kê, không phân loại (vượt giới hạn)')).toContain('12');
    expect(lineOf(pages, 'Tổng số chênh lệch')).toContain('42');
    expect(joined).toContain(
      'Danh sách trên gồm 30 trường hợp đầu tiên trong tổng số 42; 12 trường hợp còn lại chỉ được đếm, không được liệt kê.',
    );

    const records = readCsv(renderStatementCsv(statement));
    const value = (name: string) => records.find((r) => r.name === name)?.value;
    expect([value('discrepancies.count'), value('discrepancies.listed')]).toEqual(['42', '30']);
    expect(value('discrepancies.unclassified')).toBe('12');
    // The postage of results sent again, by the party at fault.
    expect(value('amounts.resendPostagePost')).toBe('31000');
    expect(value('amounts.resendPostageAgency')).toBe('26000');
    expect(joined).toContain('Cước gửi lại do cơ quan chịu, cơ quan phải trả bưu chính');
  });

  it('gives the same bytes for the same input', async () => {
    const statement = sampleStatement({ discrepancies: [discrepancy(0)] });
    const [first, second] = [await renderStatementPdf(statement), await renderStatementPdf(statement)];
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });
});

describe('renderStatementXlsx', () => {
  /** Vietnam's wall-clock time, to the minute, as the spreadsheet shows it. */
  const wallClock = (value: unknown) => {
    expect(value).toBeInstanceOf(Date);
    return new Date(Math.round((value as Date).getTime() / 60_000) * 60_000).toISOString().slice(0, 16);
  };

  it('writes four sheets: the summary, the discrepancies, the remittances and the hand-ins', async () => {
    const statement = sampleStatement();
    const sheets = await readXlsxFile(await renderStatementXlsx(statement));
    expect(sheets.map((sheet) => sheet.sheet)).toEqual([
      'Tổng hợp',
      'Chênh lệch',
      'Chuyển tiền',
      'Nộp tiền',
      'Từng bưu gửi',
    ]);
    expect(Object.values(STATEMENT_SHEETS)).toEqual(sheets.map((sheet) => sheet.sheet));
    const [summary, discrepancies, remittances, handins] = sheets.map((sheet) => sheet.data);

    // The summary: label, value, name.
    expect(summary![0]![0]).toBe('BẢNG ĐỐI SOÁT THÁNG 03/2026');
    expect(summary![1]).toEqual(['Chỉ tiêu', 'Giá trị', 'Mã chỉ tiêu']);
    const value = (name: string) => {
      const row = summary!.find((r) => r[2] === name);
      expect(row, name).toBeDefined();
      return row![1];
    };
    expect(value('agency.name')).toBe(statement.agencyName);
    expect(value('period')).toBe('03/2026');
    expect(wallClock(value('generatedAt'))).toBe('2026-04-01T08:30');
    expect(value('dossiers.delivered')).toBe(120);
    expect(value('dossiers.accepted')).toBe(95);
    expect(value('items.handed-over')).toBe(121);
    expect(summary!.find((r) => r[2] === 'dossiers.accepted')![0]).toBe('Hồ sơ: Cơ quan đã tiếp nhận');
    expect(value('onTimeRate')).toBe(0.9375);
    expect(value('amounts.collectedCash')).toBe(12_345_000);
    expect(value('amounts.collectedVietqr')).toBe(12_000_000);
    expect(value('amounts.voided')).toBe(135_000);
    expect(value('amounts.bankConfirmed')).toBe(26_950_000);
    expect(value('remittances.amount')).toBe(15_200_000);
    expect(value('cashHandins.variance')).toBe(-50_000);
    expect(value('discrepancies.count')).toBe(140);
    expect(value('discrepancies.listed')).toBe(140);
    for (const kind of DISCREPANCY_KINDS) expect(value(`discrepancies.${kind}`)).toBe(10);
    expect(value('discrepancies.unclassified')).toBe(0);
    expect(summary!.find((r) => r[2] === 'amounts.collectedCash')![0]).toBe('Đã thu bằng tiền mặt');

    // One discrepancy a row, numbers as numbers, the cause whole.
    expect(discrepancies![0]).toEqual([
      'STT',
      'Loại chênh lệch',
      'Mã loại',
      'Đối tượng',
      'Phải có',
      'Thực tế',
      'Chênh lệch',
      'Nguyên nhân',
      'Thời điểm',
    ]);
    expect(discrepancies).toHaveLength(141);
    statement.discrepancies.forEach((d, i) => {
      const row = discrepancies![i + 1]!;
      expect(row.slice(0, 8)).toEqual([
        i + 1,
        DISCREPANCY_KIND_TEXT[d.kind],
        d.kind,
        d.subject,
        d.expected,
        d.actual,
        d.difference,
        d.cause,
      ]);
      if (d.at === null) expect(row[8]).toBeNull();
    });
    expect(discrepancies![2]![7]).toBe(TRICKY_CAUSES[1]);
    expect(wallClock(discrepancies![1]![8])).toBe('2026-03-01T23:45');

    expect(remittances![0]).toContain('Số tham chiếu');
    expect(remittances).toHaveLength(3);
    const second = remittances![2]!;
    expect(second.slice(0, 3)).toEqual([2, 'CT202603-0002', 'BC-HN-01']);
    expect(wallClock(second[3])).toBe('2026-03-16T00:00');
    expect(second.slice(5, 7)).toEqual([8_100_000, 8_000_000]);
    expect(wallClock(second[8])).toBe('2026-04-03T17:00');
    expect(second.slice(9, 13)).toEqual(['ketoan.bchn01', 7_950_000, null, -50_000]);

    expect(handins).toHaveLength(3);
    const short = handins![1]!;
    expect(short.slice(0, 5)).toEqual([1, 'NT20260305-01', 'hoant.bchn01', 'BC-HN-01', 'truongbc.bchn01']);
    expect(wallClock(short[5])).toBe('2026-03-05T17:30');
    expect(short.slice(6)).toEqual([1_250_000, 1_200_000, -50_000]);
  });

  it('writes the header rows of empty lists, and an empty on-time rate', async () => {
    const sheets = await readXlsxFile(
      await renderStatementXlsx(
        sampleStatement({ onTimeRate: null, remittances: [], cashHandins: [], discrepancies: [] }),
      ),
    );
    expect(sheets.map((sheet) => sheet.data.length)).toEqual([expect.any(Number), 1, 1, 1, 1]);
    const rate = sheets[0]!.data.find((row) => row[2] === 'onTimeRate')!;
    expect(rate[1]).toBeNull();
  });
});

describe('renderStatementCsv', () => {
  const read = readCsv;

  it('writes one RFC 4180 table, with a BOM: the summary, then the discrepancies', () => {
    const statement = sampleStatement();
    const text = renderStatementCsv(statement);
    expect(
      text.startsWith(
        '\uFEFFPhần,Mã chỉ tiêu,Giá trị,Loại,Đối tượng,Phải có,Thực tế,Chênh lệch,Nguyên nhân,Thời điểm,Phí lệ phí phải thu,Thu tiền mặt,Thu VietQR,Ngân hàng xác nhận,Hoàn do hủy biên lai,Đúng hạn\r\n',
      ),
    ).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // Line breaks outside quotes are CRLF.
    expect(text.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/)).toBeNull();

    const records = read(text);
    const summary = records.filter((r) => r.section === 'summary');
    const value = (name: string) => summary.find((r) => r.name === name)?.value;
    expect(value('agency.code')).toBe('000.00.06.H56');
    expect(value('agency.name')).toBe(
      'Bộ phận Tiếp nhận và Trả kết quả UBND phường Cửa Nam, thành phố Hà Nội',
    );
    expect(value('period')).toBe('2026-03');
    expect(value('generatedAt')).toBe('2026-04-01T01:30:00Z');
    expect(value('dossiers.delivered')).toBe('120');
    expect(value('onTimeRate')).toBe('0.9375');
    expect(value('amounts.collected')).toBe('24345000');
    expect(value('cashHandins.variance')).toBe('-50000');
    expect(value('discrepancies.count')).toBe('140');
    for (const kind of DISCREPANCY_KINDS) expect(value(`discrepancies.${kind}`)).toBe('10');
    expect(summary.every((r) => r.kind === '' && r.cause === '')).toBe(true);

    const rows = records.filter((r) => r.section === 'discrepancy');
    expect(rows).toHaveLength(140);
    expect(records.indexOf(rows[0]!)).toBe(summary.length); // summary first
    rows.forEach((row, i) => {
      const d = statement.discrepancies[i]!;
      expect(row).toEqual({
        section: 'discrepancy',
        name: '',
        value: '',
        kind: d.kind,
        subject: d.subject,
        expected: String(d.expected),
        actual: String(d.actual),
        difference: String(d.difference),
        cause: d.cause,
        at: d.at ?? '',
        feesDue: '',
        collectedCash: '',
        collectedVietqr: '',
        bankConfirmed: '',
        voided: '',
        onTime: '',
      });
    });
    // Commas, quotes and line breaks come back whole.
    expect(rows.slice(0, 3).map((row) => row.cause)).toEqual(TRICKY_CAUSES);
    expect(text).toContain(
      '"Collected 50,000 VND less than due; ask staff member ""hoant"" to collect the rest"',
    );
  });

  it('keeps text that a spreadsheet would run as a formula from running', () => {
    const text = renderStatementCsv(
      sampleStatement({
        agencyName: '=HYPERLINK("http://example.invalid")',
        discrepancies: [{ ...discrepancy(1), subject: '@SUM(A1)', cause: '+1 more', difference: -5 }],
      }),
    );
    const records = read(text);
    expect(records.find((r) => r.name === 'agency.name')!.value).toBe(
      '\'=HYPERLINK("http://example.invalid")',
    );
    const row = records.find((r) => r.section === 'discrepancy')!;
    expect([row.subject, row.cause, row.difference]).toEqual(["'@SUM(A1)", "'+1 more", '-5']);
  });

  it('lists at most 20,000 discrepancies, and says so in the summary', () => {
    const many = Array.from({ length: STATEMENT_EXPORT_MAX_ROWS + 5 }, (_, i) => discrepancy(i));
    const records = read(renderStatementCsv(sampleStatement({ discrepancies: many })));
    expect(records.filter((r) => r.section === 'discrepancy')).toHaveLength(20_000);
    expect(records.find((r) => r.name === 'discrepancies.count')!.value).toBe('20005');
    expect(records.find((r) => r.name === 'discrepancies.listed')!.value).toBe('20000');
  });

  it('refuses a statement with figures it cannot write', () => {
    expect(() => renderStatementCsv(sampleStatement({ period: '2026-13' }))).toThrow(/period/);
    expect(() =>
      renderStatementCsv(sampleStatement({ discrepancies: [{ ...discrepancy(0), expected: 1.5 }] })),
    ).toThrow(/discrepancies\[0\]\.expected/);
    expect(() =>
      renderStatementCsv(sampleStatement({ discrepancies: [{ ...discrepancy(0), at: 'hôm qua' }] })),
    ).toThrow(/discrepancies\[0\]\.at/);
    expect(() => renderStatementCsv(sampleStatement({ onTimeRate: 1.5 }))).toThrow(/onTimeRate/);
  });
});

describe('the statement item by item', () => {
  const ITEM_LINES: StatementItemLine[] = [
    {
      itemCode: 'RH123456785VN',
      dueVnd: 135_000,
      feesDueVnd: 100_000,
      collectedCashVnd: 135_000,
      collectedVietqrVnd: 0,
      bankConfirmedVnd: 0,
      voidedVnd: 0,
      outcome: 'handed-over',
      onTime: true,
      lastAt: '2026-03-05T03:00:00Z',
    },
    {
      itemCode: 'RK000000017VN',
      dueVnd: 65_000,
      feesDueVnd: 30_000,
      collectedCashVnd: 0,
      collectedVietqrVnd: 60_000,
      bankConfirmedVnd: 60_000,
      voidedVnd: 30_000,
      outcome: null,
      onTime: null,
      lastAt: '2026-03-20T09:15:00Z',
    },
  ];

  it('lists one CSV row per item after the discrepancies, under the Vietnamese headers', () => {
    const statement = sampleStatement({ itemLines: ITEM_LINES });
    const records = readCsv(renderStatementCsv(statement));
    const items = records.filter((r) => r.section === 'item');
    expect(items).toEqual([
      expect.objectContaining({
        kind: 'handed-over',
        subject: 'RH123456785VN',
        expected: '135000',
        actual: '135000',
        difference: '0',
        at: '2026-03-05T03:00:00Z',
        feesDue: '100000',
        collectedCash: '135000',
        collectedVietqr: '0',
        bankConfirmed: '0',
        voided: '0',
        onTime: '1',
        cause: '',
      }),
      expect.objectContaining({
        kind: '',
        subject: 'RK000000017VN',
        expected: '65000',
        actual: '60000',
        difference: '-5000',
        collectedVietqr: '60000',
        bankConfirmed: '60000',
        voided: '30000',
        onTime: '',
      }),
    ]);
    expect(records.indexOf(items[0]!)).toBe(records.length - 2); // after the summary and discrepancies
    expect(records.filter((r) => r.section === 'discrepancy')).toHaveLength(140);
  });

  it('gives the XLSX an item sheet, one item a row, with an auto-filter over its header and rows', async () => {
    const workbook = await renderStatementXlsx(sampleStatement({ itemLines: ITEM_LINES }));
    const sheets = await readXlsxFile(workbook);
    const items = sheets.find((sheet) => sheet.sheet === STATEMENT_SHEETS.items)!;
    expect(items.data[0]).toEqual([
      'STT',
      'Số hiệu bưu gửi',
      'Phải thu',
      'Trong đó: phí, lệ phí',
      'Thu tiền mặt',
      'Thu VietQR',
      'Chênh lệch (đã thu − phải thu)',
      'Ngân hàng xác nhận',
      'Hoàn do hủy biên lai',
      'Kết quả',
      'Đúng hạn',
      'Cập nhật lúc',
    ]);
    expect(items.data.slice(1).map((row) => row.slice(0, 11))).toEqual([
      [
        1,
        'RH123456785VN',
        135_000,
        100_000,
        135_000,
        0,
        0,
        0,
        0,
        'Đã chuyển đến cơ quan giải quyết',
        'Đúng hạn',
      ],
      [2, 'RK000000017VN', 65_000, 30_000, 0, 60_000, -5_000, 60_000, 30_000, 'Đang chuyển', null],
    ]);
    // The filter is on the item sheet only: the fifth sheet, header row to the last item, A to L.
    const files = unzipSync(new Uint8Array(workbook));
    const sheetXml = (n: number) => strFromU8(files[`xl/worksheets/sheet${n}.xml`]!);
    expect(sheetXml(5)).toContain('<autoFilter ref="A1:L3"/>');
    for (const n of [1, 2, 3, 4]) expect(sheetXml(n)).not.toContain('autoFilter');
  });

  it('filters the header row alone when no item moved', async () => {
    const files = unzipSync(new Uint8Array(await renderStatementXlsx(sampleStatement({ itemLines: [] }))));
    expect(strFromU8(files['xl/worksheets/sheet5.xml']!)).toContain('<autoFilter ref="A1:L1"/>');
  });
});

describe('the causes in the statement PDF', () => {
  it('prints a long Vietnamese cause whole, wrapped over as many lines as it needs', async () => {
    const cause = `Biên lai HNTP26/0000123 của bưu gửi RH123456785VN đã bị hủy (${'thu nhầm lệ phí của hồ sơ khác, '.repeat(8)}đã đối chiếu với sổ quỹ) và 135.000 ₫ được hoàn cho người nộp; kiểm tra việc hoàn tiền đã thực hiện.`;
    const pages = await readPages(
      await renderStatementPdf(sampleStatement({ discrepancies: [{ ...discrepancy(0), cause }] })),
    );
    const joined = pages.map((page) => page.joined).join(' ');
    expect(joined.replace(/\s+/g, ' ')).toContain(cause);
    const causeLines = pages.flatMap((page) => page.strings).filter((line) => cause.includes(line.trim()));
    expect(causeLines.length).toBeGreaterThan(8);
    expect(causeLines.some((line) => line.includes(ELLIPSIS))).toBe(false);
  });
});
