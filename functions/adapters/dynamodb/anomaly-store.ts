/**
 * Anomalies, one record each, listed per office and status through two indexes: gsi1 for
 * the item's origin office, gsi2 for its destination (when it is another office).
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import type { AnomalyRepository } from '../../app/anomalies/ports.ts';
import { ConditionalCheckFailedException, TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import type { Anomaly, AnomalyStatus } from '../../domain/items/anomalies.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import { itemRow } from './item-store.ts';
import { ENTITY, KEY } from './keys.ts';

type Row = Record<string, NativeAttributeValue>;

function anomalyRow(anomaly: Anomaly): Row {
  const [first, second] = anomaly.postOfficeCodes;
  const sortKey = `${anomaly.raisedAt}#${anomaly.anomalyId}`;
  return {
    ...KEY.anomaly(anomaly.anomalyId),
    entity: ENTITY.anomaly,
    ...anomaly,
    ...(first ? { gsi1pk: KEY.officeAnomalies(first, anomaly.status), gsi1sk: sortKey } : {}),
    ...(second && second !== first
      ? { gsi2pk: KEY.officeAnomalies(second, anomaly.status), gsi2sk: sortKey }
      : {}),
  };
}

const strip = ({
  pk: _pk,
  sk: _sk,
  entity: _e,
  gsi1pk: _a,
  gsi1sk: _b,
  gsi2pk: _c,
  gsi2sk: _d,
  ...rest
}: Row) => rest as Anomaly;

export class DynamoAnomalyStore implements AnomalyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async raise(anomalies: readonly Anomaly[]): Promise<void> {
    for (const anomaly of anomalies) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: anomalyRow(anomaly),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
  }

  async get(anomalyId: string): Promise<Anomaly | null> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.table, Key: KEY.anomaly(anomalyId), ConsistentRead: true }),
    );
    return answer.Item ? strip(answer.Item) : null;
  }

  async listByOffice(postOfficeCode: string, status: AnomalyStatus, limit: number): Promise<Anomaly[]> {
    const key = KEY.officeAnomalies(postOfficeCode, status);
    const pages = await Promise.all(
      (['gsi1', 'gsi2'] as const).map((index) =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            IndexName: index,
            KeyConditionExpression: `${index}pk = :pk`,
            ExpressionAttributeValues: { ':pk': key },
            Limit: limit,
          }),
        ),
      ),
    );
    const rows = pages.flatMap((page) => page.Items ?? []).map(strip);
    return rows
      .sort((left, right) =>
        `${left.raisedAt}#${left.anomalyId}`.localeCompare(`${right.raisedAt}#${right.anomalyId}`),
      )
      .slice(0, limit);
  }

  async resolve(
    resolved: Anomaly,
    item: { readonly next: ItemRecord; readonly expectedVersion: number } | null,
  ): Promise<boolean> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: anomalyRow(resolved),
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':open': 'open' },
              },
            },
            ...(item
              ? [
                  {
                    // The fact row records its application: the stream hands it to the ledger then.
                    Update: {
                      TableName: this.table,
                      Key: KEY.itemFact(resolved.itemCode, resolved.factId),
                      UpdateExpression: 'SET appliedAt = :at',
                      ConditionExpression: 'attribute_exists(pk)',
                      ExpressionAttributeValues: { ':at': resolved.resolution?.resolvedAt ?? null },
                    },
                  },
                  {
                    Put: {
                      TableName: this.table,
                      Item: itemRow(item.next),
                      ConditionExpression: 'version = :expected',
                      ExpressionAttributeValues: { ':expected': item.expectedVersion },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }
}
