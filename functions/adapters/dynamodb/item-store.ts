/** Items and their facts in one partition per item; the worklist is a sparse index on the item row. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { factKey, type ItemRepository, type ItemSnapshot } from '../../domain/items/ingest.ts';
import { type ItemRecord, pendingWork } from '../../domain/items/items.ts';
import { MAX_FACTS_PER_ITEM, type StoredFact } from '../../domain/items/scans.ts';
import { batchGetAll } from './batch.ts';
import { ENTITY, KEY } from './keys.ts';

/** A dossier has an inbound and an outbound item, and a refused one a return item: a few at most. */
const MAX_SNAPSHOTS = 5;
/** Pages of one item partition read at most: far above MAX_FACTS_PER_ITEM rows. */
const MAX_PARTITION_PAGES = 10;

type Row = Record<string, NativeAttributeValue>;

/** What the worklist index carries of an item waiting at an office. */
export type WorklistRow = Pick<
  ItemRecord,
  | 'itemCode'
  | 'direction'
  | 'consignmentRef'
  | 'dossierCode'
  | 'addressee'
  | 'collectAmountVnd'
  | 'failedAttempts'
> & { readonly dueAt: string; readonly workKind: 'pickup' | 'delivery' };

export function itemRow(item: ItemRecord): Row {
  const work = pendingWork(item);
  return {
    ...KEY.item(item.itemCode),
    entity: ENTITY.item,
    ...item,
    ...(work && item.dueAt
      ? {
          worklistpk: KEY.worklist(work.postOfficeCode),
          worklistsk: `${item.dueAt}#${item.itemCode}`,
          workKind: work.kind,
        }
      : {}),
  };
}

const factRow = (itemCode: string, fact: StoredFact): Row => ({
  ...KEY.itemFact(itemCode, fact.factId),
  entity: ENTITY.fact,
  ...fact,
});

function strip<T>(row: Row): T {
  const {
    pk: _pk,
    sk: _sk,
    entity: _entity,
    worklistpk: _w,
    worklistsk: _ws,
    workKind: _kind,
    ...rest
  } = row;
  return rest as T;
}

export class DynamoItemStore implements ItemRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async findFacts(keys: readonly { itemCode: string; factId: string }[]): Promise<Map<string, StoredFact>> {
    const unique = [...new Map(keys.map((key) => [factKey(key.itemCode, key.factId), key])).values()];
    const rows = await batchGetAll(
      this.client,
      this.table,
      unique.map((key) => KEY.itemFact(key.itemCode, key.factId)),
    );
    const found = new Map<string, StoredFact>();
    for (const row of rows) {
      const fact = strip<StoredFact>(row);
      found.set(factKey(String(row.pk).slice('ITEM#'.length), fact.factId), fact);
    }
    return found;
  }

  async load(itemCode: string): Promise<ItemSnapshot | null> {
    let item: ItemRecord | null = null;
    const facts: StoredFact[] = [];
    let startKey: Record<string, NativeAttributeValue> | undefined;
    for (let page = 0; page < MAX_PARTITION_PAGES; page += 1) {
      const answer = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': KEY.itemPartition(itemCode) },
          ConsistentRead: true,
          Limit: MAX_FACTS_PER_ITEM + 2,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const row of answer.Items ?? []) {
        if (row.entity === ENTITY.item) item = strip<ItemRecord>(row);
        else if (row.entity === ENTITY.fact) facts.push(strip<StoredFact>(row));
      }
      startKey = answer.LastEvaluatedKey;
      if (!startKey) break;
    }
    return item ? { item, facts } : null;
  }

  async commit(next: ItemRecord, expectedVersion: number, newFacts: readonly StoredFact[]): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...newFacts.map((fact) => ({
              Put: {
                TableName: this.table,
                Item: factRow(next.itemCode, fact),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
            {
              Put: {
                TableName: this.table,
                Item: itemRow(next),
                ConditionExpression: 'version = :expected',
                ExpressionAttributeValues: { ':expected': expectedVersion },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  /** Items with their facts, for the few items of one dossier; unknown codes are left out. */
  async snapshots(itemCodes: readonly string[]): Promise<ItemSnapshot[]> {
    if (itemCodes.length > MAX_SNAPSHOTS)
      throw new Error(`At most ${MAX_SNAPSHOTS} items with their facts at once`);
    const loaded = await Promise.all(itemCodes.map((code) => this.load(code)));
    return loaded.filter((snapshot): snapshot is ItemSnapshot => snapshot !== null);
  }

  /** Item rows by code (a dossier has two at most); unknown codes are left out. */
  async getItems(itemCodes: readonly string[]): Promise<ItemRecord[]> {
    const rows = (
      await batchGetAll(
        this.client,
        this.table,
        itemCodes.map((code) => KEY.item(code)),
      )
    ).map((row) => strip<ItemRecord>(row));
    return itemCodes.flatMap((code) => rows.filter((item) => item.itemCode === code));
  }

  async worklist(
    postOfficeCode: string,
    dueBefore: string,
    limit: number,
    cursor: Record<string, NativeAttributeValue> | undefined,
  ): Promise<{ entries: WorklistRow[]; next: Record<string, NativeAttributeValue> | undefined }> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'worklist',
        KeyConditionExpression: 'worklistpk = :office AND worklistsk <= :due',
        ExpressionAttributeValues: { ':office': KEY.worklist(postOfficeCode), ':due': `${dueBefore}~` },
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return { entries: (answer.Items ?? []) as WorklistRow[], next: answer.LastEvaluatedKey };
  }
}
