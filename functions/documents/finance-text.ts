/**
 * What the finance documents (the e-receipt, the monthly statement as PDF, XLSX and CSV)
 * share: the Vietnamese names of payment methods, statuses and discrepancy kinds; figures
 * written the Vietnamese way (counts, percentages, months); the statement's summary as
 * named rows, the same in every format; the checks that refuse a statement that cannot be
 * printed; and the row caps that keep every rendering bounded.
 *
 * Nothing here draws: the spreadsheet and CSV renderers import this module without the PDF
 * machinery.
 */
import type { DiscrepancyKind, MonthlyStatement, PaymentMethod } from '../domain/money/model.ts';

/** Discrepancies listed one by one in the statement PDF; it counts the rest, which the CSV and XLSX list. */
export const STATEMENT_PDF_MAX_DISCREPANCIES = 2_000;
/** Remittances and cash hand-ins listed in the statement PDF, each. */
export const STATEMENT_PDF_MAX_ROWS = 500;
/**
 * Rows of each list (discrepancies, remittances, cash hand-ins) in the CSV and the XLSX: the
 * workbook of that many takes about 2 s and 150 MB to write.
 */
export const STATEMENT_EXPORT_MAX_ROWS = 20_000;

export const PAYMENT_METHOD_TEXT: Readonly<Record<PaymentMethod, string>> = {
  cash: 'Tiền mặt',
  vietqr: 'Chuyển khoản VietQR',
};

/**
 * Dossiers' statuses, and how items' journeys ended (`handed-over`, `delivered`,
 * `returned-to-agency`, which are dossier statuses too), in the order of a dossier's life.
 */
export const STATUS_TEXT: Readonly<Record<string, string>> = {
  registered: 'Đã đăng ký',
  'in-pickup': 'Đang thu gom',
  'handed-over': 'Đã chuyển đến cơ quan giải quyết',
  accepted: 'Cơ quan đã tiếp nhận',
  refused: 'Cơ quan từ chối tiếp nhận',
  'result-ready': 'Đã có kết quả',
  'in-return': 'Đang chuyển trả kết quả',
  delivered: 'Đã phát kết quả cho người nhận',
  'returned-to-agency': 'Chuyển hoàn về cơ quan',
  cancelled: 'Đã hủy',
};

const STATUS_ORDER = Object.keys(STATUS_TEXT);

/** Every discrepancy kind, in the order the statement lists them. */
export const DISCREPANCY_KINDS: readonly DiscrepancyKind[] = [
  'not-collected',
  'underpaid',
  'overpaid',
  'collected-without-due',
  'vietqr-not-confirmed',
  'bank-amount-mismatch',
  'bank-line-without-collection',
  'receipt-voided',
  'cash-short',
  'cash-over',
  'fees-not-remitted',
  'remittance-late',
  'remittance-not-confirmed',
  'remittance-bank-mismatch',
];

export const DISCREPANCY_KIND_TEXT: Readonly<Record<DiscrepancyKind, string>> = {
  'not-collected': 'Chưa thu tiền',
  underpaid: 'Thu thiếu',
  overpaid: 'Thu thừa',
  'collected-without-due': 'Thu khi không có khoản phải thu',
  'vietqr-not-confirmed': 'VietQR chưa được ngân hàng xác nhận',
  'bank-amount-mismatch': 'Ngân hàng báo có lệch số tiền',
  'bank-line-without-collection': 'Tiền về ngân hàng không có khoản thu',
  'receipt-voided': 'Biên lai đã hủy',
  'cash-short': 'Nộp thiếu tiền mặt',
  'cash-over': 'Nộp thừa tiền mặt',
  'fees-not-remitted': 'Phí, lệ phí chưa chuyển cho cơ quan',
  'remittance-late': 'Chuyển tiền chậm so với hạn',
  'remittance-not-confirmed': 'Chuyển tiền chưa được ngân hàng xác nhận',
  'remittance-bank-mismatch': 'Chuyển tiền lệch so với ngân hàng',
};

/** A status's or an outcome's name; one the statement may add later prints as it is. */
export function statusText(status: string): string {
  return STATUS_TEXT[status] ?? status;
}

