/**
 * The monthly statement's days: each day's collections by method and its arrivals, on the
 * in-memory books. The days add up to the month's amounts, and each day holds exactly what was
 * collected on it.
 */
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookFact } from '../../functions/app/money/book-fact.ts';
import { daysOfMonth, monthlyStatement } from '../../functions/app/money/compute-statement.ts';
import { MemoryMoneyBooks } from '../../functions/app/money/memory.ts';
import type { StatementBooks } from '../../functions/app/money/ports.ts';
import type { PayableItem } from '../../functions/domain/money/collections.ts';
import { s10Code } from '../../schemas/s10.ts';

const PERIOD = '2026-11';

const paymentArb = fc.record({
  day: fc.integer({ min: 1, max: 30 }),
  amount: fc.integer({ min: 1, max: 2_000_000 }),
  feesShare: fc.double({ min: 0, max: 1, noNaN: true }),
  method: fc.constantFrom('cash' as const, 'vietqr' as const),
  direction: fc.constantFrom('inbound' as const, 'outbound' as const),
});

const statementBooks = (books: MemoryMoneyBooks): StatementBooks => ({
  financeLinesOfDay: (agencyCode, day) => books.financeLinesOfDay(agencyCode, day),
  repairsOf: (agencyCode, month) => books.repairsOf(agencyCode, month),
  remittancesOf: async () => [],
  handinsOf: async () => [],
  dossierCounts: async () => ({}),
});

describe("the monthly statement's days", () => {
  it('add up to the month, each day holding what was collected and what arrived on it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(paymentArb, { minLength: 1, maxLength: 12 }), async (payments) => {
        const books = new MemoryMoneyBooks();
        const agencyCode = `000.00.${randomInt(10, 99)}.P${randomInt(1e5, 1e6)}`;
        for (const [index, payment] of payments.entries()) {
          const fees = Math.floor(payment.amount * payment.feesShare);
          const item: PayableItem = {
            itemCode: s10Code('RP', index + 1),
            direction: payment.direction,
            agencyCode,
            consignmentRef: `PG${randomInt(1e11, 1e12 - 1)}`,
            dossierCode: null,
            collectAmountVnd: payment.amount,
            feesAmountVnd: fees,
            dueAt: `${PERIOD}-15T16:59:59.999Z`,
          };
          await bookFact(books, item, {
            factId: `scan-${index}`,
            type: payment.direction === 'inbound' ? 'pickup' : 'delivered',
            occurredAt: `${PERIOD}-${String(payment.day).padStart(2, '0')}T03:00:00.000Z`,
            postOfficeCode: 'BC-HN-01',
            collected: { amount: payment.amount, method: payment.method },
          });
        }
        const statement = await monthlyStatement(
          statementBooks(books),
          { agencyCode, name: 'Cơ quan thử', postOfficeCode: 'BC-HN-01' },
          PERIOD,
          new Date('2026-12-01T00:00:00Z'),
        );
        const days = statement.days ?? [];
        expect(days.map((day) => day.day)).toEqual(daysOfMonth(PERIOD));
        const sum = (pick: (day: (typeof days)[number]) => number) =>
          days.reduce((total, day) => total + pick(day), 0);
        expect(sum((day) => day.collectedCashVnd)).toBe(statement.amounts.collectedCash);
        expect(sum((day) => day.collectedVietqrVnd)).toBe(statement.amounts.collectedVietqr);
        expect(sum((day) => day.feesCollectedVnd)).toBe(statement.amounts.feesCollected);
        for (const day of days) {
          const ofDay = payments.filter(
            (payment) => `${PERIOD}-${String(payment.day).padStart(2, '0')}` === day.day,
          );
          const collected = (method: string) =>
            ofDay
              .filter((payment) => payment.method === method)
              .reduce((total, payment) => total + payment.amount, 0);
          expect(day.collectedCashVnd).toBe(collected('cash'));
          expect(day.collectedVietqrVnd).toBe(collected('vietqr'));
          expect(day.arrivedOnTime).toBeLessThanOrEqual(day.arrived);
        }
        const arrived = sum((day) => day.arrived);
        const onTime = sum((day) => day.arrivedOnTime);
        expect(statement.onTimeRate).toEqual(arrived === 0 ? null : expect.closeTo(onTime / arrived, 4));
      }),
      { numRuns: 60 },
    );
  });
});
