/**
 * The monthly statement as an Excel workbook (XLSX), for finance to sort, filter and sum:
 *
 * - "Tổng hợp": the title, then the summary as rows of label, value and the row's stable name
 *   (the same rows and names as the CSV's summary, see `statementSummary`);
 * - "Chênh lệch": the discrepancies, one a row;
 * - "Chuyển tiền": the remittances to the agency;
 * - "Nộp tiền": the staff's cash hand-ins;
 * - "Từng bưu gửi": the items one a row — what was due, collected in cash and by VietQR,
 *   confirmed by the bank, given back on voided receipts, how and whether on time each ended —
 *   with an auto-filter on its header row.
 *
 * Amounts and counts are numeric cells shown with digit grouping, the on-time rate a
 * percentage, times date cells in Vietnam's time (spreadsheets have no time zones). Each
 * list's header row stays in view while scrolling. At most `STATEMENT_EXPORT_MAX_ROWS` rows
 * a list; the summary says how many discrepancies there were and how many are listed.
 */
import writeExcelFile, { type Cell, type CellObject, type Row, type SheetData } from 'write-excel-file/node';
import {
  getCellAddress,
  getOrderOfSiblings,
  getSelfClosingTagMarkup,
  insertElementMarkupAccordingToOrderOfSiblings,
} from 'write-excel-file/utility';
import type {
  CashHandin,
  Discrepancy,
  MonthlyStatement,
  Remittance,
  StatementItemLine,
} from '../domain/money/model.ts';
import {
  checkStatement,
  DISCREPANCY_KIND_TEXT,
  isDateOnly,
  periodText,
  STATEMENT_EXPORT_MAX_ROWS,
  type SummaryValue,
  statementSummary,
  statementTitle,
  statusText,
  vietnamWallClock,
} from './finance-text.ts';

export const STATEMENT_SHEETS = {
  summary: 'Tổng hợp',
  discrepancies: 'Chênh lệch',
  remittances: 'Chuyển tiền',
  cashHandins: 'Nộp tiền',
  items: 'Từng bưu gửi',
} as const;

/** Whole đồng, grouped: Excel shows the grouping the reader's locale uses. */
const MONEY_FORMAT = '#,##0';
const COUNT_FORMAT = '#,##0';
const RATE_FORMAT = '0.00%';
const DATE_TIME_FORMAT = 'dd/mm/yyyy hh:mm';
const DATE_FORMAT = 'dd/mm/yyyy';
const HEADER_FILL = '#E6E6E6';

interface Column<T> {
  readonly header: string;
  readonly width: number;
  readonly cell: (row: T, index: number) => Cell;
}

/** Renders the statement as an XLSX workbook of five sheets. */
export async function renderStatementXlsx(statement: MonthlyStatement): Promise<Buffer> {
  checkStatement(statement);
  const summary = summarySheet(statement);
  const sheets = [
    {
      sheet: STATEMENT_SHEETS.summary,
      data: summary,
      columns: [{ width: 48 }, { width: 24 }, { width: 40 }],
    },
    listSheet(STATEMENT_SHEETS.discrepancies, DISCREPANCY_COLUMNS, statement.discrepancies),
    listSheet(STATEMENT_SHEETS.remittances, REMITTANCE_COLUMNS, statement.remittances),
    listSheet(STATEMENT_SHEETS.cashHandins, CASH_HANDIN_COLUMNS, statement.cashHandins),
    listSheet(STATEMENT_SHEETS.items, ITEM_COLUMNS, statement.itemLines ?? []),
  ];
  const items = Math.min(statement.itemLines?.length ?? 0, STATEMENT_EXPORT_MAX_ROWS);
  const filters = new Map([[STATEMENT_SHEETS.items, `A1:${getCellAddress(items, ITEM_COLUMNS.length - 1)}`]]);
  return writeExcelFile(sheets, {
    fontFamily: 'Arial',
    fontSize: 10,
    features: [autoFilter(filters)],
  }).toBuffer();
}

