/**
 * The stored ledger against the real DynamoDB Local, held to the laws of the pure one: on
 * random short histories (collections, hand-ins, remittances, reversals) every touched
 * account's balance is what MemoryLedger says and they sum to zero; posting again is a
 * replay that changes nothing; a known id with other content is a conflict that changes
 * nothing; an account's entries come back complete, in time order, a page at a time, and
 * its balance shards add up; a group with one bad member posts nothing.
 *
 * Every run owns its offices, staff and agencies (random codes), so runs never share an
 * account and the table needs no cleaning.
 */
import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import {
  BALANCE_SHARDS,
  DynamoLedger,
  PostingConflict,
} from '../../functions/adapters/dynamodb/ledger-store.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { collectionTransfers, type PayableItem } from '../../functions/domain/money/collections.ts';
import { handinTransfers } from '../../functions/domain/money/handins.ts';
import {
  account,
  type Entry,
  entriesOf,
  MemoryLedger,
  reversalOf,
  type Transfer,
  transferHash,
} from '../../functions/domain/money/ledger.ts';
import { remittanceOf, remittanceTransfer } from '../../functions/domain/money/remittances.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';

const ledger = () => new DynamoLedger(dynamoDocumentClient(), tableName());
/** The balance shard a transfer's entries update, as the store chooses it. */
const shardOf = (transferId: string) =>
  createHash('sha256').update(transferId).digest().readUInt16BE(0) % BALANCE_SHARDS;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomCode = (length: number) =>
  Array.from({ length }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join('');

/** Offices, staff and agencies nobody else uses. */
function owners() {
  const run = randomCode(10);
  return {
    offices: [`BT${run}A`, `BT${run}B`] as const,
    staff: ['NV01', 'NV02'] as const,
    agencies: [`AG${run}.1`, `AG${run}.2`] as const,
  };
}
type Owners = ReturnType<typeof owners>;

/** Times over three months (and their Vietnam-time boundaries), to the millisecond. */
const FIRST = Date.parse('2026-01-31T12:00:00Z');
const LAST = Date.parse('2026-03-01T12:00:00Z');
const instant = fc.integer({ min: FIRST, max: LAST }).map((ms) => new Date(ms).toISOString());
const money = fc.oneof(fc.integer({ min: 0, max: 300_000 }), fc.integer({ min: 0, max: 50_000_000 }));
const pick = fc.nat({ max: 1 });

const operation = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('collect' as const),
      agency: pick,
      office: pick,
      staff: fc.option(pick, { nil: undefined }),
      collect: money,
      feesShare: fc.double({ min: 0, max: 1, noNaN: true }),
      paid: fc.oneof(fc.constant('exact' as const), money),
      method: fc.constantFrom('cash' as const, 'vietqr' as const),
      rescan: fc.option(fc.nat(), { nil: undefined, freq: 4 }),
      at: instant,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('handin' as const),
      office: pick,
      staff: pick,
      delta: fc.integer({ min: -500_000, max: 500_000 }),
      at: instant,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('remit' as const),
      agency: pick,
      share: fc.double({ min: 0.1, max: 1, noNaN: true }),
      at: instant,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('reverse' as const), pick: fc.nat(), at: instant }),
  },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

interface Scan {
  readonly item: PayableItem;
  readonly fact: Parameters<typeof collectionTransfers>[1];
}

/** The group of transfers one operation posts. */
function groupOf(
  step: number,
  op: Operation,
  who: Owners,
  memory: MemoryLedger,
  history: readonly Transfer[],
  scans: Scan[],
): Transfer[] {
  switch (op.op) {
    case 'collect': {
      if (op.rescan !== undefined && scans.length > 0) {
        const earlier = scans[op.rescan % scans.length]!;
        return collectionTransfers(earlier.item, earlier.fact);
      }
      const office = who.offices[op.office]!;
      const agency = who.agencies[op.agency]!;
      const item: PayableItem = {
        itemCode: `RH${office}${step}`,
        direction: 'inbound',
        agencyCode: agency,
        consignmentRef: `PG${office}${step}`,
        dossierCode: null,
        collectAmountVnd: op.collect,
        feesAmountVnd: Math.floor(op.collect * op.feesShare),
        dueAt: null,
      };
      const fact = {
        factId: `F${step}`,
        type: 'pickup',
        occurredAt: op.at,
        postOfficeCode: office,
        ...(op.staff === undefined ? {} : { staffId: who.staff[op.staff]! }),
        collected: { amount: op.paid === 'exact' ? op.collect : op.paid, method: op.method },
      };
      scans.push({ item, fact });
      return collectionTransfers(item, fact);
    }
    case 'handin': {
      const office = who.offices[op.office]!;
      const staffId = who.staff[op.staff]!;
      const expected = memory.balance(account.staffCash(office, staffId));
      const counted = Math.max(0, expected + op.delta);
      return handinTransfers({
        handinId: `${office}-H${step}`,
        staffId,
        postOfficeCode: office,
        countedBy: 'NV99',
        at: op.at,
        expected,
        counted,
        variance: counted - expected,
      });
    }
    case 'remit': {
      const agency = who.agencies[op.agency]!;
      const fees = Math.round(-memory.balance(account.agencyFees(agency)) * op.share);
      if (fees <= 0) return [];
      return [
        remittanceTransfer(
          remittanceOf({
            reference: `RM${agency}${step}`,
            agencyCode: agency,
            postOfficeCode: who.offices[0],
            periodStart: '2026-01-01',
            periodEnd: '2026-01-31',
            fees,
            now: new Date(op.at),
            createdBy: 'finance-01',
          }),
        ),
      ];
    }
    case 'reverse': {
      if (history.length === 0) return [];
      return [
        reversalOf(history[op.pick % history.length]!, op.at, `Correction ${step}`, `reversal-${step}`),
      ];
    }
  }
}

