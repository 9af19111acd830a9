/**
 * The monthly statement as CSV, for finance tools and spreadsheets: one table, RFC 4180
 * (comma-separated, CRLF line ends, a field quoted when it holds a comma, a double quote or
 * a line break, and a double quote inside doubled), in UTF-8 with a byte order mark, so that
 * Excel reads the Vietnamese as Vietnamese.
 *
 * The header row, then the summary rows, then one row per discrepancy:
 *
 *     section,name,value,kind,subject,expected,actual,difference,cause,at
 *
 * - `section` says which columns a row fills: `summary` or `discrepancy`.
 * - `summary` rows fill `name` and `value`: the figures of `statementSummary`, in its order
 *   and with its names (`agency.code`, `period`, `dossiers.delivered`, `amounts.collected`,
 *   `onTimeRate`, `discrepancies.count`, `discrepancies.underpaid`, …). Amounts are whole
 *   đồng, counts whole numbers, the on-time rate a fraction between 0 and 1 (empty when
 *   nothing arrived), the period `YYYY-MM`, times ISO 8601 as the statement has them.
 * - `discrepancy` rows fill `kind` (the model's code, e.g. `underpaid`), `subject`,
 *   `expected`, `actual`, `difference` (actual − expected; whole đồng, minus signed), `cause`
 *   (English) and `at` (ISO 8601, empty when none).
 *
 * Numbers are plain digits with a leading minus, no grouping. A text field that a
 * spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return) is written with a leading apostrophe. At most `STATEMENT_EXPORT_MAX_ROWS`
 * discrepancies are listed; the summary's `discrepancies.count` and `discrepancies.listed`
 * say whether all were.
 */
import type { MonthlyStatement } from '../domain/money/model.ts';
import {
  checkStatement,
  STATEMENT_EXPORT_MAX_ROWS,
  type SummaryValue,
  statementSummary,
} from './finance-text.ts';

export const STATEMENT_CSV_COLUMNS = [
  'section',
  'name',
  'value',
  'kind',
  'subject',
  'expected',
  'actual',
  'difference',
  'cause',
  'at',
] as const;

const BOM = '\uFEFF';
const CRLF = '\r\n';

/** Renders the statement as CSV text, starting with a byte order mark; write it out as UTF-8. */
export function renderStatementCsv(statement: MonthlyStatement): string {
  checkStatement(statement);
  const lines = [record(STATEMENT_CSV_COLUMNS)];
  for (const row of statementSummary(statement)) {
    lines.push(record(['summary', text(row.name), summaryValue(row.value), '', '', '', '', '', '', '']));
  }
  for (const d of statement.discrepancies.slice(0, STATEMENT_EXPORT_MAX_ROWS)) {
    lines.push(
      record([
        'discrepancy',
        '',
        '',
        text(d.kind),
        text(d.subject),
        String(d.expected),
        String(d.actual),
        String(d.difference),
        text(d.cause),
        d.at ?? '',
      ]),
    );
  }
  return BOM + lines.join(CRLF) + CRLF;
}

function summaryValue(value: SummaryValue): string {
  switch (value.type) {
    case 'count':
    case 'money':
      return String(value.value);
    case 'rate':
      return value.value === null ? '' : String(value.value);
    case 'text':
      return text(value.value);
    case 'period':
    case 'instant':
      return value.value;
  }
}

/** A text field as a spreadsheet will not run it as a formula. */
function text(value: string): string {
  return /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
}

function record(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** RFC 4180: quoted when it holds a comma, a double quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/u.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
