/**
 * The local services and the stream poller against the real DynamoDB Local (Java) and fauxqs,
 * file-backed in a temporary folder: the table as the manifest describes it, records and
 * messages that survive a restart, stream records in Lambda's shape, a restart that resumes
 * the stream instead of replaying it, and a failing record that ends on the failure queue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReferenceStore } from '../../functions/adapters/dynamodb/reference-store.ts';
import { LOCAL_REGION } from '../../infra/local/constants.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { DEMO_AGENCIES, DEMO_POST_OFFICES } from '../../infra/local/demo-reference.ts';
import { FunctionHost } from '../../infra/local/functions.ts';
import { REPOSITORY_ROOT, streamCheckpointFile } from '../../infra/local/runtime.ts';
import { seedLocalReferenceData } from '../../infra/local/seed.ts';
import { type LocalServices, localClientConfig, startLocalServices } from '../../infra/local/services.ts';
import { type StreamPoller, startStreamPoller } from '../../infra/local/stream.ts';
import { ENV, type QueueName } from '../../infra/manifest.ts';
import { FIXTURE_QUEUE, fixtureManifest } from './fixtures/manifest.ts';
import { eventsOf, resetRecorder, waitFor } from './fixtures/recorder.ts';

/** Stream records of the test's own dossier rows (the seeded reference rows stream too). */
const records = () =>
  eventsOf<DynamoDBStreamEvent>('streamConsumer')
    .flatMap((event) => event.Records)
    .filter((record) => record.dynamodb?.Keys?.pk?.S?.startsWith('DOSSIER#'));
const pkOf = (record: DynamoDBStreamEvent['Records'][number]) => record.dynamodb?.Keys?.pk?.S;

