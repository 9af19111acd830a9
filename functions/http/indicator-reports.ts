/**
 * GET /v1/reports/indicators — a province's indicators for a month by office, agency or
 * commune, summed from the per-day counters (no scan): JSON, CSV, XLSX or PDF. Observers read
 * their own province; admins every province.
 */
import { indicatorReportRoute } from '../../schemas/routes.ts';
import { indicatorStore } from '../adapters/index.ts';
import { indicatorReportFor } from '../app/indicators/indicator-report.ts';
import { assertReadsProvince } from '../commons/auth/scope.ts';
import { reportAnswer } from '../commons/http/report-answer.ts';
import { httpRoute } from '../commons/http/route.ts';
import { renderIndicatorCsv, renderIndicatorXlsx } from '../documents/indicator-report.ts';
import { renderIndicatorPdf } from '../documents/indicator-report-pdf.ts';

export const handler = httpRoute(indicatorReportRoute, async ({ query, caller }) => {
  assertReadsProvince(caller, query.provinceCode);
  const report = await indicatorReportFor({ indicators: indicatorStore() }, query);
  return reportAnswer(report, query.format, `chi-so-${query.provinceCode}-${query.period}-${query.groupBy}`, {
    csv: renderIndicatorCsv,
    xlsx: renderIndicatorXlsx,
    pdf: renderIndicatorPdf,
  });
});
