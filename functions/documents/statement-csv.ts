/**
 * The monthly statement as CSV, for finance tools and spreadsheets: one table, RFC 4180
 * (comma-separated, CRLF line ends, a field quoted when it holds a comma, a double quote or
 * a line break, and a double quote inside doubled), in UTF-8 with a byte order mark, so that
 * Excel reads the Vietnamese as Vietnamese.
 *
 * The header row names the columns in Vietnamese (`STATEMENT_CSV_HEADERS`; their stable keys
 * are `STATEMENT_CSV_COLUMNS`), then one row per line of the statement: the summary rows, one
 * row per discrepancy, one row per item:
 *
 *     Phần,Mã chỉ tiêu,Giá trị,Loại,Đối tượng,Phải có,Thực tế,Chênh lệch,Nguyên nhân,Thời điểm,
 *     Phí lệ phí phải thu,Thu tiền mặt,Thu VietQR,Ngân hàng xác nhận,Hoàn do hủy biên lai,Đúng hạn
 *
 * - `Phần` (section) says which columns a row fills: `summary`, `discrepancy` or `item`.
 * - `summary` rows fill `Mã chỉ tiêu` and `Giá trị`: the figures of `statementSummary`, in its
 *   order and with its names (`agency.code`, `period`, `dossiers.delivered`,
 *   `amounts.collected`, `onTimeRate`, `discrepancies.count`, …). Amounts are whole đồng,
 *   counts whole numbers, the on-time rate a fraction between 0 and 1 (empty when nothing
 *   arrived), the period `YYYY-MM`, times ISO 8601 as the statement has them.
 * - `discrepancy` rows fill the kind (the model's code, e.g. `underpaid`), the subject, what
 *   was expected, the actual, the difference (actual − expected; whole đồng, minus signed),
 *   the cause (Vietnamese) and the time (ISO 8601, empty when none).
 * - `item` rows fill the outcome as kind (`delivered`, …, empty while under way), the item
 *   code as subject, what was due, what was collected (cash and VietQR), the difference, the
 *   time of its latest line, and the item's own columns: the fees due, cash, VietQR, what the
 *   bank confirmed, what went back on voided receipts, and `1`/`0` for on time or late
 *   (empty when it has not arrived).
 *
 * Numbers are plain digits with a leading minus, no grouping. A text field that a
 * spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) is written with a leading apostrophe. At most `STATEMENT_EXPORT_MAX_ROWS`
 * discrepancies and as many items are listed; the summary's `discrepancies.count` and
 * `discrepancies.listed` say whether all discrepancies were.
 */
import type { Discrepancy, MonthlyStatement, StatementItemLine } from '../domain/money/model.ts';
import {
  checkStatement,
  STATEMENT_EXPORT_MAX_ROWS,
  type SummaryValue,
  statementSummary,
} from './finance-text.ts';

/** The columns' stable keys, in order. */
export const STATEMENT_CSV_COLUMNS = [
  'section',
  'name',
  'value',
  'kind',
  'subject',
  'expected',
  'actual',
  'difference',
  'cause',
  'at',
  'feesDue',
  'collectedCash',
  'collectedVietqr',
  'bankConfirmed',
  'voided',
  'onTime',
] as const;

type CsvColumn = (typeof STATEMENT_CSV_COLUMNS)[number];

/** The header row: each column named in Vietnamese. */
export const STATEMENT_CSV_HEADERS: Readonly<Record<CsvColumn, string>> = {
  section: 'Phần',
  name: 'Mã chỉ tiêu',
  value: 'Giá trị',
  kind: 'Loại',
  subject: 'Đối tượng',
  expected: 'Phải có',
  actual: 'Thực tế',
  difference: 'Chênh lệch',
  cause: 'Nguyên nhân',
  at: 'Thời điểm',
  feesDue: 'Phí lệ phí phải thu',
  collectedCash: 'Thu tiền mặt',
  collectedVietqr: 'Thu VietQR',
  bankConfirmed: 'Ngân hàng xác nhận',
  voided: 'Hoàn do hủy biên lai',
  onTime: 'Đúng hạn',
};

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** Renders the statement as CSV text, starting with a byte order mark; write it out as UTF-8. */
export function renderStatementCsv(statement: MonthlyStatement): string {
  checkStatement(statement);
  const lines = [STATEMENT_CSV_COLUMNS.map((column) => csvField(STATEMENT_CSV_HEADERS[column])).join(',')];
  for (const row of statementSummary(statement)) {
    lines.push(record({ section: 'summary', name: text(row.name), value: summaryValue(row.value) }));
  }
  for (const d of statement.discrepancies.slice(0, STATEMENT_EXPORT_MAX_ROWS)) lines.push(discrepancyRow(d));
  for (const item of (statement.itemLines ?? []).slice(0, STATEMENT_EXPORT_MAX_ROWS))
    lines.push(itemRow(item));
  return BOM + lines.join(CRLF) + CRLF;
}

function discrepancyRow(d: Discrepancy): string {
  return record({
    section: 'discrepancy',
    kind: text(d.kind),
    subject: text(d.subject),
    expected: String(d.expected),
    actual: String(d.actual),
    difference: String(d.difference),
    cause: text(d.cause),
    at: d.at ?? '',
  });
}

function itemRow(item: StatementItemLine): string {
  const collected = item.collectedCashVnd + item.collectedVietqrVnd;
  return record({
    section: 'item',
    kind: item.outcome ?? '',
    subject: text(item.itemCode),
    expected: String(item.dueVnd),
    actual: String(collected),
    difference: String(collected - item.dueVnd),
    at: item.lastAt,
    feesDue: String(item.feesDueVnd),
    collectedCash: String(item.collectedCashVnd),
    collectedVietqr: String(item.collectedVietqrVnd),
    bankConfirmed: String(item.bankConfirmedVnd),
    voided: String(item.voidedVnd),
    onTime: item.onTime === null ? '' : item.onTime ? '1' : '0',
  });
}

function summaryValue(value: SummaryValue): string {
  switch (value.type) {
    case 'count':
    case 'money':
      return String(value.value);
    case 'rate':
      return value.value === null ? '' : String(value.value);
    case 'text':
      return text(value.value);
    case 'period':
    case 'instant':
      return value.value;
  }
}

/** A text field as a spreadsheet will not run it as a formula. */
function text(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

/** One row: the given columns filled, the others empty. */
function record(fields: Partial<Record<CsvColumn, string>>): string {
  return STATEMENT_CSV_COLUMNS.map((column) => csvField(fields[column] ?? '')).join(',');
}

/** RFC 4180: quoted when it holds a comma, a double quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/u.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