/** A feature of a workbook as `writeExcelFile` writes it in Node.js. */
type WorkbookFeature = NonNullable<NonNullable<Parameters<typeof writeExcelFile>[1]>['features']>[number];

/** An auto-filter on the given range of each named sheet (its header row first). */
function autoFilter(ranges: ReadonlyMap<string, string>): WorkbookFeature {
  const order = getOrderOfSiblings('xl/worksheets/sheet{id}.xml', 'worksheet') ?? [];
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transform: (xml, sheet) => {
            const ref = sheet.sheet === undefined ? undefined : ranges.get(sheet.sheet);
            if (ref === undefined) return xml;
            const markup = getSelfClosingTagMarkup('autoFilter', { ref });
            return insertElementMarkupAccordingToOrderOfSiblings(xml, markup, order, 'worksheet');
          },
        },
      },
    },
  };
}

function summarySheet(statement: MonthlyStatement): SheetData {
  const header = (value: string): CellObject => ({ value, fontWeight: 'bold', backgroundColor: HEADER_FILL });
  return [
    [{ value: statementTitle(statement), fontWeight: 'bold', fontSize: 14 }],
    [header('Chỉ tiêu'), header('Giá trị'), header('Mã chỉ tiêu')],
    ...statementSummary(statement).map((row): Row => [row.label, summaryCell(row.value), row.name]),
  ];
}

function summaryCell(value: SummaryValue): Cell {
  switch (value.type) {
    case 'text':
      return value.value;
    case 'period':
      return periodText(value.value);
    case 'instant':
      return dateTime(value.value, 'generatedAt');
    case 'count':
      return { value: value.value, type: Number, format: COUNT_FORMAT };
    case 'money':
      return money(value.value);
    case 'rate':
      return value.value === null ? null : { value: value.value, type: Number, format: RATE_FORMAT };
  }
}

function listSheet<T>(sheet: string, columns: readonly Column<T>[], rows: readonly T[]) {
  const data: SheetData = [
    columns.map((column) => ({
      value: column.header,
      fontWeight: 'bold' as const,
      backgroundColor: HEADER_FILL,
      wrap: true,
    })),
    ...rows.slice(0, STATEMENT_EXPORT_MAX_ROWS).map((row, i) => columns.map((column) => column.cell(row, i))),
  ];
  return { sheet, data, columns: columns.map((column) => ({ width: column.width })), stickyRowsCount: 1 };
}

function money(value: number): CellObject {
  return { value, type: Number, format: MONEY_FORMAT };
}

function count(value: number): CellObject {
  return { value, type: Number, format: COUNT_FORMAT };
}

/** A date-time in Vietnam's time, or a calendar day. */
function dateTime(value: string | null, field: string): Cell {
  if (value === null) return null;
  const date = vietnamWallClock(value, field);
  return { value: date, type: Date, format: isDateOnly(value) ? DATE_FORMAT : DATE_TIME_FORMAT };
}

const DISCREPANCY_COLUMNS: readonly Column<Discrepancy>[] = [
  { header: 'STT', width: 7, cell: (_, i) => count(i + 1) },
  { header: 'Loại chênh lệch', width: 34, cell: (d) => DISCREPANCY_KIND_TEXT[d.kind] },
  { header: 'Mã loại', width: 26, cell: (d) => d.kind },
  { header: 'Đối tượng', width: 24, cell: (d) => d.subject },
  { header: 'Phải có', width: 15, cell: (d) => money(d.expected) },
  { header: 'Thực tế', width: 15, cell: (d) => money(d.actual) },
  { header: 'Chênh lệch', width: 15, cell: (d) => money(d.difference) },
  { header: 'Nguyên nhân', width: 70, cell: (d) => d.cause },
  { header: 'Thời điểm', width: 17, cell: (d, i) => dateTime(d.at, `discrepancies[${i}].at`) },
];

