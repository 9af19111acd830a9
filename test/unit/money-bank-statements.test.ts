/** Bank statement import: the banks' CSV layouts and JSON, every refusal with its line, what lines pay. */
import { describe, expect, it } from 'vitest';
import {
  type BankLine,
  BankStatementError,
  BankStatementJsonSchema,
  bankLineTarget,
  isRemittanceReference,
  MAX_STATEMENT_LINES,
  parseBankStatementCsv,
  parseBankStatementJson,
  REMITTANCE_REFERENCE_PATTERN,
  settle,
} from '../../functions/domain/money/bank-statements.ts';
import { s10Code } from '../../schemas/s10.ts';

/** A Vietcombank-style export: account rows, the header, an opening balance, lines, a totals row. */
const VIETCOMBANK = [
  'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM,,,,,,',
  'SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT,,,,,,',
  'Số tài khoản:,0011001234567,,,,,',
  'Tên tài khoản:,BUU DIEN THANH PHO HA NOI,,,,,',
  'Từ ngày:,01/11/2026,Đến ngày:,30/11/2026,,,',
  ',,,,,,',
  'STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Số dư,Nội dung giao dịch',
  ',,,,,"50,000,000",Số dư đầu kỳ',
  '1,03/11/2026 09:15:22,FT26307001,,"161,000","50,161,000",MBVCB.1234567.RH123456785VN.CT tu 0912345678 NGUYEN THI HOA',
  '2,04/11/2026,FT26308002,"990,000",,"49,171,000","CHUYEN TIEN THU HO RM2611K7X2QF, THANG 11"',
  '3,05/11/2026,FT26309003,,26000,"49,197,000",Thanh toan RH 000 000 01 4 VN',
  '4,05/11/2026,FT26309004,,"500,000","49,697,000",NOP TIEN MAT',
  'Tổng cộng,,,"990,000","687,000",,',
  ',,,,,,',
  'Người lập biểu,,,,Kế toán trưởng,,',
].join('\r\n');

const problemsOf = (run: () => unknown): { line: number; problem: string }[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BankStatementError);
    return [...(error as BankStatementError).problems];
  }
  throw new Error('expected the statement to be refused');
};

/** A minimal statement with the given transaction rows after an English header. */
const withRows = (...rows: string[]) =>
  ['Account statement', 'Date,Reference,Debit,Credit,Description', ...rows].join('\n');

