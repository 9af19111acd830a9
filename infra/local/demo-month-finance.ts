/**
 * The money side of the demo month, once the journeys are played: the seeder waits for the
 * ledger to book every collection (the stream feeds it, as deployed), then remits each agency's
 * fees of the older weeks (the last days stay due, for finance to remit), imports the bank's
 * statement lines of each office's account (VietQR transfers and remittances, except the most
 * recent, and one line that names nothing), and records a cash hand-in per office the evening
 * before. Each step is refused or recognised when done before, so a second run adds nothing.
 */
import { financeStore, ledger, referenceStore } from '../../functions/adapters/index.ts';
import { handInCash } from '../../functions/app/money/hand-in-cash.ts';
import { matchBankStatement } from '../../functions/app/money/match-bank-statement.ts';
import { remitFees } from '../../functions/app/money/remit-fees.ts';
import { addDays, localDate } from '../../functions/domain/calendar/working-days.ts';
import { parseBankStatementJson } from '../../functions/domain/money/bank-statements.ts';
import { account } from '../../functions/domain/money/ledger.ts';
import type { Remittance } from '../../functions/domain/money/model.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import { type DemoJourney, type PaymentMethod, vietnamTime } from './demo-month-plan.ts';
import { DEMO_AGENCIES, DEMO_POST_OFFICES } from './demo-reference.ts';

/**
 * The seeder waits for the ledger to book the month's collections as long as it makes progress;
 * this long without any booking is a fault.
 */
const LEDGER_STALL_MS = 120_000;
const LEDGER_POLL_MS = 250;
/** Days before the anchor whose fees stay unremitted, due for finance to remit. */
const DAYS_LEFT_DUE = 8;
/** The bank's statement reaches this many days before the anchor. */
const BANK_LAG_DAYS = 3;
const SEEDER = 'demo-seed';

export interface CollectedMoney {
  readonly itemCode: string;
  readonly factId: string;
  readonly amount: number;
  readonly method: PaymentMethod;
  readonly at: Date;
  readonly postOfficeCode: string;
}

