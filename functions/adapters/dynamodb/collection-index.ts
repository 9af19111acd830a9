/**
 * The facts with money collected, as the facts-to-ledger check walks them: fact rows carry
 * an index key per office and day (gsi1), so a day is read in pages of its own partition —
 * never a scan of the table.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { CollectedFact, CollectionIndex } from '../../app/money/ports.ts';
import { type DynamoDBDocumentClient, QueryCommand } from '../../commons/sdk/lib-dynamodb.ts';
import { isAccepted } from '../../domain/items/anomalies.ts';
import { foldRecord } from '../../domain/items/items.ts';
import type { PayableItem } from '../../domain/money/collections.ts';
import type { DynamoItemStore } from './item-store.ts';
import { KEY } from './keys.ts';

type Row = Record<string, NativeAttributeValue>;

export class DynamoCollectionIndex implements CollectionIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly items: Pick<DynamoItemStore, 'load'>,
  ) {}

  async collectedFacts(
    postOfficeCode: string,
    day: string,
    limit: number,
    after: string | null,
  ): Promise<{ facts: CollectedFact[]; next: string | null }> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: after === null ? 'gsi1pk = :day' : 'gsi1pk = :day AND gsi1sk > :after',
        ExpressionAttributeValues: {
          ':day': KEY.collectedOfDay(postOfficeCode, day),
          ...(after === null ? {} : { ':after': after }),
        },
        Limit: limit,
      }),
    );
    const rows = answer.Items ?? [];
    const last = rows.at(-1);
    return {
      facts: rows.map(collectedFactOf),
      next: answer.LastEvaluatedKey && last ? String(last.gsi1sk) : null,
    };
  }

  /** The item, or null when unknown; a flagged fact (not applied) is left out as the ledger leaves it. */
  async payableItem(itemCode: string, factId: string): Promise<PayableItem | 'flagged' | null> {
    const snapshot = await this.items.load(itemCode);
    if (!snapshot) return null;
    const { item } = snapshot;
    if (!isAccepted(foldRecord(item, snapshot.facts), factId)) return 'flagged';
    return { ...item, feesAmountVnd: item.feesAmountVnd ?? 0 };
  }
}

function collectedFactOf(row: Row): CollectedFact {
  return {
    itemCode: String(row.pk).slice('ITEM#'.length),
    fact: {
      factId: String(row.factId),
      type: String(row.type),
      occurredAt: String(row.occurredAt),
      postOfficeCode: String(row.postOfficeCode),
      ...(row.staffId ? { staffId: String(row.staffId) } : {}),
      ...(row.collected
        ? { collected: { amount: Number(row.collected.amount), method: row.collected.method } }
        : {}),
    },
  };
}
