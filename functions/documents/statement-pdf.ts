/**
 * The monthly statement (bảng đối soát) of an agency as an A4 document, for finance on both
 * sides to check and sign: the office and the national heading, the title with the month,
 * the agency and the period; then the dossiers by status, the items by how their journeys
 * ended and the on-time rate; the amounts (owed, collected in cash and by VietQR, refunded on
 * voided receipts, remitted, confirmed by the bank); the remittances; the cash hand-ins; the
 * discrepancies, by kind, then one by one; and the signature blocks of the preparer, the
 * chief accountant and the agency.
 *
 * The lists run over as many pages as they need, their headers repeated (see `A4Flow` in
 * `page-flow.ts`), up to `STATEMENT_PDF_MAX_DISCREPANCIES` discrepancies and
 * `STATEMENT_PDF_MAX_ROWS` remittances and hand-ins; beyond that the document says how many
 * there are in all, and whether the CSV and XLSX list the rest or they were only counted.
 */
import type { DiscrepancyKind, MonthlyStatement } from '../domain/money/model.ts';
import {
  AMOUNT_TEXT,
  checkStatement,
  DISCREPANCY_KIND_TEXT,
  DISCREPANCY_KINDS,
  discrepancyTotal,
  formatCount,
  formatPercent,
  isDateOnly,
  periodDays,
  STATEMENT_EXPORT_MAX_ROWS,
  STATEMENT_PDF_MAX_DISCREPANCIES,
  STATEMENT_PDF_MAX_ROWS,
  statementReference,
  statementTitle,
  statusKeys,
  statusText,
} from './finance-text.ts';
import { formatVietnamDate, formatVietnamDateTime, formatVnd } from './item-label.ts';
import { A4Flow, checkCode128 } from './page-flow.ts';
import { listRows, type TableColumn, type TableRow } from './page-table.ts';
import { createDocument, pdfBytes } from './pdf.ts';

const TABLE_SIZE = 8.5;
const LIST_SIZE = 7.5;

const DOSSIER_COLUMNS: readonly TableColumn[] = [
  { header: 'Trạng thái hồ sơ', width: 0, maxLines: 2 },
  { header: 'Số hồ sơ', width: 110, align: 'right', wrap: 'code', maxLines: 2 },
];

const ITEM_COLUMNS: readonly TableColumn[] = [
  { header: 'Bưu gửi kết thúc hành trình', width: 0, maxLines: 2 },
  { header: 'Số bưu gửi', width: 110, align: 'right', wrap: 'code', maxLines: 2 },
];

const AMOUNT_COLUMNS: readonly TableColumn[] = [
  { header: 'Chỉ tiêu', width: 0, maxLines: 2 },
  { header: 'Số tiền', width: 130, align: 'right', wrap: 'code', maxLines: 2 },
];

/** Amount columns hold ten digits on a line, the "đ" going under larger amounts. */
const REMITTANCE_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 22, align: 'center' },
  { header: 'Số tham chiếu', width: 0, wrap: 'code', maxLines: 2 },
  { header: 'Kỳ thu', width: 60, align: 'center', maxLines: 2 },
  { header: 'Phí, lệ phí đã thu', width: 66, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Số tiền chuyển', width: 66, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Hạn chuyển', width: 54, align: 'center', wrap: 'code', maxLines: 2 },
  { header: 'Ngân hàng xác nhận', width: 66, align: 'right', wrap: 'code', maxLines: 2 },
];

const CASH_HANDIN_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 22, align: 'center' },
  { header: 'Nhân viên', width: 0, wrap: 'code', maxLines: 2 },
  { header: 'Thời điểm', width: 70, align: 'center', wrap: 'code', maxLines: 2 },
  { header: 'Số phải nộp', width: 66, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Số kiểm đếm', width: 66, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Chênh lệch', width: 66, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Người kiểm đếm', width: 90, wrap: 'code', maxLines: 2 },
];

