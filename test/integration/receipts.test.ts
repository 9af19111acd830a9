/**
 * Delegated receipts against the real DynamoDB Local: many clients issuing at once for one
 * series still number its receipts 1, 2, 3 … with no gap and no number twice, and each
 * collection gets one receipt however often (and however concurrently) it is asked for; a
 * void records its reason, keeps the number and gives the fees back exactly once; a new
 * year starts a new series at 1.
 *
 * Every test draws its own series letters (six random letters), so no other test, and no
 * earlier run against the same table, shares its counter.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { financeLinesOfDay, vietnamDay } from '../../functions/adapters/dynamodb/finance-lines.ts';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import { DynamoLedger } from '../../functions/adapters/dynamodb/ledger-store.ts';
import { DynamoReceiptStore, type StoredReceipt } from '../../functions/adapters/dynamodb/receipt-store.ts';
import { issueReceipt } from '../../functions/app/money/issue-receipt.ts';
import { voidReceipt } from '../../functions/app/money/void-receipt.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import {
  collectionTransfers,
  feesTransferId,
  type PayableItem,
  type PaymentFact,
} from '../../functions/domain/money/collections.ts';
import { account } from '../../functions/domain/money/ledger.ts';
import { type FinanceLine, receiptNumberText } from '../../functions/domain/money/model.ts';
import type { ReceiptRequest } from '../../functions/domain/money/receipts.ts';
import { amountInWords } from '../../functions/domain/money/words.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';

const ledger = () => new DynamoLedger(dynamoDocumentClient(), tableName());
const store = () => new DynamoReceiptStore(dynamoDocumentClient(), tableName(), ledger());

const random = (alphabet: string, length: number) =>
  Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
/** Series letters nobody else uses: six random letters. */
const freshLetters = () => random('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 6);
/** Codes of an agency, an office and items nobody else uses. */
const freshCode = () => random('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10);

function request(letters: string, agencyCode: string, sourceId: string, issuedAt: string, amount = 50_000) {
  return {
    sourceId,
    letters,
    agencyCode,
    agencyName: 'UBND phường Thử nghiệm',
    formSymbol: '01BLP0-001',
    agencyTaxCode: '0100000001',
    postOfficeCode: `BT${agencyCode}`,
    payerName: 'Nguyễn Văn A',
    dossierRef: `${agencyCode}-260615-0001`,
    itemCode: sourceId.split(':')[0]!,
    lines: [{ code: 'LP01', name: 'Lệ phí', amount }],
    amount,
    amountInWords: amountInWords(amount),
    method: 'cash',
    issuedAt,
    issuedBy: 'NV01',
  } satisfies ReceiptRequest;
}

/** Every receipt of a series, as the table holds them, by number. */
async function receiptsOf(series: string): Promise<StoredReceipt[]> {
  const receipts: StoredReceipt[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const answer = await dynamoDocumentClient().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.receipt(series, 1).pk },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const row of answer.Items ?? []) {
      const {
        pk: _pk,
        sk,
        entity: _entity,
        gsi1pk,
        gsi1sk: _1,
        gsi2pk,
        gsi2sk: _2,
        gsi3pk,
        gsi3sk: _3,
        ...receipt
      } = row;
      expect(sk).toBe(receiptNumberText(Number(receipt.number)));
      // Found again by the agency's day and by the dossier (the receipts search).
      expect(gsi1pk).toBe(`RECEIPTS#${receipt.agencyCode}#${localDate(new Date(receipt.issuedAt))}`);
      expect(gsi2pk).toBe(`RECEIPTSOF#${receipt.dossierRef}`);
      // And by the lookup code the payer reads off the receipt (the public lookup).
      expect(gsi3pk).toBe(`RECEIPTLOOKUP#${receipt.lookupCode}`);
      receipts.push(receipt as StoredReceipt);
    }
    startKey = answer.LastEvaluatedKey;
  } while (startKey);
  return receipts;
}

async function lastNumber(series: string): Promise<number> {
  const answer = await dynamoDocumentClient().send(
    new GetCommand({ TableName: tableName(), Key: KEY.receiptCounter(series), ConsistentRead: true }),
  );
  return Number(answer.Item?.last ?? 0);
}

/** Numbers 1 … count, each once. */
const oneToN = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

