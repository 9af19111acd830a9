/**
 * Reconcile with a one-stop shop, by request or nightly: the delivery confirmations its
 * system sent beside what the post recorded of the same dossiers over the period, compared
 * within a tolerance, and the report kept.
 */
import { randomUUID } from 'node:crypto';
import {
  MAX_RECONCILIATION_DAYS,
  reconcileDeliveryConfirmations,
  type TheirRecord,
} from '../../domain/reconciliation.ts';
import type { ReconciliationBooks, StoredReport } from './ports.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day in Vietnam of a pushed status (UTC+7, no daylight saving). */
export const pushDay = (statusAt: string): string =>
  new Date(Date.parse(statusAt) + 7 * 3_600_000).toISOString().slice(0, 10);

export function daysFrom(from: string, to: string): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += DAY_MS) {
    days.push(new Date(time).toISOString().slice(0, 10));
    if (days.length > MAX_RECONCILIATION_DAYS)
      throw new RangeError(`A period is at most ${MAX_RECONCILIATION_DAYS} days`);
  }
  return days;
}

export async function reconcile(
  books: ReconciliationBooks,
  input: {
    readonly agencyCode: string;
    readonly records: readonly TheirRecord[];
    readonly period?: { readonly from: string; readonly to: string };
    readonly toleranceMinutes: number;
    readonly trigger: StoredReport['trigger'];
    readonly reportId?: string;
    /** The system's time: the report's creation, and the day a report without a period covers. */
    readonly now: Date;
  },
): Promise<StoredReport> {
  const recordDays = input.records.map((record) => pushDay(record.statusAt)).sort();
  const today = pushDay(input.now.toISOString());
  const period = input.period ?? { from: recordDays[0] ?? today, to: recordDays.at(-1) ?? today };
  const days = daysFrom(period.from, period.to);
  const ours = await books.ourRecords(
    input.agencyCode,
    days,
    input.records.map((record) => record.dossierCode),
  );
  const report: StoredReport = {
    reportId: input.reportId ?? `rc-${randomUUID()}`,
    agencyCode: input.agencyCode,
    period,
    toleranceMinutes: input.toleranceMinutes,
    records: input.records.length,
    createdAt: input.now.toISOString(),
    trigger: input.trigger,
    ...reconcileDeliveryConfirmations(ours, input.records, input.toleranceMinutes),
  };
  await books.saveReport(report);
  return report;
}
