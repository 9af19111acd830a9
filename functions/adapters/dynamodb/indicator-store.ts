/**
 * The indicators' per-day counters and the citizens' ratings. A contribution is counted in
 * one transaction with the mark that says it was: the mark's condition makes a redelivered
 * contribution change nothing. A month's rows of one grouping share a partition per province,
 * read with a bounded query.
 */
import type { IndicatorStore, RatingStore } from '../../app/indicators/ports.ts';
import { TransactionCanceledException } from '../../commons/sdk/dynamodb.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import {
  aggregateKeysOf,
  COUNTERS,
  type Contribution,
  type Counter,
  type DailyAggregate,
  type GroupBy,
} from '../../domain/indicators.ts';
import type { Rating } from '../../domain/satisfaction.ts';
import { ENTITY, KEY } from './keys.ts';
import { queryPages } from './query-pages.ts';

const PAGE_SIZE = 500;

function counterUpdate(contribution: Contribution) {
  const names: Record<string, string> = { '#entity': 'entity' };
  const values: Record<string, unknown> = { ':entity': ENTITY.indicatorDay };
  const adds: string[] = [];
  COUNTERS.forEach((counter, index) => {
    const amount = contribution.counters[counter] ?? 0;
    if (amount === 0) return;
    names[`#c${index}`] = counter;
    values[`:c${index}`] = amount;
    adds.push(`#c${index} :c${index}`);
  });
  return { names, values, adds };
}

export class DynamoIndicatorStore implements IndicatorStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async contribute(contribution: Contribution): Promise<boolean> {
    const { names, values, adds } = counterUpdate(contribution);
    const { provinceCode, day } = contribution;
    const updates = aggregateKeysOf(contribution).map(({ groupBy, key }) => ({
      Update: {
        TableName: this.table,
        Key: KEY.indicatorDay(provinceCode, day, groupBy, key),
        UpdateExpression: `SET #entity = :entity, provinceCode = :p, #day = :d, groupBy = :g, #key = :k${
          adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''
        }`,
        ExpressionAttributeNames: { ...names, '#day': 'day', '#key': 'key' },
        ExpressionAttributeValues: { ...values, ':p': provinceCode, ':d': day, ':g': groupBy, ':k': key },
      },
    }));
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...KEY.indicatorCounted(contribution.contributionId),
                  entity: ENTITY.indicatorCounted,
                  day,
                  provinceCode,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...updates,
          ],
        }),
      );
      return true;
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
      if (reasons[0]?.Code === 'ConditionalCheckFailed') return false;
      throw error;
    }
  }

  async dailyRows(provinceCode: string, period: string, groupBy: GroupBy, limit: number) {
    const rows: DailyAggregate[] = [];
    const pages = queryPages(
      this.client,
      {
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': KEY.indicatorDays(provinceCode, period, groupBy) },
        Limit: PAGE_SIZE,
      },
      { maxPages: Math.ceil((limit + 1) / PAGE_SIZE) },
    );
    for await (const page of pages) {
      for (const row of page) {
        const counters = Object.fromEntries(
          COUNTERS.map((counter) => [counter, Number(row[counter] ?? 0)]),
        ) as Record<Counter, number>;
        rows.push({ provinceCode, day: String(row.day), groupBy, key: String(row.key), counters });
      }
    }
    return { rows: rows.slice(0, limit), truncated: rows.length > limit };
  }
}

export class DynamoRatingStore implements RatingStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async record(rating: Rating): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...KEY.rating(rating.consignmentRef), entity: ENTITY.rating, ...rating },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async find(consignmentRef: string): Promise<Rating | null> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.table, Key: KEY.rating(consignmentRef), ConsistentRead: true }),
    );
    if (!answer.Item) return null;
    const { pk: _pk, sk: _sk, entity: _entity, ...rating } = answer.Item;
    return rating as Rating;
  }
}
