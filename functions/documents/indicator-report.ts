/**
 * A province's indicator report as CSV and XLSX: one row per office, agency or commune, then
 * the province's total, under Vietnamese headers. Both formats share the columns. CSV is
 * RFC 4180 in UTF-8 with a byte order mark (Excel reads the Vietnamese as Vietnamese);
 * numbers are plain digits, rates fractions between 0 and 1, empty when nothing was measured.
 */
import writeExcelFile, { type Cell, type SheetData } from 'write-excel-file/node';
import type { GroupBy, IndicatorFigures, IndicatorReport } from '../domain/indicators.ts';
import { csvField } from './statement-csv.ts';

type Value = { readonly kind: 'count' | 'money' | 'rate' | 'days' | 'score'; readonly value: number | null };

interface Column {
  readonly header: string;
  readonly value: (figures: IndicatorFigures) => Value;
}

const count = (value: number): Value => ({ kind: 'count', value });

export const GROUP_HEADER: Readonly<Record<GroupBy, string>> = {
  office: 'Bưu cục',
  agency: 'Cơ quan',
  commune: 'Xã, phường',
};

export const INDICATOR_COLUMNS: readonly Column[] = [
  { header: 'Số hồ sơ', value: (f) => count(f.dossiers) },
  { header: 'Chỉ nhận hồ sơ qua bưu chính', value: (f) => count(f.byChannel.pickupOnly) },
  { header: 'Chỉ trả kết quả qua bưu chính', value: (f) => count(f.byChannel.returnOnly) },
  { header: 'Cả nhận và trả qua bưu chính', value: (f) => count(f.byChannel.pickupAndReturn) },
  { header: 'Tỷ lệ đúng chỉ tiêu thời gian', value: (f) => ({ kind: 'rate', value: f.onTime.transit.rate }) },
  { header: 'Tỷ lệ đúng ngày hẹn trả', value: (f) => ({ kind: 'rate', value: f.onTime.promisedDate.rate }) },
  { header: 'Số ngày TB chiều nhận', value: (f) => ({ kind: 'days', value: f.meanDaysPerLeg.pickup }) },
  { header: 'Số ngày TB chiều trả', value: (f) => ({ kind: 'days', value: f.meanDaysPerLeg.return }) },
  { header: 'Số lần phát thành công', value: (f) => count(f.deliveries) },
  {
    header: 'Tỷ lệ phát thành công lần đầu',
    value: (f) => ({ kind: 'rate', value: f.firstAttemptDeliveryRate }),
  },
  { header: 'Hoàn về cơ quan', value: (f) => count(f.returnedToAgency) },
  { header: 'Số lượt đánh giá', value: (f) => count(f.satisfaction.ratings) },
  { header: 'Điểm hài lòng TB', value: (f) => ({ kind: 'score', value: f.satisfaction.meanScore }) },
  ...([1, 2, 3, 4, 5] as const).map((score) => ({
    header: `Đánh giá ${score} sao`,
    value: (f: IndicatorFigures) => count(f.satisfaction.distribution[score]),
  })),
  { header: 'Phí, lệ phí đã thu (đồng)', value: (f) => ({ kind: 'money', value: f.feesCollectedVnd }) },
  {
    header: 'Phí, lệ phí đã nộp cơ quan (đồng)',
    value: (f) => ({ kind: 'money', value: f.feesRemittedVnd }),
  },
  { header: 'Hồ sơ được số hóa', value: (f) => count(f.digitised.dossiers) },
  { header: 'Số bản quét đính kèm', value: (f) => count(f.digitised.documents) },
];

export const TOTAL_LABEL = 'Tổng cộng';

const rowsOf = (report: IndicatorReport) => [
  ...report.groups.map((group) => ({ label: group.key, figures: group as IndicatorFigures })),
  { label: TOTAL_LABEL, figures: report.total },
];

export const indicatorReportTitle = (report: IndicatorReport): string =>
  `Chỉ số dịch vụ bưu chính công ích — tỉnh ${report.provinceCode}, tháng ${report.period.slice(5)}/${report.period.slice(0, 4)}`;

/** RFC 4180 CSV with a byte order mark and CRLF line ends. */
export function renderIndicatorCsv(report: IndicatorReport): string {
  const header = [GROUP_HEADER[report.groupBy], ...INDICATOR_COLUMNS.map((column) => column.header)];
  const lines = rowsOf(report).map(({ label, figures }) => [
    label,
    ...INDICATOR_COLUMNS.map((column) => {
      const { value } = column.value(figures);
      return value === null ? '' : String(value);
    }),
  ]);
  const field = (value: string) => csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
  return `\uFEFF${[header, ...lines].map((line) => line.map(field).join(',')).join('\r\n')}\r\n`;
}

const FORMATS: Readonly<Record<Value['kind'], string>> = {
  count: '#,##0',
  money: '#,##0',
  rate: '0.00%',
  days: '0.00',
  score: '0.00',
};

function cell({ kind, value }: Value): Cell {
  return value === null ? null : { value, type: Number, format: FORMATS[kind] };
}

/** One sheet: the title, the header row (kept in view), a row per group, the total. */
export async function renderIndicatorXlsx(report: IndicatorReport): Promise<Buffer> {
  const bold = { fontWeight: 'bold' as const, backgroundColor: '#E6E6E6', wrap: true };
  const data: SheetData = [
    [{ value: indicatorReportTitle(report), fontWeight: 'bold', fontSize: 14 }],
    [GROUP_HEADER[report.groupBy], ...INDICATOR_COLUMNS.map((column) => column.header)].map((value) => ({
      value,
      ...bold,
    })),
    ...rowsOf(report).map(({ label, figures }) => [
      label,
      ...INDICATOR_COLUMNS.map((column) => cell(column.value(figures))),
    ]),
  ];
  return writeExcelFile(
    [
      {
        sheet: 'Chỉ số',
        data,
        columns: [{ width: 18 }, ...INDICATOR_COLUMNS.map(() => ({ width: 14 }))],
        stickyRowsCount: 2,
      },
    ],
    { fontFamily: 'Arial', fontSize: 10 },
  ).toBuffer();
}