/** The keys of counts by status: the known ones in the order of a dossier's life, then others by name. */
export function statusKeys(counts: Readonly<Record<string, number>>): string[] {
  const keys = Object.keys(counts);
  const known = STATUS_ORDER.filter((key) => keys.includes(key));
  return [...known, ...keys.filter((key) => !STATUS_ORDER.includes(key)).sort()];
}

/** Discrepancies found, listed or not (the statement lists up to its own cap and counts the rest). */
export function discrepancyTotal(statement: MonthlyStatement): number {
  return statement.discrepancies.length + (statement.discrepanciesOmitted ?? 0);
}

const countFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 2 });

/** `1.234`: a count with Vietnamese digit grouping. */
export function formatCount(count: number): string {
  return countFormat.format(count);
}

/** `93,75%`. */
export function formatPercent(rate: number): string {
  return percentFormat.format(rate);
}

/** `03/2026` for the period `2026-03`. */
export function periodText(period: string): string {
  const [year, month] = period.split('-');
  return `${month}/${year}`;
}

/** The first and last days of a period, `dd/MM/yyyy`. */
export function periodDays(period: string): { first: string; last: string } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { first: `01/${mm}/${year}`, last: `${last}/${mm}/${year}` };
}

/** `BẢNG ĐỐI SOÁT THÁNG 03/2026`. */
export function statementTitle(statement: MonthlyStatement): string {
  return `BẢNG ĐỐI SOÁT THÁNG ${periodText(statement.period)}`;
}

/** The statement's reference: printed on it, and its barcode. */
export function statementReference(statement: MonthlyStatement): string {
  return `DS${statement.period.replace('-', '')}-${statement.agencyCode}`;
}

/** The first letter in capitals (Vietnamese rules), the rest as it is. */
export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** Whether a date is a calendar day (`YYYY-MM-DD`) rather than an instant. */
export function isDateOnly(value: string): boolean {
  return DATE_ONLY.test(value);
}

/**
 * Vietnam's wall-clock time of an instant, as a `Date` whose UTC fields read it (a calendar
 * day is its midnight): what a spreadsheet cell shows, as spreadsheets have no time zones.
 * Vietnam keeps UTC+7 all year.
 */
export function vietnamWallClock(value: string, field: string): Date {
  const time = checkInstant(value, field).getTime();
  return new Date(isDateOnly(value) ? time : time + VIETNAM_OFFSET_MS);
}

/** Parses an ISO date or date-time, refusing anything `Date` cannot read. */
export function checkInstant(value: string, field: string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`${field} is not an ISO date-time: ${JSON.stringify(value)}`);
  }
  return date;
}

/** Refuses what is not a whole number of đồng (of either sign), or, for a `count`, not a count. */
export function checkWhole(value: number, field: string, kind: 'amount' | 'count' = 'amount'): void {
  const ok = Number.isSafeInteger(value) && (kind === 'amount' || value >= 0);
  if (!ok) throw new RangeError(`${field} is not ${kind === 'count' ? 'a count' : 'an amount'}: ${value}`);
}

