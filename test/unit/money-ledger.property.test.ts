/**
 * The pure ledger on random histories. Any sequence of collections (cash and VietQR, paid
 * short, exactly or beyond what was owed), cash hand-ins (counted short, exactly or over),
 * remittances and reversals keeps the laws of double entry: every transfer's two entries
 * cancel, the balances of all accounts sum to zero after every step, and each balance is the
 * plain sum of the entries posted to it. Posting is idempotent (a transfer, or the whole
 * history in any order, posted again changes nothing and is reported replayed), a known id
 * with other content is refused, an invalid transfer is refused, and a refused group changes
 * nothing at all. Plus the account ids and the allocation of a payment.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocate,
  collectionTransfers,
  NOTHING_PAID,
  type PaidBefore,
  type PayableItem,
} from '../../functions/domain/money/collections.ts';
import { handinTransfers } from '../../functions/domain/money/handins.ts';
import {
  ACCOUNT_KINDS,
  type AccountKind,
  account,
  entriesOf,
  MemoryLedger,
  parseAccount,
  reversalOf,
  type Transfer,
  transferProblem,
} from '../../functions/domain/money/ledger.ts';
import { MAX_AMOUNT_VND } from '../../functions/domain/money/model.ts';
import { remittanceOf, remittanceTransfer } from '../../functions/domain/money/remittances.ts';

const OFFICES = ['BC-HN-01', 'BC-HCM-07'] as const;
const STAFF = ['NV0001', 'NV0042'] as const;
const AGENCIES = ['000.00.06.H26', '000.00.21.H56'] as const;

/** An instant of 2026, to the millisecond. */
const instant = fc
  .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T23:59:59.999Z') })
  .map((ms) => new Date(ms).toISOString());

/** Small and large sums, so that histories stay far below the single-transfer limit. */
const money = fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 0, max: 20_000_000 }));

const collectionOp = fc.record({
  op: fc.constant('collect' as const),
  agency: fc.constantFrom(...AGENCIES),
  office: fc.constantFrom(...OFFICES),
  staff: fc.option(fc.constantFrom(...STAFF), { nil: undefined }),
  direction: fc.constantFrom('inbound' as const, 'outbound' as const),
  collect: money,
  /** The agency's share, as a fraction of what is owed. */
  feesShare: fc.double({ min: 0, max: 1, noNaN: true }),
  method: fc.constantFrom('cash' as const, 'vietqr' as const),
  payment: fc.oneof(
    fc.constant({ kind: 'exact' as const, delta: 0 }),
    fc.record({ kind: fc.constant('under' as const), delta: fc.integer({ min: 1, max: 5_000_000 }) }),
    fc.record({ kind: fc.constant('over' as const), delta: fc.integer({ min: 1, max: 5_000_000 }) }),
    fc.record({ kind: fc.constant('any' as const), delta: money }),
  ),
  /** The same scan as an earlier collection again: a replay. */
  rescan: fc.option(fc.nat(), { nil: undefined }),
  /** A later scan of an earlier item, paying towards what it still owes. */
  payAgain: fc.option(fc.nat(), { nil: undefined, freq: 3 }),
  at: instant,
});

const handinOp = fc.record({
  op: fc.constant('handin' as const),
  office: fc.constantFrom(...OFFICES),
  staff: fc.constantFrom(...STAFF, 'unassigned'),
  counted: fc.oneof(
    fc.constant({ kind: 'exact' as const, delta: 0 }),
    fc.record({ kind: fc.constant('short' as const), delta: fc.integer({ min: 1, max: 2_000_000 }) }),
    fc.record({ kind: fc.constant('over' as const), delta: fc.integer({ min: 1, max: 2_000_000 }) }),
    fc.constant({ kind: 'nothing' as const, delta: 0 }),
  ),
  at: instant,
});

const remittanceOp = fc.record({
  op: fc.constant('remit' as const),
  agency: fc.constantFrom(...AGENCIES),
  office: fc.constantFrom(...OFFICES),
  /** The share of the fees payable that is remitted; more than all of it now and then. */
  share: fc.double({ min: 0.01, max: 1.2, noNaN: true }),
  at: instant,
});

const reversalOp = fc.record({
  op: fc.constant('reverse' as const),
  pick: fc.nat(),
  at: instant,
});

