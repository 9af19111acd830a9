/**
 * Remittances: the post pays an agency the fees it collected on the agency's behalf. A
 * remittance covers whole days within one month, each day at most once, and must be made
 * within a few working days after its period ends; the bank transfer carries its reference
 * so that the bank statement can confirm it.
 */
import { addDays, addWorkingDays, endOfLocalDay, localDate } from '../calendar/working-days.ts';
import { crockfordId } from '../identifiers.ts';
import { DomainRefusal } from '../refusal.ts';
import { account, type Transfer } from './ledger.ts';
import type { Remittance } from './model.ts';
import { REMITTANCE_DUE_WORKING_DAYS } from './tariffs.ts';

/** `RM` + YYMM of the period + 6 Crockford characters: survives a bank's transfer-content rules. */
export const newRemittanceReference = (periodStart: string): string =>
  crockfordId(`RM${periodStart.slice(2, 4)}${periodStart.slice(5, 7)}`, 6);

/** The days of a period, checked: whole days, one month, already over. */
export function remittanceDays(periodStart: string, periodEnd: string, now: Date): string[] {
  if (periodStart > periodEnd) throw new DomainRefusal('unprocessable', 'periodStart is after periodEnd');
  if (periodStart.slice(0, 7) !== periodEnd.slice(0, 7))
    throw new DomainRefusal('unprocessable', 'A remittance covers days of one month: split the period');
  if (periodEnd >= localDate(now))
    throw new DomainRefusal('unprocessable', `Fees of ${periodEnd} can be remitted once the day is over`);
  const days: string[] = [];
  for (let day = periodStart; day <= periodEnd; ) {
    days.push(day);
    day = addDays(day, 1);
  }
  return days;
}

/** The end of the last working day a period's fees may be remitted on. */
export const remittanceDueBy = (periodEnd: string): string =>
  endOfLocalDay(addWorkingDays(periodEnd, REMITTANCE_DUE_WORKING_DAYS)).toISOString();

export function remittanceOf(input: {
  reference: string;
  agencyCode: string;
  postOfficeCode: string;
  periodStart: string;
  periodEnd: string;
  fees: number;
  now: Date;
  createdBy: string;
}): Remittance {
  if (input.fees <= 0)
    throw new DomainRefusal(
      'unprocessable',
      `No fees of ${input.agencyCode} collected from ${input.periodStart} to ${input.periodEnd} to remit`,
    );
  return {
    reference: input.reference,
    agencyCode: input.agencyCode,
    postOfficeCode: input.postOfficeCode,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    feesCollected: input.fees,
    amount: input.fees,
    createdAt: input.now.toISOString(),
    dueBy: remittanceDueBy(input.periodEnd),
    createdBy: input.createdBy,
    bankConfirmed: 0,
    bankConfirmedAt: null,
  };
}

/** The fees leave the agency's payable account for the remittances in transit, until the bank confirms. */
export const remittanceTransfer = (remittance: Remittance): Transfer => ({
  transferId: `remittance:${remittance.reference}`,
  debit: account.agencyFees(remittance.agencyCode),
  credit: account.remittancesInTransit(remittance.agencyCode),
  amount: remittance.amount,
  kind: 'remittance',
  at: remittance.createdAt,
  reference: { agencyCode: remittance.agencyCode, remittance: remittance.reference },
  description: `Fees of ${remittance.periodStart} to ${remittance.periodEnd} remitted to ${remittance.agencyCode}`,
});
