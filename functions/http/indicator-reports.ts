/**
 * GET /v1/reports/indicators — a province's indicators for a month by office, agency or
 * commune, summed from the per-day counters (no scan): JSON, CSV, XLSX or PDF. Observers read
 * their own province; admins every province.
 */
import { indicatorReportRoute } from '../../schemas/routes.ts';
import { indicatorStore } from '../adapters/index.ts';
import { indicatorReportFor } from '../app/indicators/indicator-report.ts';
import { assertReadsProvince } from '../commons/auth/scope.ts';
import { httpRoute } from '../commons/http/route.ts';
import { renderIndicatorCsv, renderIndicatorXlsx } from '../documents/indicator-report.ts';
import { renderIndicatorPdf } from '../documents/indicator-report-pdf.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const handler = httpRoute(indicatorReportRoute, async ({ query, caller }) => {
  assertReadsProvince(caller, query.provinceCode);
  const report = await indicatorReportFor({ indicators: indicatorStore() }, query);
  const name = `chi-so-${query.provinceCode}-${query.period}-${query.groupBy}`;
  const attachment = (extension: string) => ({
    'content-disposition': `attachment; filename="${name}.${extension}"`,
  });
  switch (query.format) {
    case 'csv':
      return {
        status: 200,
        headers: attachment('csv'),
        rawBody: { content: renderIndicatorCsv(report), contentType: 'text/csv; charset=utf-8' },
      };
    case 'xlsx':
      return {
        status: 200,
        headers: attachment('xlsx'),
        rawBody: { content: await renderIndicatorXlsx(report), contentType: XLSX },
      };
    case 'pdf':
      return {
        status: 200,
        headers: attachment('pdf'),
        rawBody: { content: Buffer.from(await renderIndicatorPdf(report)), contentType: 'application/pdf' },
      };
    default:
      return { status: 200, body: report };
  }
});