const operation = fc.oneof(
  { arbitrary: collectionOp, weight: 4 },
  { arbitrary: handinOp, weight: 2 },
  { arbitrary: remittanceOp, weight: 1 },
  { arbitrary: reversalOp, weight: 2 },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** What the history has seen: the collections' items and facts, so that a scan can repeat. */
interface Scan {
  readonly item: PayableItem;
  readonly fact: Parameters<typeof collectionTransfers>[1];
  readonly before: PaidBefore;
}

/** The scans seen so far, and what each item has paid towards what it owes. */
interface Seen {
  readonly scans: Scan[];
  readonly paid: Map<string, PaidBefore>;
}
const nothingSeen = (): Seen => ({ scans: [], paid: new Map() });

/** The transfers one operation makes, given the ledger as it stands. */
function transfersOf(
  step: number,
  op: Operation,
  ledger: MemoryLedger,
  history: readonly Transfer[],
  seen: Seen,
): Transfer[] {
  switch (op.op) {
    case 'collect': {
      const { scans } = seen;
      if (op.rescan !== undefined && scans.length > 0) {
        // The same scan again: its transfers must be replays, however often it arrives.
        const earlier = scans[op.rescan % scans.length]!;
        return collectionTransfers(earlier.item, earlier.fact, earlier.before);
      }
      const fees = Math.floor(op.collect * op.feesShare);
      const earlierItem = op.payAgain !== undefined ? scans[op.payAgain % scans.length]?.item : undefined;
      const item: PayableItem = earlierItem ?? {
        itemCode: `RH${String(step).padStart(8, '0')}VN`,
        direction: op.direction,
        agencyCode: op.agency,
        consignmentRef: `PG${String(step).padStart(12, '0')}`,
        dossierCode: step % 3 === 0 ? null : `${op.agency}-260101-${String(step).padStart(4, '0')}`,
        collectAmountVnd: op.collect,
        feesAmountVnd: fees,
        dueAt: null,
      };
      const before = seen.paid.get(item.itemCode) ?? NOTHING_PAID;
      const owed = Math.max(0, item.collectAmountVnd - before.fees - before.postage);
      const paid =
        op.payment.kind === 'exact'
          ? owed
          : op.payment.kind === 'under'
            ? Math.max(0, owed - op.payment.delta)
            : op.payment.kind === 'over'
              ? owed + op.payment.delta
              : op.payment.delta;
      const fact = {
        factId: `F${step}`,
        type: op.direction === 'inbound' ? 'pickup' : 'delivered',
        occurredAt: op.at,
        postOfficeCode: op.office,
        ...(op.staff ? { staffId: op.staff } : {}),
        collected: { amount: paid, method: op.method },
      };
      scans.push({ item, fact, before });
      const transfers = collectionTransfers(item, fact, before);
      // The parts of a collection add up to what was paid, and go to the accounts they should.
      expect(transfers.reduce((total, t) => total + t.amount, 0)).toBe(paid);
      const parts = allocate(item, paid, before);
      const part = (suffix: string) =>
        transfers.find((t) => t.transferId.endsWith(`:${suffix}`))?.amount ?? 0;
      expect({ fees: part('fees'), postage: part('postage'), over: part('over') }).toEqual(parts);
      // Over all the item's scans, no more fees or postage than it owes.
      const after = { fees: before.fees + parts.fees, postage: before.postage + parts.postage };
      expect(after.fees).toBeLessThanOrEqual(item.feesAmountVnd);
      expect(after.postage).toBeLessThanOrEqual(item.collectAmountVnd - item.feesAmountVnd);
      if (parts.over > 0)
        expect(after).toEqual({
          fees: item.feesAmountVnd,
          postage: item.collectAmountVnd - item.feesAmountVnd,
        });
      seen.paid.set(item.itemCode, after);
      const from =
        op.method === 'cash'
          ? account.staffCash(op.office, op.staff ?? 'unassigned')
          : account.vietqrClearing(op.office);
      for (const t of transfers) expect(t.debit).toBe(from);
      return transfers;
    }
    case 'handin': {
      const staffAccount = account.staffCash(op.office, op.staff);
      const expected = ledger.balance(staffAccount);
      const counted =
        op.counted.kind === 'exact'
          ? Math.max(0, expected)
          : op.counted.kind === 'short'
            ? Math.max(0, expected - op.counted.delta)
            : op.counted.kind === 'over'
              ? Math.max(0, expected) + op.counted.delta
              : 0;
      return handinTransfers({
        handinId: `H${step}`,
        staffId: op.staff,
        postOfficeCode: op.office,
        countedBy: 'NV9999',
        at: op.at,
        expected,
        counted,
        variance: counted - expected,
      });
    }
    case 'remit': {
      const payable = -ledger.balance(account.agencyFees(op.agency));
      const fees = Math.round(payable * op.share);
      if (fees <= 0) return [];
      const remittance = remittanceOf({
        reference: `RM2601${String(step).padStart(6, '0')}`,
        agencyCode: op.agency,
        postOfficeCode: op.office,
        periodStart: '2026-01-01',
        periodEnd: '2026-01-31',
        fees,
        now: new Date(op.at),
        createdBy: 'finance-01',
      });
      return [remittanceTransfer(remittance)];
    }
    case 'reverse': {
      if (history.length === 0) return [];
      const reversed = history[op.pick % history.length]!;
      return [reversalOf(reversed, op.at, `Correction ${step}`, `reversal-${step}`)];
    }
  }
}

/**
 * A fresh ledger given each operation's transfers in turn; `history` holds every transfer once,
 * as first posted. `afterStep` sees the ledger after each step.
 */
function postInTurn(
  ops: readonly Operation[],
  afterStep?: (step: number, ledger: MemoryLedger, history: readonly Transfer[]) => void,
): { ledger: MemoryLedger; history: Transfer[] } {
  const ledger = new MemoryLedger();
  const history: Transfer[] = [];
  const scans = nothingSeen();
  ops.forEach((op, step) => {
    const transfers = transfersOf(step, op, ledger, history, scans);
    const known = new Set(history.map((t) => t.transferId));
    ledger.post(transfers);
    history.push(...transfers.filter((t) => !known.has(t.transferId)));
    afterStep?.(step, ledger, history);
  });
  return { ledger, history };
}

const snapshot = (ledger: MemoryLedger) => new Map(ledger.allBalances());
const sumOfBalances = (ledger: MemoryLedger) =>
  [...ledger.allBalances().values()].reduce((total, balance) => total + balance, 0);

/** The balances the entries of these transfers make, computed without the ledger. */
function balancesOf(transfers: readonly Transfer[]): Map<string, number> {
  const balances = new Map<string, number>();
  for (const transfer of transfers)
    for (const entry of entriesOf(transfer))
      balances.set(entry.account, (balances.get(entry.account) ?? 0) + entry.change);
  return balances;
}

function expectSameBalances(ledger: MemoryLedger, expected: ReadonlyMap<string, number>) {
  const accounts = new Set([...ledger.allBalances().keys(), ...expected.keys()]);
  for (const id of accounts) expect(ledger.balance(id), id).toBe(expected.get(id) ?? 0);
}

/** Other content under a posted transfer's id, still a valid transfer on its own. */
const mutation = fc.constantFrom(
  'amount' as const,
  'swap' as const,
  'at' as const,
  'kind' as const,
  'reverses' as const,
  'debit' as const,
);
function mutate(
  transfer: Transfer,
  how: typeof mutation extends fc.Arbitrary<infer T> ? T : never,
): Transfer {
  switch (how) {
    case 'amount':
      return { ...transfer, amount: transfer.amount < MAX_AMOUNT_VND ? transfer.amount + 1 : 1 };
    case 'swap':
      return { ...transfer, debit: transfer.credit, credit: transfer.debit };
    case 'at':
      return { ...transfer, at: new Date(Date.parse(transfer.at) + 1).toISOString() };
    case 'kind':
      return { ...transfer, kind: transfer.kind === 'reversal' ? 'remittance' : 'reversal' };
    case 'reverses':
      return { ...transfer, reverses: `${transfer.reverses ?? 'other'}:x` };
    case 'debit': {
      const other = account.bank('BC-XX-99');
      return { ...transfer, debit: transfer.credit === other ? account.officeCash('BC-XX-99') : other };
    }
  }
}

/** What makes a transfer invalid, applied to a valid one. */
const invalidity = fc.oneof(
  fc.constant({ amount: 0 }),
  fc.integer({ min: -MAX_AMOUNT_VND, max: -1 }).map((amount) => ({ amount })),
  fc
    .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }))
    .map(([whole, fraction]) => ({ amount: whole + fraction })),
  fc.integer({ min: MAX_AMOUNT_VND + 1, max: Number.MAX_SAFE_INTEGER }).map((amount) => ({ amount })),
  fc.constantFrom({ amount: Number.NaN }, { amount: Number.POSITIVE_INFINITY }, { amount: 2 ** 53 }),
  fc.constantFrom(
    { debit: 'wallet:X' },
    { credit: 'wallet:X' },
    { debit: 'staff-cash:BC-HN-01' },
    { credit: 'agency-fees:' },
    { debit: 'office-cash:BC-HN-01:NV0001' },
    { credit: '' },
  ),
  fc.constant({ sameAccounts: true }),
  fc.constantFrom({ transferId: '' }, { transferId: ':leading-colon' }, { transferId: 'has space' }),
  fc.constantFrom({ at: 'not a time' }, { at: '' }),
);
type Invalidity = typeof invalidity extends fc.Arbitrary<infer T> ? T : never;
function spoil(transfer: Transfer, how: Invalidity): Transfer {
  if ('sameAccounts' in how) return { ...transfer, credit: transfer.debit };
  return { ...transfer, ...how };
}

