/** Remitting fees and handing in cash, on the in-memory money ports. */
import { describe, expect, it } from 'vitest';
import { bookFact } from '../../functions/app/money/book-fact.ts';
import { handInCash } from '../../functions/app/money/hand-in-cash.ts';
import { MemoryDirectory, MemoryMoneyBooks } from '../../functions/app/money/memory.ts';
import { remitFees } from '../../functions/app/money/remit-fees.ts';
import { collectionPointOf, type PayableItem } from '../../functions/domain/money/collections.ts';
import { account } from '../../functions/domain/money/ledger.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import { s10Code } from '../../schemas/s10.ts';

const AGENCY = '000.00.15.H29';
const OFFICE = 'BC-HN-01';
const directory = new MemoryDirectory([{ agencyCode: AGENCY, postOfficeCode: OFFICE }], [OFFICE]);

/** An item whose fees and postage were collected in cash by NV01 on the given day. */
async function collect(
  books: MemoryMoneyBooks,
  serial: number,
  feesVnd: number,
  postageVnd: number,
  at: string,
) {
  const item: PayableItem = {
    itemCode: s10Code('RP', serial),
    direction: 'outbound',
    agencyCode: AGENCY,
    consignmentRef: `PG${100_000_000_000 + serial}`,
    dossierCode: null,
    collectAmountVnd: feesVnd + postageVnd,
    feesAmountVnd: feesVnd,
    dueAt: null,
  };
  await bookFact(books, item, {
    factId: `scan-${serial}`,
    type: collectionPointOf('outbound'),
    occurredAt: at,
    postOfficeCode: OFFICE,
    staffId: 'NV01',
    collected: { amount: feesVnd + postageVnd, method: 'cash' },
  });
}

const remit = (books: MemoryMoneyBooks, periodStart: string, periodEnd: string, agencyCode = AGENCY) =>
  remitFees(
    { agencies: directory, books },
    { agencyCode, periodStart, periodEnd, createdBy: 'ketoan01', now: new Date('2026-11-20T03:00:00Z') },
  );

describe('remitFees', () => {
  it("remits the fees collected over the period's days, moving them from what is owed to the agency", async () => {
    const books = new MemoryMoneyBooks();
    await collect(books, 1, 50_000, 20_000, '2026-11-03T02:00:00.000Z');
    await collect(books, 2, 30_000, 10_000, '2026-11-04T02:00:00.000Z');
    await collect(books, 3, 99_000, 1_000, '2026-11-09T02:00:00.000Z');
    const result = await remit(books, '2026-11-01', '2026-11-05');
    if (result.outcome !== 'remitted') throw new Error(`not remitted: ${result.outcome}`);
    expect(result.remittance).toMatchObject({ agencyCode: AGENCY, postOfficeCode: OFFICE, amount: 80_000 });
    expect(await books.remittance(result.remittance.reference)).toEqual(result.remittance);
    expect([...books.ledger.allBalances().values()].reduce((sum, balance) => sum + balance, 0)).toBe(0);
  });

  it('remits a day at most once, naming the day already remitted', async () => {
    const books = new MemoryMoneyBooks();
    await collect(books, 1, 50_000, 20_000, '2026-11-03T02:00:00.000Z');
    expect((await remit(books, '2026-11-01', '2026-11-05')).outcome).toBe('remitted');
    const again = await remit(books, '2026-11-03', '2026-11-03');
    expect(again.outcome).toBe('already-remitted');
    if (again.outcome === 'already-remitted') expect(again.detail).toMatch(/^Fees of 2026-11-03 \(RM2611/);
  });

  it('answers an unknown agency without writing anything', async () => {
    const books = new MemoryMoneyBooks();
    expect(await remit(books, '2026-11-01', '2026-11-05', '000.00.99.Z99')).toEqual({
      outcome: 'unknown-agency',
    });
    expect(books.ledger.allBalances().size).toBe(0);
  });

  it('refuses a period without fees, and one not over yet', async () => {
    const books = new MemoryMoneyBooks();
    await expect(remit(books, '2026-11-01', '2026-11-05')).rejects.toBeInstanceOf(DomainRefusal);
    await expect(remit(books, '2026-11-19', '2026-11-20')).rejects.toThrow(/once the day is over/);
  });
});

const handIn = (books: MemoryMoneyBooks, countedVnd: number, postOfficeCode = OFFICE, staffId = 'NV01') =>
  handInCash(
    { offices: directory, books },
    { postOfficeCode, staffId, countedBy: 'GS01', countedVnd, now: new Date('2026-11-10T10:00:00Z') },
  );

describe('handInCash', () => {
  it("moves the counted cash to the office and a shortfall to the office's variance", async () => {
    const books = new MemoryMoneyBooks();
    await collect(books, 1, 50_000, 20_000, '2026-11-10T02:00:00.000Z');
    const result = await handIn(books, 65_000);
    if (result.outcome !== 'handed-in') throw new Error(`not handed in: ${result.outcome}`);
    expect(result.handin).toMatchObject({ expected: 70_000, counted: 65_000, variance: -5_000 });
    expect(books.handins).toEqual([result.handin]);
    expect(books.ledger.balance(account.staffCash(OFFICE, 'NV01'))).toBe(0);
    expect(books.ledger.balance(account.officeCash(OFFICE))).toBe(65_000);
    expect(books.ledger.balance(account.cashVariance(OFFICE))).toBe(5_000);
  });

  it('leaves the staff account at zero when the count matches, with no variance', async () => {
    const books = new MemoryMoneyBooks();
    await collect(books, 1, 50_000, 20_000, '2026-11-10T02:00:00.000Z');
    const result = await handIn(books, 70_000);
    expect(result.outcome === 'handed-in' && result.handin.variance).toBe(0);
    expect(books.ledger.balance(account.cashVariance(OFFICE))).toBe(0);
  });

  it('refuses an unknown office and a staff member who collected nothing, writing nothing', async () => {
    const books = new MemoryMoneyBooks();
    expect(await handIn(books, 1_000, 'BC-XX-99')).toEqual({ outcome: 'unknown-office' });
    expect(await handIn(books, 1_000, OFFICE, 'NV77')).toEqual({
      outcome: 'no-cash-account',
      accountId: account.staffCash(OFFICE, 'NV77'),
    });
    expect(books.handins).toHaveLength(0);
    expect(books.ledger.allBalances().size).toBe(0);
  });
});
