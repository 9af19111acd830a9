/**
 * The money rules as properties, written once and run against any backing of the money
 * ports: in memory (test/unit) and on DynamoDB Local (test/integration), with the same
 * body. Each run books on an agency, office and items of its own, so runs never see each
 * other's money.
 *
 * - every booking balances: each transfer moves a positive amount between two accounts,
 *   each touched account's balance is the sum of the distinct transfers posted to it, and
 *   the touched accounts sum to zero;
 * - booking the same fact twice books once, and answers the fees of the first booking;
 * - a bank line confirms at most one payment, once: importing a statement again, or a
 *   statement repeating lines of an earlier one, posts nothing more;
 * - a series' receipts are numbered 1, 2, 3 … without gaps, one per collection however
 *   often it is asked for; voiding a receipt keeps its number, gives back exactly the fees
 *   of its collection, and a second void is refused.
 */
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookFact } from '../../functions/app/money/book-fact.ts';
import { issueReceipt } from '../../functions/app/money/issue-receipt.ts';
import { matchBankStatement } from '../../functions/app/money/match-bank-statement.ts';
import type { BankBooks, FactBooks, ReceiptBooks } from '../../functions/app/money/ports.ts';
import { voidReceipt } from '../../functions/app/money/void-receipt.ts';
import type { BankLine } from '../../functions/domain/money/bank-statements.ts';
import {
  collectionPointOf,
  feesTransferId,
  type PayableItem,
  type PaymentFact,
} from '../../functions/domain/money/collections.ts';
import { account, type Transfer } from '../../functions/domain/money/ledger.ts';
import type { ReceiptRequest } from '../../functions/domain/money/receipts.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import { s10Code } from '../../schemas/s10.ts';

/** The values an arbitrary generates. */
type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

/** The money ports under test, and the ledger's balance (debits − credits) of an account. */
export interface MoneyPorts {
  readonly books: FactBooks & BankBooks;
  readonly receipts: ReceiptBooks;
  balance(accountId: string): Promise<number>;
}

/** A place of one run's own: nothing another run books is counted. */
const place = () => {
  const n = randomInt(1e5, 1e6);
  return { agencyCode: `000.00.${randomInt(10, 99)}.P${n}`, office: `PT-${n}-${randomInt(1e5, 1e6)}` };
};

const itemOf = (agencyCode: string, direction: 'inbound' | 'outbound', owed: number, fees: number) =>
  ({
    itemCode: s10Code('RP', randomInt(1, 99_999_999)),
    direction,
    agencyCode,
    consignmentRef: `PG${randomInt(1e11, 1e12 - 1)}`,
    dossierCode: null,
    collectAmountVnd: owed,
    feesAmountVnd: fees,
    dueAt: '2026-11-12T16:59:59.999Z',
  }) satisfies PayableItem;

const paymentArb = fc.record({
  amount: fc.integer({ min: 0, max: 3_000_000 }),
  method: fc.constantFrom('cash' as const, 'vietqr' as const),
  staff: fc.option(fc.constantFrom('NV01', 'NV02'), { nil: undefined }),
  /** How often the fact arrives: a queue may deliver it more than once. */
  deliveries: fc.integer({ min: 1, max: 3 }),
});

const bookingArb = fc.record({
  direction: fc.constantFrom('inbound' as const, 'outbound' as const),
  owed: fc.integer({ min: 0, max: 2_000_000 }),
  feesShare: fc.double({ min: 0, max: 1, noNaN: true }),
  payments: fc.array(paymentArb, { minLength: 1, maxLength: 4 }),
});

/** The balance each account should have, from the transfers posted. */
function expectedBalances(transfers: readonly Transfer[]): Map<string, number> {
  const balances = new Map<string, number>();
  for (const { debit, credit, amount } of transfers) {
    balances.set(debit, (balances.get(debit) ?? 0) + amount);
    balances.set(credit, (balances.get(credit) ?? 0) - amount);
  }
  return balances;
}