const freshTransfer = (id: string, at: string, amount: number): Transfer => ({
  transferId: id,
  debit: account.officeCash('BC-HN-01'),
  credit: account.postageRevenue('BC-HN-01'),
  amount,
  kind: 'collection-postage',
  at,
  reference: {},
  description: 'A probe',
});

describe('the ledger on random histories', () => {
  it('keeps debits equal to credits and every balance the sum of its entries, step by step', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 40 }), (ops) => {
        const ledger = new MemoryLedger();
        const history: Transfer[] = [];
        const scans = nothingSeen();
        ops.forEach((op, step) => {
          const transfers = transfersOf(step, op, ledger, history, scans);
          for (const transfer of transfers) {
            expect(transferProblem(transfer)).toBeNull();
            const [debit, credit] = entriesOf(transfer);
            expect(debit.change + credit.change).toBe(0);
            expect(debit).toMatchObject({ account: transfer.debit, side: 'debit', change: transfer.amount });
            expect(credit).toMatchObject({
              account: transfer.credit,
              side: 'credit',
              change: -transfer.amount,
            });
            expect(debit.counterparty).toBe(transfer.credit);
            expect(credit.counterparty).toBe(transfer.debit);
          }
          const known = new Set(history.map((t) => t.transferId));
          const fresh = transfers.filter((t) => !known.has(t.transferId));
          expect(ledger.post(transfers)).toEqual({
            posted: fresh.length,
            replayed: transfers.length - fresh.length,
          });
          history.push(...fresh);
          expect(sumOfBalances(ledger)).toBe(0);
          expectSameBalances(ledger, balancesOf(history));
          if (op.op === 'handin') {
            // Whatever was counted, the staff member's cash in hand is back to nothing.
            expect(ledger.balance(account.staffCash(op.office, op.staff))).toBe(0);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it('changes nothing when a posted transfer, or the whole history in any order, is posted again', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 10 }),
        fc.gen(),
        (ops, picks, gen) => {
          const { ledger, history } = postInTurn(ops, (step, ledger, history) => {
            if (history.length === 0) return;
            // One earlier transfer again, alone or twice in a group.
            const before = snapshot(ledger);
            const again = history[picks[step % picks.length]! % history.length]!;
            expect(ledger.post([again])).toEqual({ posted: 0, replayed: 1 });
            expect(ledger.post([{ ...again }, { ...again }])).toEqual({ posted: 0, replayed: 2 });
            expect(snapshot(ledger)).toEqual(before);
          });
          const before = snapshot(ledger);
          const shuffled = gen(fc.shuffledSubarray, history, {
            minLength: history.length,
            maxLength: history.length,
          });
          expect(ledger.post(shuffled)).toEqual({ posted: 0, replayed: history.length });
          for (const transfer of [...history].reverse())
            expect(ledger.post([transfer])).toEqual({ posted: 0, replayed: 1 });
          expect(snapshot(ledger)).toEqual(before);
          // Reversing everything (reversals included) brings every account back to nothing.
          const reversals = history.map((t) => reversalOf(t, t.at, 'Undo everything', 'undo-all'));
          expect(ledger.post(reversals)).toEqual({ posted: history.length, replayed: 0 });
          for (const balance of ledger.allBalances().values()) expect(balance).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a known id with other content, alone or in a group, and changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { minLength: 1, maxLength: 25 }),
        fc.nat(),
        mutation,
        fc.boolean(),
        (ops, pick, how, grouped) => {
          const { ledger, history } = postInTurn(ops);
          fc.pre(history.length > 0);
          const original = history[pick % history.length]!;
          const clash = mutate(original, how);
          expect(transferProblem(clash)).toBeNull();
          const before = snapshot(ledger);
          const probe = freshTransfer('probe-fresh', '2026-06-01T00:00:00.000Z', 1234);
          const group = grouped ? [probe, clash, history[0]!] : [clash];
          expect(() => ledger.post(group)).toThrow(/other content/);
          expect(snapshot(ledger)).toEqual(before);
          // The original is still what the id means; the probe of the refused group was never posted.
          expect(ledger.post([original])).toEqual({ posted: 0, replayed: 1 });
          expect(ledger.post([probe])).toEqual({ posted: 1, replayed: 0 });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses invalid transfers, alone or in a group, and changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(operation, { maxLength: 15 }),
        invalidity,
        fc.integer({ min: 1, max: MAX_AMOUNT_VND }),
        instant,
        fc.boolean(),
        (ops, how, amount, at, grouped) => {
          const { ledger } = postInTurn(ops);
          const valid = freshTransfer('probe-valid', at, amount);
          expect(transferProblem(valid)).toBeNull();
          const invalid = spoil(freshTransfer('probe-invalid', at, amount), how);
          expect(transferProblem(invalid)).not.toBeNull();
          const before = snapshot(ledger);
          expect(() => ledger.post(grouped ? [valid, invalid] : [invalid])).toThrow(RangeError);
          expect(snapshot(ledger)).toEqual(before);
          expect(sumOfBalances(ledger)).toBe(0);
          expect(ledger.post([valid])).toEqual({ posted: 1, replayed: 0 });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a group that carries one new id twice', () => {
    const ledger = new MemoryLedger();
    const a = freshTransfer('twice', '2026-03-01T00:00:00.000Z', 100);
    expect(() => ledger.post([a, { ...a }])).toThrow(/appears twice/);
    expect(ledger.allBalances().size).toBe(0);
    expect(ledger.post([a])).toEqual({ posted: 1, replayed: 0 });
  });

  it('answers a reversal repeated at the same time as a replay, and one at another time as a conflict', () => {
    const ledger = new MemoryLedger();
    const collected = freshTransfer('RH00000001VN:F1:postage', '2026-03-01T00:00:00.000Z', 25_000);
    ledger.post([collected]);
    const reversal = reversalOf(collected, '2026-03-02T00:00:00.000Z', 'Wrong item');
    expect(reversal).toMatchObject({
      transferId: 'RH00000001VN:F1:postage:reversal',
      debit: collected.credit,
      credit: collected.debit,
      amount: collected.amount,
      kind: 'reversal',
      reverses: collected.transferId,
    });
    expect(ledger.post([reversal])).toEqual({ posted: 1, replayed: 0 });
    expect(ledger.post([reversalOf(collected, reversal.at, 'Said again')])).toEqual({
      posted: 0,
      replayed: 1,
    });
    expect(() => ledger.post([reversalOf(collected, '2026-03-03T00:00:00.000Z', 'Later')])).toThrow(
      /other content/,
    );
    for (const balance of ledger.allBalances().values()) expect(balance).toBe(0);
  });

  it('accepts the largest amount and refuses one đồng more', () => {
    const ledger = new MemoryLedger();
    expect(ledger.post([freshTransfer('max', '2026-03-01T00:00:00.000Z', MAX_AMOUNT_VND)]).posted).toBe(1);
    expect(() =>
      ledger.post([freshTransfer('over', '2026-03-01T00:00:00.000Z', MAX_AMOUNT_VND + 1)]),
    ).toThrow(/over the limit/);
    expect(ledger.balance(account.officeCash('BC-HN-01'))).toBe(MAX_AMOUNT_VND);
  });
});

const ownerCode = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/);

describe('account ids', () => {
  it('parse back to the kind and owner they were built from', () => {
    fc.assert(
      fc.property(ownerCode, ownerCode, (office, staff) => {
        expect(parseAccount(account.staffCash(office, staff))).toEqual({
          kind: 'staff-cash',
          owner: 'staff',
          postOfficeCode: office,
          staffId: staff,
          agencyCode: null,
        });
        const officeBuilders = {
          'office-cash': account.officeCash,
          'vietqr-clearing': account.vietqrClearing,
          bank: account.bank,
          'postage-revenue': account.postageRevenue,
          'cash-variance': account.cashVariance,
          overpayments: account.overpayments,
        } as const;
        for (const [kind, build] of Object.entries(officeBuilders))
          expect(parseAccount(build(office))).toEqual({
            kind,
            owner: 'office',
            postOfficeCode: office,
            staffId: null,
            agencyCode: null,
          });
        for (const [kind, build] of [
          ['agency-fees', account.agencyFees],
          ['remittances-in-transit', account.remittancesInTransit],
        ] as const)
          expect(parseAccount(build(office))).toEqual({
            kind,
            owner: 'agency',
            postOfficeCode: null,
            staffId: null,
            agencyCode: office,
          });
      }),
    );
  });

  it('has a builder for every kind of account', () => {
    const built = [
      account.staffCash('A', 'B'),
      account.officeCash('A'),
      account.vietqrClearing('A'),
      account.bank('A'),
      account.postageRevenue('A'),
      account.cashVariance('A'),
      account.overpayments('A'),
      account.agencyFees('A'),
      account.remittancesInTransit('A'),
      account.resendCosts('A'),
      account.agencyReceivables('A'),
    ].map((id) => parseAccount(id)?.kind);
    expect(new Set(built)).toEqual(new Set(Object.keys(ACCOUNT_KINDS) as AccountKind[]));
  });

  it.each([
    ['an unknown kind', 'wallet:X'],
    ['no kind', ':BC-HN-01'],
    ['a kind alone', 'office-cash'],
    ['an empty code', 'office-cash:'],
    ['a staff account without its staff', 'staff-cash:BC-HN-01'],
    ['a staff account with three codes', 'staff-cash:BC-HN-01:NV1:x'],
    ['an office account with two codes', 'office-cash:BC-HN-01:NV0001'],
    ['an agency account with two codes', 'agency-fees:000.00.06.H26:x'],
    ['a code with a space', 'bank:BC HN'],
    ['a code starting with a dot', 'bank:.BC'],
    ['a code of 41 characters', `bank:${'A'.repeat(41)}`],
    ['an id over 120 characters', `staff-cash:${'A'.repeat(40)}:${'B'.repeat(40)}${':C'.repeat(20)}`],
    ['a kind in other case', 'Bank:BC-HN-01'],
    ['a prototype name', 'constructor:X'],
    ['the empty string', ''],
  ])('refuses %s', (_what, id) => {
    expect(parseAccount(id)).toBeNull();
  });

  it('accepts a code of 40 characters', () => {
    expect(parseAccount(`bank:${'A'.repeat(40)}`)?.postOfficeCode).toBe('A'.repeat(40));
  });
});

describe('allocate', () => {
  const item = fc
    .record({
      collect: fc.integer({ min: 0, max: MAX_AMOUNT_VND }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    })
    .map(({ collect, share }) => ({ collectAmountVnd: collect, feesAmountVnd: Math.floor(collect * share) }));

  it('pays the fees first, then postage, then the rest as overpayment; the parts sum to what was paid', () => {
    fc.assert(
      fc.property(item, fc.integer({ min: 0, max: 2 * MAX_AMOUNT_VND }), (owed, paid) => {
        const { fees, postage, over } = allocate(owed, paid);
        expect(fees + postage + over).toBe(paid);
        for (const part of [fees, postage, over]) {
          expect(Number.isInteger(part)).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
        }
        expect(fees).toBe(Math.min(paid, owed.feesAmountVnd));
        expect(postage).toBeLessThanOrEqual(owed.collectAmountVnd - owed.feesAmountVnd);
        if (postage > 0) expect(fees).toBe(owed.feesAmountVnd);
        if (over > 0) {
          expect(fees).toBe(owed.feesAmountVnd);
          expect(postage).toBe(owed.collectAmountVnd - owed.feesAmountVnd);
          expect(over).toBe(paid - owed.collectAmountVnd);
        }
        if (paid <= owed.collectAmountVnd) expect(over).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  const before = fc.record({
    fees: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MAX_AMOUNT_VND })),
    postage: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: MAX_AMOUNT_VND })),
  });

  it('pays what is still owed after earlier scans, fees first, and never more than is owed', () => {
    fc.assert(
      fc.property(item, before, fc.integer({ min: 0, max: 2 * MAX_AMOUNT_VND }), (owed, earlier, paid) => {
        const { fees, postage, over } = allocate(owed, paid, earlier);
        const feesOwed = Math.max(0, owed.feesAmountVnd - earlier.fees);
        const postageOwed = Math.max(0, owed.collectAmountVnd - owed.feesAmountVnd - earlier.postage);
        expect(fees + postage + over).toBe(paid);
        for (const part of [fees, postage, over]) expect(part).toBeGreaterThanOrEqual(0);
        expect(fees).toBe(Math.min(paid, feesOwed));
        expect(postage).toBe(Math.min(paid - fees, postageOwed));
        if (over > 0) expect([fees, postage]).toEqual([feesOwed, postageOwed]);
      }),
      { numRuns: 500 },
    );
  });

  it('divides payments spread over several scans as it divides their sum paid at once', () => {
    fc.assert(
      fc.property(
        item,
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { maxLength: 5 }),
        (owed, payments) => {
          let sofar: PaidBefore = NOTHING_PAID;
          let over = 0;
          for (const paid of payments) {
            const parts = allocate(owed, paid, sofar);
            sofar = { fees: sofar.fees + parts.fees, postage: sofar.postage + parts.postage };
            over += parts.over;
          }
          const total = payments.reduce((sum, paid) => sum + paid, 0);
          expect({ ...sofar, over }).toEqual(allocate(owed, total));
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['nothing paid', 0, { fees: 0, postage: 0, over: 0 }],
    ['part of the fees', 30_000, { fees: 30_000, postage: 0, over: 0 }],
    ['the fees and part of the postage', 60_000, { fees: 50_000, postage: 10_000, over: 0 }],
    ['exactly what was owed', 75_000, { fees: 50_000, postage: 25_000, over: 0 }],
    ['more than was owed', 100_000, { fees: 50_000, postage: 25_000, over: 25_000 }],
  ])('divides %s', (_what, paid, parts) => {
    expect(allocate({ collectAmountVnd: 75_000, feesAmountVnd: 50_000 }, paid)).toEqual(parts);
  });

  it('makes collection transfers that add up to what was paid, none for a nothing paid', () => {
    const item: PayableItem = {
      itemCode: 'RH00000009VN',
      direction: 'inbound',
      agencyCode: AGENCIES[0],
      consignmentRef: 'PG000000000009',
      dossierCode: null,
      collectAmountVnd: 75_000,
      feesAmountVnd: 50_000,
      dueAt: null,
    };
    const fact = {
      factId: 'F9',
      type: 'pickup',
      occurredAt: '2026-03-01T02:00:00.000Z',
      postOfficeCode: 'BC-HN-01',
    };
    expect(collectionTransfers(item, fact)).toEqual([]);
    expect(collectionTransfers(item, { ...fact, collected: { amount: 0, method: 'cash' } })).toEqual([]);
    const transfers = collectionTransfers(item, {
      ...fact,
      collected: { amount: 100_000, method: 'vietqr' },
    });
    expect(transfers.map((t) => [t.transferId, t.debit, t.credit, t.amount])).toEqual([
      ['RH00000009VN:F9:fees', 'vietqr-clearing:BC-HN-01', `agency-fees:${AGENCIES[0]}`, 50_000],
      ['RH00000009VN:F9:postage', 'vietqr-clearing:BC-HN-01', 'postage-revenue:BC-HN-01', 25_000],
      ['RH00000009VN:F9:over', 'vietqr-clearing:BC-HN-01', 'overpayments:BC-HN-01', 25_000],
    ]);
  });
});
