/**
 * The queue consumers under the faults AWS produces, with the SDK clients mocked
 * (aws-sdk-client-mock): a batch where one message meets throttling reports only that one as
 * failed (partial batch response) and the rest are done; a booking that loses a conditional
 * race to another worker is read again and ends replayed, not doubled; a callback attempt
 * held by another worker waits (its message made invisible) instead of being made twice.
 */
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { KEY } from '../../functions/adapters/dynamodb/keys.ts';
import { TransactionCanceledException } from '../../functions/commons/sdk/dynamodb.ts';
import { handler as deliverCallbacks } from '../../functions/events/deliver-callbacks.ts';
import { handler as fanOutCallbacks } from '../../functions/events/fan-out-callbacks.ts';
import { handler as postLedger } from '../../functions/events/post-ledger.ts';
import { lambdaContext } from '../support/http-event.ts';

const dynamo = mockClient(DynamoDBDocumentClient);
const sqs = mockClient(SQSClient);
const TABLE = 'bridge-test';
const metadata = { $metadata: { httpStatusCode: 400 } };

beforeAll(() => {
  vi.stubEnv('TABLE_NAME', TABLE);
  vi.stubEnv('QUEUE_URL_CALLBACKDELIVERIES', 'https://sqs.local/callbackDeliveries');
  vi.stubEnv('DLQ_URL_CALLBACKDELIVERIES', 'https://sqs.local/callbackDeliveries-dlq');
  vi.stubEnv('EMAIL_FROM', 'no-reply@bcci-bridge.vn');
});

afterEach(() => {
  dynamo.reset();
  sqs.reset();
});

const record = (messageId: string, body: unknown): SQSRecord =>
  ({
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: JSON.stringify(body),
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
    eventSource: 'aws:sqs',
  }) as unknown as SQSRecord;

const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });

const event = (agencyCode: string, eventId: string) => ({
  eventId,
  type: 'dossier.registered',
  occurredAt: '2026-11-20T03:00:00.000Z',
  consignmentRef: 'PG0000000000AA',
  dossierCode: null,
  agencyCode,
  data: {},
});

describe('fanOutCallbacks under throttling', () => {
  it('fails only the message that met throttling; the others in the batch are done', async () => {
    dynamo
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': KEY.webhooks('THROTTLED') } })
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', ...metadata }))
      .on(QueryCommand, { ExpressionAttributeValues: { ':pk': KEY.webhooks('QUIET') } })
      .resolves({ Items: [] });
    const answer = await fanOutCallbacks(
      batch(
        record('m-1', event('QUIET', 'e-1')),
        record('m-2', event('THROTTLED', 'e-2')),
        record('m-3', event('QUIET', 'e-3')),
      ),
      lambdaContext(),
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-2' }] });
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(3);
  });

  it('fails a malformed message alone, without reading anything for it', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [] });
    const answer = await fanOutCallbacks(
      batch(record('m-1', { eventId: 'broken' }), record('m-2', event('QUIET', 'e-2'))),
      lambdaContext(),
    );
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(dynamo.commandCalls(QueryCommand)).toHaveLength(1);
  });
});

describe('postLedger in a conditional race', () => {
  const itemCode = 'RL000000019VN';
  const fact = {
    factId: 'scan-1',
    type: 'pickup',
    occurredAt: '2026-11-20T03:00:00.000Z',
    postOfficeCode: 'BC-HN-01',
    staffId: 'NV01',
    collected: { amount: 26_000, method: 'cash' },
  };
  const item = {
    ...KEY.item(itemCode),
    itemCode,
    direction: 'inbound',
    originOfficeCode: 'BC-HN-01',
    destinationOfficeCode: 'BC-HN-99',
    status: 'requested',
    version: 0,
    agencyCode: '000.00.06.H56',
    consignmentRef: 'PG0000000000AA',
    dossierCode: null,
    collectAmountVnd: 26_000,
    feesAmountVnd: 0,
    dueAt: null,
  };

  it('reads again when another worker booked the same fact first, and ends replayed without a second write', async () => {
    let markWritten = false;
    dynamo.on(BatchGetCommand).callsFake((input) => {
      const keys = input.RequestItems[TABLE].Keys as { pk: string }[];
      return { Responses: { [TABLE]: keys.some((key) => key.pk === item.pk) ? [item] : [] } };
    });
    dynamo
      .on(GetCommand)
      .callsFake((input) =>
        input.Key.sk === KEY.ledgerMark(itemCode, fact.factId).sk && markWritten ? { Item: { fees: 0 } } : {},
      );
    dynamo.on(QueryCommand).resolves({ Items: [] });
    // The item's partition: the item and the pickup fact the message names.
    dynamo.on(QueryCommand, { ExpressionAttributeValues: { ':pk': KEY.itemPartition(itemCode) } }).resolves({
      Items: [
        { ...item, entity: 'item' },
        { ...KEY.itemFact(itemCode, fact.factId), entity: 'fact', ...fact },
      ],
    });
    dynamo.on(TransactWriteCommand).callsFake(() => {
      // The other worker's booking of this very fact committed a moment before.
      markWritten = true;
      throw new TransactionCanceledException({
        message: 'Transaction cancelled',
        ...metadata,
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      });
    });
    const answer = await postLedger(batch(record('m-1', { itemCode, fact })), lambdaContext());
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('fails the whole batch when throttling outlasts the retries for all of it, for the queue to give it again', async () => {
    dynamo
      .on(QueryCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'Rate exceeded', ...metadata }));
    await expect(postLedger(batch(record('m-1', { itemCode, fact })), lambdaContext())).rejects.toThrow(
      /All records failed/,
    );
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('deliverCallbacks when another worker holds the attempt', () => {
  it('makes no attempt: the message waits out the hold and is reported failed, to come back', async () => {
    const delivery = {
      ...KEY.delivery('wh_0000000000000001', 'e-1'),
      webhookId: 'wh_0000000000000001',
      eventId: 'e-1',
      agencyCode: 'A',
      consignmentRef: 'PG0000000000AA',
      sequence: 1,
      messageId: 'msg_e-1',
      eventType: 'dossier.registered',
      occurredAt: '2026-11-20T03:00:00.000Z',
      payload: '{}',
      status: 'pending',
      attempts: 0,
      nextAttemptAt: '2026-11-20T03:00:00.000Z',
    };
    dynamo
      .on(GetCommand, { Key: KEY.delivery('wh_0000000000000001', 'e-1') })
      .resolves({ Item: delivery })
      .on(GetCommand, { Key: KEY.webhook('A', 'wh_0000000000000001') })
      .resolves({
        Item: { webhookId: 'wh_0000000000000001', agencyCode: 'A', status: 'active', url: 'https://a.vn/h' },
      });
    dynamo.on(QueryCommand).resolves({ Items: [] });
    dynamo
      .on(UpdateCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', ...metadata }),
      );
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const message = { agencyCode: 'A', webhookId: 'wh_0000000000000001', eventId: 'e-1' };
    await expect(deliverCallbacks(batch(record('m-1', message)), lambdaContext())).rejects.toThrow(
      /All records failed/,
    );
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0]?.args[0].input).toMatchObject({
      ReceiptHandle: 'handle-m-1',
    });
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
