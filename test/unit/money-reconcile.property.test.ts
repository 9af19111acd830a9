/**
 * The money reconciliation on random periods: the totals are the plain sums of the lines,
 * the differences add up to what was collected (or confirmed) less what was due, per-day
 * streams merged give what the single stream gives, and an input out of order is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Discrepancy, FinanceLine, ReconciliationTotals } from '../../functions/domain/money/model.ts';
import {
  compareFinanceLines,
  mergeSorted,
  Reconciler,
  reconcile,
} from '../../functions/domain/money/reconcile.ts';
import { s10Code } from '../../schemas/s10.ts';

const amount = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 500_000 }),
  fc.integer({ min: 1, max: 2_000_000_000 }),
);
/** A time within the month, coarse so that lines of one key often share it. */
const when = fc
  .record({ day: fc.integer({ min: 1, max: 30 }), hour: fc.integer({ min: 0, max: 3 }) })
  .map(({ day, hour }) => `2026-11-${String(day).padStart(2, '0')}T0${hour}:00:00.000Z`);

const itemArbitrary = fc.record({
  dues: fc.array(fc.record({ amount, fees: amount, at: when }), { maxLength: 3 }),
  /** Pay exactly what was due (the usual case), or whatever was drawn. */
  payExactly: fc.boolean(),
  payments: fc.array(
    fc.record({
      amount,
      fees: amount,
      at: when,
      method: fc.constantFrom('cash' as const, 'vietqr' as const),
    }),
    { maxLength: 3 },
  ),
  /** Have the bank confirm exactly the VietQR payments, or whatever was drawn. */
  confirmExactly: fc.boolean(),
  banks: fc.array(fc.record({ amount, at: when }), { maxLength: 2 }),
  voids: fc.array(fc.record({ amount, at: when }), { maxLength: 2 }),
  outcomes: fc.array(
    fc.record({
      at: when,
      outcome: fc.constantFrom('handed-over' as const, 'delivered' as const, 'returned-to-agency' as const),
      onTime: fc.boolean(),
    }),
    { maxLength: 1 },
  ),
});

type ItemPlan = typeof itemArbitrary extends fc.Arbitrary<infer T> ? T : never;

function linesOf(serial: number, plan: ItemPlan): FinanceLine[] {
  const itemCode = s10Code('RH', serial);
  const common = { key: itemCode, itemCode };
  const dossier = {
    dossierRef: `000.00.06.H56-261101-${String(serial).padStart(4, '0')}`,
    postOfficeCode: 'BC-HN-01',
  };
  const lines: FinanceLine[] = [];
  for (const due of plan.dues) lines.push({ kind: 'due', ...common, ...dossier, ...due });
  const payments =
    plan.payExactly && plan.dues.length > 0
      ? plan.dues.map((due, index) => ({ ...due, method: plan.payments[index]?.method ?? ('cash' as const) }))
      : plan.payments;
  payments.forEach((payment, index) => {
    lines.push({
      kind: 'paid',
      ...common,
      ...dossier,
      ...payment,
      staffId: 'staff-01',
      scanId: `scan-${serial}-${index}`,
    });
  });
  const vietqr = payments.filter((payment) => payment.method === 'vietqr');
  const banks = plan.confirmExactly ? vietqr.map(({ amount, at }) => ({ amount, at })) : plan.banks;
  banks.forEach((bank, index) => {
    lines.push({
      kind: 'bank',
      ...common,
      ...bank,
      bankLineId: `bank-${serial}-${index}`,
      bankReference: 'FT1',
    });
  });
  plan.voids.forEach((voided, index) => {
    lines.push({
      kind: 'void',
      ...common,
      ...voided,
      receipt: `HNTP26-${serial}-${index}`,
      reason: 'issued twice',
    });
  });
  for (const outcome of plan.outcomes) {
    lines.push({
      kind: 'outcome',
      ...common,
      dossierRef: dossier.dossierRef,
      direction: 'outbound',
      dueAt: null,
      ...outcome,
    });
  }
  return lines;
}

/** Lines of a random period, sorted in the reading order. */
const periodArbitrary = fc
  .uniqueArray(fc.tuple(fc.integer({ min: 0, max: 99_999_999 }), itemArbitrary), {
    selector: ([serial]) => serial,
    maxLength: 25,
  })
  .map((items) => items.flatMap(([serial, plan]) => linesOf(serial, plan)).sort(compareFinanceLines));

function runSync(lines: readonly FinanceLine[]): { found: Discrepancy[]; totals: ReconciliationTotals } {
  const reconciler = new Reconciler();
  const found: Discrepancy[] = [];
  for (const line of lines) found.push(...reconciler.push(line));
  const { totals, discrepancies } = reconciler.finish();
  return { found: [...found, ...discrepancies], totals };
}

async function runAsync(
  lines: AsyncIterable<FinanceLine>,
): Promise<{ found: Discrepancy[]; totals: ReconciliationTotals }> {
  const generator = reconcile(lines);
  const found: Discrepancy[] = [];
  for (;;) {
    const next = await generator.next();
    if (next.done) return { found, totals: next.value };
    found.push(next.value);
  }
}

