/**
 * Bank statements brought in by finance: the account's export (CSV as Vietcombank, BIDV or
 * VietinBank write it, or JSON), read into lines of whole đồng, each with an id that stays
 * the same when the same statement is imported again. A credit whose transfer content names
 * an item code pays for that item (a VietQR transfer); a debit naming a remittance reference
 * is that remittance leaving the account. A statement with any bad line is refused whole.
 * Pure: the importer stores the lines and settles what they pay.
 */
import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import * as z from 'zod';
import { localDate } from '../calendar/working-days.ts';
import { isValidS10 } from '../s10.ts';
import { MAX_AMOUNT_VND } from './model.ts';

/** Builds a schema in a call that bundlers may drop when it is unused (as schemas/common does). */
const schema = <T>(define: () => T): T => define();

export const MAX_STATEMENT_LINES = 5000;
export const MAX_STATEMENT_BYTES = 2 * 1024 * 1024;
/** Problems listed for one file at most; the rest are counted in the last one. */
const MAX_PROBLEMS = 100;
/** The header row is looked for among the file's first rows (account details come before it). */
const MAX_ROWS_BEFORE_HEADER = 50;

export type BankLineDirection = 'credit' | 'debit';

export interface BankLine {
  /** Stable over imports of the same statement; distinct for identical lines of one file. */
  readonly lineId: string;
  /** Where the line is in the file (1-based; for JSON, its position in `lines`). */
  readonly lineNumber: number;
  /** `YYYY-MM-DD`, in Vietnam. */
  readonly bookedAt: string;
  readonly reference: string;
  readonly description: string;
  /** Whole đồng, 1 … MAX_AMOUNT_VND. */
  readonly amount: number;
  readonly direction: BankLineDirection;
}

export interface BankStatementProblem {
  /** The line of the file (1-based); 0 for the file as a whole. */
  readonly line: number;
  readonly problem: string;
}

/** The statement cannot be imported; nothing of it is. */
export class BankStatementError extends Error {
  readonly problems: readonly BankStatementProblem[];

  constructor(problems: readonly BankStatementProblem[]) {
    const first = problems[0];
    super(
      first
        ? `The bank statement cannot be imported: ${first.line > 0 ? `line ${first.line}: ` : ''}${first.problem}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''}`
        : 'The bank statement cannot be imported',
    );
    this.name = 'BankStatementError';
    this.problems = problems;
  }
}

// ——— Remittance references and item codes in transfer contents ———

/** Crockford's base-32: digits and capitals without I, L, O or U. */
const CROCKFORD_CLASS = '[0-9A-HJKMNP-TV-Z]';
/** `RM` + YYMM + 6 Crockford characters, e.g. `RM2611K7X2QF`. */
export const REMITTANCE_REFERENCE_PATTERN = new RegExp(`^RM\\d{2}(?:0[1-9]|1[0-2])${CROCKFORD_CLASS}{6}$`);
const REMITTANCE_REFERENCE_CANDIDATES = new RegExp(
  `(?=(RM\\d{2}(?:0[1-9]|1[0-2])${CROCKFORD_CLASS}{6}))`,
  'g',
);
const S10_CANDIDATES = /(?=([A-Z]{2}\d{9}VN))/g;

export const isRemittanceReference = (value: string): boolean => REMITTANCE_REFERENCE_PATTERN.test(value);

/**
 * Transfer contents as banks pass them on: capitals, with whatever spaces or punctuation the
 * payer or the bank put in the code (`RH 123 456 785 VN`, `RH-123456785-VN`) taken out.
 */
const compact = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9]+/g, '');

/** The distinct codes of `text` that `pattern` (a lookahead with one group) finds and `valid` accepts. */
function codesIn(text: string, pattern: RegExp, valid: (code: string) => boolean): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(pattern)) {
    const code = match[1] as string;
    if (valid(code)) found.add(code);
  }
  return [...found];
}

export type BankLineTarget =
  | { readonly kind: 'item'; readonly itemCode: string }
  | { readonly kind: 'remittance'; readonly reference: string };

