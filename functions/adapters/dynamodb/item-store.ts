/**
 * Items and their facts in one partition per item; each office's worklist in a partition of
 * its own, kept from the items' changes by the table stream's consumer.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  TransactWriteCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import { localDate } from '../../domain/calendar/working-days.ts';
import { factKey, type ItemRepository, type ItemSnapshot } from '../../domain/items/ingest.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import { MAX_FACTS_PER_ITEM, type StoredFact } from '../../domain/items/scans.ts';
import type { WorklistChanges, WorklistEntry } from '../../domain/items/worklist.ts';
import { batchGetAll, batchWriteAll, type WriteRequest } from './batch.ts';
import { ENTITY, KEY } from './keys.ts';
import { queryPages } from './query-pages.ts';

/** A dossier has an inbound and an outbound item, and a refused one a return item: a few at most. */
const MAX_SNAPSHOTS = 5;
/** Pages of one item partition read at most: far above MAX_FACTS_PER_ITEM rows. */
const MAX_PARTITION_PAGES = 10;

type Row = Record<string, NativeAttributeValue>;

export const itemRow = (item: ItemRecord): Row => ({
  ...KEY.item(item.itemCode),
  entity: ENTITY.item,
  ...item,
});

const worklistKey = (entry: WorklistEntry): Row =>
  KEY.worklistEntry(entry.postOfficeCode, entry.listAt, entry.itemCode);

/** A fact with money collected is also filed by office and day, for the facts-to-ledger check. */
const factRow = (itemCode: string, fact: StoredFact): Row => ({
  ...KEY.itemFact(itemCode, fact.factId),
  entity: ENTITY.fact,
  ...(fact.collected && fact.collected.amount > 0
    ? {
        gsi1pk: KEY.collectedOfDay(fact.postOfficeCode, localDate(new Date(fact.occurredAt))),
        gsi1sk: `${fact.occurredAt}#${itemCode}#${fact.factId}`,
      }
    : {}),
  ...fact,
});

function strip<T>(row: Row): T {
  const { pk: _pk, sk: _sk, entity: _entity, gsi1pk: _g, gsi1sk: _gs, ...rest } = row;
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
    const pages = queryPages(
      this.client,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.itemPartition(itemCode) },
        ConsistentRead: true,
        Limit: MAX_FACTS_PER_ITEM + 2,
      },
      { maxPages: MAX_PARTITION_PAGES },
    );
    for await (const rows of pages) {
      for (const row of rows) {
        if (row.entity === ENTITY.item) item = strip<ItemRecord>(row);
        else if (row.entity === ENTITY.fact) facts.push(strip<StoredFact>(row));
      }
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
  ): Promise<{ entries: WorklistEntry[]; next: Record<string, NativeAttributeValue> | undefined }> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :office AND sk <= :due',
        ExpressionAttributeValues: { ':office': KEY.worklist(postOfficeCode), ':due': `${dueBefore}~` },
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return {
      entries: (answer.Items ?? []).map((row) => strip<WorklistEntry>(row)),
      next: answer.LastEvaluatedKey,
    };
  }

  /** Brings the worklist up to date with items' changes: each entry removed or written as it now is. */
  async applyWorklist(changes: WorklistChanges): Promise<void> {
    const requests: WriteRequest[] = [
      ...changes.remove.map((entry) => ({ DeleteRequest: { Key: worklistKey(entry) } })),
      ...changes.put.map((entry) => ({
        PutRequest: { Item: { ...worklistKey(entry), entity: ENTITY.worklistEntry, ...entry } },
      })),
    ];
    await batchWriteAll(this.client, this.table, requests);
  }
}
