/** The facts-to-ledger check on the in-memory money ports: repairs what is missing, once, within its limits. */
import { describe, expect, it } from 'vitest';
import { bookFact } from '../../functions/app/money/book-fact.ts';
import {
  COLLECTED_FACTS_PAGE,
  checkCollections,
  MAX_FACTS_PER_CHECK,
} from '../../functions/app/money/check-collections.ts';
import {
  MemoryCollectionIndex,
  MemoryMoneyBooks,
  MemoryReceiptParties,
} from '../../functions/app/money/memory.ts';
import type { PayableItem, PaymentFact } from '../../functions/domain/money/collections.ts';
import { account } from '../../functions/domain/money/ledger.ts';
import { s10Code } from '../../schemas/s10.ts';

const AGENCY = '000.00.15.H29';
const OFFICE = 'BC-HN-01';
const DAY = '2026-11-03';
const NOW = new Date('2026-11-04T18:00:00.000Z');
const FEES_VND = 30_000;
const POSTAGE_VND = 26_000;

const item = (serial: number): PayableItem => ({
  itemCode: s10Code('RP', serial),
  direction: 'inbound',
  agencyCode: AGENCY,
  consignmentRef: `PG${100_000_000_000 + serial}`,
  dossierCode: null,
  collectAmountVnd: FEES_VND + POSTAGE_VND,
  feesAmountVnd: FEES_VND,
  dueAt: null,
});

const pickup = (serial: number, minute = 0): PaymentFact => ({
  factId: `scan-${serial}`,
  type: 'pickup',
  occurredAt: new Date(Date.parse(`${DAY}T09:00:00+07:00`) + (serial * 60 + minute) * 1000).toISOString(),
  postOfficeCode: OFFICE,
  staffId: 'NV01',
  collected: { amount: FEES_VND + POSTAGE_VND, method: 'cash' },
});

function setUp() {
  const books = new MemoryMoneyBooks();
  const index = new MemoryCollectionIndex();
  const parties = new MemoryReceiptParties([
    { code: 'LP01', name: 'Lệ phí cấp giấy phép', amount: FEES_VND, collectAt: 'pickup' },
  ]);
  const ports = { index, books, receipts: books, parties };
  return { books, index, ports };
}

const staffCash = (books: MemoryMoneyBooks) => books.ledger.balance(account.staffCash(OFFICE, 'NV01'));

describe('checkCollections', () => {
  it('books, once, a collection the ledger does not hold, receipts it and names it as a repair', async () => {
    const { books, index, ports } = setUp();
    for (const serial of [1, 2, 3]) index.keep(item(serial), pickup(serial));
    // The ledger's consumer booked the first and third; the second's message was lost.
    await bookFact(books, item(1), pickup(1));
    await bookFact(books, item(3), pickup(3));
    expect(staffCash(books)).toBe(2 * (FEES_VND + POSTAGE_VND));

    const check = await checkCollections(ports, OFFICE, DAY, 'request', NOW);
    expect(check).toMatchObject({ checked: 3, unknownItems: [], truncated: false });
    expect(check.repairs).toEqual([
      {
        itemCode: item(2).itemCode,
        factId: 'scan-2',
        agencyCode: AGENCY,
        dossierRef: item(2).consignmentRef,
        postOfficeCode: OFFICE,
        method: 'cash',
        amount: FEES_VND + POSTAGE_VND,
        fees: FEES_VND,
        collectedAt: pickup(2).occurredAt,
        repairedAt: NOW.toISOString(),
        trigger: 'request',
      },
    ]);
    expect(staffCash(books)).toBe(3 * (FEES_VND + POSTAGE_VND));
    expect(books.ledger.balance(account.agencyFees(AGENCY))).toBe(-3 * FEES_VND);
    expect(await books.bookedFees(item(2).itemCode, 'scan-2')).toBe(FEES_VND);
    expect(await books.receiptOfSource(`${item(2).itemCode}:scan-2:fees`)).toMatchObject({
      amount: FEES_VND,
    });
    expect(await books.repairsOf(AGENCY, '2026-11')).toEqual(check.repairs);

    // Again: nothing is missing, nothing moves.
    const again = await checkCollections(ports, OFFICE, DAY, 'nightly', NOW);
    expect(again).toMatchObject({ checked: 3, repairs: [] });
    expect(staffCash(books)).toBe(3 * (FEES_VND + POSTAGE_VND));
    expect(await books.repairsOf(AGENCY, '2026-11')).toHaveLength(1);
  });

  it('looks only at the office and day asked for, and reports facts of unknown items without booking them', async () => {
    const { books, index, ports } = setUp();
    index.keep(item(1), pickup(1), {
      ...pickup(1),
      factId: 'scan-1-other-office',
      postOfficeCode: 'BC-HN-02',
    });
    index.keep(item(2), { ...pickup(2), occurredAt: '2026-11-05T03:00:00.000Z' });
    const orphan = new MemoryCollectionIndex();
    orphan.keep(item(9), pickup(9));
    const check = await checkCollections(
      {
        ...ports,
        index: { collectedFacts: orphan.collectedFacts.bind(orphan), payableItem: async () => null },
      },
      OFFICE,
      DAY,
      'request',
      NOW,
    );
    expect(check).toMatchObject({ checked: 1, repairs: [], unknownItems: [`${item(9).itemCode}/scan-9`] });
    const mine = await checkCollections(ports, OFFICE, DAY, 'request', NOW);
    expect(mine.checked).toBe(1);
    expect(mine.repairs.map((repair) => repair.factId)).toEqual(['scan-1']);
    expect(await books.bookedFees(item(1).itemCode, 'scan-1-other-office')).toBeNull();
    // A flagged fact, not applied by a supervisor, is left unbooked as the ledger leaves it.
    index.keep(item(3), { ...pickup(3), factId: 'scan-3-flagged' });
    index.flagged.add(`${item(3).itemCode}/scan-3-flagged`);
    const flagged = await checkCollections(ports, OFFICE, DAY, 'request', NOW);
    expect(flagged).toMatchObject({ checked: 2, repairs: [], unknownItems: [] });
    expect(await books.bookedFees(item(3).itemCode, 'scan-3-flagged')).toBeNull();
  });

  it('walks the day page by page, and stops at its limit, saying so', async () => {
    const { index, ports } = setUp();
    const total = MAX_FACTS_PER_CHECK + 1;
    for (let serial = 1; serial <= total; serial++)
      index.keep(item(serial), { ...pickup(0), factId: `scan-${serial}` });
    expect(COLLECTED_FACTS_PAGE).toBeLessThan(MAX_FACTS_PER_CHECK);
    const check = await checkCollections(ports, OFFICE, DAY, 'nightly', NOW);
    expect(check.checked).toBe(MAX_FACTS_PER_CHECK);
    expect(check.repairs).toHaveLength(MAX_FACTS_PER_CHECK);
    expect(check.truncated).toBe(true);
    const rest = await checkCollections(ports, OFFICE, DAY, 'nightly', NOW, check.next);
    expect(rest).toMatchObject({ checked: 1, truncated: false, next: null });
    expect(rest.repairs.map((repair) => repair.factId)).toEqual([`scan-${total}`]);
  }, 60_000);
});