async function bookingBalancesOnce(ports: MoneyPorts, input: Generated<typeof bookingArb>): Promise<void> {
  const { agencyCode, office } = place();
  const fees = Math.floor(input.owed * input.feesShare);
  const item = itemOf(agencyCode, input.direction, input.owed, fees);
  const posted: Transfer[] = [];
  let feesBooked = 0;
  for (const [index, payment] of input.payments.entries()) {
    const fact: PaymentFact = {
      factId: `scan-${index}-${randomInt(1e9, 1e10)}`,
      type: collectionPointOf(item.direction),
      occurredAt: `2026-11-10T0${index}:00:00.000Z`,
      postOfficeCode: office,
      ...(payment.staff ? { staffId: payment.staff } : {}),
      collected: { amount: payment.amount, method: payment.method },
    };
    const first = await bookFact(ports.books, item, fact);
    expect(first.outcome).toBe('recorded');
    posted.push(...first.transfers);
    feesBooked += first.fees;
    for (let again = 1; again < payment.deliveries; again += 1)
      expect(await bookFact(ports.books, item, fact)).toEqual({
        outcome: 'replayed',
        fees: first.fees,
        transfers: [],
      });
  }
  for (const transfer of posted) {
    expect(transfer.amount).toBeGreaterThan(0);
    expect(transfer.debit).not.toBe(transfer.credit);
  }
  const expected = expectedBalances(posted);
  let total = 0;
  for (const [accountId, balance] of expected) {
    expect(await ports.balance(accountId)).toBe(balance);
    total += balance;
  }
  expect(total).toBe(0);
  const paid = input.payments.reduce((sum, payment) => sum + payment.amount, 0);
  expect(posted.reduce((sum, transfer) => sum + transfer.amount, 0)).toBe(paid);
  expect(feesBooked).toBe(Math.min(fees, paid));
}

const statementArb = fc.record({
  paid: fc.integer({ min: 1, max: 3_000_000 }),
  /** Lines of the first import: naming the item, or naming nothing. */
  lines: fc.array(fc.record({ amount: fc.integer({ min: 1, max: 3_000_000 }), namesItem: fc.boolean() }), {
    minLength: 1,
    maxLength: 5,
  }),
  /** Which lines of the first import the second repeats, and how many new ones it adds. */
  repeated: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  added: fc.array(fc.integer({ min: 1, max: 3_000_000 }), { maxLength: 2 }),
});

async function bankLineConfirmsOnce(ports: MoneyPorts, input: Generated<typeof statementArb>): Promise<void> {
  const { agencyCode, office } = place();
  const item = itemOf(agencyCode, 'outbound', input.paid, 0);
  await bookFact(ports.books, item, {
    factId: `scan-${randomInt(1e9, 1e10)}`,
    type: 'delivered',
    occurredAt: '2026-11-10T03:00:00.000Z',
    postOfficeCode: office,
    collected: { amount: input.paid, method: 'vietqr' },
  });
  const run = randomInt(1e9, 1e10);
  const line = (n: number, amount: number, namesItem: boolean): BankLine => ({
    lineId: `BL${run}-${n}`,
    lineNumber: n + 1,
    bookedAt: '2026-11-11',
    reference: `FT${run}${n}`,
    description: namesItem ? `Thanh toan ${item.itemCode}` : 'Chuyen tien',
    amount,
    direction: 'credit',
  });
  const first = input.lines.map((l, n) => line(n, l.amount, l.namesItem));
  const second = [
    ...first.filter((_, n) => input.repeated[n]),
    ...input.added.map((amount, n) => line(first.length + n, amount, true)),
  ];
  const results = [
    ...(await matchBankStatement(ports.books, first)).results,
    ...(await matchBankStatement(ports.books, second)).results,
    ...(await matchBankStatement(ports.books, first)).results,
  ];
  const confirmed = new Map<string, number>();
  for (const result of results) {
    if (result.outcome === 'duplicate' || result.outcome === 'unmatched') continue;
    expect(confirmed.has(result.lineId), `${result.lineId} confirmed twice`).toBe(false);
    expect(result.target).toBe(item.itemCode);
    confirmed.set(result.lineId, result.amount);
  }
  const naming = [...first, ...second].filter((l) => l.description.includes(item.itemCode));
  expect(new Set(confirmed.keys())).toEqual(new Set(naming.map((l) => l.lineId)));
  const sum = [...confirmed.values()].reduce((a, b) => a + b, 0);
  expect(await ports.books.bankConfirmedForItem(item.itemCode)).toBe(sum);
  expect(await ports.balance(account.bank(office))).toBe(sum);
  expect(await ports.balance(account.vietqrClearing(office))).toBe(input.paid - sum);
}

const receiptsArb = fc.array(
  fc.record({
    fees: fc.integer({ min: 1, max: 1_000_000 }),
    postage: fc.integer({ min: 0, max: 100_000 }),
    askedTwice: fc.boolean(),
    voided: fc.boolean(),
  }),
  { minLength: 1, maxLength: 4 },
);

