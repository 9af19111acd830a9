/**
 * The fault-injection suite's SDK middleware: off unless the local runtime runs with
 * BCCI_FAULTS; with it, the seed's share of attempts fail as AWS fails them — throttling, or
 * for a transaction a conflict on one of its items — before anything is sent.
 */
import { DynamoDBClient, ListTablesCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { draw, injectFaults, parseFaultPlan } from '../../functions/commons/faults.ts';
import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '../../functions/commons/sdk/dynamodb.ts';

const saved = { runtime: process.env.BRIDGE_RUNTIME, faults: process.env.BCCI_FAULTS };
afterEach(() => {
  process.env.BRIDGE_RUNTIME = saved.runtime;
  process.env.BCCI_FAULTS = saved.faults;
  if (saved.runtime === undefined) delete process.env.BRIDGE_RUNTIME;
  if (saved.faults === undefined) delete process.env.BCCI_FAULTS;
});

/** A client whose requests never leave the process: what is not injected answers from a stub handler. */
function clientWithFaults(): DynamoDBClient {
  const client = new DynamoDBClient({
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
    requestHandler: {
      handle: async () => ({
        response: {
          statusCode: 200,
          headers: { 'content-type': 'application/x-amz-json-1.0' },
          body: Buffer.from('{}'),
        },
      }),
    } as never,
  });
  injectFaults(client, 'dynamodb', {
    throttling: ProvisionedThroughputExceededException,
    transactionCanceled: TransactionCanceledException,
  });
  return client;
}

describe('injected SDK faults', () => {
  it('parse seed:rate and refuse anything else', () => {
    expect(parseFaultPlan('42:0.05')).toEqual({ seed: '42', rate: 0.05 });
    expect(parseFaultPlan(undefined)).toBeNull();
    for (const bad of ['42', '42:2', 'x y:0.1', '42:-0.1', '42:0.9'])
      expect(() => parseFaultPlan(bad), bad).toThrow(/BCCI_FAULTS must be seed:rate/);
  });

  it('draw the same number for the same seed and label, spread over [0, 1)', () => {
    expect(draw('a', 'b')).toBe(draw('a', 'b'));
    const draws = Array.from({ length: 2_000 }, (_, index) => draw('s', String(index)));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    expect(draws.filter((value) => value < 0.1).length).toBeGreaterThan(120);
    expect(draws.filter((value) => value < 0.1).length).toBeLessThan(280);
  });

  it('add nothing outside the local runtime', async () => {
    process.env.BCCI_FAULTS = 'seed:0.5';
    delete process.env.BRIDGE_RUNTIME;
    const client = clientWithFaults();
    for (let index = 0; index < 20; index++) await client.send(new ListTablesCommand({}));
  });

  it('fail about the planned share of attempts as throttling, and transactions as conflicts', async () => {
    process.env.BRIDGE_RUNTIME = 'local';
    process.env.BCCI_FAULTS = 'seed:0.5';
    const client = clientWithFaults();
    const failures: Error[] = [];
    for (let index = 0; index < 200; index++) {
      await client
        .send(
          new TransactWriteItemsCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: 't',
                  Key: { pk: { S: 'a' } },
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
              {
                ConditionCheck: {
                  TableName: 't',
                  Key: { pk: { S: 'b' } },
                  ConditionExpression: 'attribute_exists(pk)',
                },
              },
            ],
          }),
        )
        .catch((error: Error) => failures.push(error));
    }
    expect(failures.length).toBeGreaterThan(70);
    expect(failures.length).toBeLessThan(130);
    const conflicts = failures.filter((error) => error instanceof TransactionCanceledException);
    const throttles = failures.filter((error) => error instanceof ProvisionedThroughputExceededException);
    expect(conflicts.length + throttles.length).toBe(failures.length);
    expect(conflicts.length).toBeGreaterThan(0);
    expect(throttles.length).toBeGreaterThan(0);
    for (const conflict of conflicts as TransactionCanceledException[]) {
      expect(conflict.CancellationReasons?.map((reason) => reason.Code).sort()).toEqual([
        'None',
        'TransactionConflict',
      ]);
    }
  });
});
