/**
 * GET /v1/finance/reconciliations — an agency's monthly statement: dossiers and items by
 * outcome, amounts expected, collected, remitted and confirmed by the bank, the on-time
 * rate and every discrepancy with its cause; as JSON, CSV, XLSX or a PDF finance can sign.
 * Finance reads every agency; an agency only itself.
 */

import { getMonthlyStatementRoute } from '../../schemas/routes.ts';
import { financeStore, referenceStore } from '../adapters/index.ts';
import { monthlyStatement } from '../app/money/compute-statement.ts';
import { assertActsForAgency } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { reportAnswer } from '../commons/http/report-answer.ts';
import { httpRoute } from '../commons/http/route.ts';
import { renderStatementCsv } from '../documents/statement-csv.ts';
import { renderStatementPdf } from '../documents/statement-pdf.ts';
import { renderStatementXlsx } from '../documents/statement-xlsx.ts';

export const handler = httpRoute(getMonthlyStatementRoute, async ({ query, caller }) => {
  assertActsForAgency(caller, query.agencyCode);
  const agency = await referenceStore().agency(query.agencyCode);
  if (!agency) throw new HttpProblem('not-found', `No agency ${query.agencyCode}`);
  const statement = await monthlyStatement(financeStore(), agency, query.period, systemNow());
  return reportAnswer(statement, query.format, `doi-soat-${agency.agencyCode}-${query.period}`, {
    csv: renderStatementCsv,
    xlsx: renderStatementXlsx,
    pdf: renderStatementPdf,
  });
});