const REMITTANCE_COLUMNS: readonly Column<Remittance>[] = [
  { header: 'STT', width: 7, cell: (_, i) => count(i + 1) },
  { header: 'Số tham chiếu', width: 24, cell: (r) => r.reference },
  { header: 'Bưu cục', width: 14, cell: (r) => r.postOfficeCode },
  { header: 'Từ ngày', width: 17, cell: (r, i) => dateTime(r.periodStart, `remittances[${i}].periodStart`) },
  { header: 'Đến ngày', width: 17, cell: (r, i) => dateTime(r.periodEnd, `remittances[${i}].periodEnd`) },
  { header: 'Phí, lệ phí đã thu', width: 16, cell: (r) => money(r.feesCollected) },
  { header: 'Số tiền chuyển', width: 16, cell: (r) => money(r.amount) },
  { header: 'Lập lúc', width: 17, cell: (r, i) => dateTime(r.createdAt, `remittances[${i}].createdAt`) },
  { header: 'Hạn chuyển', width: 17, cell: (r, i) => dateTime(r.dueBy, `remittances[${i}].dueBy`) },
  { header: 'Người lập', width: 16, cell: (r) => r.createdBy },
  { header: 'Ngân hàng xác nhận', width: 16, cell: (r) => money(r.bankConfirmed) },
  {
    header: 'Xác nhận lúc',
    width: 17,
    cell: (r, i) => dateTime(r.bankConfirmedAt, `remittances[${i}].bankConfirmedAt`),
  },
  { header: 'Chênh lệch (ngân hàng − chuyển)', width: 16, cell: (r) => money(r.bankConfirmed - r.amount) },
];

const ITEM_COLUMNS: readonly Column<StatementItemLine>[] = [
  { header: 'STT', width: 7, cell: (_, i) => count(i + 1) },
  { header: 'Số hiệu bưu gửi', width: 18, cell: (l) => l.itemCode },
  { header: 'Phải thu', width: 15, cell: (l) => money(l.dueVnd) },
  { header: 'Trong đó: phí, lệ phí', width: 15, cell: (l) => money(l.feesDueVnd) },
  { header: 'Thu tiền mặt', width: 15, cell: (l) => money(l.collectedCashVnd) },
  { header: 'Thu VietQR', width: 15, cell: (l) => money(l.collectedVietqrVnd) },
  {
    header: 'Chênh lệch (đã thu − phải thu)',
    width: 16,
    cell: (l) => money(l.collectedCashVnd + l.collectedVietqrVnd - l.dueVnd),
  },
  { header: 'Ngân hàng xác nhận', width: 16, cell: (l) => money(l.bankConfirmedVnd) },
  { header: 'Hoàn do hủy biên lai', width: 16, cell: (l) => money(l.voidedVnd) },
  { header: 'Kết quả', width: 22, cell: (l) => (l.outcome === null ? 'Đang chuyển' : statusText(l.outcome)) },
  {
    header: 'Đúng hạn',
    width: 10,
    cell: (l) => (l.onTime === null ? null : l.onTime ? 'Đúng hạn' : 'Trễ hạn'),
  },
  { header: 'Cập nhật lúc', width: 17, cell: (l, i) => dateTime(l.lastAt, `itemLines[${i}].lastAt`) },
];

const CASH_HANDIN_COLUMNS: readonly Column<CashHandin>[] = [
  { header: 'STT', width: 7, cell: (_, i) => count(i + 1) },
  { header: 'Mã lần nộp', width: 24, cell: (h) => h.handinId },
  { header: 'Nhân viên', width: 16, cell: (h) => h.staffId },
  { header: 'Bưu cục', width: 14, cell: (h) => h.postOfficeCode },
  { header: 'Người kiểm đếm', width: 16, cell: (h) => h.countedBy },
  { header: 'Thời điểm', width: 17, cell: (h, i) => dateTime(h.at, `cashHandins[${i}].at`) },
  { header: 'Số phải nộp', width: 15, cell: (h) => money(h.expected) },
  { header: 'Số kiểm đếm', width: 15, cell: (h) => money(h.counted) },
  { header: 'Chênh lệch (thừa + / thiếu −)', width: 16, cell: (h) => money(h.variance) },
];
