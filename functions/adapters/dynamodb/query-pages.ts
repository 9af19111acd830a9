/**
 * A query read a page at a time, never more than a set number of pages: past the last one
 * the read either stops where it is or fails with the caller's error.
 */
import type { NativeAttributeValue, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand } from '../../commons/sdk/lib-dynamodb.ts';

type Row = Record<string, NativeAttributeValue>;

export interface PageLimit {
  maxPages: number;
  /** The error when more pages remain after `maxPages`; without it the read stops there. */
  tooMany?: () => Error;
}

/** The pages of rows a query answers, in order, at most `limit.maxPages` of them. */
export async function* queryPages(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  limit: PageLimit,
): AsyncGenerator<Row[]> {
  let startKey: Row | undefined;
  for (let page = 0; page < limit.maxPages; page += 1) {
    const answer = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield answer.Items ?? [];
    startKey = answer.LastEvaluatedKey;
    if (!startKey) return;
  }
  if (limit.tooMany) throw limit.tooMany();
}
