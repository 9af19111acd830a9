/**
 * The monthly statement (bảng đối soát) of an agency as an A4 document, for finance on both
 * sides to check and sign: the office and the national heading, the title with the month,
 * the agency and the period; then the dossiers and items by outcome and the on-time rate,
 * the amounts (owed, collected in cash and by VietQR, refunded on voided receipts, remitted,
 * confirmed by the bank), the remittances, the cash hand-ins, and the discrepancies — by
 * kind, then one by one — and the signature blocks of the preparer, the chief accountant and
 * the agency.
 *
 * The lists run over as many pages as they need, their headers repeated (see `A4Flow` in
 * `manifest-pdf.ts`), up to `STATEMENT_PDF_MAX_DISCREPANCIES` discrepancies and
 * `STATEMENT_PDF_MAX_ROWS` remittances and hand-ins; beyond that the document says how many
 * more there are and that the CSV and XLSX list them.
 */
import type { DiscrepancyKind, MonthlyStatement } from '../domain/money/model.ts';
import {
  AMOUNT_TEXT,
  checkStatement,
  DISCREPANCY_KIND_TEXT,
  DISCREPANCY_KINDS,
  formatCount,
  formatPercent,
  isDateOnly,
  outcomeKeys,
  outcomeText,
  periodDays,
  STATEMENT_PDF_MAX_DISCREPANCIES,
  STATEMENT_PDF_MAX_ROWS,
  statementReference,
  statementTitle,
} from './finance-text.ts';
import { formatVietnamDate, formatVietnamDateTime, formatVnd } from './item-label.ts';
import { A4Flow, checkCode128, type TableColumn, type TableRow } from './manifest-pdf.ts';
import { createDocument, pdfBytes } from './pdf.ts';

const TABLE_SIZE = 8.5;
const LIST_SIZE = 7.5;

const OUTCOME_COLUMNS: readonly TableColumn[] = [
  { header: 'Kết quả', width: 0, maxLines: 2 },
  { header: 'Hồ sơ', width: 90, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Bưu gửi', width: 90, align: 'right', wrap: 'code', maxLines: 2 },
];

const AMOUNT_COLUMNS: readonly TableColumn[] = [
  { header: 'Chỉ tiêu', width: 0, maxLines: 2 },
  { header: 'Số tiền', width: 130, align: 'right', wrap: 'code', maxLines: 2 },
];

const REMITTANCE_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 24, align: 'center' },
  { header: 'Số tham chiếu', width: 0, wrap: 'code', maxLines: 2 },
  { header: 'Kỳ thu', width: 60, align: 'center', maxLines: 2 },
  { header: 'Phí, lệ phí đã thu', width: 60, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Khấu trừ', width: 54, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Số tiền chuyển', width: 60, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Hạn chuyển', width: 54, align: 'center', wrap: 'code', maxLines: 2 },
  { header: 'Ngân hàng xác nhận', width: 60, align: 'right', wrap: 'code', maxLines: 2 },
];

const CASH_HANDIN_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 24, align: 'center' },
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
 * Across the 496 pt text block, at 7.5 pt: amounts up to tens of millions and dates on one
 * line (larger amounts break before the "đ", times go under the dates), the kind on up to
 * three lines, and the cause on up to three lines of what is left.
 */
const DISCREPANCY_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 24, align: 'center' },
  { header: 'Loại', width: 68, maxLines: 3 },
  { header: 'Đối tượng', width: 70, wrap: 'code', maxLines: 2 },
  { header: 'Phải có', width: 56, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Thực tế', width: 56, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Chênh lệch', width: 56, align: 'right', wrap: 'code', maxLines: 2 },
  { header: 'Nguyên nhân', width: 0, maxLines: 3 },
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
  const outcomes = outcomeKeys(statement);
  const count = (counts: Readonly<Record<string, number>>, key: string) =>
    key in counts ? formatCount(counts[key]!) : '—';
  flow.table(
    OUTCOME_COLUMNS,
    outcomes.map((key) => ({
      bold: key === 'total',
      cells: [outcomeText(key), count(statement.dossiers, key), count(statement.items, key)],
    })),
    { size: TABLE_SIZE },
  );
  flow.space(4);
  flow.field(
    'Tỷ lệ bưu gửi đến đúng hạn:',
    statement.onTimeRate === null
      ? 'Chưa có bưu gửi đến nơi trong tháng'
      : formatPercent(statement.onTimeRate),
  );

  flow.heading('II. SỐ TIỀN');
  flow.table(
    AMOUNT_COLUMNS,
    (Object.keys(AMOUNT_TEXT) as (keyof MonthlyStatement['amounts'])[]).map((key) => ({
      bold: key === 'expected' || key === 'collected',
      cells: [AMOUNT_TEXT[key], formatVnd(statement.amounts[key])],
    })),
    { size: TABLE_SIZE },
  );

  flow.heading('III. CHUYỂN TIỀN CHO CƠ QUAN');
  remittances(flow, statement);

  flow.heading('IV. NỘP TIỀN MẶT TẠI BƯU CỤC');
  cashHandins(flow, statement);

  flow.heading('V. CHÊNH LỆCH');
  discrepancies(flow, statement);

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

  flow.finish();
  return pdfBytes(doc);
}