const KIND_COLUMNS: readonly TableColumn[] = [
  { header: 'Loại chênh lệch', width: 0, maxLines: 2 },
  { header: 'Số trường hợp', width: 80, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Tổng chênh lệch', width: 110, align: 'right', wrap: 'code', maxLines: 2 },
];

/**
 * Across the 496 pt text block, at 7.5 pt: amounts of up to ten digits and dates on one line
 * (the "đ" of larger amounts and the times go on a second), the kind on up to three lines,
 * and the cause whole on as many lines of what is left as it needs (a cause is never cut:
 * `CAUSE_MAX_LINES` holds the longest one the reconciliation writes, a voided receipt's reason
 * included).
 */
const CAUSE_MAX_LINES = 60;

const DISCREPANCY_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 22, align: 'center' },
  { header: 'Loại', width: 62, maxLines: 3 },
  { header: 'Đối tượng', width: 66, wrap: 'code', maxLines: 2 },
  { header: 'Phải có', width: 64, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Thực tế', width: 64, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Chênh lệch', width: 64, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Nguyên nhân', width: 0, maxLines: CAUSE_MAX_LINES },
  { header: 'Thời điểm', width: 54, align: 'center', wrap: 'code', maxLines: 2 },
];

/** Renders the statement as an A4 PDF of as many pages as its lists need. */
export async function renderStatementPdf(statement: MonthlyStatement): Promise<Uint8Array> {
  checkStatement(statement);
  const reference = statementReference(statement);
  checkCode128(reference, 'agencyCode');
  const title = statementTitle(statement);
  const { doc, fonts } = await createDocument({
    title: `Bảng đối soát ${statement.period} ${statement.agencyCode}`,
    subject: `${title} – ${statement.agencyName}`,
    createdAt: statement.generatedAt,
    keywords: [reference, statement.agencyCode, statement.postOfficeCode, statement.period],
  });
  const flow = new A4Flow(doc, fonts, {
    runningTitle: title,
    runningNumber: `Số: ${reference}`,
    footer: `Bảng đối soát số ${reference} · Lập lúc ${formatVietnamDateTime(statement.generatedAt, 'generatedAt')}`,
  });

  flow.administrativeHeading({
    unit: `Bưu cục ${statement.postOfficeCode}`,
    barcode: reference,
    number: `Số: ${reference}`,
    date: statement.generatedAt,
  });
  flow.title(title, '(Đối soát phí, lệ phí thu hộ qua dịch vụ bưu chính công ích)');

  const days = periodDays(statement.period);
  flow.field('Cơ quan:', `${statement.agencyName} (mã ${statement.agencyCode})`);
  flow.fieldsRow([
    { label: 'Bưu cục:', value: statement.postOfficeCode },
    { label: 'Kỳ đối soát:', value: `từ ${days.first} đến ${days.last}`, bold: false },
  ]);

  flow.heading('I. HỒ SƠ, BƯU GỬI');
  dossiersAndItems(flow, statement);

  flow.heading('II. SỐ TIỀN');
  amounts(flow, statement);

  flow.heading('III. CHUYỂN TIỀN CHO CƠ QUAN');
  remittances(flow, statement);

  flow.heading('IV. NỘP TIỀN MẶT TẠI BƯU CỤC');
  cashHandins(flow, statement);

  flow.heading('V. CHÊNH LỆCH');
  discrepancies(flow, statement);

  signatures(flow, statement);

  flow.finish();
  return pdfBytes(doc);
}

/** The dossiers by status, the items by how their journeys ended, and the on-time rate. */
function dossiersAndItems(flow: A4Flow, statement: MonthlyStatement): void {
  flow.table(DOSSIER_COLUMNS, countRows(statement.dossiers), { size: TABLE_SIZE });
  flow.space(6);
  flow.table(ITEM_COLUMNS, countRows(statement.items), { size: TABLE_SIZE });
  flow.space(4);
  flow.field(
    'Tỷ lệ bưu gửi đến đúng hạn:',
    statement.onTimeRate === null
      ? 'Chưa có bưu gửi đến nơi trong tháng'
      : formatPercent(statement.onTimeRate),
  );
}

/** The month's amounts, what is owed and what was collected in bold. */
function amounts(flow: A4Flow, statement: MonthlyStatement): void {
  flow.table(
    AMOUNT_COLUMNS,
    (Object.keys(AMOUNT_TEXT) as (keyof MonthlyStatement['amounts'])[]).map((key) => ({
      bold: key === 'expected' || key === 'collected',
      cells: [AMOUNT_TEXT[key], formatVnd(statement.amounts[key])],
    })),
    { size: TABLE_SIZE },
  );
}