const sumOf = (
  lines: readonly FinanceLine[],
  test: (line: FinanceLine) => boolean,
  field: 'amount' | 'fees' = 'amount',
) =>
  lines.reduce(
    (sum, line) => (test(line) ? sum + ((line as unknown as Record<string, number>)[field] ?? 0) : sum),
    0,
  );
const differences = (found: readonly Discrepancy[], kinds: readonly string[]) =>
  found.filter((entry) => kinds.includes(entry.kind)).reduce((sum, entry) => sum + entry.difference, 0);

const COLLECTION = ['not-collected', 'underpaid', 'overpaid', 'collected-without-due'];
const BANK = ['vietqr-not-confirmed', 'bank-amount-mismatch', 'bank-line-without-collection'];

describe('the money reconciliation on random periods', () => {
  it('keeps totals that are the plain sums of the lines', () => {
    fc.assert(
      fc.property(periodArbitrary, (lines) => {
        const { totals } = runSync(lines);
        const outcomes = lines.flatMap((line) => (line.kind === 'outcome' ? [line] : []));
        expect(totals).toEqual({
          lines: lines.length,
          items: new Set(lines.map((line) => line.key)).size,
          due: sumOf(lines, (line) => line.kind === 'due'),
          feesDue: sumOf(lines, (line) => line.kind === 'due', 'fees'),
          collected: sumOf(lines, (line) => line.kind === 'paid'),
          collectedCash: sumOf(lines, (line) => line.kind === 'paid' && line.method === 'cash'),
          collectedVietqr: sumOf(lines, (line) => line.kind === 'paid' && line.method === 'vietqr'),
          feesCollected: sumOf(lines, (line) => line.kind === 'paid', 'fees'),
          bankConfirmedVietqr: sumOf(lines, (line) => line.kind === 'bank'),
          voided: sumOf(lines, (line) => line.kind === 'void'),
          outcomes: {
            'handed-over': outcomes.filter((line) => line.outcome === 'handed-over').length,
            delivered: outcomes.filter((line) => line.outcome === 'delivered').length,
            'returned-to-agency': outcomes.filter((line) => line.outcome === 'returned-to-agency').length,
          },
          onTime: outcomes.filter((line) => line.onTime).length,
          late: outcomes.filter((line) => !line.onTime).length,
          resends: { count: 0, citizenVnd: 0, postVnd: 0, agencyVnd: 0 },
        });
      }),
    );
  });

  it('has differences that add up to collected − due, confirmed − paid by VietQR, and − voided', () => {
    fc.assert(
      fc.property(periodArbitrary, (lines) => {
        const { found, totals } = runSync(lines);
        // Over the items with a due line or a payment: every other item contributes nothing to either side.
        expect(differences(found, COLLECTION)).toBe(totals.collected - totals.due);
        expect(differences(found, BANK)).toBe(totals.bankConfirmedVietqr - totals.collectedVietqr);
        expect(differences(found, ['receipt-voided'])).toBe(0 - totals.voided);
        for (const entry of found) expect(entry.difference).toBe(entry.actual - entry.expected);
        // At most one collection and one bank discrepancy per item.
        for (const kinds of [COLLECTION, BANK]) {
          const subjects = found.filter((entry) => kinds.includes(entry.kind)).map((entry) => entry.subject);
          expect(new Set(subjects).size).toBe(subjects.length);
        }
      }),
    );
  });

  it('gives the same discrepancies and totals from per-day streams merged as from the single stream', async () => {
    await fc.assert(
      fc.asyncProperty(
        periodArbitrary,
        fc.integer({ min: 1, max: 31 }),
        fc.infiniteStream(fc.nat()),
        async (lines, streamCount, picks) => {
          const streams: FinanceLine[][] = Array.from({ length: streamCount }, () => []);
          const choices = picks[Symbol.iterator]();
          for (const line of lines) streams[(choices.next().value as number) % streamCount]?.push(line);
          async function* day(dayLines: FinanceLine[]) {
            for (const line of dayLines) {
              await Promise.resolve();
              yield line;
            }
          }
          async function* single() {
            yield* lines;
          }
          const merged = await runAsync(mergeSorted(streams.map(day)));
          expect(merged).toEqual(await runAsync(single()));
          expect(merged).toEqual(runSync(lines));
        },
      ),
    );
  });

  it('refuses an input whose key goes backwards, naming the key', () => {
    fc.assert(
      fc.property(
        periodArbitrary.filter((lines) => new Set(lines.map((line) => line.key)).size >= 2),
        fc.nat(),
        fc.nat(),
        (lines, first, second) => {
          const keys = [...new Set(lines.map((line) => line.key))];
          const earlier = keys[first % (keys.length - 1)] as string;
          const laterKeys = keys.filter((key) => key > earlier);
          const later = laterKeys[second % laterKeys.length] as string;
          const moved = lines.findIndex((line) => line.key === earlier);
          const movedLine = lines[moved] as FinanceLine;
          const rest = lines.filter((_, index) => index !== moved);
          const after = rest.findLastIndex((line) => line.key === later);
          const shuffled = [...rest.slice(0, after + 1), movedLine, ...rest.slice(after + 1)];
          expect(() => runSync(shuffled)).toThrow(`key ${earlier} came after ${later}`);
        },
      ),
    );
  });
});