/**
 * What a statement line pays: the item whose code a credit's content carries (check digit
 * valid), or the remittance whose reference a debit carries; null when it names none, or
 * more than one (a clerk assigns those by hand).
 */
export function bankLineTarget(
  line: Pick<BankLine, 'direction' | 'reference' | 'description'>,
): BankLineTarget | null {
  if (line.direction === 'credit') {
    const codes = codesIn(compact(line.description), S10_CANDIDATES, isValidS10);
    return codes.length === 1 ? { kind: 'item', itemCode: codes[0] as string } : null;
  }
  const references = codesIn(
    `${compact(line.reference)} ${compact(line.description)}`,
    REMITTANCE_REFERENCE_CANDIDATES,
    () => true,
  );
  return references.length === 1 ? { kind: 'remittance', reference: references[0] as string } : null;
}

/**
 * Where a confirmation leaves what was expected: `matched` when the confirmations so far and
 * this one add up to exactly the expected amount, `partial` below it, `overpaid` above it.
 */
export function settle(
  expected: number,
  confirmedBefore: number,
  amount: number,
): 'matched' | 'partial' | 'overpaid' {
  for (const [name, value] of [
    ['expected', expected],
    ['confirmedBefore', confirmedBefore],
    ['amount', amount],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name} must be whole đồng ≥ 0, got ${value}`);
    }
  }
  const total = confirmedBefore + amount;
  return total === expected ? 'matched' : total < expected ? 'partial' : 'overpaid';
}

// ——— Line ids ———

/** Gives each line its id: a hash of what the line says, with a counter for identical lines. */
function lineIdentifier(accountNumber: string | undefined): (line: Omit<BankLine, 'lineId'>) => string {
  const seen = new Map<string, number>();
  return (line) => {
    const content = JSON.stringify([
      accountNumber ?? '',
      line.bookedAt,
      line.reference,
      line.direction,
      line.amount,
      line.description,
    ]);
    const occurrence = seen.get(content) ?? 0;
    seen.set(content, occurrence + 1);
    return createHash('sha256').update(`${content}#${occurrence}`).digest('hex').slice(0, 24);
  };
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

// ——— CSV ———

type Column = 'date' | 'reference' | 'debit' | 'credit' | 'balance' | 'description' | 'index';

/**
 * Header names by column, normalised (lower case, no diacritics, no punctuation or units),
 * best first: where a file has two candidates (BIDV's effective date beside the transaction
 * date), the earlier name wins.
 */
const HEADER_NAMES: Readonly<Record<Column, readonly string[]>> = {
  date: [
    'ngay giao dich',
    'ngay gd',
    'ngay thuc hien',
    'ngay hach toan',
    'ngay ghi so',
    'ngay',
    'ngay hieu luc',
    'transaction date',
    'txn date',
    'trans date',
    'date',
    'posting date',
    'booking date',
    'value date',
    'effective date',
  ],
  reference: [
    'so tham chieu',
    'so but toan',
    'so giao dich',
    'ma giao dich',
    'so chung tu',
    'so ct',
    'ma gd',
    'so gd',
    'reference',
    'reference no',
    'reference number',
    'ref',
    'ref no',
    'transaction no',
    'transaction number',
    'transaction id',
    'doc no',
  ],
  debit: [
    'so tien ghi no',
    'ghi no',
    'so tien no',
    'phat sinh no',
    'no',
    'tien ra',
    'debit',
    'debit amount',
    'debits',
    'withdrawal',
    'withdrawals',
    'money out',
  ],
  credit: [
    'so tien ghi co',
    'ghi co',
    'so tien co',
    'phat sinh co',
    'co',
    'tien vao',
    'credit',
    'credit amount',
    'credits',
    'deposit',
    'deposits',
    'money in',
  ],
  balance: ['so du', 'so du cuoi', 'balance', 'running balance'],
  description: [
    'noi dung giao dich',
    'noi dung chi tiet',
    'noi dung',
    'noi dung chuyen khoan',
    'mo ta giao dich',
    'mo ta',
    'dien giai',
    'chi tiet giao dich',
    'transactions in detail',
    'description',
    'transaction description',
    'transaction details',
    'details',
    'narrative',
    'remarks',
    'content',
  ],
  index: ['stt', 'so thu tu', 'no', 'seq', '#'],
};

/** Lower case, without diacritics (đ → d), units in brackets or punctuation. */
function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b(?:vnd|dong)\b/g, ' ')
    .replace(/[^a-z0-9#]+/g, ' ')
    .trim();
}

/** Column and rank (lower is better) of one header cell, or null. */
function headerColumn(cell: string): { column: Column; rank: number } | null {
  const raw = cell.trim();
  // A bilingual header (`Ghi có / Credit`, `Ngày GD\nTransaction date`): the best of its parts.
  const parts = [raw, ...raw.split(/[/|\n]/)].map((part) => part.trim()).filter((part) => part !== '');
  let best: { column: Column; rank: number } | null = null;
  for (const part of parts) {
    const name = normalise(part);
    // `Nợ` and `Có` have lost their diacritics by now; a bare `No`/`No.` written so is a row number.
    const plain = /^no\.?$/i.test(part) ? 'index' : null;
    for (const column of Object.keys(HEADER_NAMES) as Column[]) {
      if (plain && column !== 'index') continue;
      if (column === 'index' && name === 'no' && !plain) continue;
      const rank = (HEADER_NAMES[column] as readonly string[]).indexOf(name);
      if (rank >= 0 && (best === null || rank < best.rank)) best = { column, rank };
    }
  }
  return best;
}

type HeaderMap = Partial<Record<Column, number>>;

/** The columns of a header row, or null when the row is not one (date, debit and credit are needed). */
function headerOf(cells: readonly string[]): HeaderMap | null {
  const chosen: Partial<Record<Column, { index: number; rank: number }>> = {};
  cells.forEach((cell, index) => {
    const match = headerColumn(cell);
    if (!match) return;
    const kept = chosen[match.column];
    if (!kept || match.rank < kept.rank) chosen[match.column] = { index, rank: match.rank };
  });
  if (!chosen.date || !chosen.debit || !chosen.credit) return null;
  const header: HeaderMap = {};
  for (const [column, entry] of Object.entries(chosen) as [Column, { index: number }][]) {
    header[column] = entry.index;
  }
  return header;
}

/** The account number as the rows before the header give it (`Số tài khoản: 0011001234567`). */
function accountNumberOf(rows: readonly (readonly string[])[]): string | undefined {
  for (const cells of rows) {
    for (let index = 0; index < cells.length; index += 1) {
      const cell = cells[index] as string;
      const label = /^(.*?)[:：]\s*(.*)$/.exec(cell);
      const name = normalise(label ? (label[1] as string) : cell);
      if (!/^(?:so tai khoan|tai khoan|stk|account number|account no|account)$/.test(name)) continue;
      const value = (label?.[2]?.trim() || cells.slice(index + 1).find((next) => next.trim() !== '') || '')
        .replace(/[\s.-]/g, '')
        .trim();
      const number = /^[A-Za-z0-9]{4,34}/.exec(value)?.[0];
      if (number) return number;
    }
  }
  return undefined;
}

interface DateParse {
  readonly day?: string;
  readonly problem?: string;
}

const TIME_OF_DAY = String.raw`(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)?`;
const VIETNAMESE_DATE = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME_OF_DAY}$`);
const ISO_DATE = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME_OF_DAY}$`);

