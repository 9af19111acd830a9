/**
 * The route sheet (phiếu giao việc / lộ trình trong ngày) of one staff member for one day: the
 * pickups, collections and deliveries given to them, in the order of the round, each with
 * whom to meet, where, the money to collect and the date promised to the citizen, and a box
 * for the signature of whoever hands over or receives. Totals under the list; the staff
 * member and the supervisor sign at the bottom. Up to `ROUTE_SHEET_MAX_STOPS` stops.
 */
import { formatVietnamDate, formatVietnamDateTime, formatVnd, spacedItemCode } from './item-label.ts';
import { A4Flow, type EndingPart, type SignatureBlock } from './page-flow.ts';
import { listRows, type TableColumn } from './page-table.ts';
import { createDocument, parseInstant, pdfBytes } from './pdf.ts';

/** Most stops one sheet lists: a day's round, with room to spare. */
export const ROUTE_SHEET_MAX_STOPS = 200;

export type RouteStopKind = 'pickup' | 'collection' | 'delivery';

export const STOP_KIND_TEXT: Readonly<Record<RouteStopKind, string>> = {
  pickup: 'Nhận hồ sơ',
  collection: 'Nhận kết quả',
  delivery: 'Phát kết quả',
};

export interface RouteStop {
  readonly kind: RouteStopKind;
  readonly itemCode: string;
  /** Dossier code, or the post's PG… reference before the agency gives one. */
  readonly dossierRef: string;
  /** Whom staff meet: the citizen, or the agency's one-stop shop at a collection. */
  readonly name: string;
  readonly phone: string;
  readonly address: string;
  /** Cash to collect at the stop, in whole dong (0 for none). */
  readonly collectAmountVnd: number;
  /** ISO date-time the task is due. */
  readonly dueAt: string;
  /** The agency's promised date (ngày hẹn trả), YYYY-MM-DD, when it gave one. */
  readonly promisedDate?: string | null;
  /** Failed tries so far (a delivery). */
  readonly failedAttempts: number;
}

export interface RouteSheetDocument {
  readonly postOffice: { readonly code: string; readonly name: string };
  readonly staffId: string;
  /** The day of the round, YYYY-MM-DD in Vietnam. */
  readonly date: string;
  readonly stops: readonly RouteStop[];
  /** ISO date-time. */
  readonly printedAt: string;
}

const TITLE = 'PHIẾU LỘ TRÌNH TRONG NGÀY';