/** Refuses a statement with figures or dates no document could print. */
export function checkStatement(statement: MonthlyStatement): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(statement.period)) {
    throw new RangeError(`period is not a month YYYY-MM: ${JSON.stringify(statement.period)}`);
  }
  checkInstant(statement.generatedAt, 'generatedAt');
  for (const [name, counts] of [
    ['dossiers', statement.dossiers],
    ['items', statement.items],
  ] as const) {
    for (const [key, count] of Object.entries(counts)) checkWhole(count, `${name}.${key}`, 'count');
  }
  for (const [key, amount] of Object.entries(statement.amounts)) checkWhole(amount, `amounts.${key}`);
  const rate = statement.onTimeRate;
  if (rate !== null && !(Number.isFinite(rate) && rate >= 0 && rate <= 1)) {
    throw new RangeError(`onTimeRate is not a rate between 0 and 1: ${rate}`);
  }
  statement.remittances.forEach((r, i) => {
    const at = `remittances[${i}]`;
    checkInstant(r.periodStart, `${at}.periodStart`);
    checkInstant(r.periodEnd, `${at}.periodEnd`);
    checkInstant(r.createdAt, `${at}.createdAt`);
    checkInstant(r.dueBy, `${at}.dueBy`);
    if (r.bankConfirmedAt !== null) checkInstant(r.bankConfirmedAt, `${at}.bankConfirmedAt`);
    for (const key of ['feesCollected', 'amount', 'bankConfirmed'] as const) {
      checkWhole(r[key], `${at}.${key}`);
    }
  });
  statement.cashHandins.forEach((h, i) => {
    const at = `cashHandins[${i}]`;
    checkInstant(h.at, `${at}.at`);
    for (const key of ['expected', 'counted', 'variance'] as const) checkWhole(h[key], `${at}.${key}`);
  });
  if (statement.discrepanciesOmitted !== undefined) {
    checkWhole(statement.discrepanciesOmitted, 'discrepanciesOmitted', 'count');
  }
  statement.discrepancies.forEach((d, i) => {
    const at = `discrepancies[${i}]`;
    if (!(d.kind in DISCREPANCY_KIND_TEXT)) {
      throw new RangeError(`${at}.kind is not a discrepancy kind: ${JSON.stringify(d.kind)}`);
    }
    if (d.at !== null) checkInstant(d.at, `${at}.at`);
    for (const key of ['expected', 'actual', 'difference'] as const) checkWhole(d[key], `${at}.${key}`);
  });
}

// ---------------------------------------------------------------------------------------------
// The summary

export type SummaryValue =
  | { readonly type: 'text'; readonly value: string }
  /** A month, `YYYY-MM`. */
  | { readonly type: 'period'; readonly value: string }
  /** An ISO date-time. */
  | { readonly type: 'instant'; readonly value: string }
  | { readonly type: 'count'; readonly value: number }
  | { readonly type: 'money'; readonly value: number }
  /** A fraction between 0 and 1; null when there is nothing to divide. */
  | { readonly type: 'rate'; readonly value: number | null };

/** One figure of the statement's summary. */
export interface SummaryRow {
  /** Stable and machine-readable, e.g. `amounts.collectedCash`, `discrepancies.underpaid`. */
  readonly name: string;
  /** What the row is, in Vietnamese. */
  readonly label: string;
  readonly value: SummaryValue;
}

/** The labels of `statement.amounts`, in the order the statement lists them. */
export const AMOUNT_TEXT: Readonly<Record<keyof MonthlyStatement['amounts'], string>> = {
  expected: 'Tổng số phải thu',
  feesExpected: 'Trong đó: phí, lệ phí phải thu',
  collected: 'Tổng số đã thu',
  collectedCash: 'Đã thu bằng tiền mặt',
  collectedVietqr: 'Đã thu bằng chuyển khoản VietQR',
  feesCollected: 'Trong đó: phí, lệ phí đã thu',
  voided: 'Hoàn trả do hủy biên lai',
  remitted: 'Đã chuyển cho cơ quan',
  bankConfirmed: 'Ngân hàng đã xác nhận',
  bankConfirmedVietqr: 'Ngân hàng xác nhận tiền VietQR về tài khoản',
  bankConfirmedRemittances: 'Ngân hàng xác nhận tiền đã chuyển cho cơ quan',
  resendPostageCitizen: 'Cước gửi lại do công dân chịu, thu khi phát',
  resendPostagePost: 'Cước gửi lại do bưu chính chịu',
  resendPostageAgency: 'Cước gửi lại do cơ quan chịu, cơ quan phải trả bưu chính',
};

/** The collections only the facts-to-ledger check booked: how many, how much (rows only when there were any). */
function repairRows(statement: MonthlyStatement): SummaryRow[] {
  const repairs = statement.collectionRepairs ?? [];
  if (repairs.length === 0) return [];
  return [
    {
      name: 'collectionRepairs.count',
      label: 'Số khoản thu ghi bổ sung vào sổ khi đối chiếu dữ liệu quét',
      value: { type: 'count', value: repairs.length },
    },
    {
      name: 'collectionRepairs.amount',
      label: 'Tổng số tiền thu ghi bổ sung vào sổ',
      value: { type: 'money', value: repairs.reduce((total, repair) => total + repair.amount, 0) },
    },
  ];
}

