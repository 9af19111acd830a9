/**
 * A list read across time buckets (one index partition per day or month), newest first: the
 * buckets are queried in the order given, each within a sort-key range, until the page is
 * full or the buckets run out. The position names the bucket and the key to resume from,
 * so the next page starts exactly where this one stopped.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand } from '../../commons/sdk/lib-dynamodb.ts';

type Row = Record<string, NativeAttributeValue>;

/** Queries one page makes at most: a 31-day range by day is 32 partitions. */
export const MAX_BUCKET_QUERIES_PER_PAGE = 40;

export interface BucketPosition {
  readonly bucket: number;
  readonly key?: Row | undefined;
}

export interface BucketQuery {
  readonly index: 'gsi1' | 'gsi2' | 'gsi3';
  /** Partition keys, in the order the list reads them. */
  readonly buckets: readonly string[];
  /** The sort-key range, inclusive at both ends. */
  readonly sortFrom: string;
  readonly sortTo: string;
  readonly limit: number;
  readonly position?: BucketPosition | undefined;
}

export async function pageAcrossBuckets(
  client: DynamoDBDocumentClient,
  table: string,
  query: BucketQuery,
): Promise<{ rows: Row[]; next: BucketPosition | null }> {
  const rows: Row[] = [];
  let bucket = query.position?.bucket ?? 0;
  let startKey = query.position?.key;
  for (let queries = 0; bucket < query.buckets.length; queries += 1) {
    if (queries >= MAX_BUCKET_QUERIES_PER_PAGE || rows.length >= query.limit) {
      return { rows, next: { bucket, key: startKey } };
    }
    const answer = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: query.index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': `${query.index}pk`, '#sk': `${query.index}sk` },
        ExpressionAttributeValues: {
          ':pk': query.buckets[bucket],
          ':from': query.sortFrom,
          ':to': query.sortTo,
        },
        ScanIndexForward: false,
        Limit: query.limit - rows.length,
        ExclusiveStartKey: startKey,
      }),
    );
    rows.push(...(answer.Items ?? []));
    startKey = answer.LastEvaluatedKey;
    if (!startKey) bucket += 1;
  }
  return { rows, next: null };
}