/** `dd/MM/yyyy` of a YYYY-MM-DD day. */
function dayText(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** Renders the route sheet as an A4 PDF, one page or several. */
export async function renderRouteSheet(input: RouteSheetDocument): Promise<Uint8Array> {
  checkRouteSheet(input);
  const sheetNumber = `LT-${input.postOffice.code}-${input.date.replaceAll('-', '')}`;
  const { doc, fonts } = await createDocument({
    title: `Phiếu lộ trình ${input.staffId} ${dayText(input.date)}`,
    subject: TITLE,
    createdAt: input.printedAt,
    keywords: [input.postOffice.code, input.staffId, input.date],
  });
  const flow = new A4Flow(doc, fonts, {
    runningTitle: TITLE,
    runningNumber: `Nhân viên: ${input.staffId}`,
    footer: `${sheetNumber} · ${input.staffId} · In lúc ${formatVietnamDateTime(input.printedAt, 'printedAt')}`,
  });
  flow.administrativeHeading({
    unit: input.postOffice.name,
    barcode: sheetNumber,
    number: `Số: ${sheetNumber}`,
    date: input.printedAt,
  });
  flow.title(TITLE, `(Ngày ${dayText(input.date)})`);
  flow.field('Bưu cục:', `${input.postOffice.name} (mã bưu cục ${input.postOffice.code})`);
  flow.field('Nhân viên:', input.staffId);
  flow.field('Số điểm:', summaryOfKinds(input.stops));
  flow.space(6);
  flow.table(ROUTE_COLUMNS, stopRows(input.stops), { size: 8 });
  flow.space(8);
  flow.ending(closing(input.stops), SIGNATURES);
  flow.finish();
  return pdfBytes(doc);
}

/** `5 điểm: 2 nhận hồ sơ, 1 nhận kết quả, 2 phát kết quả`. */
function summaryOfKinds(stops: readonly RouteStop[]): string {
  const counts = (['pickup', 'collection', 'delivery'] as const)
    .map((kind) => ({ kind, count: stops.filter((stop) => stop.kind === kind).length }))
    .filter(({ count }) => count > 0)
    .map(({ kind, count }) => `${count} ${STOP_KIND_TEXT[kind].toLowerCase()}`);
  return counts.length === 0 ? '0 điểm' : `${stops.length} điểm: ${counts.join(', ')}`;
}

function stopRows(stops: readonly RouteStop[]) {
  const totalVnd = stops.reduce((sum, stop) => sum + stop.collectAmountVnd, 0);
  return listRows(
    stops,
    (stop) => [
      STOP_KIND_TEXT[stop.kind] + (stop.failedAttempts > 0 ? ` (lần ${stop.failedAttempts + 1})` : ''),
      `${stop.dossierRef} ${spacedItemCode(stop.itemCode)}`,
      `${stop.name} · ĐT: ${stop.phone || '—'} · ${stop.address}`,
      { text: stop.collectAmountVnd > 0 ? formatVnd(stop.collectAmountVnd) : '—', align: 'right' },
      [
        `Hạn ${formatVietnamDate(stop.dueAt, 'dueAt')}`,
        stop.promisedDate ? `Hẹn trả ${dayText(stop.promisedDate)}` : '',
      ]
        .filter(Boolean)
        .join(' '),
      '',
    ],
    {
      total: {
        caption: 'Tổng tiền phải thu',
        span: 4,
        cells: [{ text: formatVnd(totalVnd), align: 'right' }, '', ''],
      },
    },
  );
}

function closing(stops: readonly RouteStop[]): EndingPart[] {
  const totalVnd = stops.reduce((sum, stop) => sum + stop.collectAmountVnd, 0);
  const collecting = stops.filter((stop) => stop.collectAmountVnd > 0).length;
  return [
    { text: 'Tổng hợp:', options: { bold: true } },
    { text: `- ${summaryOfKinds(stops)}.`, options: { indent: 12 } },
    {
      text: `- Tiền phải thu: ${formatVnd(totalVnd)} tại ${collecting} điểm; nộp về bưu cục trong ngày.`,
      options: { indent: 12 },
    },
    { space: 10 },
  ];
}

const SIGNATURES: readonly SignatureBlock[] = [
  { heading: 'NHÂN VIÊN BƯU CHÍNH' },
  { heading: 'TRƯỞNG BƯU CỤC' },
];

/** Across the 496 pt text block at 8 pt; the last column is the box the other side signs in. */
const ROUTE_COLUMNS: readonly TableColumn[] = [
  { header: 'STT', width: 25, align: 'center' },
  { header: 'Việc', width: 58, maxLines: 3 },
  { header: 'Hồ sơ / Bưu gửi', width: 92, wrap: 'code', maxLines: 3 },
  { header: 'Người gặp · Điện thoại · Địa chỉ', width: 0, maxLines: 4 },
  { header: 'Tiền thu', width: 66, align: 'right', maxLines: 2 },
  { header: 'Hạn / Ngày hẹn trả', width: 66, maxLines: 4 },
  { header: 'Ký nhận', width: 58 },
];

function checkRouteSheet(input: RouteSheetDocument): void {
  if (input.stops.length > ROUTE_SHEET_MAX_STOPS)
    throw new RangeError(`A route sheet lists at most ${ROUTE_SHEET_MAX_STOPS} stops`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) throw new RangeError(`date is not a day: ${input.date}`);
  parseInstant(input.printedAt, 'printedAt');
  for (const [i, stop] of input.stops.entries()) {
    parseInstant(stop.dueAt, `stops[${i}].dueAt`);
    if (!Number.isInteger(stop.collectAmountVnd) || stop.collectAmountVnd < 0)
      throw new RangeError(`stops[${i}].collectAmountVnd is not an amount: ${stop.collectAmountVnd}`);
  }
}