const freshLetters = () => Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join('');

/** A cash collection booked, and the request for its receipt. */
async function collected(ports: MoneyPorts, where: ReturnType<typeof place>, fees: number, postage: number) {
  const item = itemOf(where.agencyCode, 'outbound', fees + postage, fees);
  const fact: PaymentFact = {
    factId: `scan-${randomInt(1e9, 1e10)}`,
    type: 'delivered',
    occurredAt: '2026-06-15T03:00:00.000Z',
    postOfficeCode: where.office,
    staffId: 'NV01',
    collected: { amount: fees + postage, method: 'cash' },
  };
  await bookFact(ports.books, item, fact);
  return (letters: string): ReceiptRequest => ({
    sourceId: feesTransferId(item.itemCode, fact.factId),
    letters,
    agencyCode: where.agencyCode,
    agencyName: 'UBND phường Thử nghiệm',
    formSymbol: '01BLP0-001',
    agencyTaxCode: '0100000001',
    postOfficeCode: where.office,
    payerName: 'Nguyễn Văn A',
    dossierRef: item.consignmentRef,
    itemCode: item.itemCode,
    lines: [{ code: 'LP01', name: 'Lệ phí', amount: fees }],
    amount: fees,
    amountInWords: 'không',
    method: 'cash',
    issuedAt: fact.occurredAt,
    issuedBy: 'NV01',
  });
}

async function receiptsNumberedAndVoided(ports: MoneyPorts, input: Generated<typeof receiptsArb>) {
  const where = place();
  const letters = freshLetters();
  const issued = [];
  for (const collection of input) {
    const request = (await collected(ports, where, collection.fees, collection.postage))(letters);
    const receipt = await issueReceipt(ports.receipts, request);
    if (collection.askedTwice) expect(await issueReceipt(ports.receipts, request)).toEqual(receipt);
    issued.push(receipt);
  }
  expect(issued.map((receipt) => receipt.number)).toEqual(input.map((_, n) => n + 1));
  const fees = account.agencyFees(where.agencyCode);
  const till = account.staffCash(where.office, 'NV01');
  const paid = input.reduce((sum, c) => sum + c.fees + c.postage, 0);
  let feesKept = input.reduce((sum, c) => sum + c.fees, 0);
  for (const [n, receipt] of issued.entries()) {
    if (!input[n]?.voided) continue;
    const request = { series: receipt.series, number: receipt.number, reason: 'Sai thông tin' };
    const voided = await voidReceipt(ports.receipts, {
      ...request,
      voidedBy: 'KT01',
      at: '2026-06-16T02:00:00.000Z',
    });
    expect([voided.series, voided.number, voided.status]).toEqual([receipt.series, receipt.number, 'voided']);
    expect((await ports.receipts.receipt(receipt.series, receipt.number))?.status).toBe('voided');
    feesKept -= receipt.amount;
    expect(await ports.balance(fees)).toBe(0 - feesKept);
    expect(await ports.balance(till)).toBe(paid - input.reduce((sum, c) => sum + c.fees, 0) + feesKept);
    const again = voidReceipt(ports.receipts, {
      ...request,
      voidedBy: 'KT02',
      at: '2026-06-16T03:00:00.000Z',
    });
    await expect(again).rejects.toBeInstanceOf(DomainRefusal);
  }
  const next = (await collected(ports, where, 1_000, 0))(letters);
  expect((await issueReceipt(ports.receipts, next)).number).toBe(input.length + 1);
}

/** Registers the money properties against the ports `open` gives, `numRuns` runs each. */
export function moneyProperties(open: () => MoneyPorts, numRuns: number): void {
  describe('the money rules', () => {
    it('balances every booking, and books a fact delivered twice once', async () => {
      const ports = open();
      await fc.assert(
        fc.asyncProperty(bookingArb, (input) => bookingBalancesOnce(ports, input)),
        { numRuns },
      );
    });

    it('confirms a payment with a bank line at most once, however often it is imported', async () => {
      const ports = open();
      await fc.assert(
        fc.asyncProperty(statementArb, (input) => bankLineConfirmsOnce(ports, input)),
        { numRuns },
      );
    });

    it('numbers receipts without gaps, and voids one by giving back exactly its fees, once', async () => {
      const ports = open();
      await fc.assert(
        fc.asyncProperty(receiptsArb, (input) => receiptsNumberedAndVoided(ports, input)),
        { numRuns },
      );
    });
  });
}