/** Where the details are, how many copies, and the preparer's, the chief accountant's and the agency's blocks. */
function signatures(flow: A4Flow, statement: MonthlyStatement): void {
  flow.ending(
    [
      { space: 8 },
      {
        text: 'Số liệu chi tiết có trong các tệp CSV, XLSX của bảng đối soát. Bảng đối soát được lập thành 03 bản: bưu cục giữ 01 bản, cơ quan giữ 02 bản.',
        options: { italic: true, size: 9 },
      },
      { space: 10 },
    ],
    [
      { heading: 'NGƯỜI LẬP', party: `Bưu cục ${statement.postOfficeCode}` },
      { heading: 'KẾ TOÁN TRƯỞNG' },
      { heading: 'ĐẠI DIỆN CƠ QUAN', party: statement.agencyName },
    ],
  );
}

function remittances(flow: A4Flow, statement: MonthlyStatement): void {
  const all = statement.remittances;
  if (all.length === 0) {
    flow.paragraph('Không có lần chuyển tiền nào trong tháng.', { italic: true });
    return;
  }
  const listed = all.slice(0, STATEMENT_PDF_MAX_ROWS);
  const sum = (of: (r: (typeof all)[number]) => number) =>
    formatVnd(all.reduce((total, r) => total + of(r), 0));
  const rows = listRows(
    listed,
    (r) => [
      r.reference,
      `${dayText(r.periodStart, 'periodStart')} – ${dayText(r.periodEnd, 'periodEnd')}`,
      formatVnd(r.feesCollected),
      formatVnd(r.amount),
      dateTimeText(r.dueBy, 'dueBy'),
      formatVnd(r.bankConfirmed),
    ],
    {
      shade: (r) => r.bankConfirmed !== r.amount,
      total: {
        caption: `Tổng cộng (${formatCount(all.length)} lần)`,
        span: 3,
        cells: [sum((r) => r.feesCollected), sum((r) => r.amount), '', sum((r) => r.bankConfirmed)],
      },
    },
  );
  flow.table(REMITTANCE_COLUMNS, rows, { size: LIST_SIZE });
  cappedNote(
    flow,
    listed.length,
    all.length,
    Math.min(all.length, STATEMENT_EXPORT_MAX_ROWS),
    'lần chuyển tiền',
  );
}

function cashHandins(flow: A4Flow, statement: MonthlyStatement): void {
  const all = statement.cashHandins;
  if (all.length === 0) {
    flow.paragraph('Không có lần nộp tiền mặt nào trong tháng.', { italic: true });
    return;
  }
  const listed = all.slice(0, STATEMENT_PDF_MAX_ROWS);
  const sum = (of: (h: (typeof all)[number]) => number) =>
    formatVnd(all.reduce((total, h) => total + of(h), 0));
  const rows = listRows(
    listed,
    (h) => [
      h.staffId,
      dateTimeText(h.at, 'at'),
      formatVnd(h.expected),
      formatVnd(h.counted),
      formatVnd(h.variance),
      h.countedBy,
    ],
    {
      shade: (h) => h.variance !== 0,
      total: {
        caption: `Tổng cộng (${formatCount(all.length)} lần)`,
        span: 3,
        cells: [sum((h) => h.expected), sum((h) => h.counted), sum((h) => h.variance), ''],
      },
    },
  );
  flow.table(CASH_HANDIN_COLUMNS, rows, { size: LIST_SIZE });
  cappedNote(
    flow,
    listed.length,
    all.length,
    Math.min(all.length, STATEMENT_EXPORT_MAX_ROWS),
    'lần nộp tiền',
  );
}

/** A row per status, then the total. */
function countRows(counts: Readonly<Record<string, number>>): TableRow[] {
  const keys = statusKeys(counts);
  const total = keys.reduce((sum, key) => sum + counts[key]!, 0);
  return [
    ...keys.map((key) => ({ cells: [statusText(key), formatCount(counts[key]!)] })),
    { bold: true, cells: [{ text: 'Tổng cộng', align: 'right' as const }, formatCount(total)] },
  ];
}