/** `dd/mm/yyyy` (or with `-` or `.`), possibly with a time; or ISO `yyyy-mm-dd`. */
function parseDate(text: string): DateParse {
  const value = text.trim();
  if (value === '') return { problem: 'The date is missing' };
  const vietnamese = VIETNAMESE_DATE.exec(value);
  const iso = ISO_DATE.exec(value);
  const [year, month, day] = vietnamese
    ? [vietnamese[3], vietnamese[2], vietnamese[1]]
    : iso
      ? [iso[1], iso[2], iso[3]]
      : [];
  if (!year || !month || !day) return { problem: `Bad date "${value}": expected dd/mm/yyyy` };
  const candidate = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  const parsed = new Date(`${candidate}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== candidate) {
    return { problem: `Bad date "${value}": no such day` };
  }
  return { day: candidate };
}

interface AmountParse {
  readonly amount?: number;
  readonly problem?: string;
}

/**
 * Whole đồng as banks write them: `1.234.000`, `1,234,000`, `1234000`, or with zero decimals
 * (`1,234,000.00`); empty is 0. A debit may carry a minus sign.
 */
function parseAmount(text: string, what: 'debit' | 'credit'): AmountParse {
  let value = text.replace(/[\s\u00a0]+/g, '').replace(/(?:VND|VNĐ|đ|₫)$/i, '');
  if (value === '' || value === '-') return { amount: 0 };
  if (what === 'debit' && value.startsWith('-')) value = value.slice(1);
  const bad = { problem: `Bad ${what} amount "${text.trim()}": expected whole đồng such as 1.234.000` };
  const match = /^(\d{1,3}(?:([.,])\d{3})*|\d+)(?:([.,])(\d{1,2}))?$/.exec(value);
  if (!match) return bad;
  const [, whole, thousands, decimalMark, decimals] = match;
  // `1.234,56` and `1,234.56` are not whole đồng; `1.234` alone is a thousand and more.
  if (decimalMark && (decimalMark === thousands || !/^0+$/.test(decimals ?? ''))) {
    return {
      problem: `Bad ${what} amount "${text.trim()}": amounts are whole đồng, without decimals`,
    };
  }
  if (thousands && !new RegExp(`^\\d{1,3}(?:\\${thousands}\\d{3})+$`).test(whole ?? '')) return bad;
  const amount = Number((whole ?? '').replace(/[.,]/g, ''));
  if (!Number.isSafeInteger(amount)) return bad;
  if (amount > MAX_AMOUNT_VND) {
    return {
      problem: `The ${what} amount ${text.trim()} is above the largest accepted, ${MAX_AMOUNT_VND} đồng`,
    };
  }
  return { amount };
}

/** Rows without a date and with such a first text are totals or balances, not transactions. */
const SUMMARY_ROW =
  /^(?:tong|cong|so du|phat sinh|total|sub ?total|opening|closing|balance|carried|brought|ending|beginning)/;

interface CsvRow {
  readonly cells: readonly string[];
  readonly line: number;
}

function readRows(text: string, delimiter: ',' | ';'): CsvRow[] {
  const records = parse(text, {
    delimiter,
    bom: false,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    record_delimiter: '\n',
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map(({ record, info }) => {
    // info.lines is where the record ends; a quoted cell may span lines.
    const inner = record.reduce((count, cell) => count + (cell.match(/\n/g)?.length ?? 0), 0);
    return { cells: record, line: info.lines - inner };
  });
}

function findHeader(rows: readonly CsvRow[]): { headerAt: number; header: HeaderMap } | null {
  const limit = Math.min(rows.length, MAX_ROWS_BEFORE_HEADER);
  for (let index = 0; index < limit; index += 1) {
    const header = headerOf((rows[index] as CsvRow).cells);
    if (header) return { headerAt: index, header };
  }
  return null;
}

/** The text up to its `count`th line. */
function firstLines(text: string, count: number): string {
  let end = -1;
  for (let line = 0; line < count; line += 1) {
    end = text.indexOf('\n', end + 1);
    if (end < 0) return text;
  }
  return text.slice(0, end);
}

/**
 * The rows and header of the file, read with the delimiter (semicolon or comma) under which
 * its first rows hold the fullest header row.
 */
function readTable(text: string): { rows: CsvRow[]; headerAt: number; header: HeaderMap } {
  const delimiters = [';', ','] as const;
  const probe = firstLines(text, 2 * MAX_ROWS_BEFORE_HEADER);
  const ranked = delimiters
    .map((delimiter) => {
      try {
        const found = findHeader(readRows(probe, delimiter));
        return { delimiter, columns: found ? Object.keys(found.header).length : 0 };
      } catch {
        return { delimiter, columns: 0 };
      }
    })
    .filter((entry) => entry.columns > 0)
    .sort((left, right) => right.columns - left.columns)
    .map((entry) => entry.delimiter);
  const failures: BankStatementProblem[] = [];
  // Without a header in the first rows, the whole file is read each way to say what is wrong.
  for (const delimiter of ranked.length > 0 ? ranked : delimiters) {
    let rows: CsvRow[];
    try {
      rows = readRows(text, delimiter);
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      const line = typeof error.lines === 'number' ? error.lines : 0;
      failures.push({ line, problem: `The file is not readable as CSV: ${error.message}` });
      continue;
    }
    const found = findHeader(rows);
    if (found) return { rows, ...found };
  }
  throw new BankStatementError([
    {
      line: 0,
      problem: `No header row found in the first ${MAX_ROWS_BEFORE_HEADER} rows: expected columns such as "Ngày giao dịch", "Số tham chiếu", "Số tiền ghi nợ", "Số tiền ghi có", "Nội dung giao dịch" (or Date, Reference, Debit, Credit, Description)`,
    },
    ...failures,
  ]);
}

function checkSize(bytes: number): void {
  if (bytes > MAX_STATEMENT_BYTES) {
    throw new BankStatementError([
      {
        line: 0,
        problem: `The statement is ${(bytes / 1024 / 1024).toFixed(1)} MB; at most ${MAX_STATEMENT_BYTES / 1024 / 1024} MB is accepted, split it by period`,
      },
    ]);
  }
}

const tooManyLines = (line: number): BankStatementProblem => ({
  line,
  problem: `More than ${MAX_STATEMENT_LINES.toLocaleString('en')} transaction lines; split the statement by period`,
});

/** The problems to report: the first ones, and how many more there were. */
function capped(problems: readonly BankStatementProblem[]): BankStatementProblem[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems];
  const listed = problems.slice(0, MAX_PROBLEMS - 1);
  return [...listed, { line: 0, problem: `${problems.length - listed.length} more problems not listed` }];
}

export interface CsvStatementOptions {
  /** The account the statement is of, when the file does not say; it goes into the line ids. */
  readonly accountNumber?: string;
}

/**
 * A bank's CSV export: rows of account details, a header row (Vietnamese or English names,
 * matched without regard to case or diacritics), the transactions, perhaps totals after them.
 * Comma or semicolon separated, with or without a UTF-8 byte order mark.
 */
export function parseBankStatementCsv(text: string, options: CsvStatementOptions = {}): BankLine[] {
  checkSize(Buffer.byteLength(text, 'utf8'));
  const body = (text.startsWith('\uFEFF') ? text.slice(1) : text).replace(/\r\n?/g, '\n');
  const { rows, headerAt, header } = readTable(body);
  const accountNumber =
    options.accountNumber ?? accountNumberOf(rows.slice(0, headerAt).map((row) => row.cells));
  const cell = (row: CsvRow, column: Column): string => {
    const index = header[column];
    return index === undefined ? '' : collapse(row.cells[index] ?? '');
  };

  const problems: BankStatementProblem[] = [];
  const lines: Omit<BankLine, 'lineId'>[] = [];
  let count = 0;
  for (const row of rows.slice(headerAt + 1)) {
    const date = cell(row, 'date');
    const debitText = cell(row, 'debit');
    const creditText = cell(row, 'credit');
    if (date === '') {
      // Totals, balances and signature lines carry no date: a row without one is a transaction
      // only if it has an amount and is not a total.
      const first = normalise(row.cells.find((value) => value.trim() !== '') ?? '');
      const hasAmount = [parseAmount(debitText, 'debit'), parseAmount(creditText, 'credit')].some(
        (parsed) => (parsed.amount ?? 0) > 0,
      );
      if (!hasAmount || SUMMARY_ROW.test(first)) continue;
    }
    count += 1;
    if (count > MAX_STATEMENT_LINES) {
      throw new BankStatementError([tooManyLines(row.line), ...capped(problems).slice(0, MAX_PROBLEMS - 1)]);
    }
    const rowProblems: string[] = [];
    const booked = parseDate(date);
    if (booked.problem) rowProblems.push(booked.problem);
    const debit = parseAmount(debitText, 'debit');
    const credit = parseAmount(creditText, 'credit');
    if (debit.problem) rowProblems.push(debit.problem);
    if (credit.problem) rowProblems.push(credit.problem);
    if (debit.amount !== undefined && credit.amount !== undefined) {
      if (debit.amount > 0 && credit.amount > 0) {
        rowProblems.push('Both a debit and a credit amount: a line is one or the other');
      } else if (debit.amount === 0 && credit.amount === 0) {
        rowProblems.push('Neither a debit nor a credit amount');
      }
    }
    if (rowProblems.length > 0) {
      for (const problem of rowProblems) problems.push({ line: row.line, problem });
      continue;
    }
    const isDebit = (debit.amount as number) > 0;
    lines.push({
      lineNumber: row.line,
      bookedAt: booked.day as string,
      reference: cell(row, 'reference'),
      description: cell(row, 'description'),
      amount: (isDebit ? debit.amount : credit.amount) as number,
      direction: isDebit ? 'debit' : 'credit',
    });
  }
  if (problems.length > 0) throw new BankStatementError(capped(problems));
  const identify = lineIdentifier(accountNumber);
  return lines.map((line) => ({ lineId: identify(line), ...line }));
}

// ——— JSON ———

const BookedAtSchema = /* @__PURE__ */ schema(() =>
  z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'Expected a date YYYY-MM-DD or an ISO date-time with its offset',
  }),
);

/** A statement as JSON: the account (optional) and its lines, amounts in whole đồng. */
export const BankStatementJsonSchema = /* @__PURE__ */ schema(() =>
  z.object({
    accountNumber: z.string().trim().min(1).max(34).optional(),
    lines: z
      .array(
        z.object({
          bookedAt: BookedAtSchema.describe('YYYY-MM-DD, or an ISO date-time with its offset'),
          reference: z.string().max(200),
          description: z.string().max(1000),
          amount: z.number().int().min(1).max(MAX_AMOUNT_VND),
          direction: z.enum(['credit', 'debit']),
        }),
      )
      .max(MAX_STATEMENT_LINES),
  }),
);
export type BankStatementJson = z.infer<typeof BankStatementJsonSchema>;

/** A JSON statement (`BankStatementJsonSchema`), checked with the same limits as a CSV one. */
export function parseBankStatementJson(value: unknown): BankLine[] {
  const lineCount = (value as { lines?: unknown } | null)?.lines;
  if (Array.isArray(lineCount) && lineCount.length > MAX_STATEMENT_LINES) {
    throw new BankStatementError([tooManyLines(MAX_STATEMENT_LINES + 1)]);
  }
  let text: string;
  try {
    text = JSON.stringify(value) ?? '';
  } catch {
    throw new BankStatementError([{ line: 0, problem: 'The statement is not JSON data' }]);
  }
  checkSize(Buffer.byteLength(text, 'utf8'));
  const parsed = BankStatementJsonSchema.safeParse(value);
  if (!parsed.success) {
    const problems: BankStatementProblem[] = [];
    for (const issue of parsed.error.issues) {
      const [first, index, ...rest] = issue.path;
      const line = first === 'lines' && typeof index === 'number' ? index + 1 : 0;
      const where = [first, index, ...rest].filter((part) => part !== undefined && typeof part !== 'number');
      const field = line > 0 ? rest.join('.') : where.join('.');
      problems.push({ line, problem: field ? `${field}: ${issue.message}` : issue.message });
    }
    throw new BankStatementError(capped(problems));
  }
  const statement = parsed.data;
  const identify = lineIdentifier(statement.accountNumber);
  return statement.lines.map((line, index) => {
    const entry: Omit<BankLine, 'lineId'> = {
      lineNumber: index + 1,
      bookedAt: line.bookedAt.length === 10 ? line.bookedAt : localDate(new Date(line.bookedAt)),
      reference: collapse(line.reference),
      description: collapse(line.description),
      amount: line.amount,
      direction: line.direction,
    };
    return { lineId: identify(entry), ...entry };
  });
}
