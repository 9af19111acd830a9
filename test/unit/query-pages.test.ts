/** A paged query reads at most its number of pages, then stops or fails as the caller asks. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { queryPages } from '../../functions/adapters/dynamodb/query-pages.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const input = {
  TableName: 't',
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': 'P' },
};

afterEach(() => dynamo.reset());

/** Every answer holds one row and says more remain. */
const endless = (): void => {
  let n = 0;
  dynamo.on(QueryCommand).callsFake(() => {
    n += 1;
    return { Items: [{ pk: 'P', sk: n }], LastEvaluatedKey: { pk: 'P', sk: n } };
  });
};

const collect = async (pages: AsyncIterable<unknown[]>): Promise<unknown[][]> => {
  const all: unknown[][] = [];
  for await (const page of pages) all.push(page);
  return all;
};

describe('queryPages', () => {
  it('reads until DynamoDB has no more, passing each page start key to the next query', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 1 }], LastEvaluatedKey: { sk: 1 } })
      .resolvesOnce({ Items: [{ sk: 2 }] });
    const pages = await collect(queryPages(client, input, { maxPages: 5 }));
    expect(pages).toEqual([[{ sk: 1 }], [{ sk: 2 }]]);
    const calls = dynamo.commandCalls(QueryCommand);
    expect(calls.map((call) => call.args[0].input.ExclusiveStartKey)).toEqual([undefined, { sk: 1 }]);
  });

  it('stops after the last allowed page when no error is given', async () => {
    endless();
    const pages = await collect(queryPages(client, input, { maxPages: 3 }));
    expect(pages).toHaveLength(3);
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(3);
  });

  it("fails with the caller's error when more remain after the last allowed page", async () => {
    endless();
    const pages = queryPages(client, input, { maxPages: 2, tooMany: () => new Error('too many rows') });
    await expect(collect(pages)).rejects.toThrow('too many rows');
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(2);
  });

  it('does not fail when the last allowed page is the last one', async () => {
    dynamo
      .on(QueryCommand)
      .resolvesOnce({ Items: [{ sk: 1 }], LastEvaluatedKey: { sk: 1 } })
      .resolvesOnce({});
    const pages = queryPages(client, input, { maxPages: 2, tooMany: () => new Error('too many rows') });
    expect(await collect(pages)).toEqual([[{ sk: 1 }], []]);
  });
});
