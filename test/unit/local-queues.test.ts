/**
 * The SQS poller against a real (in-process) fauxqs: partial batch failures, redelivery after
 * the visibility timeout, and the redrive to the dead-letter queue after maxReceiveCount.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_REGION } from '../../infra/local/constants.ts';
import { FunctionHost } from '../../infra/local/functions.ts';
import { buildSqsEvent, type QueuePollers, startQueuePollers } from '../../infra/local/queues.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';
import { ensureQueues, localClientConfig, localQueueArn } from '../../infra/local/services.ts';
import { FIXTURE_QUEUE, fixtureManifest } from '../e2e/fixtures/manifest.ts';
import { eventsOf, resetRecorder, waitFor } from '../e2e/fixtures/recorder.ts';

describe('the queue poller', () => {
  let fauxqs: FauxqsServer;
  let sqs: SQSClient;
  let pollers: QueuePollers | undefined;
  let queueUrl: string;
  let deadLetterQueueUrl: string;
  const lines: string[] = [];

  beforeAll(async () => {
    fauxqs = await startFauxqs({ port: 0, logger: false, defaultRegion: LOCAL_REGION });
    sqs = new SQSClient(localClientConfig(fauxqs.address));
    const urls = await ensureQueues(sqs, fauxqs.address, fixtureManifest.queues);
    queueUrl = urls.queueUrls[FIXTURE_QUEUE]!;
    deadLetterQueueUrl = urls.deadLetterQueueUrls[FIXTURE_QUEUE]!;
  });

  afterAll(async () => {
    await pollers?.stop();
    sqs?.destroy();
    await fauxqs?.stop();
  });

  it('deletes what succeeded, redelivers what failed, and dead-letters it after maxReceiveCount', async () => {
    resetRecorder();
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          {
            Id: 'a',
            MessageBody: 'ok-1',
            MessageAttributes: { kind: { DataType: 'String', StringValue: 'sms' } },
          },
          { Id: 'b', MessageBody: 'please fail' },
          { Id: 'c', MessageBody: 'ok-2' },
        ],
      }),
    );
    pollers = startQueuePollers({
      functions: new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT }),
      queueEndpoint: fauxqs.address,
      queueUrls: { [FIXTURE_QUEUE]: queueUrl },
      log: (line) => lines.push(line),
      logError: (message) => lines.push(message),
    });

    // maxReceiveCount is 2: the failing message is handed over twice, then redriven.
    await waitFor(
      () => (fauxqs.inspectQueue(`${FIXTURE_QUEUE}-dlq`)?.messages.ready.length ?? 0) === 1,
      15_000,
      'the dead letter',
    );
    const batches = eventsOf<SQSEvent>('queueConsumer');
    const deliveries = batches.flatMap((batch) => batch.Records);
    const bodies = deliveries.map((record) => record.body);
    expect(bodies.filter((body) => body === 'ok-1')).toHaveLength(1);
    expect(bodies.filter((body) => body === 'ok-2')).toHaveLength(1);
    const failing = deliveries.filter((record) => record.body === 'please fail');
    expect(failing.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);

    // The event is shaped as Lambda's.
    const first = deliveries.find((record) => record.body === 'ok-1')!;
    expect(first).toMatchObject({
      eventSource: 'aws:sqs',
      eventSourceARN: localQueueArn(FIXTURE_QUEUE),
      awsRegion: LOCAL_REGION,
      messageAttributes: {
        kind: { dataType: 'String', stringValue: 'sms', stringListValues: [], binaryListValues: [] },
      },
    });
    expect(first.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    expect(first.receiptHandle).not.toBe('');
    expect(Number(first.attributes.SentTimestamp)).toBeGreaterThan(0);

    const queue = fauxqs.inspectQueue(FIXTURE_QUEUE)!;
    expect(queue.messages.ready.length + queue.messages.inflight.length + queue.messages.delayed.length).toBe(
      0,
    );
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: deadLetterQueueUrl, WaitTimeSeconds: 0 }),
    );
    expect(dead.Messages?.map((message) => message.Body)).toEqual(['please fail']);
    expect(lines.some((line) => line.includes('1 failed'))).toBe(true);
  });

  it('builds an empty-attribute event for a message without attributes', () => {
    const event = buildSqsEvent(
      [{ MessageId: 'm', ReceiptHandle: 'r', Body: 'b', MD5OfBody: 'x' }],
      FIXTURE_QUEUE,
    );
    expect(event.Records[0]).toMatchObject({ messageId: 'm', messageAttributes: {}, attributes: {} });
  });

  it('hands back at once the messages of a batch that a crash cut short, and forgets the batch', async () => {
    await pollers?.stop();
    pollers = undefined;
    resetRecorder();
    const folder = mkdtempSync(join(tmpdir(), 'bcci-queues-'));
    const inFlightFile = join(folder, 'queue-batches-in-flight.json');
    try {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: [
            { Id: 'a', MessageBody: 'cut-short-1' },
            { Id: 'b', MessageBody: 'cut-short-2' },
          ],
        }),
      );
      // A batch taken by a run that died before its consumer answered: invisible for ten minutes.
      const taken = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }),
      );
      expect(taken.Messages).toHaveLength(2);
      writeFileSync(
        inFlightFile,
        JSON.stringify({
          [FIXTURE_QUEUE]: Object.fromEntries(
            (taken.Messages ?? []).map((m) => [m.MessageId, m.ReceiptHandle]),
          ),
        }),
      );
      const lines: string[] = [];
      pollers = startQueuePollers({
        functions: new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT }),
        queueEndpoint: fauxqs.address,
        queueUrls: { [FIXTURE_QUEUE]: queueUrl },
        inFlightFile,
        log: (line) => lines.push(line),
        logError: (message) => lines.push(message),
      });
      await waitFor(
        () => eventsOf<SQSEvent>('queueConsumer').flatMap((batch) => batch.Records).length === 2,
        10_000,
        'the handed-back messages',
      );
      const bodies = eventsOf<SQSEvent>('queueConsumer').flatMap((batch) => batch.Records.map((r) => r.body));
      expect(bodies.sort()).toEqual(['cut-short-1', 'cut-short-2']);
      expect(lines).toContain(
        `queue ${FIXTURE_QUEUE}: 2 messages of a batch cut short by the last stop are back`,
      );
      await waitFor(() => readFileSync(inFlightFile, 'utf8') === '{}', 10_000, 'the batch forgotten');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