/** Every account the history touched, with the stored balances. */
async function storedBalances(accounts: Iterable<string>): Promise<Map<string, number>> {
  const ids = [...accounts];
  const balances = await Promise.all(ids.map((id) => ledger().balance(id)));
  return new Map(ids.map((id, index) => [id, balances[index]!.balance]));
}

const touched = (history: readonly Transfer[]) => new Set(history.flatMap((t) => [t.debit, t.credit]));

/** The order the table keeps an account's entries in: by time, then transfer, then side. */
const entryOrder = (entry: Pick<Entry, 'at' | 'transferId' | 'side'>) =>
  `${new Date(entry.at).toISOString()}#${entry.transferId}#${entry.side}`;
/** By code point, as DynamoDB compares sort keys (not `localeCompare`, which weighs punctuation). */
const byEntryOrder = (a: Entry, b: Entry) => {
  const [x, y] = [entryOrder(a), entryOrder(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

async function allEntries(accountId: string, from: string, to: string, limit: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1_000; page += 1) {
    const answer = await ledger().entries(accountId, from, to, limit, cursor);
    expect(answer.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...answer.entries);
    cursor = answer.next;
    if (!cursor) return entries;
  }
  throw new Error(`The entries of ${accountId} never ended`);
}

async function shardsOf(accountId: string) {
  const answer = await dynamoDocumentClient().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :shard)',
      ExpressionAttributeValues: { ':pk': KEY.accountPartition(accountId), ':shard': KEY.balanceShardPrefix },
      ConsistentRead: true,
    }),
  );
  return (answer.Items ?? []).map((row) => ({
    balance: Number(row.balance),
    debits: Number(row.debits),
    credits: Number(row.credits),
  }));
}

/** Other content under a posted transfer's id, still valid on its own. */
function clashWith(transfer: Transfer, how: number): Transfer {
  switch (how % 4) {
    case 0:
      return { ...transfer, amount: transfer.amount + 1 };
    case 1:
      return { ...transfer, debit: transfer.credit, credit: transfer.debit };
    case 2:
      return { ...transfer, at: new Date(Date.parse(transfer.at) + 1).toISOString() };
    default:
      return { ...transfer, kind: transfer.kind === 'reversal' ? 'remittance' : 'reversal' };
  }
}

const probe = (id: string, office: string, amount = 1_000): Transfer => ({
  transferId: id,
  debit: account.officeCash(office),
  credit: account.postageRevenue(office),
  amount,
  kind: 'collection-postage',
  at: '2026-02-10T03:00:00.000Z',
  reference: {},
  description: 'A probe',
});

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('The posting was expected to be refused');
}