/**
 * The statement's summary: who and when, the dossiers by status and the items by outcome, the
 * on-time rate, the amounts, the remittances' and hand-ins' totals, and the discrepancies:
 * how many were found (`discrepancies.count`, listed in the statement or only counted there),
 * how many the CSV and the XLSX list (`discrepancies.listed`, up to
 * `STATEMENT_EXPORT_MAX_ROWS`), and the statement's listed ones by kind — every kind, zero or
 * not, so that the rows are the same every month — with those it only counted as
 * `discrepancies.unclassified`.
 */
export function statementSummary(statement: MonthlyStatement): SummaryRow[] {
  const text = (name: string, label: string, value: string): SummaryRow => ({
    name,
    label,
    value: { type: 'text', value },
  });
  const count = (name: string, label: string, value: number): SummaryRow => ({
    name,
    label,
    value: { type: 'count', value },
  });
  const money = (name: string, label: string, value: number): SummaryRow => ({
    name,
    label,
    value: { type: 'money', value },
  });
  const sum = <T>(rows: readonly T[], of: (row: T) => number) =>
    rows.reduce((total, row) => total + of(row), 0);
  const byKind = new Map<DiscrepancyKind, number>();
  for (const d of statement.discrepancies) byKind.set(d.kind, (byKind.get(d.kind) ?? 0) + 1);
  return [
    text('agency.code', 'Mã cơ quan', statement.agencyCode),
    text('agency.name', 'Cơ quan', statement.agencyName),
    text('postOffice.code', 'Bưu cục', statement.postOfficeCode),
    { name: 'period', label: 'Tháng đối soát', value: { type: 'period', value: statement.period } },
    { name: 'generatedAt', label: 'Lập lúc', value: { type: 'instant', value: statement.generatedAt } },
    ...statusKeys(statement.dossiers).map((key) =>
      count(`dossiers.${key}`, `Hồ sơ: ${statusText(key)}`, statement.dossiers[key]!),
    ),
    ...statusKeys(statement.items).map((key) =>
      count(`items.${key}`, `Bưu gửi: ${statusText(key)}`, statement.items[key]!),
    ),
    { name: 'onTimeRate', label: 'Tỷ lệ đúng hạn', value: { type: 'rate', value: statement.onTimeRate } },
    ...(Object.keys(AMOUNT_TEXT) as (keyof MonthlyStatement['amounts'])[]).map((key) =>
      money(`amounts.${key}`, AMOUNT_TEXT[key], statement.amounts[key]),
    ),
    count('remittances.count', 'Số lần chuyển tiền cho cơ quan', statement.remittances.length),
    money(
      'remittances.amount',
      'Tổng số tiền chuyển cho cơ quan',
      sum(statement.remittances, (r) => r.amount),
    ),
    count('cashHandins.count', 'Số lần nộp tiền mặt', statement.cashHandins.length),
    money(
      'cashHandins.variance',
      'Chênh lệch nộp tiền mặt (thừa + / thiếu −)',
      sum(statement.cashHandins, (h) => h.variance),
    ),
    ...repairRows(statement),
    count('discrepancies.count', 'Tổng số chênh lệch', discrepancyTotal(statement)),
    count(
      'discrepancies.listed',
      'Số chênh lệch liệt kê trong tệp CSV, XLSX',
      Math.min(statement.discrepancies.length, STATEMENT_EXPORT_MAX_ROWS),
    ),
    ...DISCREPANCY_KINDS.map((kind) =>
      count(`discrepancies.${kind}`, `Chênh lệch: ${DISCREPANCY_KIND_TEXT[kind]}`, byKind.get(kind) ?? 0),
    ),
    count(
      'discrepancies.unclassified',
      'Chênh lệch không liệt kê, không phân loại (vượt giới hạn)',
      statement.discrepanciesOmitted ?? 0,
    ),
  ];
}
