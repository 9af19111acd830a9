/** The money reconciliation on hand-made lines: every kind of discrepancy, the totals, the statement. */
import { describe, expect, it } from 'vitest';
import type {
  CashHandin,
  Discrepancy,
  FinanceLine,
  ReconciliationTotals,
  Remittance,
  StatementItemLine,
} from '../../functions/domain/money/model.ts';
import {
  amountText,
  assembleStatement,
  compareFinanceLines,
  feesCollectedNet,
  mergeSorted,
  Reconciler,
  reconcile,
  statementDiscrepancies,
} from '../../functions/domain/money/reconcile.ts';
import { s10Code } from '../../schemas/s10.ts';

const AGENCY = '000.00.06.H56';
const OFFICE = 'BC-HN-01';
const item = (serial: number) => s10Code('RH', serial);
const at = (day: number, hour = 9) =>
  `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

const due = (code: string, amount: number, fees = amount, when = at(3)): FinanceLine => ({
  kind: 'due',
  key: code,
  at: when,
  itemCode: code,
  dossierRef: `${AGENCY}-261103-0001`,
  postOfficeCode: OFFICE,
  amount,
  fees,
});
const paid = (
  code: string,
  amount: number,
  method: 'cash' | 'vietqr' = 'cash',
  fees = amount,
  when = at(3, 10),
): FinanceLine => ({
  kind: 'paid',
  key: code,
  at: when,
  itemCode: code,
  dossierRef: `${AGENCY}-261103-0001`,
  postOfficeCode: OFFICE,
  staffId: 'staff-07',
  method,
  amount,
  fees,
  scanId: `scan-${code}-${when}`,
});
const bank = (code: string, amount: number, when = at(4, 2)): FinanceLine => ({
  kind: 'bank',
  key: code,
  at: when,
  itemCode: code,
  amount,
  bankLineId: `bank-${code}-${when}`,
  bankReference: 'FT26308123456',
});
const voided = (code: string, amount: number, receipt = 'HNTP26-0000123', when = at(5)): FinanceLine => ({
  kind: 'void',
  key: code,
  at: when,
  itemCode: code,
  amount,
  receipt,
  reason: 'issued twice',
});
const outcome = (
  code: string,
  onTime: boolean,
  result: 'handed-over' | 'delivered' | 'returned-to-agency' = 'delivered',
): FinanceLine => ({
  kind: 'outcome',
  key: code,
  at: at(6),
  itemCode: code,
  dossierRef: `${AGENCY}-261103-0001`,
  direction: 'outbound',
  outcome: result,
  dueAt: at(6, 17),
  onTime,
});

function run(lines: FinanceLine[]): { found: Discrepancy[]; totals: ReconciliationTotals } {
  const reconciler = new Reconciler();
  const found: Discrepancy[] = [];
  for (const line of lines) found.push(...reconciler.push(line));
  const { totals, discrepancies } = reconciler.finish();
  return { found: [...found, ...discrepancies], totals };
}

const only = (lines: FinanceLine[]): Discrepancy => {
  const { found } = run(lines);
  expect(found).toHaveLength(1);
  return found[0] as Discrepancy;
};

describe('the reconciliation core, per item', () => {
  const code = item(1);

  it('finds nothing when what was due was collected and the bank confirmed the VietQR part', () => {
    expect(run([due(code, 161_000), paid(code, 161_000, 'vietqr'), bank(code, 161_000)]).found).toEqual([]);
    expect(
      run([due(code, 26_000), paid(code, 20_000), paid(code, 6_000), outcome(code, true)]).found,
    ).toEqual([]);
    // Nothing owed, nothing paid.
    expect(run([due(code, 0), outcome(code, true)]).found).toEqual([]);
  });

  it('not collected: due, nothing paid', () => {
    const found = only([due(code, 26_000, 0, at(3, 8)), outcome(code, false)]);
    expect(found).toMatchObject({
      kind: 'not-collected',
      subject: code,
      expected: 26_000,
      actual: 0,
      difference: -26_000,
      at: at(3, 8),
    });
    expect(found.cause).toContain(code);
    expect(found.cause).toContain('26.000 ₫');
  });

  it('underpaid and overpaid, summed over several due and paid lines', () => {
    const under = only([due(code, 100_000), due(code, 35_000), paid(code, 100_000), paid(code, 5_000)]);
    expect(under).toMatchObject({
      kind: 'underpaid',
      expected: 135_000,
      actual: 105_000,
      difference: -30_000,
    });
    expect(under.cause).toContain('thiếu 30.000 ₫');
    const over = only([due(code, 26_000), paid(code, 30_000, 'cash', 26_000, at(3, 11))]);
    expect(over).toMatchObject({ kind: 'overpaid', expected: 26_000, actual: 30_000, difference: 4_000 });
    expect(over.at).toBe(at(3, 11));
    expect(over.cause).toContain('thừa 4.000 ₫');
  });

  it('collected without anything due', () => {
    expect(only([paid(code, 50_000)])).toMatchObject({
      kind: 'collected-without-due',
      expected: 0,
      actual: 50_000,
      difference: 50_000,
    });
  });

  it('VietQR paid but not on the bank statement', () => {
    const found = only([due(code, 161_000), paid(code, 161_000, 'vietqr', 135_000, at(3, 14))]);
    expect(found).toMatchObject({
      kind: 'vietqr-not-confirmed',
      subject: code,
      expected: 161_000,
      actual: 0,
      difference: -161_000,
      at: at(3, 14),
    });
    expect(found.cause).toContain('161.000 ₫');
  });

  it('the bank confirmed another amount than the VietQR payment (cash beside it does not count)', () => {
    const found = only([
      due(code, 200_000),
      paid(code, 150_000, 'vietqr'),
      paid(code, 50_000, 'cash'),
      bank(code, 100_000, at(4, 1)),
      bank(code, 40_000, at(4, 3)),
    ]);
    expect(found).toMatchObject({
      kind: 'bank-amount-mismatch',
      expected: 150_000,
      actual: 140_000,
      difference: -10_000,
      at: at(4, 3),
    });
  });

  it('a bank line for an item nobody recorded a VietQR payment for', () => {
    const found = only([due(code, 26_000), paid(code, 26_000, 'cash'), bank(code, 26_000)]);
    expect(found).toMatchObject({
      kind: 'bank-line-without-collection',
      expected: 0,
      actual: 26_000,
      difference: 26_000,
    });
    // Both sides wrong at once: two discrepancies for the one item.
    expect(run([due(code, 26_000), bank(code, 26_000)]).found.map((entry) => entry.kind)).toEqual([
      'not-collected',
      'bank-line-without-collection',
    ]);
  });

  it('each voided receipt, in time order', () => {
    const { found } = run([
      due(code, 135_000),
      paid(code, 135_000),
      voided(code, 135_000, 'HNTP26-0000124', at(5, 11)),
      voided(code, 35_000, 'HNTP26-0000123', at(5, 10)),
    ]);
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'receipt-voided',
        subject: code,
        expected: 35_000,
        actual: 0,
        difference: -35_000,
        at: at(5, 10),
      }),
      expect.objectContaining({ kind: 'receipt-voided', expected: 135_000, at: at(5, 11) }),
    ]);
    expect(found[0]?.cause).toContain('HNTP26-0000123');
    expect(found[0]?.cause).toContain('issued twice');
  });

  it('every discrepancy is actual − expected and its cause is one sentence naming the item', () => {
    const { found } = run([
      due(item(1), 26_000),
      due(item(2), 26_000),
      paid(item(2), 1_000),
      paid(item(3), 5_000, 'vietqr'),
      bank(item(4), 7_000),
      voided(item(5), 9_000),
    ]);
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const entry of found) {
      expect(entry.difference).toBe(entry.actual - entry.expected);
      expect(entry.cause).toContain(entry.subject);
      expect(entry.cause).toMatch(/^[A-Z][^.]*(?:\.\d{3}[^.]*)*\.$/);
    }
  });
});

describe('the reconciliation core, over a period', () => {
  const lines = [
    due(item(1), 161_000, 135_000),
    paid(item(1), 161_000, 'vietqr', 135_000),
    bank(item(1), 161_000),
    outcome(item(1), true, 'delivered'),
    due(item(2), 26_000, 0),
    paid(item(2), 26_000, 'cash', 0),
    voided(item(2), 26_000),
    outcome(item(2), false, 'handed-over'),
    due(item(3), 50_000, 20_000),
    outcome(item(3), true, 'returned-to-agency'),
  ].sort(compareFinanceLines);

  it('keeps the totals of every line', () => {
    const { totals } = run(lines);
    expect(totals).toEqual({
      lines: 10,
      items: 3,
      due: 237_000,
      feesDue: 155_000,
      collected: 187_000,
      collectedCash: 26_000,
      collectedVietqr: 161_000,
      feesCollected: 135_000,
      bankConfirmedVietqr: 161_000,
      voided: 26_000,
      outcomes: { 'handed-over': 1, delivered: 1, 'returned-to-agency': 1 },
      onTime: 2,
      late: 1,
      resends: { count: 0, citizenVnd: 0, postVnd: 0, agencyVnd: 0 },
    });
    expect(feesCollectedNet(totals)).toBe(109_000);
  });

  it('gives out a key’s discrepancies when the next key starts, not before', () => {
    const reconciler = new Reconciler();
    expect(reconciler.push(due(item(3), 50_000))).toEqual([]);
    expect(reconciler.push(outcome(item(3), true))).toEqual([]);
    const closed = reconciler.push(due(item(4), 10_000));
    expect(closed.map((entry) => [entry.kind, entry.subject])).toEqual([['not-collected', item(3)]]);
    expect(reconciler.totals.items).toBe(2);
    const { discrepancies, totals } = reconciler.finish();
    expect(discrepancies.map((entry) => entry.subject)).toEqual([item(4)]);
    expect(totals).toMatchObject({ lines: 3, items: 2, due: 60_000 });
    expect(() => reconciler.push(due(item(5), 1))).toThrow(/finished/);
  });

  it('refuses lines whose key goes backwards, naming the key', () => {
    const reconciler = new Reconciler();
    reconciler.push(due(item(7), 1_000));
    reconciler.push(due(item(8), 1_000));
    expect(() => reconciler.push(paid(item(7), 1_000))).toThrow(
      new RegExp(`key ${item(7)} came after ${item(8)}`),
    );
  });

  it('refuses an amount that is not whole đồng within the limit', () => {
    expect(() => new Reconciler().push(due(item(1), 1.5))).toThrow(RangeError);
    expect(() => new Reconciler().push(paid(item(1), -1))).toThrow(RangeError);
    expect(() => new Reconciler().push(bank(item(1), 2_000_000_001))).toThrow(new RegExp(item(1)));
  });

  it('as an async generator over an array or an async stream, returning the totals', async () => {
    const read = async (source: Iterable<FinanceLine> | AsyncIterable<FinanceLine>) => {
      const generator = reconcile(source);
      const found: Discrepancy[] = [];
      for (;;) {
        const next = await generator.next();
        if (next.done) return { found, totals: next.value };
        found.push(next.value);
      }
    };
    async function* stream() {
      yield* lines;
    }
    const fromArray = await read(lines);
    const fromStream = await read(stream());
    expect(fromArray).toEqual(run(lines));
    expect(fromStream).toEqual(fromArray);
    expect(fromArray.found.map((entry) => entry.kind)).toEqual(['receipt-voided', 'not-collected']);
    await expect(read([due(item(2), 1), due(item(1), 1)])).rejects.toThrow(item(1));
  });
});

describe('merging per-day streams', () => {
  async function* stream(lines: FinanceLine[]) {
    yield* lines;
  }
  const collect = async (source: AsyncIterable<FinanceLine>) => {
    const lines: FinanceLine[] = [];
    for await (const line of source) lines.push(line);
    return lines;
  };

  it('gives one stream in the reading order', async () => {
    const day3 = [due(item(1), 10), paid(item(1), 10, 'vietqr'), due(item(3), 30)];
    const day4 = [bank(item(1), 10), due(item(2), 20), paid(item(3), 30)];
    const day5: FinanceLine[] = [];
    const day6 = [outcome(item(1), true), voided(item(3), 30)];
    const merged = await collect(mergeSorted([stream(day3), day4, stream(day5), stream(day6)]));
    expect(merged).toEqual([...day3, ...day4, ...day6].sort(compareFinanceLines));
    expect(await collect(mergeSorted([]))).toEqual([]);
  });

  it('refuses a stream out of order', async () => {
    await expect(collect(mergeSorted([stream([due(item(2), 1), due(item(1), 1)])]))).rejects.toThrow(
      /stream 1 is out of order/,
    );
  });

  it('closes the streams when the reader stops early', async () => {
    let closed = 0;
    async function* tracked(lines: FinanceLine[]) {
      try {
        yield* lines;
      } finally {
        closed += 1;
      }
    }
    for await (const line of mergeSorted([
      tracked([due(item(1), 1), due(item(3), 1)]),
      tracked([due(item(2), 1)]),
    ])) {
      expect(line.key).toBe(item(1));
      break;
    }
    expect(closed).toBe(2);
  });
});

const remittance = (overrides: Partial<Remittance> = {}): Remittance => ({
  reference: 'RM2611K7X2QF',
  agencyCode: AGENCY,
  postOfficeCode: OFFICE,
  periodStart: '2026-11-01',
  periodEnd: '2026-11-15',
  feesCollected: 1_000_000,
  amount: 990_000,
  createdAt: '2026-11-16T03:00:00.000Z',
  dueBy: '2026-11-18T10:00:00.000Z',
  createdBy: 'finance-01',
  bankConfirmed: 990_000,
  bankConfirmedAt: '2026-11-17T02:00:00.000Z',
  ...overrides,
});
const handin = (expected: number, counted: number, staffId = 'staff-07'): CashHandin => ({
  handinId: `handin-${staffId}`,
  staffId,
  postOfficeCode: OFFICE,
  countedBy: 'chief-01',
  at: '2026-11-20T10:00:00.000Z',
  expected,
  counted,
  variance: counted - expected,
});

describe('the statement’s own discrepancies', () => {
  const now = '2026-12-01T01:00:00.000Z';

  it('finds none when cash, remittances and the bank agree', () => {
    expect(
      statementDiscrepancies({
        remittances: [remittance()],
        handins: [handin(500_000, 500_000)],
        feesCollectedNet: 1_000_000,
        now,
      }),
    ).toEqual([]);
  });

  it('cash short and cash over, by staff member', () => {
    const found = statementDiscrepancies({
      remittances: [],
      handins: [
        handin(500_000, 480_000, 'staff-01'),
        handin(500_000, 500_000),
        handin(200_000, 201_000, 'staff-02'),
      ],
      feesCollectedNet: 0,
      now,
    });
    expect(found).toEqual([
      expect.objectContaining({
        kind: 'cash-short',
        subject: 'staff-01',
        expected: 500_000,
        actual: 480_000,
        difference: -20_000,
      }),
      expect.objectContaining({
        kind: 'cash-over',
        subject: 'staff-02',
        difference: 1_000,
        at: '2026-11-20T10:00:00.000Z',
      }),
    ]);
    expect(found[0]?.cause).toContain('thiếu 20.000 ₫');
  });

  it('remittances late, not confirmed, confirmed for another amount; fees not remitted', () => {
    const found = statementDiscrepancies({
      remittances: [
        remittance({ reference: 'RM2611AAAAAA', createdAt: '2026-11-20T03:00:00.000Z' }),
        remittance({ reference: 'RM2611BBBBBB', bankConfirmed: 0, bankConfirmedAt: null }),
        remittance({ reference: 'RM2611CCCCCC', bankConfirmed: 900_000 }),
      ],
      handins: [],
      feesCollectedNet: 3_200_000,
      now: new Date(now),
    });
    expect(found).toEqual([
      expect.objectContaining({ kind: 'remittance-late', subject: 'RM2611AAAAAA', difference: 0 }),
      expect.objectContaining({
        kind: 'remittance-not-confirmed',
        subject: 'RM2611BBBBBB',
        expected: 990_000,
        actual: 0,
        at: now,
      }),
      expect.objectContaining({
        kind: 'remittance-bank-mismatch',
        subject: 'RM2611CCCCCC',
        expected: 990_000,
        actual: 900_000,
        difference: -90_000,
      }),
      expect.objectContaining({
        kind: 'fees-not-remitted',
        subject: AGENCY,
        expected: 3_200_000,
        actual: 3_000_000,
        difference: -200_000,
      }),
    ]);
    expect(found[0]?.cause).toContain('chậm 2 ngày');
    expect(found[3]?.cause).toContain('chuyển nốt 200.000 ₫');
    // Nothing remitted at all: the subject is the agency the caller names.
    expect(
      statementDiscrepancies({ remittances: [], handins: [], feesCollectedNet: 5_000, now, agencyCode: 'X' }),
    ).toEqual([expect.objectContaining({ kind: 'fees-not-remitted', subject: 'X', difference: -5_000 })]);
  });
});

describe('the monthly statement', () => {
  const totals: ReconciliationTotals = {
    lines: 40,
    items: 10,
    due: 1_610_000,
    feesDue: 1_350_000,
    collected: 1_584_000,
    collectedCash: 1_000_000,
    collectedVietqr: 584_000,
    feesCollected: 1_350_000,
    bankConfirmedVietqr: 584_000,
    voided: 350_000,
    outcomes: { 'handed-over': 4, delivered: 5, 'returned-to-agency': 1 },
    onTime: 2,
    late: 1,
    resends: { count: 0, citizenVnd: 0, postVnd: 0, agencyVnd: 0 },
  };
  const base = {
    agency: { agencyCode: AGENCY, agencyName: 'Bộ phận một cửa', postOfficeCode: OFFICE },
    period: '2026-11',
    generatedAt: '2026-12-01T01:00:00.000Z',
    totals,
    remittances: [remittance()],
    handins: [handin(500_000, 490_000)],
    dossiers: { delivered: 5, 'in-transit': 2 },
  };
  const lineDiscrepancies = run([due(item(1), 26_000), due(item(2), 26_000), due(item(3), 26_000)]).found;

  it('adds up the amounts and the on-time rate, listing the statement’s discrepancies first', () => {
    const statement = assembleStatement({ ...base, lineDiscrepancies });
    expect(statement).toMatchObject({
      agencyCode: AGENCY,
      agencyName: 'Bộ phận một cửa',
      postOfficeCode: OFFICE,
      period: '2026-11',
      items: { 'handed-over': 4, delivered: 5, 'returned-to-agency': 1 },
      dossiers: { delivered: 5, 'in-transit': 2 },
      amounts: {
        expected: 1_610_000,
        feesExpected: 1_350_000,
        collected: 1_584_000,
        collectedCash: 1_000_000,
        collectedVietqr: 584_000,
        feesCollected: 1_350_000,
        voided: 350_000,
        remitted: 990_000,
        bankConfirmed: 584_000 + 990_000,
        bankConfirmedVietqr: 584_000,
        bankConfirmedRemittances: 990_000,
      },
      onTimeRate: 0.6667,
      discrepanciesOmitted: 0,
    });
    expect(statement.discrepancies.map((entry) => entry.kind)).toEqual([
      'cash-short',
      'not-collected',
      'not-collected',
      'not-collected',
    ]);
    expect(statement.remittances).toEqual([remittance()]);
    expect(statement.cashHandins).toHaveLength(1);
  });

  it('caps the list and says how many were left out; no arrivals, no rate', () => {
    const statement = assembleStatement({
      ...base,
      totals: { ...totals, onTime: 0, late: 0 },
      lineDiscrepancies,
      maxDiscrepancies: 2,
    });
    expect(statement.discrepancies.map((entry) => entry.kind)).toEqual(['cash-short', 'not-collected']);
    expect(statement.discrepanciesOmitted).toBe(2);
    expect(statement.onTimeRate).toBeNull();
  });
});

describe('amounts in causes', () => {
  it('whole đồng with dots between thousands', () => {
    expect(amountText(26_000)).toBe('26.000 ₫');
    expect(amountText(1_234_567)).toBe('1.234.567 ₫');
    expect(amountText(0)).toBe('0 ₫');
    expect(amountText(-5_000)).toBe('-5.000 ₫');
  });
});

describe('the items of a reconciliation, one line each', () => {
  it('tells each item as its key closes: due, fees, cash, VietQR, bank, voided, outcome', async () => {
    const [a, b, c] = [item(1), item(2), item(3)];
    const lines: StatementItemLine[] = [];
    const run = reconcile(
      [
        due(a, 135_000, 100_000),
        paid(a, 35_000, 'cash', 0),
        paid(a, 100_000, 'vietqr', 100_000, at(3, 11)),
        bank(a, 100_000),
        outcome(a, true, 'handed-over'),
        due(b, 65_000, 30_000),
        paid(b, 65_000),
        voided(b, 30_000),
        due(c, 20_000),
      ],
      (line) => lines.push(line),
    );
    const found: Discrepancy[] = [];
    for (let next = await run.next(); !next.done; next = await run.next()) found.push(next.value);
    expect(lines).toEqual([
      {
        itemCode: a,
        dueVnd: 135_000,
        feesDueVnd: 100_000,
        collectedCashVnd: 35_000,
        collectedVietqrVnd: 100_000,
        bankConfirmedVnd: 100_000,
        voidedVnd: 0,
        outcome: 'handed-over',
        onTime: true,
        lastAt: at(6),
      },
      {
        itemCode: b,
        dueVnd: 65_000,
        feesDueVnd: 30_000,
        collectedCashVnd: 65_000,
        collectedVietqrVnd: 0,
        bankConfirmedVnd: 0,
        voidedVnd: 30_000,
        outcome: null,
        onTime: null,
        lastAt: at(5),
      },
      expect.objectContaining({ itemCode: c, dueVnd: 20_000, collectedCashVnd: 0, outcome: null }),
    ]);
    // The lines add up to the totals the statement prints.
    expect(lines.reduce((sum, line) => sum + line.dueVnd, 0)).toBe(220_000);
    expect(found.map((d) => d.kind)).toEqual(['receipt-voided', 'not-collected']);
  });
});