describe('local services and the stream poller', () => {
  let dataDir: string;
  let services: LocalServices | undefined;
  let poller: StreamPoller | undefined;
  const lines: string[] = [];

  const start = async (): Promise<LocalServices> => {
    services = await startLocalServices({ manifest: fixtureManifest, dataDir, dynamoPort: 0, queuePort: 0 });
    poller = startStreamPoller({
      functions: new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT }),
      consumer: fixtureManifest.streamConsumer,
      dynamoEndpoint: services.dynamoEndpoint,
      tableName: services.tableName,
      queueEndpoint: services.queueEndpoint,
      failuresQueueUrl: services.streamFailuresQueueUrl,
      checkpointFile: streamCheckpointFile(dataDir),
      idlePollMs: 100,
      retryBaseDelayMs: 50,
      log: (line) => lines.push(line),
      logError: (message) => lines.push(message),
    });
    return services;
  };
  const stop = async (): Promise<void> => {
    await poller?.stop();
    await services?.stop();
    poller = undefined;
    services = undefined;
  };
  const put = async (
    running: LocalServices,
    pk: string,
    extra: Record<string, { S: string } | { BOOL: boolean }> = {},
  ) => {
    const client = new DynamoDBClient(localClientConfig(running.dynamoEndpoint));
    try {
      await client.send(
        new PutItemCommand({
          TableName: running.tableName,
          Item: { pk: { S: pk }, sk: { S: 'META' }, ...extra },
        }),
      );
    } finally {
      client.destroy();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bcci-services-'));
    await start();
  });

  afterAll(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the table, the queues and the bucket from the manifest, and says how to reach them', async () => {
    const running = services!;
    const client = new DynamoDBClient(localClientConfig(running.dynamoEndpoint));
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: running.tableName }));
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(
        Table?.GlobalSecondaryIndexes?.map((index) => [
          index.IndexName,
          index.Projection?.ProjectionType,
          [...(index.Projection?.NonKeyAttributes ?? [])].sort(),
        ]).sort(),
      ).toEqual(
        fixtureManifest.table.indexes
          .map((index) => [index.name, index.include ? 'INCLUDE' : 'ALL', [...(index.include ?? [])].sort()])
          .sort(),
      );
      expect(Table?.StreamSpecification).toEqual({
        StreamEnabled: true,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      });
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: running.tableName }));
      expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expiresAt' });
    } finally {
      client.destroy();
    }
    expect(running.env).toMatchObject({
      AWS_REGION: LOCAL_REGION,
      AWS_ENDPOINT_URL_DYNAMODB: running.dynamoEndpoint,
      AWS_ENDPOINT_URL_SQS: running.queueEndpoint,
      AWS_ENDPOINT_URL_S3: running.queueEndpoint,
      [ENV.tableName]: running.tableName,
      [ENV.bucketName]: running.bucketName,
      [ENV.runtime]: 'local',
      [ENV.outboxDir]: join(dataDir, 'outbox'),
      [ENV.deliveryCodeSecret]: expect.stringMatching(/^[\w-]{43}$/),
      [ENV.queueUrl(FIXTURE_QUEUE as QueueName)]: running.queueUrls[FIXTURE_QUEUE],
    });
  });

  it('refuses a DynamoDB port that is taken when it was asked for explicitly', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const otherDir = mkdtempSync(join(tmpdir(), 'bcci-services-busy-'));
    try {
      await expect(
        startLocalServices({ dataDir: otherDir, inMemory: true, dynamoPort: port, queuePort: 0 }),
      ).rejects.toThrow(
        `Port ${port} for DynamoDB Local is in use: stop the other process or choose another port`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("seeds the demo reference data once, through the functions' reference store", async () => {
    const running = services!;
    expect(await seedLocalReferenceData(running)).toEqual({
      postOffices: DEMO_POST_OFFICES.length,
      agencies: DEMO_AGENCIES.length,
    });
    expect(await seedLocalReferenceData(running)).toEqual({ postOffices: 0, agencies: 0 });
    const store = new DynamoReferenceStore(
      DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(running.dynamoEndpoint))),
      running.tableName,
    );
    expect(await store.agency(DEMO.agencyCode)).toMatchObject({ postOfficeCode: DEMO.postOfficeCode });
    expect(await store.officeServingCommune(DEMO_POST_OFFICES[0]!.communeCodes[0]!)).toBe(
      DEMO.postOfficeCode,
    );
    resetRecorder();
  });

  it('delivers inserted items to the stream consumer in the shape Lambda gives them', async () => {
    resetRecorder();
    const running = services!;
    for (const pk of ['DOSSIER#1', 'DOSSIER#2', 'DOSSIER#3'])
      await put(running, pk, { status: { S: 'registered' } });
    await waitFor(() => records().length >= 3, 20_000, 'three stream records');
    expect(records().map(pkOf)).toEqual(['DOSSIER#1', 'DOSSIER#2', 'DOSSIER#3']);
    const [first] = records();
    expect(first).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      awsRegion: LOCAL_REGION,
      dynamodb: {
        Keys: { pk: { S: 'DOSSIER#1' }, sk: { S: 'META' } },
        NewImage: { pk: { S: 'DOSSIER#1' }, sk: { S: 'META' }, status: { S: 'registered' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(first?.eventSourceARN).toMatch(
      /^arn:aws:dynamodb:ap-southeast-1:000000000000:table\/bcci-bridge-local\/stream\//,
    );
    expect(typeof first?.dynamodb?.ApproximateCreationDateTime).toBe('number');
    expect(first?.dynamodb?.SequenceNumber).toMatch(/^\d+$/);
  });

  it('keeps records, messages and objects across a restart and resumes the stream without replaying it', async () => {
    const before = services!;
    const sqs = new SQSClient(localClientConfig(before.queueEndpoint));
    await sqs.send(
      new SendMessageCommand({ QueueUrl: before.queueUrls[FIXTURE_QUEUE], MessageBody: 'kept' }),
    );
    sqs.destroy();
    const s3 = new S3Client({ ...localClientConfig(before.s3Endpoint), forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: before.bucketName, Key: 'pod/1.txt', Body: 'proof' }));
    s3.destroy();

    await stop();
    resetRecorder();
    const after = await start();

    const dynamo = new DynamoDBClient(localClientConfig(after.dynamoEndpoint));
    const kept = await dynamo.send(
      new GetItemCommand({ TableName: after.tableName, Key: { pk: { S: 'DOSSIER#2' }, sk: { S: 'META' } } }),
    );
    dynamo.destroy();
    expect(kept.Item?.status).toEqual({ S: 'registered' });
    const sqsAfter = new SQSClient(localClientConfig(after.queueEndpoint));
    const received = await sqsAfter.send(
      new ReceiveMessageCommand({ QueueUrl: after.queueUrls[FIXTURE_QUEUE], WaitTimeSeconds: 1 }),
    );
    sqsAfter.destroy();
    expect(received.Messages?.map((message) => message.Body)).toEqual(['kept']);
    const s3After = new S3Client({ ...localClientConfig(after.s3Endpoint), forcePathStyle: true });
    const object = await s3After.send(new GetObjectCommand({ Bucket: after.bucketName, Key: 'pod/1.txt' }));
    expect(await object.Body?.transformToString()).toBe('proof');
    s3After.destroy();

    await put(after, 'DOSSIER#4');
    await waitFor(() => records().some((record) => pkOf(record) === 'DOSSIER#4'), 20_000, 'the new record');
    // Give a replay, if there were one, time to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(records().map(pkOf)).toEqual(['DOSSIER#4']);
  });

  it('retries a failing record maxRetryAttempts times, records it on the failure queue, and moves on', async () => {
    resetRecorder();
    const running = services!;
    await put(running, 'DOSSIER#BAD', { fail: { BOOL: true } });
    const sqs = new SQSClient(localClientConfig(running.queueEndpoint));
    try {
      let failure:
        | {
            requestContext: { condition: string; approximateInvokeCount: number };
            DDBStreamBatchInfo: Record<string, unknown>;
          }
        | undefined;
      const deadline = Date.now() + 20_000;
      while (!failure && Date.now() < deadline) {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: running.streamFailuresQueueUrl, WaitTimeSeconds: 1 }),
        );
        if (Messages?.[0]?.Body) failure = JSON.parse(Messages[0].Body);
      }
      expect(failure?.requestContext).toMatchObject({
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      });
      expect(failure?.DDBStreamBatchInfo).toMatchObject({ batchSize: 1 });
      // The first attempt and two retries.
      expect(records().filter((record) => pkOf(record) === 'DOSSIER#BAD')).toHaveLength(3);

      await put(running, 'DOSSIER#5');
      await waitFor(
        () => records().some((record) => pkOf(record) === 'DOSSIER#5'),
        20_000,
        'the record after the failure',
      );
      expect(records().filter((record) => pkOf(record) === 'DOSSIER#BAD')).toHaveLength(3);
    } finally {
      sqs.destroy();
    }
  });
});
