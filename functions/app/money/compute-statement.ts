/**
 * Compute a statement: an agency's finance lines of some days, merged in key order and run
 * through the reconciliation core, and for a month the remittances, the serving office's
 * cash hand-ins, the dossiers counted by status and the collections the facts-to-ledger check
 * had to book, assembled into the monthly statement.
 */
import type {
  Discrepancy,
  FinanceLine,
  MonthlyStatement,
  ReconciliationTotals,
  StatementDay,
  StatementItemLine,
} from '../../domain/money/model.ts';
import { assembleStatement, mergeSorted, reconcile } from '../../domain/money/reconcile.ts';
import type { DailyReconciliationBooks, StatementBooks } from './ports.ts';

/** Discrepancies kept from a run of the core; the rest are counted. */
const MAX_KEPT_DISCREPANCIES = 10_000;
/** Item lines kept for a statement's item-by-item list; the rest are counted. */
export const MAX_STATEMENT_ITEM_LINES = 20_000;

/** The agency a statement is for. */
export interface StatementAgency {
  readonly agencyCode: string;
  readonly name: string;
  readonly postOfficeCode: string;
}

/** The days of a month `YYYY-MM`. */
export function daysOfMonth(month: string): string[] {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const count = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
}

/** The core over an agency's lines of the given days. */
export async function reconcileDays(
  books: Pick<StatementBooks, 'financeLinesOfDay'>,
  agencyCode: string,
  days: readonly string[],
): Promise<{
  totals: ReconciliationTotals;
  discrepancies: Discrepancy[];
  omitted: number;
  itemLines: StatementItemLine[];
  itemLinesOmitted: number;
}> {
  const itemLines: StatementItemLine[] = [];
  let itemLinesOmitted = 0;
  const keepItem = (line: StatementItemLine) => {
    if (itemLines.length < MAX_STATEMENT_ITEM_LINES) itemLines.push(line);
    else itemLinesOmitted += 1;
  };
  const run = reconcile(mergeSorted(days.map((day) => books.financeLinesOfDay(agencyCode, day))), keepItem);
  const discrepancies: Discrepancy[] = [];
  let omitted = 0;
  for (;;) {
    const next = await run.next();
    if (next.done) return { totals: next.value, discrepancies, omitted, itemLines, itemLinesOmitted };
    if (discrepancies.length < MAX_KEPT_DISCREPANCIES) discrepancies.push(next.value);
    else omitted += 1;
  }
}

/** A day's lines passed on as they are, tallied into the day's figures on the way. */
async function* tallied(lines: AsyncIterable<FinanceLine>, tally: StatementDay): AsyncGenerator<FinanceLine> {
  const figures = tally as { -readonly [K in keyof StatementDay]: StatementDay[K] };
  for await (const line of lines) {
    if (line.kind === 'paid') {
      if (line.method === 'cash') figures.collectedCashVnd += line.amount;
      else figures.collectedVietqrVnd += line.amount;
      figures.feesCollectedVnd += line.fees;
    } else if (line.kind === 'outcome') {
      figures.arrived += 1;
      if (line.onTime) figures.arrivedOnTime += 1;
    }
    yield line;
  }
}

/** The books with each day's lines tallied into `days` (one entry per day read, in order). */
function tallyingDays(
  books: Pick<StatementBooks, 'financeLinesOfDay'>,
  days: StatementDay[],
): Pick<StatementBooks, 'financeLinesOfDay'> {
  return {
    financeLinesOfDay: (agencyCode: string, day: string) => {
      const tally: StatementDay = {
        day,
        collectedCashVnd: 0,
        collectedVietqrVnd: 0,
        feesCollectedVnd: 0,
        arrived: 0,
        arrivedOnTime: 0,
      };
      days.push(tally);
      return tallied(books.financeLinesOfDay(agencyCode, day), tally);
    },
  };
}

/** The monthly statement of one agency. */
export async function monthlyStatement(
  books: StatementBooks,
  agency: StatementAgency,
  period: string,
  now: Date,
): Promise<MonthlyStatement> {
  const days = daysOfMonth(period);
  const tallies: StatementDay[] = [];
  const [run, remittances, handins, dossiers, repairs] = await Promise.all([
    reconcileDays(tallyingDays(books, tallies), agency.agencyCode, days),
    books.remittancesOf(agency.agencyCode, period),
    books.handinsOf(agency.postOfficeCode, period),
    books.dossierCounts(agency.agencyCode, days),
    books.repairsOf(agency.agencyCode, period),
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
  const named: MonthlyStatement = {
    ...statement,
    collectionRepairs: repairs,
    itemLines: run.itemLines,
    itemLinesOmitted: run.itemLinesOmitted,
    days: tallies,
  };
  return run.omitted > 0
    ? { ...named, discrepanciesOmitted: (statement.discrepanciesOmitted ?? 0) + run.omitted }
    : named;
}

/** Discrepancies kept in a day's nightly record; the rest are counted. */
const MAX_DAY_DISCREPANCIES = 1_000;

/**
 * The nightly reconciliation of an agency's day, kept once per (agency, day): a second run
 * finds the first and changes nothing.
 */
export async function reconcileAgencyDay(
  books: StatementBooks & DailyReconciliationBooks,
  agencyCode: string,
  day: string,
  now: Date,
): Promise<'kept' | 'existing'> {
  if (await books.dailyReconciliation(agencyCode, day)) return 'existing';
  const { totals, discrepancies, omitted } = await reconcileDays(books, agencyCode, [day]);
  return books.keepDailyReconciliation(agencyCode, day, {
    reconciledAt: now.toISOString(),
    totals,
    discrepancies: discrepancies.slice(0, MAX_DAY_DISCREPANCIES),
    discrepancyCount: discrepancies.length + omitted,
  });
}