export async function seedDemoFinance(input: {
  readonly journeys: readonly DemoJourney[];
  readonly anchor: Date;
  readonly collected: readonly CollectedMoney[];
  readonly log: (line: string) => void;
}): Promise<{ remittances: number; bankLines: number; handins: number }> {
  const startedMs = Date.now();
  await ledgerBooked(input.collected);
  input.log(`  ledger caught up in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
  const firstDay = localDate(input.journeys[0]?.registeredAt ?? input.anchor);
  const remittances = await remitOlderWeeks(firstDay, input.anchor);
  const bankLines = await importBankStatements(input.collected, input.anchor, firstDay);
  const handins = await handInYesterday(input.anchor);
  return { remittances, bankLines, handins };
}

/** Waits until every collection of the month is in the ledger. */
async function ledgerBooked(collected: readonly CollectedMoney[]): Promise<void> {
  let waiting = [...collected];
  let stallDeadline = Date.now() + LEDGER_STALL_MS;
  for (;;) {
    const booked = await Promise.all(
      waiting.map((fact) => financeStore().bookedFees(fact.itemCode, fact.factId)),
    );
    const left = waiting.filter((_fact, index) => booked[index] === null);
    if (left.length === 0) return;
    if (left.length < waiting.length) stallDeadline = Date.now() + LEDGER_STALL_MS;
    else if (Date.now() > stallDeadline)
      throw new Error(
        `The ledger booked none of the ${left.length} demo collections left in ${LEDGER_STALL_MS / 1000} s`,
      );
    waiting = left;
    await new Promise((resolve) => setTimeout(resolve, LEDGER_POLL_MS));
  }
}

/** Week-long periods (cut at month ends) from `firstDay` up to the days left due. */
export function remittancePeriods(firstDay: string, anchorDay: string): { start: string; end: string }[] {
  const lastDay = addDays(anchorDay, -DAYS_LEFT_DUE - 1);
  const periods: { start: string; end: string }[] = [];
  for (let start = firstDay; start <= lastDay; ) {
    let end = start;
    const sameMonth = (day: string) => day.slice(0, 7) === start.slice(0, 7);
    while (end < lastDay && end < addDays(start, 6) && sameMonth(addDays(end, 1))) end = addDays(end, 1);
    periods.push({ start, end });
    start = addDays(end, 1);
  }
  return periods;
}

/** Each agency's older weeks remitted the morning after each week; a week remitted before is refused. */
async function remitOlderWeeks(firstDay: string, anchor: Date): Promise<number> {
  let made = 0;
  for (const period of remittancePeriods(firstDay, localDate(anchor))) {
    for (const agency of DEMO_AGENCIES) {
      // A week with no fees has nothing to remit: the use case says so and the week is passed.
      const answer = await remitFees(
        { agencies: referenceStore(), books: financeStore() },
        {
          agencyCode: agency.agencyCode,
          periodStart: period.start,
          periodEnd: period.end,
          createdBy: SEEDER,
          now: vietnamTime(addDays(period.end, 1), '10:00'),
        },
      ).catch((error: unknown) => {
        if (error instanceof DomainRefusal && error.kind === 'unprocessable') return null;
        throw error;
      });
      if (answer?.outcome === 'remitted') made += 1;
    }
  }
  return made;
}

async function remittancesSince(firstDay: string, anchor: Date): Promise<Remittance[]> {
  const months = [...new Set([firstDay.slice(0, 7), localDate(anchor).slice(0, 7)])];
  const found: Remittance[] = [];
  for (const agency of DEMO_AGENCIES) {
    for (const month of months) found.push(...(await financeStore().remittancesOf(agency.agencyCode, month)));
  }
  return found.filter((remittance) => remittance.createdBy === SEEDER);
}

/**
 * Per office's account: a credit for each VietQR transfer the bank has booked, a debit for each
 * remittance but the latest of each agency, and a transfer that names nothing. Lines imported
 * before come back as duplicates and change nothing.
 */
async function importBankStatements(collected: readonly CollectedMoney[], anchor: Date, firstDay: string) {
  const bankDay = addDays(localDate(anchor), -BANK_LAG_DAYS);
  const remittances = await remittancesSince(firstDay, anchor);
  let lines = 0;
  for (const office of DEMO_POST_OFFICES) {
    const transfers = collected
      .filter((money) => money.method === 'vietqr' && money.postOfficeCode === office.postOfficeCode)
      .filter((money) => localDate(money.at) <= bankDay)
      .map((money) => ({
        bookedAt: localDate(money.at),
        reference: `${money.itemCode} VIETQR`,
        description: `Thanh toan buu gui ${money.itemCode}`,
        amount: money.amount,
        direction: 'credit' as const,
      }));
    const ofOffice = remittances
      .filter((remittance) => remittance.postOfficeCode === office.postOfficeCode && remittance.amount > 0)
      .sort((left, right) => left.createdAt.localeCompare(right.createdAt));
    const latest = new Map(ofOffice.map((remittance) => [remittance.agencyCode, remittance.reference]));
    const paid = ofOffice
      .filter((remittance) => latest.get(remittance.agencyCode) !== remittance.reference)
      .map((remittance) => ({
        bookedAt: localDate(new Date(remittance.createdAt)),
        reference: remittance.reference,
        description: `Chuyen tra phi thu ho ${remittance.agencyCode}`,
        amount: remittance.amount,
        direction: 'debit' as const,
      }));
    const stray = {
      bookedAt: bankDay,
      reference: 'CK NHAM',
      description: 'Chuyen khoan khong ro noi dung',
      amount: 50_000,
      direction: 'credit' as const,
    };
    const statement = {
      accountNumber: office.collectionAccount?.accountNumber,
      lines: [...transfers, ...paid, stray],
    };
    const { counts } = await matchBankStatement(financeStore(), parseBankStatementJson(statement));
    // Lines that confirmed a payment or a remittance; a line naming nothing confirms nothing.
    const confirming = new Set(['matched', 'partial', 'overpaid']);
    lines += Object.entries(counts).reduce(
      (sum, [outcome, count]) => (confirming.has(outcome) ? sum + Number(count) : sum),
      0,
    );
  }
  return lines;
}

/** The first staff member of each office hands in the cash held, the evening before the anchor. */
async function handInYesterday(anchor: Date): Promise<number> {
  const evening = vietnamTime(addDays(localDate(anchor), -1), '17:30');
  let made = 0;
  for (const [index, office] of DEMO_POST_OFFICES.entries()) {
    const staffId = `nv-${office.postOfficeCode.toLowerCase()}-1`;
    const before = await financeStore().handinsOf(office.postOfficeCode, localDate(evening).slice(0, 7));
    if (before.some((handin) => handin.staffId === staffId && handin.countedBy === SEEDER)) continue;
    const held = await ledger().balance(account.staffCash(office.postOfficeCode, staffId));
    if (held.debits === 0 && held.credits === 0) continue;
    // One office counts a little short, for the variance to show.
    const countedVnd = Math.max(0, held.balance - (index === 2 ? 20_000 : 0));
    const answer = await handInCash(
      {
        offices: referenceStore(),
        books: {
          balance: (id) => ledger().balance(id),
          recordHandin: financeStore().recordHandin.bind(financeStore()),
        },
      },
      { postOfficeCode: office.postOfficeCode, staffId, countedBy: SEEDER, countedVnd, now: evening },
    );
    if (answer.outcome === 'handed-in') made += 1;
  }
  return made;
}
