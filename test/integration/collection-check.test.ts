/**
 * The facts-to-ledger check on DynamoDB Local: scans with cash collected are filed by office
 * and day; a booking removed from the books is found by walking that index, booked again once,
 * kept as a repair for the monthly statement, and a second check changes nothing.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoItemStore, itemRow } from '../../functions/adapters/dynamodb/item-store.ts';
import {
  collectionIndex,
  financeStore,
  ledger,
  receiptParties,
  receiptStore,
} from '../../functions/adapters/index.ts';
import { bookFact } from '../../functions/app/money/book-fact.ts';
import { checkCollections } from '../../functions/app/money/check-collections.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { ingestScans } from '../../functions/domain/items/ingest.ts';
import { newItem } from '../../functions/domain/items/items.ts';
import type { PayableItem } from '../../functions/domain/money/collections.ts';
import { account } from '../../functions/domain/money/ledger.ts';
import { s10Code } from '../../schemas/s10.ts';
import { unbookFact } from '../support/unbook.ts';

const POSTAGE_VND = 26_000;
const AGENCY = '000.00.06.H56';
const SECRET = 'integration-delivery-code-secret-0000000000';
const ITEMS = 3;
const run = Date.now() % 100_000;
const OFFICE = `BC-CK${run}`;
const STAFF = 'NV-CHECK';
const BASE_MS = Date.now() - 2 * 3_600_000;
const occurredAt = (index: number) => new Date(BASE_MS + index * 60_000).toISOString();
const DAY = localDate(new Date(occurredAt(0)));
const items = new DynamoItemStore(dynamoDocumentClient(), tableName());
const ports = () => ({
  index: collectionIndex(),
  books: financeStore(),
  receipts: receiptStore(),
  parties: receiptParties(),
});
const cash = async () => (await ledger().balance(account.staffCash(OFFICE, STAFF))).balance;

/** An inbound item picked up with its postage paid in cash, its pickup booked as the ledger's consumer would. */
async function pickedUp(index: number): Promise<{ itemCode: string; factId: string }> {
  const itemCode = s10Code('RL', (run * 10 + index) % 100_000_000);
  const item = newItem({
    itemCode,
    direction: 'inbound',
    consignmentRef: `PGCK${run}${index}`,
    dossierCode: null,
    agencyCode: AGENCY,
    originOfficeCode: OFFICE,
    destinationOfficeCode: 'BC-HN-99',
    routeClass: 'within-province',
    addressee: { name: 'UBND', phone: null, addressLine: 'UBND', communeCode: null, provinceCode: '01' },
    collectAmountVnd: POSTAGE_VND,
    feesAmountVnd: 0,
    createdAt: occurredAt(0),
  });
  await dynamoDocumentClient().send(new PutCommand({ TableName: tableName(), Item: itemRow(item) }));
  const factId = `check-${run}-${index}`;
  const {
    outcomes: [answer],
  } = await ingestScans(
    items,
    [
      {
        scanId: factId,
        itemCode,
        type: 'pickup',
        occurredAt: occurredAt(index),
        postOfficeCode: OFFICE,
        staffId: STAFF,
        collected: { amount: POSTAGE_VND, method: 'cash' },
      },
    ],
    { receivedAt: new Date(), callerOfficeCode: OFFICE, deliveryCodeSecret: SECRET },
  );
  expect(answer?.outcome).toBe('accepted');
  const payable = (await collectionIndex().payableItem(itemCode, factId)) as PayableItem;
  const [fact] = (await collectionIndex().collectedFacts(OFFICE, DAY, 10, null)).facts.filter(
    (found) => found.fact.factId === factId,
  );
  await bookFact(financeStore(), payable, fact!.fact);
  return { itemCode, factId };
}

describe('the facts-to-ledger check', () => {
  it('books a removed booking again, once, keeps it as a repair, and then finds nothing to do', async () => {
    const picked = [];
    for (let index = 1; index <= ITEMS; index++) picked.push(await pickedUp(index));
    expect(await cash()).toBe(ITEMS * POSTAGE_VND);
    const lost = picked[1]!;
    expect(await unbookFact(dynamoDocumentClient(), tableName(), lost.itemCode, lost.factId)).toBe(
      POSTAGE_VND,
    );
    expect(await cash()).toBe((ITEMS - 1) * POSTAGE_VND);
    expect(await financeStore().bookedFees(lost.itemCode, lost.factId)).toBeNull();

    const check = await checkCollections(ports(), OFFICE, DAY, 'request', new Date());
    expect(check).toMatchObject({ checked: ITEMS, unknownItems: [], truncated: false, next: null });
    expect(check.repairs.map((repair) => [repair.itemCode, repair.factId, repair.amount])).toEqual([
      [lost.itemCode, lost.factId, POSTAGE_VND],
    ]);
    expect(await cash()).toBe(ITEMS * POSTAGE_VND);
    expect(await financeStore().repairsOf(AGENCY, DAY.slice(0, 7))).toContainEqual(check.repairs[0]);

    const again = await checkCollections(ports(), OFFICE, DAY, 'nightly', new Date());
    expect(again).toMatchObject({ checked: ITEMS, repairs: [] });
    expect(await cash()).toBe(ITEMS * POSTAGE_VND);
  });

  it('walks the index in pages, going on from where the last page ended', async () => {
    const first = await collectionIndex().collectedFacts(OFFICE, DAY, 2, null);
    expect(first.facts).toHaveLength(2);
    expect(first.next).not.toBeNull();
    const rest = await collectionIndex().collectedFacts(OFFICE, DAY, 2, first.next);
    expect(rest.facts).toHaveLength(1);
    expect([...first.facts, ...rest.facts].map((found) => found.fact.occurredAt)).toEqual(
      [1, 2, 3].map(occurredAt),
    );
  });
});
