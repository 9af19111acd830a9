/**
 * Statements from the books: an agency's finance lines of some days, merged in key order
 * and run through the reconciliation core, with the month's remittances, the serving
 * office's cash hand-ins and the dossiers counted by status.
 */
import type { Agency } from '../../schemas/reference.ts';
import { tableName } from '../commons/clients.ts';
import { dynamoDocumentClient } from '../commons/dynamodb-client.ts';
import type { Discrepancy, MonthlyStatement, ReconciliationTotals } from '../domain/money/model.ts';
import { assembleStatement, mergeSorted, reconcile } from '../domain/money/reconcile.ts';
import { daysOfMonth, financeLinesOfDay } from './dynamodb/finance-lines.ts';
import { financeStore } from './index.ts';

/** Discrepancies kept from a run of the core; the rest are counted. */
const MAX_KEPT_DISCREPANCIES = 10_000;

/** The core over an agency's lines of the given days. */
export async function reconcileDays(
  agencyCode: string,
  days: readonly string[],
): Promise<{ totals: ReconciliationTotals; discrepancies: Discrepancy[]; omitted: number }> {
  const lines = mergeSorted(
    days.map((day) => financeLinesOfDay(dynamoDocumentClient(), tableName(), agencyCode, day)),
  );
  const run = reconcile(lines);
  const discrepancies: Discrepancy[] = [];
  let omitted = 0;
  for (;;) {
    const next = await run.next();
    if (next.done) return { totals: next.value, discrepancies, omitted };
    if (discrepancies.length < MAX_KEPT_DISCREPANCIES) discrepancies.push(next.value);
    else omitted += 1;
  }
}

/** The monthly statement of one agency. */
export async function monthlyStatement(agency: Agency, period: string, now: Date): Promise<MonthlyStatement> {
  const days = daysOfMonth(period);
  const [run, remittances, handins, dossiers] = await Promise.all([
    reconcileDays(agency.agencyCode, days),
    financeStore().remittancesOf(agency.agencyCode, period),
    financeStore().handinsOf(agency.postOfficeCode, period),
    financeStore().dossierCounts(agency.agencyCode, days),
  ]);
  const statement = assembleStatement({
    agency: { agencyCode: agency.agencyCode, agencyName: agency.name, postOfficeCode: agency.postOfficeCode },
    period,
    generatedAt: now.toISOString(),
    totals: run.totals,
    lineDiscrepancies: run.discrepancies,
    remittances,
    handins,
    dossiers,
  });
  return run.omitted > 0
    ? { ...statement, discrepanciesOmitted: (statement.discrepanciesOmitted ?? 0) + run.omitted }
    : statement;
}