function discrepancies(flow: A4Flow, statement: MonthlyStatement): void {
  const all = statement.discrepancies;
  const total = discrepancyTotal(statement);
  if (total === 0) {
    flow.paragraph('Không có chênh lệch.', { italic: true });
    return;
  }
  const byKind = new Map<DiscrepancyKind, { count: number; difference: number }>();
  for (const d of all) {
    const entry = byKind.get(d.kind) ?? { count: 0, difference: 0 };
    entry.count += 1;
    entry.difference += d.difference;
    byKind.set(d.kind, entry);
  }
  const kindRows: TableRow[] = DISCREPANCY_KINDS.filter((kind) => byKind.has(kind)).map((kind) => {
    const entry = byKind.get(kind)!;
    return { cells: [DISCREPANCY_KIND_TEXT[kind], formatCount(entry.count), formatVnd(entry.difference)] };
  });
  const omitted = statement.discrepanciesOmitted ?? 0;
  if (omitted > 0) {
    kindRows.push({ cells: ['Không liệt kê, không phân loại (vượt giới hạn)', formatCount(omitted), ''] });
  }
  kindRows.push({
    bold: true,
    cells: [{ text: 'Tổng số chênh lệch', align: 'right' }, formatCount(total), ''],
  });
  flow.table(KIND_COLUMNS, kindRows, { size: TABLE_SIZE });

  if (all.length === 0) {
    cappedNote(flow, 0, total, 0, 'trường hợp');
    return;
  }
  flow.space(8);
  flow.paragraph('Chi tiết từng trường hợp:', { bold: true, keepWithNext: 3 });
  flow.space(3);
  const listed = all.slice(0, STATEMENT_PDF_MAX_DISCREPANCIES);
  flow.table(
    DISCREPANCY_COLUMNS,
    listRows(listed, (d) => [
      DISCREPANCY_KIND_TEXT[d.kind],
      d.subject,
      formatVnd(d.expected),
      formatVnd(d.actual),
      formatVnd(d.difference),
      d.cause,
      d.at === null ? '' : dateTimeText(d.at, 'at'),
    ]),
    { size: LIST_SIZE },
  );
  cappedNote(flow, listed.length, total, Math.min(all.length, STATEMENT_EXPORT_MAX_ROWS), 'trường hợp');
}

/**
 * Under a list cut short: how many there are in all, and where the rest are — in the CSV and
 * XLSX (which list `exported`), or nowhere but in the count.
 */
function cappedNote(flow: A4Flow, listed: number, total: number, exported: number, what: string): void {
  if (listed >= total) return;
  const head =
    listed === 0
      ? `Tổng số ${formatCount(total)} ${what}`
      : `Danh sách trên gồm ${formatCount(listed)} ${what} đầu tiên trong tổng số ${formatCount(total)}`;
  const rest =
    exported >= total
      ? `${formatCount(total - listed)} ${what} còn lại có trong các tệp CSV, XLSX của bảng đối soát`
      : exported > listed
        ? `các tệp CSV, XLSX của bảng đối soát liệt kê ${formatCount(exported)} ${what} đầu tiên; ${formatCount(total - exported)} ${what} còn lại chỉ được đếm, không được liệt kê`
        : `${formatCount(total - listed)} ${what} ${listed === 0 ? '' : 'còn lại '}chỉ được đếm, không được liệt kê`;
  flow.space(4);
  flow.paragraph(`${head}; ${rest}.`, { italic: true, size: 9 });
}

/** `dd/MM/yyyy`: a calendar day as it is, an instant in Vietnam's time. */
function dayText(value: string, field: string): string {
  if (isDateOnly(value)) return value.split('-').reverse().join('/');
  return formatVietnamDate(value, field);
}

/** `dd/MM/yyyy HH:mm` in Vietnam's time; a calendar day as `dd/MM/yyyy`. */
function dateTimeText(value: string, field: string): string {
  return isDateOnly(value) ? dayText(value, field) : formatVietnamDateTime(value, field);
}
