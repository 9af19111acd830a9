/**
 * A report answered as the caller asked: JSON by default, or a download (CSV, XLSX or PDF)
 * named for the report, rendered only in the format asked for.
 */
import type { HttpAnswer } from './route.ts';

export type ReportFormat = 'json' | 'csv' | 'xlsx' | 'pdf';

export interface ReportRenderers<Report> {
  readonly csv: (report: Report) => string;
  readonly xlsx: (report: Report) => Promise<Buffer>;
  readonly pdf: (report: Report) => Promise<Uint8Array>;
}

const CONTENT_TYPES: Readonly<Record<Exclude<ReportFormat, 'json'>, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** `fileName` without its extension. */
export async function reportAnswer<Report>(
  report: Report,
  format: ReportFormat | undefined,
  fileName: string,
  render: ReportRenderers<Report>,
): Promise<HttpAnswer> {
  if (format === undefined || format === 'json') return { status: 200, body: report };
  const content =
    format === 'csv'
      ? render.csv(report)
      : format === 'xlsx'
        ? await render.xlsx(report)
        : Buffer.from(await render.pdf(report));
  return {
    status: 200,
    headers: { 'content-disposition': `attachment; filename="${fileName}.${format}"` },
    rawBody: { content, contentType: CONTENT_TYPES[format] },
  };
}
