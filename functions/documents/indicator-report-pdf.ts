/**
 * A province's indicator report as an A4 PDF: the title, the province's totals, then simple
 * bar charts (dossiers, on-time rate, mean satisfaction) with one bar per office, agency or
 * commune. The full figures are in the CSV and XLSX; the charts show the first
 * `CHART_MAX_BARS` groups and say so when there are more.
 */
import { rgb } from 'pdf-lib';
import type { IndicatorFigures, IndicatorReport } from '../domain/indicators.ts';
import { GROUP_HEADER, indicatorReportTitle } from './indicator-report.ts';
import {
  createDocument,
  type DocumentFonts,
  drawText,
  fillRects,
  mm,
  pdfBytes,
  truncateToWidth,
} from './pdf.ts';

export const CHART_MAX_BARS = 20;
const PAGE = { width: mm(210), height: mm(297) } as const;
const MARGIN = mm(15);
const BAR_HEIGHT = 9;
const BAR_GAP = 3;
const LABEL_WIDTH = mm(40);
const VALUE_WIDTH = mm(22);
const BAR_COLOR = rgb(0.16, 0.38, 0.67);

interface Chart {
  readonly title: string;
  readonly value: (figures: IndicatorFigures) => number | null;
  readonly max: (values: readonly number[]) => number;
  readonly text: (value: number) => string;
}

const vi = (value: number, digits = 0) =>
  value.toLocaleString('vi-VN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const CHARTS: readonly Chart[] = [
  { title: 'Số hồ sơ', value: (f) => f.dossiers, max: (v) => Math.max(1, ...v), text: (v) => vi(v) },
  {
    title: 'Tỷ lệ đúng chỉ tiêu thời gian',
    value: (f) => f.onTime.transit.rate,
    max: () => 1,
    text: (v) => `${vi(v * 100, 1)}%`,
  },
  {
    title: 'Hồ sơ được số hóa',
    value: (f) => f.digitised.dossiers,
    max: (v) => Math.max(1, ...v),
    text: (v) => vi(v),
  },
  {
    title: 'Điểm hài lòng trung bình (1–5)',
    value: (f) => f.satisfaction.meanScore,
    max: () => 5,
    text: (v) => vi(v, 2),
  },
];

type Page = ReturnType<Awaited<ReturnType<typeof createDocument>>['doc']['addPage']>;

function drawChart(
  page: Page,
  fonts: DocumentFonts,
  report: IndicatorReport,
  chart: Chart,
  top: number,
): number {
  let y = top;
  drawText(page, chart.title, y + 11, { font: fonts.bold, size: 11, x: MARGIN });
  y += 18;
  const groups = report.groups.slice(0, CHART_MAX_BARS);
  const values = groups.map((group) => chart.value(group) ?? 0);
  const max = chart.max(values);
  const barSpace = PAGE.width - 2 * MARGIN - LABEL_WIDTH - VALUE_WIDTH;
  groups.forEach((group, index) => {
    const value = chart.value(group);
    const label = truncateToWidth(fonts.regular, 8, group.key, LABEL_WIDTH - 4);
    drawText(page, label, y + 7, { font: fonts.regular, size: 8, x: MARGIN });
    const width = value === null ? 0 : Math.max(0.5, (barSpace * (values[index] ?? 0)) / max);
    fillRects(page, [{ x: MARGIN + LABEL_WIDTH, top: y, width, height: BAR_HEIGHT - 1 }], BAR_COLOR);
    drawText(page, value === null ? '—' : chart.text(value), y + 7, {
      font: fonts.regular,
      size: 8,
      x: MARGIN + LABEL_WIDTH + width + 3,
    });
    y += BAR_HEIGHT + BAR_GAP;
  });
  if (report.groups.length > CHART_MAX_BARS) {
    const more = `… và ${report.groups.length - CHART_MAX_BARS} đơn vị khác (xem bản CSV, XLSX)`;
    drawText(page, more, y + 7, { font: fonts.regular, size: 8, x: MARGIN });
    y += BAR_HEIGHT + BAR_GAP;
  }
  return y + 10;
}

function totalsLines(total: IndicatorFigures): string[] {
  const rate = (value: number | null) => (value === null ? '—' : `${vi(value * 100, 1)}%`);
  return [
    `Số hồ sơ: ${vi(total.dossiers)} (chỉ nhận: ${vi(total.byChannel.pickupOnly)}; chỉ trả: ${vi(
      total.byChannel.returnOnly,
    )}; cả hai chiều: ${vi(total.byChannel.pickupAndReturn)})`,
    `Đúng chỉ tiêu thời gian: ${rate(total.onTime.transit.rate)} · Đúng ngày hẹn trả: ${rate(
      total.onTime.promisedDate.rate,
    )} · Phát thành công lần đầu: ${rate(total.firstAttemptDeliveryRate)}`,
    `Hoàn về cơ quan: ${vi(total.returnedToAgency)} · Lượt đánh giá: ${vi(total.satisfaction.ratings)} · Điểm TB: ${
      total.satisfaction.meanScore === null ? '—' : vi(total.satisfaction.meanScore, 2)
    }`,
    `Phí, lệ phí đã thu: ${vi(total.feesCollectedVnd)} đ · Đã nộp cơ quan: ${vi(
      total.feesRemittedVnd,
    )} đ · Hồ sơ được số hóa: ${vi(total.digitised.dossiers)} (${vi(total.digitised.documents)} bản quét)`,
  ];
}

export async function renderIndicatorPdf(report: IndicatorReport): Promise<Uint8Array> {
  const title = indicatorReportTitle(report);
  const { doc, fonts } = await createDocument({
    title,
    subject: `${GROUP_HEADER[report.groupBy]} — ${report.period}`,
    keywords: [report.provinceCode, report.period, report.groupBy],
  });
  let page = doc.addPage([PAGE.width, PAGE.height]);
  drawText(page, title, MARGIN + 14, { font: fonts.bold, size: 13, x: MARGIN });
  let y = MARGIN + 26;
  for (const line of totalsLines(report.total)) {
    drawText(page, truncateToWidth(fonts.regular, 9, line, PAGE.width - 2 * MARGIN), y + 9, {
      font: fonts.regular,
      size: 9,
      x: MARGIN,
    });
    y += 13;
  }
  y += 8;
  const chartHeight = 30 + (Math.min(report.groups.length, CHART_MAX_BARS) + 1) * (BAR_HEIGHT + BAR_GAP);
  for (const chart of CHARTS) {
    if (y + chartHeight > PAGE.height - MARGIN) {
      page = doc.addPage([PAGE.width, PAGE.height]);
      y = MARGIN;
    }
    y = drawChart(page, fonts, report, chart, y);
  }
  return pdfBytes(doc);
}
