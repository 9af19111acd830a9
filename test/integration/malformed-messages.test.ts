/**
 * Every consumer's edge: a malformed message fails its own record, comes back until its
 * redrive count, and lands in the dead-letter queue (the stream's: its on-failure queue),
 * with the reason (the zod issues) logged. The real consumers, run by the embedded runtime's
 * pollers over fauxqs and DynamoDB Local; the queues' redrive counts and visibility timeouts
 * made short so that the redrive happens within the test.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { type Message, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { logger } from '../../functions/commons/powertools.ts';
import { LOCAL_REGION } from '../../infra/local/constants.ts';
import { FunctionHost } from '../../infra/local/functions.ts';
import type { LocalManifest } from '../../infra/local/local-manifest.ts';
import { type QueuePollers, startQueuePollers } from '../../infra/local/queues.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';
import { ensureQueues, ensureTable, localClientConfig } from '../../infra/local/services.ts';
import { type StreamPoller, startStreamPoller } from '../../infra/local/stream.ts';
import { manifest } from '../../infra/manifest.ts';
import { waitFor } from '../e2e/fixtures/recorder.ts';

const REDRIVE_COUNT = 2;
const shortQueues = Object.fromEntries(
  Object.entries(manifest.queues).map(([name, queue]) => [
    name,
    { ...queue, maxReceiveCount: REDRIVE_COUNT, visibilityTimeoutSeconds: 1, maxBatchingWindowSeconds: 0 },
  ]),
);
const testManifest: LocalManifest = {
  ...manifest,
  queues: shortQueues,
  streamConsumer: { ...manifest.streamConsumer, maxRetryAttempts: 1, maxBatchingWindowSeconds: 0 },
};

/** A malformed body per queue, and a part of the reason its consumer must log. */
const MALFORMED: Record<keyof typeof manifest.queues, { body: string; reason: string }> = {
  notifications: { body: JSON.stringify({ eventId: 'e-1', type: 42 }), reason: 'type' },
  callbacks: { body: '{"eventId": "e-2", "agencyCode"', reason: 'Invalid JSON' },
  ledger: {
    body: JSON.stringify({ itemCode: 'RH000000013VN', fact: { factId: 'f-1' } }),
    reason: 'fact.occurredAt',
  },
  callbackDeliveries: {
    body: JSON.stringify({ agencyCode: '000.00.06.H26', webhookId: 'wh_1' }),
    reason: 'eventId',
  },
};

describe('a malformed message', () => {
  let fauxqs: FauxqsServer;
  let sqs: SQSClient;
  let dynamo: DynamoDBClient;
  let pollers: QueuePollers | undefined;
  let streamPoller: StreamPoller | undefined;
  let urls: Awaited<ReturnType<typeof ensureQueues>>;
  const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
  const host = new FunctionHost({ manifest: testManifest, rootDir: REPOSITORY_ROOT });
  const tableName = `malformed-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    fauxqs = await startFauxqs({ port: 0, logger: false, defaultRegion: LOCAL_REGION });
    sqs = new SQSClient(localClientConfig(fauxqs.address));
    urls = await ensureQueues(sqs, fauxqs.address, shortQueues);
    const { dynamoEndpoint } = inject('localServices');
    dynamo = new DynamoDBClient(localClientConfig(dynamoEndpoint));
    await ensureTable(dynamo, tableName, manifest.table);
    pollers = startQueuePollers({
      functions: host,
      queueEndpoint: fauxqs.address,
      queueUrls: urls.queueUrls,
      log: () => {},
      logError: () => {},
    });
    streamPoller = startStreamPoller({
      functions: host,
      consumer: testManifest.streamConsumer!,
      dynamoEndpoint,
      tableName,
      queueEndpoint: fauxqs.address,
      failuresQueueUrl: urls.streamFailuresQueueUrl,
      idlePollMs: 100,
      retryBaseDelayMs: 100,
      log: () => {},
      logError: () => {},
    });
  });

  afterAll(async () => {
    await pollers?.stop();
    await streamPoller?.stop();
    errors.mockRestore();
    sqs?.destroy();
    dynamo?.destroy();
    await fauxqs?.stop();
  });

  const loggedReasons = (message: string) =>
    errors.mock.calls
      .filter(([logged]) => logged === message)
      .map(([, fields]) => fields as { messageId?: string; reason: string; receiveCount?: string });

  const deadLetters = async (url: string): Promise<Message[]> => {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return Messages ?? [];
  };

  for (const [queueName, { body, reason }] of Object.entries(MALFORMED)) {
    const consumer = shortQueues[queueName]!.consumer;
    it(`on the ${queueName} queue fails in ${consumer}, reaches the dead-letter queue, its reason logged`, async () => {
      const { MessageId } = await sqs.send(
        new SendMessageCommand({ QueueUrl: urls.queueUrls[queueName], MessageBody: body }),
      );
      const dlq = `${queueName}-dlq`;
      await waitFor(
        () => (fauxqs.inspectQueue(dlq)?.messages.ready.length ?? 0) === 1,
        20_000,
        `the dead letter of ${queueName}`,
      );
      const [dead] = await deadLetters(urls.deadLetterQueueUrls[queueName]!);
      expect(dead?.Body).toBe(body);
      expect(dead?.MessageId).toBe(MessageId);
      // Handed to the consumer once per receive, refused at the edge each time, with its reason.
      const refusals = loggedReasons('malformed message').filter((fields) => fields.messageId === MessageId);
      expect(refusals.map((fields) => fields.receiveCount)).toEqual(['1', '2']);
      for (const refusal of refusals) expect(refusal.reason).toContain(reason);
    });
  }

  it('in the table stream fails in publishEvents and reaches the stream failures queue, its reason logged', async () => {
    // An event row without its type, time or agency: nothing can announce it.
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          pk: { S: 'DOSSIER#PGMALFORMED0001' },
          sk: { S: 'EVENT#0000000001' },
          entity: { S: 'event' },
          eventId: { S: 'PGMALFORMED0001-1' },
          consignmentRef: { S: 'PGMALFORMED0001' },
        },
      }),
    );
    await waitFor(
      () => (fauxqs.inspectQueue('stream-failures')?.messages.ready.length ?? 0) === 1,
      20_000,
      'the stream failure',
    );
    const [failure] = await deadLetters(urls.streamFailuresQueueUrl);
    const batch = JSON.parse(failure?.Body ?? '{}');
    expect(batch.requestContext.condition).toBe('RetryAttemptsExhausted');
    expect(batch.DDBStreamBatchInfo.batchSize).toBe(1);
    const refusals = loggedReasons('malformed stream record');
    expect(refusals.length).toBeGreaterThanOrEqual(2);
    for (const refusal of refusals) {
      expect(refusal.reason).toMatch(/^event row: .*type/);
      expect(refusal.reason).toContain('agencyCode');
    }
  });
});
