/** A province's indicators for a month, summed from the per-day counters of one grouping. */
import { type GroupBy, type IndicatorReport, indicatorReport } from '../../domain/indicators.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import type { IndicatorStore } from './ports.ts';

/** Daily rows one report reads at most: 31 days of some 160 offices, agencies or communes. */
export const MAX_REPORT_ROWS = 5_000;

export async function indicatorReportFor(
  ports: { readonly indicators: IndicatorStore },
  request: { readonly provinceCode: string; readonly period: string; readonly groupBy: GroupBy },
  maxRows: number = MAX_REPORT_ROWS,
): Promise<IndicatorReport> {
  const { provinceCode, period, groupBy } = request;
  const { rows, truncated } = await ports.indicators.dailyRows(provinceCode, period, groupBy, maxRows);
  if (truncated) {
    throw new DomainRefusal(
      'unprocessable',
      `The report would read more than ${maxRows} daily rows: group by a coarser unit`,
    );
  }
  return indicatorReport(provinceCode, period, groupBy, rows);
}