function remittances(flow: A4Flow, statement: MonthlyStatement): void {
  const all = statement.remittances;
  if (all.length === 0) {
    flow.paragraph('Không có lần chuyển tiền nào trong tháng.', { italic: true });
    return;
  }
  const listed = all.slice(0, STATEMENT_PDF_MAX_ROWS);
  const rows: TableRow[] = listed.map((r, i) => ({
    shade: r.bankConfirmed !== r.amount,
    cells: [
      String(i + 1),
      r.reference,
      `${dayText(r.periodStart, 'periodStart')} – ${dayText(r.periodEnd, 'periodEnd')}`,
      formatVnd(r.feesCollected),
      formatVnd(r.charges),
      formatVnd(r.amount),
      dateTimeText(r.dueBy, 'dueBy'),
      formatVnd(r.bankConfirmed),
    ],
  }));
  const sum = (of: (r: (typeof all)[number]) => number) =>
    formatVnd(all.reduce((total, r) => total + of(r), 0));
  rows.push({
    span: 3,
    bold: true,
    cells: [
      { text: `Tổng cộng (${formatCount(all.length)} lần)`, align: 'right' },
      sum((r) => r.feesCollected),
      sum((r) => r.charges),
      sum((r) => r.amount),
      '',
      sum((r) => r.bankConfirmed),
    ],
  });
  flow.table(REMITTANCE_COLUMNS, rows, { size: LIST_SIZE });
  cappedNote(flow, listed.length, all.length, 'lần chuyển tiền');
}

function cashHandins(flow: A4Flow, statement: MonthlyStatement): void {
  const all = statement.cashHandins;
  if (all.length === 0) {
    flow.paragraph('Không có lần nộp tiền mặt nào trong tháng.', { italic: true });
    return;
  }
  const listed = all.slice(0, STATEMENT_PDF_MAX_ROWS);
  const rows: TableRow[] = listed.map((h, i) => ({
    shade: h.variance !== 0,
    cells: [
      String(i + 1),
      h.staffId,
      dateTimeText(h.at, 'at'),
      formatVnd(h.expected),
      formatVnd(h.counted),
      formatVnd(h.variance),
      h.countedBy,
    ],
  }));
  const sum = (of: (h: (typeof all)[number]) => number) =>
    formatVnd(all.reduce((total, h) => total + of(h), 0));
  rows.push({
    span: 3,
    bold: true,
    cells: [
      { text: `Tổng cộng (${formatCount(all.length)} lần)`, align: 'right' },
      sum((h) => h.expected),
      sum((h) => h.counted),
      sum((h) => h.variance),
      '',
    ],
  });
  flow.table(CASH_HANDIN_COLUMNS, rows, { size: LIST_SIZE });
  cappedNote(flow, listed.length, all.length, 'lần nộp tiền');
}

function discrepancies(flow: A4Flow, statement: MonthlyStatement): void {
  const all = statement.discrepancies;
  if (all.length === 0) {
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
  kindRows.push({
    bold: true,
    cells: [
      { text: 'Tổng cộng', align: 'right' },
      formatCount(all.length),
      formatVnd(all.reduce((total, d) => total + d.difference, 0)),
    ],
  });
  flow.table(KIND_COLUMNS, kindRows, { size: TABLE_SIZE });

  flow.space(8);
  flow.paragraph('Chi tiết từng trường hợp:', { bold: true, keepWithNext: 3 });
  flow.space(3);
  const listed = all.slice(0, STATEMENT_PDF_MAX_DISCREPANCIES);
  flow.table(
    DISCREPANCY_COLUMNS,
    listed.map((d, i) => ({
      cells: [
        String(i + 1),
        DISCREPANCY_KIND_TEXT[d.kind],
        d.subject,
        formatVnd(d.expected),
        formatVnd(d.actual),
        formatVnd(d.difference),
        d.cause,
        d.at === null ? '' : dateTimeText(d.at, 'at'),
      ],
    })),
    { size: LIST_SIZE },
  );
  cappedNote(flow, listed.length, all.length, 'trường hợp');
}

/** Under a list cut at its cap: how many more there are, and where they are. */
function cappedNote(flow: A4Flow, listed: number, total: number, what: string): void {
  if (listed >= total) return;
  flow.space(4);
  flow.paragraph(
    `Danh sách trên gồm ${formatCount(listed)} ${what} đầu tiên trong tổng số ${formatCount(total)}; ${formatCount(total - listed)} ${what} còn lại có trong các tệp CSV, XLSX của bảng đối soát.`,
    { italic: true, size: 9 },
  );
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