describe('reading a CSV bank statement', () => {
  it('reads a Vietcombank-style export with Vietnamese headers and account rows', () => {
    const lines = parseBankStatementCsv(VIETCOMBANK);
    expect(lines.map(({ lineId, ...line }) => line)).toEqual([
      {
        lineNumber: 9,
        bookedAt: '2026-11-03',
        reference: 'FT26307001',
        description: 'MBVCB.1234567.RH123456785VN.CT tu 0912345678 NGUYEN THI HOA',
        amount: 161_000,
        direction: 'credit',
      },
      {
        lineNumber: 10,
        bookedAt: '2026-11-04',
        reference: 'FT26308002',
        description: 'CHUYEN TIEN THU HO RM2611K7X2QF, THANG 11',
        amount: 990_000,
        direction: 'debit',
      },
      {
        lineNumber: 11,
        bookedAt: '2026-11-05',
        reference: 'FT26309003',
        description: 'Thanh toan RH 000 000 01 4 VN',
        amount: 26_000,
        direction: 'credit',
      },
      {
        lineNumber: 12,
        bookedAt: '2026-11-05',
        reference: 'FT26309004',
        description: 'NOP TIEN MAT',
        amount: 500_000,
        direction: 'credit',
      },
    ]);
    expect(lines.map(bankLineTarget)).toEqual([
      { kind: 'item', itemCode: 'RH123456785VN' },
      { kind: 'remittance', reference: 'RM2611K7X2QF' },
      { kind: 'item', itemCode: 'RH000000014VN' },
      null,
    ]);
    for (const line of lines) expect(line.lineId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('reads a BIDV-style export: semicolons, a byte order mark, dotted amounts, two date columns', () => {
    const text = [
      '\uFEFFNGÂN HÀNG TMCP ĐẦU TƯ VÀ PHÁT TRIỂN VIỆT NAM',
      'Tài khoản;12010000123456',
      '',
      'STT;NGÀY HIỆU LỰC;NGÀY GIAO DỊCH;SỐ GIAO DỊCH;MÔ TẢ;NỢ;CÓ;SỐ DƯ',
      '1;02/11/2026;01/11/2026;2611010001;RK000000014VN chuyen khoan, phi ho so;;135.000;1.135.000',
      '2;03/11/2026;03/11/2026;2611030002;"CT RM2611ABCDEF; ky 1-15";1.000.000;;135.000',
    ].join('\n');
    const lines = parseBankStatementCsv(text);
    expect(lines.map(({ lineId, ...line }) => line)).toEqual([
      {
        lineNumber: 5,
        bookedAt: '2026-11-01',
        reference: '2611010001',
        description: 'RK000000014VN chuyen khoan, phi ho so',
        amount: 135_000,
        direction: 'credit',
      },
      {
        lineNumber: 6,
        bookedAt: '2026-11-03',
        reference: '2611030002',
        description: 'CT RM2611ABCDEF; ky 1-15',
        amount: 1_000_000,
        direction: 'debit',
      },
    ]);
    // The account number read from the rows above the header goes into the ids.
    expect(parseBankStatementCsv(text, { accountNumber: '12010000123456' })).toEqual(lines);
    expect(parseBankStatementCsv(text, { accountNumber: '999' })[0]?.lineId).not.toBe(lines[0]?.lineId);
  });

  it('reads English and bilingual headers, amounts with zero decimals, and descriptions over two lines', () => {
    const english = parseBankStatementCsv(
      withRows(
        '20/11/2026,REF1,,"1,234,000.00",Payment RH123456785VN',
        '2026-11-21,REF2,"2.000,00",,"Fee for ',
        'November"',
        '22-11-2026 14:05,REF3,-5.000,,Charge',
      ),
    );
    expect(english.map(({ lineId, ...line }) => line)).toEqual([
      {
        lineNumber: 3,
        bookedAt: '2026-11-20',
        reference: 'REF1',
        description: 'Payment RH123456785VN',
        amount: 1_234_000,
        direction: 'credit',
      },
      {
        lineNumber: 4,
        bookedAt: '2026-11-21',
        reference: 'REF2',
        description: 'Fee for November',
        amount: 2_000,
        direction: 'debit',
      },
      {
        lineNumber: 6,
        bookedAt: '2026-11-22',
        reference: 'REF3',
        description: 'Charge',
        amount: 5_000,
        direction: 'debit',
      },
    ]);
    const bilingual = parseBankStatementCsv(
      [
        'Ngày GD / Transaction date;Số CT / Doc No;Ghi nợ / Debit;Ghi có / Credit;Diễn giải / Description',
        '01/11/2026;A1;;10.000;x',
      ].join('\n'),
    );
    expect(bilingual[0]).toMatchObject({
      bookedAt: '2026-11-01',
      reference: 'A1',
      amount: 10_000,
      direction: 'credit',
    });
  });

  it('refuses a file without a header row', () => {
    expect(problemsOf(() => parseBankStatementCsv('Sao kê tài khoản\n01/11/2026,1,2\n'))).toEqual([
      { line: 0, problem: expect.stringMatching(/^No header row found/) },
    ]);
    expect(problemsOf(() => parseBankStatementCsv(''))[0]?.line).toBe(0);
  });

  it('refuses bad lines, each with its line in the file, and imports none of them', () => {
    const problems = problemsOf(() =>
      parseBankStatementCsv(
        withRows(
          '01/11/2026,OK1,,10000,fine',
          '31/11/2026,BAD1,,10000,no such day',
          '2026/11/01,BAD2,,10000,bad format',
          ',BAD3,,10000,no date',
          '01/11/2026,BAD4,abc,,bad amount',
          '01/11/2026,BAD5,1.234.56,,bad grouping',
          '01/11/2026,BAD6,"1.234,50",,decimals',
          '01/11/2026,BAD7,1000,2000,both',
          '01/11/2026,BAD8,,,neither',
          '01/11/2026,BAD9,0,0,zeros',
          '01/11/2026,BAD10,,2.000.000.001,too large',
          '01/11/2026,BAD11,,-5000,negative credit',
        ),
      ),
    );
    expect(problems.map((entry) => entry.line)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(problems[0]?.problem).toMatch(/no such day/);
    expect(problems[1]?.problem).toMatch(/Bad date "2026\/11\/01"/);
    expect(problems[2]?.problem).toMatch(/date is missing/);
    expect(problems[3]?.problem).toMatch(/Bad debit amount "abc"/);
    expect(problems[5]?.problem).toMatch(/without decimals/);
    expect(problems[6]?.problem).toMatch(/Both a debit and a credit/);
    expect(problems[7]?.problem).toMatch(/Neither/);
    expect(problems[8]?.problem).toMatch(/Neither/);
    expect(problems[9]?.problem).toMatch(/largest accepted/);
    expect(problems[10]?.problem).toMatch(/Bad credit amount/);
  });

  it('lists the first 99 problems and counts the rest', () => {
    const bad = Array.from({ length: 150 }, (_, index) => `32/11/2026,R${index},,1000,bad`);
    const problems = problemsOf(() => parseBankStatementCsv(withRows(...bad)));
    expect(problems).toHaveLength(100);
    expect(problems[98]).toMatchObject({ line: 101 });
    expect(problems[99]).toEqual({ line: 0, problem: '51 more problems not listed' });
  });

  it('keeps to 5,000 lines and 2 MB', () => {
    const row = (index: number) => `01/11/2026,R${index},,1000,line ${index}`;
    const full = Array.from({ length: MAX_STATEMENT_LINES }, (_, index) => row(index));
    expect(parseBankStatementCsv(withRows(...full))).toHaveLength(MAX_STATEMENT_LINES);
    expect(problemsOf(() => parseBankStatementCsv(withRows(...full, row(5000))))).toEqual([
      { line: MAX_STATEMENT_LINES + 3, problem: expect.stringMatching(/More than 5,000 transaction lines/) },
    ]);
    const large = withRows(`01/11/2026,R,,1000,"${'x'.repeat(2 * 1024 * 1024)}"`);
    expect(problemsOf(() => parseBankStatementCsv(large))).toEqual([
      { line: 0, problem: expect.stringMatching(/at most 2 MB/) },
    ]);
  });
});

describe('line ids', () => {
  it('are the same when the same statement is imported again, even with lines added around them', () => {
    const first = parseBankStatementCsv(VIETCOMBANK);
    expect(parseBankStatementCsv(VIETCOMBANK).map((line) => line.lineId)).toEqual(
      first.map((line) => line.lineId),
    );
    const extended = VIETCOMBANK.replace(
      ',,,,,"50,000,000",Số dư đầu kỳ',
      ',,,,,"50,000,000",Số dư đầu kỳ\r\n0,02/11/2026,FT26306000,,"10,000","50,010,000",EARLIER LINE',
    );
    const again = parseBankStatementCsv(extended);
    expect(again.slice(1).map((line) => line.lineId)).toEqual(first.map((line) => line.lineId));
    expect(again.slice(1).map((line) => line.lineNumber)).toEqual(first.map((line) => line.lineNumber + 1));
  });

  it('differ for identical lines of one file, and between accounts', () => {
    const lines = parseBankStatementCsv(withRows('01/11/2026,R1,,1000,same', '01/11/2026,R1,,1000,same'));
    expect(new Set(lines.map((line) => line.lineId)).size).toBe(2);
    const repeated = parseBankStatementCsv(withRows('01/11/2026,R1,,1000,same', '01/11/2026,R1,,1000,same'));
    expect(repeated.map((line) => line.lineId)).toEqual(lines.map((line) => line.lineId));
    const other = parseBankStatementCsv(withRows('01/11/2026,R1,,1000,same'), { accountNumber: '123' });
    expect(other[0]?.lineId).not.toBe(lines[0]?.lineId);
  });
});

describe('reading a JSON bank statement', () => {
  const statement = {
    accountNumber: '0011001234567',
    lines: [
      {
        bookedAt: '2026-11-03',
        reference: 'FT26307001',
        description: 'MBVCB.1234567.RH123456785VN.CT tu 0912345678 NGUYEN THI HOA',
        amount: 161_000,
        direction: 'credit',
      },
      {
        bookedAt: '2026-11-03T20:30:00Z',
        reference: 'FT26308002',
        description: 'CHUYEN TIEN THU HO  RM2611K7X2QF',
        amount: 990_000,
        direction: 'debit',
      },
    ],
  };

  it('reads the lines, the date in Vietnam, with the ids a CSV of the same account gives', () => {
    const lines = parseBankStatementJson(statement);
    expect(lines.map(({ lineId, ...line }) => line)).toEqual([
      { ...statement.lines[0], lineNumber: 1 },
      {
        lineNumber: 2,
        bookedAt: '2026-11-04',
        reference: 'FT26308002',
        description: 'CHUYEN TIEN THU HO RM2611K7X2QF',
        amount: 990_000,
        direction: 'debit',
      },
    ]);
    expect(lines[0]?.lineId).toBe(parseBankStatementCsv(VIETCOMBANK)[0]?.lineId);
    expect(parseBankStatementJson(statement)).toEqual(lines);
    expect(BankStatementJsonSchema.safeParse(statement).success).toBe(true);
  });

  it('refuses bad lines with their position, too many lines, and what is not a statement', () => {
    const bad = {
      lines: [
        statement.lines[0],
        { ...statement.lines[0], amount: 0 },
        { ...statement.lines[0], bookedAt: '03/11/2026', direction: 'sideways' },
        { ...statement.lines[0], amount: 1.5 },
      ],
    };
    const problems = problemsOf(() => parseBankStatementJson(bad));
    expect(problems.map((entry) => entry.line)).toEqual([2, 3, 3, 4]);
    expect(problems[1]?.problem).toMatch(/^bookedAt: Expected a date YYYY-MM-DD/);
    expect(problems[2]?.problem).toMatch(/^direction:/);
    expect(problemsOf(() => parseBankStatementJson({ lines: 'none' }))[0]).toMatchObject({ line: 0 });
    expect(problemsOf(() => parseBankStatementJson(null))[0]).toMatchObject({ line: 0 });
    const many = { lines: Array.from({ length: MAX_STATEMENT_LINES + 1 }, () => statement.lines[0]) };
    expect(problemsOf(() => parseBankStatementJson(many))[0]?.problem).toMatch(/More than 5,000/);
    const large = { lines: [{ ...statement.lines[0], description: 'x'.repeat(2 * 1024 * 1024) }] };
    expect(problemsOf(() => parseBankStatementJson(large))[0]?.problem).toMatch(/at most 2 MB/);
  });
});

describe('what a statement line pays', () => {
  const credit = (
    description: string,
    reference = 'FT1',
  ): Pick<BankLine, 'direction' | 'reference' | 'description'> => ({
    direction: 'credit',
    reference,
    description,
  });
  const debit = (
    description: string,
    reference = 'FT1',
  ): Pick<BankLine, 'direction' | 'reference' | 'description'> => ({
    direction: 'debit',
    reference,
    description,
  });
  const code = s10Code('RK', 12_345_678);

  it('a credit naming an item code with a valid check digit, however it is spaced or cased', () => {
    for (const description of [
      code,
      `thanh toan ${code.toLowerCase()}`,
      `CK ${code.slice(0, 2)} ${code.slice(2, 5)} ${code.slice(5, 8)} ${code.slice(8, 11)} ${code.slice(11)}`,
      `IBFT.${code}.NGUYEN VAN A`,
      `(${code.slice(0, 2)}-${code.slice(2, 11)}-VN)`,
      `${code} ${code}`,
    ]) {
      expect(bankLineTarget(credit(description))).toEqual({ kind: 'item', itemCode: code });
    }
  });

  it('nothing for a wrong check digit, two different items, a code only in the reference, or a debit', () => {
    const wrong = `${code.slice(0, 10)}${(Number(code[10]) + 1) % 10}VN`;
    expect(bankLineTarget(credit(`thanh toan ${wrong}`))).toBeNull();
    expect(bankLineTarget(credit(`${code} ${s10Code('RH', 1)}`))).toBeNull();
    expect(bankLineTarget(credit('NOP TIEN', code))).toBeNull();
    expect(bankLineTarget(debit(code))).toBeNull();
    expect(bankLineTarget(credit('RM2611K7X2QF'))).toBeNull();
  });

  it('a debit naming a remittance reference, in its reference or its description', () => {
    expect(bankLineTarget(debit('CHUYEN TIEN THU HO RM2611K7X2QF'))).toEqual({
      kind: 'remittance',
      reference: 'RM2611K7X2QF',
    });
    expect(bankLineTarget(debit('chuyen tien', 'rm2611k7x2qf'))).toEqual({
      kind: 'remittance',
      reference: 'RM2611K7X2QF',
    });
    expect(bankLineTarget(debit('CT.RM2611K7X2QF.THANG11'))).toEqual({
      kind: 'remittance',
      reference: 'RM2611K7X2QF',
    });
    expect(bankLineTarget(debit('RM2613K7X2QF'))).toBeNull(); // month 13
    expect(bankLineTarget(debit('RM2611K7X2QI'))).toBeNull(); // I is not Crockford
    expect(bankLineTarget(debit('RM2611K7X2QF RM2612ABCDEF'))).toBeNull();
  });

  it('recognises remittance references', () => {
    expect(isRemittanceReference('RM2611K7X2QF')).toBe(true);
    expect(REMITTANCE_REFERENCE_PATTERN.test('RM2601000000')).toBe(true);
    for (const value of [
      'RM2600K7X2QF',
      'RM2611K7X2Q',
      'RM2611K7X2QFF',
      'rm2611k7x2qf',
      'RM2611K7X2QL',
      'RX2611K7X2QF',
    ]) {
      expect(isRemittanceReference(value)).toBe(false);
    }
  });
});

describe('settling a confirmation', () => {
  it('matched on reaching the amount exactly, partial below, overpaid above', () => {
    expect(settle(990_000, 0, 990_000)).toBe('matched');
    expect(settle(990_000, 0, 500_000)).toBe('partial');
    expect(settle(990_000, 500_000, 490_000)).toBe('matched');
    expect(settle(990_000, 500_000, 500_000)).toBe('overpaid');
    expect(settle(0, 0, 1)).toBe('overpaid');
    expect(() => settle(1, 0, 1.5)).toThrow(RangeError);
    expect(() => settle(1, -1, 1)).toThrow(RangeError);
  });
});
