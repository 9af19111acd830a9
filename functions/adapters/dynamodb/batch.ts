/**
 * Batch reads and writes of any number of keys: 100 reads or 25 writes per request, what
 * DynamoDB left unprocessed asked again a bounded number of times.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
} from '../../commons/sdk/lib-dynamodb.ts';

export const BATCH_GET_LIMIT = 100;
export const BATCH_WRITE_LIMIT = 25;
const MAX_ROUNDS = 5;

type Row = Record<string, NativeAttributeValue>;

export async function batchGetAll(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Row[],
  consistentRead = false,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT) {
    let requested = keys.slice(start, start + BATCH_GET_LIMIT);
    for (let round = 0; requested.length > 0; round += 1) {
      if (round >= MAX_ROUNDS) throw new Error('DynamoDB kept returning unprocessed keys');
      const answer = await client.send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: [...requested], ConsistentRead: consistentRead } },
        }),
      );
      rows.push(...(answer.Responses?.[table] ?? []));
      requested = (answer.UnprocessedKeys?.[table]?.Keys ?? []) as Row[];
    }
  }
  return rows;
}

export type WriteRequest = { PutRequest: { Item: Row } } | { DeleteRequest: { Key: Row } };

/** Puts and deletes, 25 per request; no two may name the same key. */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
    let pending = requests.slice(start, start + BATCH_WRITE_LIMIT);
    for (let round = 0; pending.length > 0; round += 1) {
      if (round >= MAX_ROUNDS) throw new Error('DynamoDB kept returning unprocessed writes');
      const answer = await client.send(new BatchWriteCommand({ RequestItems: { [table]: [...pending] } }));
      pending = (answer.UnprocessedItems?.[table] ?? []) as WriteRequest[];
    }
  }
}