describe('the stored ledger on random histories', () => {
  // Some 10 s on an idle 2-core machine; the margin is for a loaded one.
  it('agrees with the memory ledger, replays without change, refuses other content, pages entries', {
    timeout: 60_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 2, maxLength: 7 }),
        fc.nat(),
        fc.integer({ min: 1, max: 3 }),
        async (ops, choice, pageSize) => {
          const who = owners();
          const memory = new MemoryLedger();
          const stored = ledger();
          const history: Transfer[] = [];
          const groups: Transfer[][] = [];
          const scans: Scan[] = [];
          for (const [step, op] of ops.entries()) {
            const group = groupOf(step, op, who, memory, history, scans);
            if (group.length === 0) continue;
            const known = new Set(history.map((t) => t.transferId));
            const fresh = group.filter((t) => !known.has(t.transferId));
            memory.post(group);
            expect(await stored.post(group)).toBe(fresh.length > 0 ? 'posted' : 'replayed');
            history.push(...fresh);
            groups.push(group);
          }
          fc.pre(history.length > 0);
          const accounts = touched(history);

          // Every balance is the memory ledger's, and they sum to zero.
          const balances = await storedBalances(accounts);
          for (const id of accounts) expect(balances.get(id), id).toBe(memory.balance(id));
          expect([...balances.values()].reduce((sum, balance) => sum + balance, 0)).toBe(0);

          // Every group again, last first: replayed, nothing changes.
          for (const group of [...groups].reverse()) expect(await stored.post(group)).toBe('replayed');
          expect(await storedBalances(accounts)).toEqual(balances);

          // A known id with other content: a conflict, alone or with a fresh transfer.
          const original = history[choice % history.length]!;
          const fresh = probe(`probe:${who.offices[0]}`, who.offices[0]);
          for (const group of [[clashWith(original, choice)], [fresh, clashWith(original, choice + 1)]]) {
            const error = await refusal(stored.post(group));
            expect(error).toBeInstanceOf(DomainRefusal);
            expect((error as DomainRefusal).kind).toBe('conflict');
          }
          expect(await storedBalances(accounts)).toEqual(balances);
          const kept = await stored.transfers([original.transferId, fresh.transferId]);
          expect(kept.get(original.transferId)?.contentHash).toBe(transferHash(original));
          expect(kept.has(fresh.transferId)).toBe(false);

          // Entries: complete, in time order, a few at a time; the shards add up.
          const from = new Date(FIRST).toISOString();
          const to = new Date(LAST).toISOString();
          const expected = history.flatMap((t) => entriesOf(t));
          for (const id of accounts) {
            const own = expected.filter((entry) => entry.account === id).sort(byEntryOrder);
            const entries = await allEntries(id, from, to, pageSize);
            expect(entries).toEqual(own);
            expect(entries.reduce((sum, entry) => sum + entry.change, 0)).toBe(memory.balance(id));

            const shards = await shardsOf(id);
            expect(shards.length).toBeGreaterThan(0);
            expect(shards.length).toBeLessThanOrEqual(BALANCE_SHARDS);
            for (const shard of shards) expect(shard.balance).toBe(shard.debits - shard.credits);
            const sum = (field: 'balance' | 'debits' | 'credits') =>
              shards.reduce((total, shard) => total + shard[field], 0);
            expect(sum('balance')).toBe(memory.balance(id));
            expect(sum('debits')).toBe(
              own.filter((e) => e.side === 'debit').reduce((total, e) => total + e.amount, 0),
            );
            expect(sum('credits')).toBe(
              own.filter((e) => e.side === 'credit').reduce((total, e) => total + e.amount, 0),
            );
            expect(await stored.balance(id)).toEqual({
              balance: sum('balance'),
              debits: sum('debits'),
              credits: sum('credits'),
            });
          }

          // A narrower window holds exactly the entries of its times, ends included.
          const times = expected.map((entry) => entry.at).sort();
          const [first, second] = [times[choice % times.length]!, times[(choice >> 3) % times.length]!];
          const [windowFrom, windowTo] = first <= second ? [first, second] : [second, first];
          const someAccount = [...accounts][choice % accounts.size]!;
          const inWindow = expected
            .filter((e) => e.account === someAccount && e.at >= windowFrom && e.at <= windowTo)
            .sort(byEntryOrder);
          expect(await allEntries(someAccount, windowFrom, windowTo, pageSize)).toEqual(inWindow);
        },
      ),
      { numRuns: 15, endOnFailure: true },
    );
  });
});

