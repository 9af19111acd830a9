/**
 * The books against the real DynamoDB Local: a scan's collection recorded once however
 * often it arrives, a second collection at the same point owing nothing more, and the
 * nightly reconciliation of an agency's day kept once per (agency, day).
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { financeLinesOfDay, vietnamDay } from '../../functions/adapters/dynamodb/finance-lines.ts';
import { financeStore, ledger } from '../../functions/adapters/index.ts';
import { bookFact } from '../../functions/app/money/book-fact.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import type { PayableItem, PaymentFact } from '../../functions/domain/money/collections.ts';
import type { FinanceLine } from '../../functions/domain/money/model.ts';
import { reconcileAgencyDay } from '../../functions/events/reconcile-finance-nightly.ts';
import { s10Code } from '../../schemas/s10.ts';

/** An agency and an office of their own per test: nothing another test writes is counted. */
const fresh = () => {
  const n = randomInt(100, 999);
  return { agencyCode: `000.00.${String(randomInt(10, 99))}.T${n}`, office: `BT-${randomInt(1e5, 1e6)}` };
};

const outbound = (agencyCode: string, fees: number, postage: number): PayableItem => ({
  itemCode: s10Code('RK', randomInt(1, 99_999_999)),
  direction: 'outbound',
  agencyCode,
  consignmentRef: `PG${randomInt(1e11, 1e12 - 1)}`,
  dossierCode: null,
  collectAmountVnd: fees + postage,
  feesAmountVnd: fees,
  dueAt: '2026-11-12T16:59:59.999Z',
});

const delivered = (office: string, amount: number, method: 'cash' | 'vietqr', at: string): PaymentFact => ({
  factId: `scan-${randomInt(1e9, 1e10)}`,
  type: 'delivered',
  occurredAt: at,
  postOfficeCode: office,
  staffId: 'NV05',
  collected: { amount, method },
});

async function linesOf(agencyCode: string, day: string): Promise<FinanceLine[]> {
  const lines: FinanceLine[] = [];
  for await (const line of financeLinesOfDay(dynamoDocumentClient(), tableName(), agencyCode, day))
    lines.push(line);
  return lines;
}

describe('the books', () => {
  it('records a collection once, however often its scan arrives', async () => {
    const { agencyCode, office } = fresh();
    const item = outbound(agencyCode, 40_000, 26_000);
    const fact = delivered(office, 66_000, 'cash', '2026-11-10T04:00:00.000Z');
    expect((await bookFact(financeStore(), item, fact)).outcome).toBe('recorded');
    expect(await bookFact(financeStore(), item, fact)).toEqual({
      outcome: 'replayed',
      fees: 40_000,
      transfers: [],
    });

    const staff = `staff-cash:${office}:NV05`;
    expect((await ledger().balance(staff)).balance).toBe(66_000);
    expect((await ledger().balance(`agency-fees:${agencyCode}`)).balance).toBe(-40_000);
    expect((await ledger().balance(`postage-revenue:${office}`)).balance).toBe(-26_000);
    const lines = await linesOf(agencyCode, vietnamDay(fact.occurredAt));
    expect(lines.map((line) => line.kind)).toEqual(['due', 'paid', 'outcome']);
  });

  it('owes once at the collection point: a second delivered scan pays, and is an overpayment', async () => {
    const { agencyCode, office } = fresh();
    const item = outbound(agencyCode, 10_000, 26_000);
    await bookFact(financeStore(), item, delivered(office, 36_000, 'vietqr', '2026-11-10T04:00:00.000Z'));
    await bookFact(financeStore(), item, delivered(office, 36_000, 'vietqr', '2026-11-10T05:00:00.000Z'));
    const lines = await linesOf(agencyCode, '2026-11-10');
    expect(lines.filter((line) => line.kind === 'due')).toHaveLength(1);
    expect(lines.filter((line) => line.kind === 'paid')).toHaveLength(2);
    expect((await ledger().balance(`overpayments:${office}`)).balance).toBe(-36_000);
    expect((await ledger().balance(`vietqr-clearing:${office}`)).balance).toBe(72_000);
  });

  it("reconciles an agency's day once: the second night finds it kept", async () => {
    const { agencyCode, office } = fresh();
    const short = outbound(agencyCode, 50_000, 26_000);
    await bookFact(financeStore(), short, delivered(office, 70_000, 'cash', '2026-11-11T03:00:00.000Z'));
    const now = new Date('2026-11-12T19:00:00.000Z');
    expect(await reconcileAgencyDay(agencyCode, '2026-11-11', now)).toBe('kept');
    const kept = await financeStore().dailyReconciliation(agencyCode, '2026-11-11');
    expect(kept).toMatchObject({
      totals: { due: 76_000, collected: 70_000, collectedCash: 70_000 },
      discrepancyCount: 1,
      discrepancies: [{ kind: 'underpaid', subject: short.itemCode, difference: -6_000 }],
    });

    // A late scan of the same day does not change what the night kept.
    await bookFact(
      financeStore(),
      outbound(agencyCode, 0, 26_000),
      delivered(office, 26_000, 'cash', '2026-11-11T08:00:00.000Z'),
    );
    expect(await reconcileAgencyDay(agencyCode, '2026-11-11', new Date())).toBe('existing');
    expect(await financeStore().dailyReconciliation(agencyCode, '2026-11-11')).toEqual(kept);
  });
});