/** Runs the tasks with `workers` of them in flight at any time. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], workers: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < tasks.length) {
        const index = next;
        next += 1;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a refusal');
}

describe('issuing receipts', () => {
  // Some 5 s on an idle 2-core machine; the margin is for a loaded one.
  it('numbers receipts 1 … N with no gap and no duplicate while many clients issue at once', {
    timeout: 60_000,
  }, async () => {
    const letters = freshLetters();
    const agency = freshCode();
    const count = 60;
    const sourceIds = oneToN(count).map((n) => feesTransferId(`RH${agency}${n}`, `F${n}`));
    const issued = await pool(
      sourceIds.map(
        (sourceId) => () => issueReceipt(store(), request(letters, agency, sourceId, '2026-06-15T03:00:00Z')),
      ),
      12,
    );
    const series = `${letters}26`;
    expect(new Set(issued.map((receipt) => receipt.series))).toEqual(new Set([series]));
    expect(issued.map((receipt) => receipt.number).sort((a, b) => a - b)).toEqual(oneToN(count));

    const stored = await receiptsOf(series);
    expect(stored.map((receipt) => receipt.number)).toEqual(oneToN(count));
    expect(stored.map((receipt) => receipt.sourceId).sort()).toEqual([...sourceIds].sort());
    expect(await lastNumber(series)).toBe(count);
    for (const receipt of issued) {
      expect(stored[receipt.number - 1]).toEqual(receipt);
      expect(receipt).toMatchObject({ status: 'issued', voidedAt: null, voidReason: null, voidedBy: null });
    }
    const claims = await Promise.all(sourceIds.map((sourceId) => store().receiptOfSource(sourceId)));
    claims.forEach((claim, index) => {
      expect(claim?.sourceId).toBe(sourceIds[index]);
    });
    expect(await store().receipt(series, count + 1)).toBeNull();
  });

  it('answers the receipt a collection already has, and takes no number for it, also when asked at once', async () => {
    const letters = freshLetters();
    const agency = freshCode();
    const series = `${letters}26`;
    const at = '2026-03-02T01:00:00Z';
    const first = await pool(
      oneToN(10).map(
        (n) => () => issueReceipt(store(), request(letters, agency, `RH${agency}${n}:F:fees`, at)),
      ),
      4,
    );
    expect(await lastNumber(series)).toBe(10);

    // The same collections again, several times each, with new ones among them, all at once.
    const again = oneToN(10).flatMap((n) => [n, n, n]);
    const fresh = [11, 12, 13, 14, 15];
    const answers = await Promise.all([
      ...again.map((n) => issueReceipt(store(), request(letters, agency, `RH${agency}${n}:F:fees`, at))),
      ...fresh.map((n) => issueReceipt(store(), request(letters, agency, `RH${agency}${n}:F:fees`, at))),
    ]);
    again.forEach((n, index) => {
      expect(answers[index]).toEqual(first[n - 1]);
    });
    const newNumbers = answers.slice(again.length).map((receipt) => receipt.number);
    expect(newNumbers.sort((a, b) => a - b)).toEqual([11, 12, 13, 14, 15]);

    // One new collection asked for by many clients at once: one receipt, one number.
    const same = await Promise.all(
      oneToN(8).map(() => issueReceipt(store(), request(letters, agency, `RH${agency}99:F:fees`, at))),
    );
    expect(new Set(same.map((receipt) => receipt.number))).toEqual(new Set([16]));
    expect(await lastNumber(series)).toBe(16);
    expect((await receiptsOf(series)).map((receipt) => receipt.number)).toEqual(oneToN(16));
  });

  it('starts a new series at 1 in a new year, the year being Vietnam’s', async () => {
    const letters = freshLetters();
    const agency = freshCode();
    const issue = (n: number, issuedAt: string) =>
      issueReceipt(store(), request(letters, agency, `RH${agency}${n}:F:fees`, issuedAt));
    const in2026 = [
      await issue(1, '2026-01-01T00:00:00+07:00'),
      await issue(2, '2026-06-15T03:00:00Z'),
      // 23:59:59 on New Year's Eve in Hanoi: still 2026.
      await issue(3, '2026-12-31T16:59:59.999Z'),
    ];
    const in2027 = [
      // Already past midnight in Hanoi, while still 2026 in UTC.
      await issue(4, '2026-12-31T17:00:00.000Z'),
      await issue(5, '2027-01-10T03:00:00Z'),
      await issue(6, '2027-12-31T10:00:00Z'),
    ];
    expect(in2026.map((receipt) => `${receipt.series}/${receipt.number}`)).toEqual([
      `${letters}26/1`,
      `${letters}26/2`,
      `${letters}26/3`,
    ]);
    expect(in2027.map((receipt) => `${receipt.series}/${receipt.number}`)).toEqual([
      `${letters}27/1`,
      `${letters}27/2`,
      `${letters}27/3`,
    ]);
    expect(await lastNumber(`${letters}26`)).toBe(3);
    expect(await lastNumber(`${letters}27`)).toBe(3);
    // A late 2026 collection still takes the next 2026 number.
    expect((await issue(7, '2026-11-30T03:00:00Z')).series).toBe(`${letters}26`);
    expect(await lastNumber(`${letters}26`)).toBe(4);
  });
});

describe('voiding a receipt', () => {
  /** What the collections pay beyond the fees: the receipt is of the fees alone. */
  const POSTAGE = 30_000;

  /** A cash collection of fees and postage, posted to the ledger, and the receipt of its fees. */
  async function collectedAndReceipted(fees = 120_000) {
    const letters = freshLetters();
    const agency = freshCode();
    const office = `BT${agency}`;
    const item: PayableItem = {
      itemCode: `RH${agency}`,
      direction: 'inbound',
      agencyCode: agency,
      consignmentRef: `PG${agency}`,
      dossierCode: `${agency}-260615-0001`,
      collectAmountVnd: fees + POSTAGE,
      feesAmountVnd: fees,
      dueAt: null,
    };
    const fact: PaymentFact = {
      factId: 'F1',
      type: 'pickup',
      occurredAt: '2026-06-15T03:00:00.000Z',
      postOfficeCode: office,
      staffId: 'NV01',
      collected: { amount: fees + POSTAGE, method: 'cash' },
    };
    const transfers = collectionTransfers(item, fact);
    expect(transfers.map((t) => [t.transferId, t.amount])).toEqual([
      [feesTransferId(item.itemCode, fact.factId), fees],
      [`${item.itemCode}:${fact.factId}:postage`, POSTAGE],
    ]);
    expect(await ledger().post(transfers)).toBe('posted');
    const receipt = await issueReceipt(store(), {
      ...request(letters, agency, feesTransferId(item.itemCode, fact.factId), fact.occurredAt, fees),
      postOfficeCode: office,
    });
    const accounts = { fees: account.agencyFees(agency), cash: account.staffCash(office, 'NV01') };
    return { receipt, accounts, agency };
  }

  /** What the void route does: the void use case over the stored receipts. */
  async function voidLikeTheRoute(receipt: StoredReceipt, reason: string, at: string, by = 'finance-01') {
    return voidReceipt(store(), { series: receipt.series, number: receipt.number, reason, voidedBy: by, at });
  }

  const balances = async (accounts: { fees: string; cash: string }) => ({
    fees: (await ledger().balance(accounts.fees)).balance,
    cash: (await ledger().balance(accounts.cash)).balance,
  });

  it('records the reason, keeps the number, gives the fees back once, and refuses a second void', async () => {
    const { receipt, accounts, agency } = await collectedAndReceipted(120_000);
    expect(await balances(accounts)).toEqual({ fees: -120_000, cash: 120_000 + POSTAGE });

    const at = '2026-06-16T02:00:00.000Z';
    const voided = await voidLikeTheRoute(receipt, 'Thu nhầm hồ sơ', at);
    expect(voided).toMatchObject({
      series: receipt.series,
      number: receipt.number,
      status: 'voided',
      voidedAt: at,
      voidReason: 'Thu nhầm hồ sơ',
      voidedBy: 'finance-01',
    });
    const stored = await store().receipt(receipt.series, receipt.number);
    expect(stored).toEqual(voided);
    expect(await balances(accounts)).toEqual({ fees: 0, cash: POSTAGE });
    const reversal = (await ledger().transfers([`${receipt.sourceId}:void`])).get(`${receipt.sourceId}:void`);
    expect(reversal).toMatchObject({ kind: 'reversal', reverses: receipt.sourceId, amount: 120_000 });
    const lines: FinanceLine[] = [];
    for await (const line of financeLinesOfDay(dynamoDocumentClient(), tableName(), agency, vietnamDay(at)))
      lines.push(line);
    expect(lines.filter((line) => line.kind === 'void')).toEqual([
      expect.objectContaining({ kind: 'void', amount: 120_000, reason: 'Thu nhầm hồ sơ', at }),
    ]);

    // Again, later, with another reason; and again at the very same moment.
    for (const [again, when] of [
      ['Another reason', '2026-06-17T02:00:00.000Z'],
      ['Thu nhầm hồ sơ', at],
    ] as const) {
      const error = await refusal(voidLikeTheRoute(receipt, again, when, 'finance-02'));
      expect(error).toBeInstanceOf(DomainRefusal);
      expect((error as DomainRefusal).kind).toBe('conflict');
      expect(await store().receipt(receipt.series, receipt.number)).toEqual(voided);
      expect(await balances(accounts)).toEqual({ fees: 0, cash: POSTAGE });
    }
    // The number stays taken: the next receipt of the series is the next number.
    const next = await issueReceipt(
      store(),
      request(receipt.series.slice(0, -2), receipt.agencyCode, `RH${agency}-next:F1:fees`, receipt.issuedAt),
    );
    expect(next.number).toBe(receipt.number + 1);
  });

  it('refuses a void without a reason, and voids a receipt whose collection is not in the ledger', async () => {
    const { receipt, accounts } = await collectedAndReceipted(80_000);
    const error = await refusal(voidLikeTheRoute(receipt, '   ', '2026-06-16T02:00:00.000Z'));
    expect((error as DomainRefusal).kind).toBe('unprocessable');
    expect((await store().receipt(receipt.series, receipt.number))?.status).toBe('issued');
    expect(await balances(accounts)).toEqual({ fees: -80_000, cash: 80_000 + POSTAGE });

    const letters = freshLetters();
    const orphan = await issueReceipt(
      store(),
      request(letters, freshCode(), 'RHORPHAN:F1:fees', '2026-06-15T03:00:00Z'),
    );
    const at = '2026-06-16T02:00:00.000Z';
    expect((await voidLikeTheRoute(orphan, 'No collection', at)).status).toBe('voided');
    const again = await refusal(voidLikeTheRoute(orphan, 'No collection', '2026-06-16T03:00:00.000Z'));
    expect((again as DomainRefusal).kind).toBe('conflict');
  });

  it('lets exactly one of several voids at once succeed, and reverses the fees once', async () => {
    const { receipt, accounts } = await collectedAndReceipted(60_000);
    const outcomes = await Promise.allSettled(
      oneToN(5).map((n) =>
        voidLikeTheRoute(receipt, `Reason ${n}`, `2026-06-16T02:00:0${n}.000Z`, `finance-${n}`),
      ),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(DomainRefusal);
    const stored = await store().receipt(receipt.series, receipt.number);
    expect(stored).toEqual((won[0] as PromiseFulfilledResult<StoredReceipt>).value);
    expect(await balances(accounts)).toEqual({ fees: 0, cash: POSTAGE });
  });

  it('does not report success to the losers of voids at the same moment', async () => {
    const { receipt, accounts } = await collectedAndReceipted(60_000);
    const at = '2026-06-16T02:00:00.000Z';
    const outcomes = await Promise.allSettled(
      oneToN(4).map((n) => voidLikeTheRoute(receipt, `Reason ${n}`, at, `finance-${n}`)),
    );
    const stored = await store().receipt(receipt.series, receipt.number);
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    // Whoever is told the void succeeded must find their reason on the receipt.
    for (const outcome of won)
      expect((outcome as PromiseFulfilledResult<StoredReceipt>).value).toEqual(stored);
    expect(won).toHaveLength(1);
    expect(await balances(accounts)).toEqual({ fees: 0, cash: POSTAGE });
  });
});

describe('the receipt lookup', () => {
  it('finds an issued receipt by its lookup code, voided or not, and nothing for another code', async () => {
    const letters = freshLetters();
    const agency = freshCode();
    const issued = await issueReceipt(
      store(),
      request(letters, agency, feesTransferId(`RH${agency}L`, 'FL'), '2026-06-15T03:00:00Z'),
    );
    // The index follows the table a moment later in AWS; DynamoDB Local answers at once.
    let found = await store().byLookupCode(issued.lookupCode);
    for (let attempt = 0; found === null && attempt < 50; attempt += 1) {
      await new Promise((wake) => setTimeout(wake, 100));
      found = await store().byLookupCode(issued.lookupCode);
    }
    expect(found).toEqual(issued);
    expect(await store().byLookupCode('ZZZZZZZZZZ')).toBeNull();
  });
});
