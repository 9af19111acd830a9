/** Batch reads of any number of keys: 100 per request, unprocessed keys asked again a bounded number of times. */
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  type NativeAttributeValue,
} from '@aws-sdk/lib-dynamodb';

export const BATCH_GET_LIMIT = 100;
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