describe('posting a group', () => {
  it('posts nothing when one member is invalid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Partial<Transfer>>(
          { amount: 0 },
          { amount: -5 },
          { amount: 10.5 },
          { amount: 2_000_000_001 },
          { debit: 'wallet:X' },
          { credit: 'staff-cash:nobody' },
          { at: 'yesterday' },
        ),
        fc.nat({ max: 2 }),
        async (spoiled, position) => {
          const office = `BT${randomCode(10)}`;
          const group = [0, 1, 2].map((index) => probe(`${office}:group:${index}`, office, 1_000 + index));
          group[position] = { ...group[position]!, ...spoiled };
          const error = await refusal(ledger().post(group));
          expect(error).toBeInstanceOf(DomainRefusal);
          expect((error as DomainRefusal).kind).toBe('unprocessable');
          expect((await ledger().transfers(group.map((t) => t.transferId))).size).toBe(0);
          expect(await ledger().balance(account.officeCash(office))).toEqual({
            balance: 0,
            debits: 0,
            credits: 0,
          });
          expect(
            await allEntries(account.officeCash(office), '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z', 10),
          ).toEqual([]);
        },
      ),
      { numRuns: 7, endOnFailure: true },
    );
  });

  it('refuses one id twice in a group, and more transfers than one transaction holds', async () => {
    const office = `BT${randomCode(10)}`;
    const one = probe(`${office}:twice`, office);
    expect(await refusal(ledger().post([one, { ...one }]))).toBeInstanceOf(DomainRefusal);
    const many = Array.from({ length: 21 }, (_, index) => probe(`${office}:many:${index}`, office));
    expect(await refusal(ledger().post(many))).toBeInstanceOf(RangeError);
    expect((await ledger().balance(account.officeCash(office))).balance).toBe(0);
    expect(await ledger().post(many.slice(0, 20))).toBe('posted');
    expect((await ledger().balance(account.officeCash(office))).balance).toBe(20_000);
  });

  it('posts a collection whose parts fall on the same balance shard of the account they all debit', async () => {
    // The fees and the postage of one collection both debit the staff member's cash; their
    // transfer ids choose the shard, and for one scan in eight they choose the same one.
    const office = `BT${randomCode(10)}`;
    const agency = `AG${randomCode(10)}`;
    const itemCode = `RH${office}`;
    let factId = 'F0';
    for (
      let n = 0;
      shardOf(`${itemCode}:${factId}:fees`) !== shardOf(`${itemCode}:${factId}:postage`);
      n += 1
    )
      factId = `F${n}`;
    const item: PayableItem = {
      itemCode,
      direction: 'inbound',
      agencyCode: agency,
      consignmentRef: `PG${office}`,
      dossierCode: null,
      collectAmountVnd: 75_000,
      feesAmountVnd: 50_000,
      dueAt: null,
    };
    const transfers = collectionTransfers(item, {
      factId,
      type: 'pickup',
      occurredAt: '2026-02-10T03:00:00.000Z',
      postOfficeCode: office,
      staffId: 'NV01',
      collected: { amount: 75_000, method: 'cash' },
    });
    expect(transfers.map((t) => t.debit)).toEqual([
      account.staffCash(office, 'NV01'),
      account.staffCash(office, 'NV01'),
    ]);
    expect(await ledger().post(transfers)).toBe('posted');
    expect((await ledger().balance(account.staffCash(office, 'NV01'))).balance).toBe(75_000);
    expect((await ledger().balance(account.agencyFees(agency))).balance).toBe(-50_000);
    expect((await ledger().balance(account.postageRevenue(office))).balance).toBe(-25_000);
  });

  it('never half-posts a group mixing a posted transfer with a fresh one', async () => {
    const office = `BT${randomCode(10)}`;
    const posted = probe(`${office}:first`, office, 100);
    const fresh = probe(`${office}:second`, office, 10);
    await ledger().post([posted]);
    let outcome: unknown;
    try {
      outcome = await ledger().post([posted, fresh]);
    } catch (error) {
      outcome = error;
    }
    // MemoryLedger posts the fresh one and skips the other; the stored ledger refuses the
    // whole group (the transfer record's condition fails). Either way, never half of it.
    const balance = (await ledger().balance(account.officeCash(office))).balance;
    if (outcome === 'posted') expect(balance).toBe(110);
    else {
      expect(outcome).toBeInstanceOf(PostingConflict);
      expect(balance).toBe(100);
      expect(await ledger().post([fresh])).toBe('posted');
    }
    expect(await ledger().post([posted, fresh])).toBe('replayed');
  });

  it('moves the money once when many clients post the same group at once', async () => {
    const office = `BT${randomCode(10)}`;
    const group = [probe(`${office}:race:a`, office, 700), probe(`${office}:race:b`, office, 300)];
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, async () => {
        try {
          return await ledger().post(group);
        } catch (error) {
          // A clash with a transaction still in flight; the caller retries.
          if (error instanceof PostingConflict) return 'retry';
          throw error;
        }
      }),
    );
    expect(outcomes.filter((outcome) => outcome === 'posted')).toHaveLength(1);
    expect(await ledger().post(group)).toBe('replayed');
    expect(await ledger().balance(account.officeCash(office))).toEqual({
      balance: 1_000,
      debits: 1_000,
      credits: 0,
    });
    expect(await ledger().balance(account.postageRevenue(office))).toEqual({
      balance: -1_000,
      debits: 0,
      credits: 1_000,
    });
  });
});
