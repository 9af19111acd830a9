/**
 * The stream poller's shard handling, against mocked AWS clients: a closed parent shard is
 * read to its end before its child, the checkpoints say so, a restart resumes after the last
 * sequence number, and records reach the consumer in Lambda's shape (binary as base64).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FunctionHost } from '../../infra/local/functions.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';
import { lambdaStreamArn, startStreamPoller, toLambdaStreamRecord } from '../../infra/local/stream.ts';
import { fixtureManifest } from '../e2e/fixtures/manifest.ts';
import { eventsOf, resetRecorder, waitFor } from '../e2e/fixtures/recorder.ts';

const STREAM_ARN =
  'arn:aws:dynamodb:ddblocal:000000000000:table/bcci-bridge-local/stream/2026-01-01T00:00:00.000';

const change = (pk: string, sequenceNumber: string): StreamRecord => ({
  eventID: `e-${pk}`,
  eventName: 'INSERT',
  eventVersion: '1.1',
  eventSource: 'aws:dynamodb',
  awsRegion: 'ddblocal',
  dynamodb: {
    ApproximateCreationDateTime: new Date('2026-03-04T10:00:00Z'),
    Keys: { pk: { S: pk }, sk: { S: 'META' } },
    NewImage: { pk: { S: pk }, sk: { S: 'META' }, photo: { B: new Uint8Array([1, 2, 3]) } },
    SequenceNumber: sequenceNumber,
    SizeBytes: 30,
    StreamViewType: 'NEW_AND_OLD_IMAGES',
  },
});

describe('the stream poller across shards', () => {
  const dynamo = mockClient(DynamoDBClient);
  const streams = mockClient(DynamoDBStreamsClient);
  const sqs = mockClient(SQSClient);
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bcci-stream-'));
    dynamo.on(DescribeTableCommand).resolves({ Table: { LatestStreamArn: STREAM_ARN } });
    // The child is listed first: the poller must still finish the parent before it.
    streams.on(DescribeStreamCommand).resolves({
      StreamDescription: {
        Shards: [{ ShardId: 'shard-child', ParentShardId: 'shard-parent' }, { ShardId: 'shard-parent' }],
      },
    });
    streams.on(GetShardIteratorCommand).callsFake((input: { ShardId: string; SequenceNumber?: string }) => ({
      ShardIterator: `${input.ShardId}@${input.SequenceNumber ?? 'start'}`,
    }));
    streams.on(GetRecordsCommand).callsFake((input: { ShardIterator: string }) => {
      switch (input.ShardIterator) {
        case 'shard-parent@start':
          return { Records: [change('A', '100'), change('B', '200')] }; // closed: no next iterator
        case 'shard-child@start':
          return { Records: [change('C', '300')], NextShardIterator: 'shard-child@300' };
        case 'shard-child@300':
          return { Records: [], NextShardIterator: 'shard-child@300' };
        default:
          throw new Error(`unexpected iterator ${input.ShardIterator}`);
      }
    });
    sqs.on(SendMessageCommand).resolves({});
  });

  afterEach(() => resetRecorder());

  afterAll(() => {
    dynamo.restore();
    streams.restore();
    sqs.restore();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const startPoller = () =>
    startStreamPoller({
      functions: new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT }),
      consumer: fixtureManifest.streamConsumer,
      dynamoEndpoint: 'http://127.0.0.1:1',
      tableName: 'bcci-bridge-local',
      queueEndpoint: 'http://127.0.0.1:1',
      failuresQueueUrl: 'http://127.0.0.1:1/000000000000/stream-failures',
      checkpointFile: join(dataDir, 'stream-checkpoints.json'),
      idlePollMs: 20,
      log: () => undefined,
      logError: () => undefined,
    });

  it('reads a closed parent shard to its end before its child, and checkpoints both', async () => {
    const poller = startPoller();
    try {
      const pks = () =>
        eventsOf<DynamoDBStreamEvent>('streamConsumer').flatMap((event) =>
          event.Records.map((record) => record.dynamodb?.Keys?.pk?.S),
        );
      await waitFor(() => pks().length >= 3, 10_000, 'three records');
      expect(pks()).toEqual(['A', 'B', 'C']);
      const [first] = eventsOf<DynamoDBStreamEvent>('streamConsumer');
      expect(first?.Records[0]?.dynamodb?.NewImage?.photo).toEqual({ B: 'AQID' });
      expect(first?.Records[0]?.eventSourceARN).toBe(lambdaStreamArn(STREAM_ARN));
    } finally {
      await poller.stop();
    }
    const checkpoints = JSON.parse(readFileSync(join(dataDir, 'stream-checkpoints.json'), 'utf8'));
    expect(checkpoints).toEqual({
      streamArn: STREAM_ARN,
      shards: {
        'shard-parent': { sequenceNumber: '200', finished: true },
        'shard-child': { sequenceNumber: '300' },
      },
    });
  });

  it('resumes after the checkpoint on restart, and leaves a finished shard alone', async () => {
    streams.resetHistory();
    const poller = startPoller();
    try {
      await waitFor(
        () =>
          streams
            .commandCalls(GetRecordsCommand)
            .some((call) => call.args[0].input.ShardIterator === 'shard-child@300'),
        10_000,
        'a read after the checkpoint',
      );
    } finally {
      await poller.stop();
    }
    const iterators = streams.commandCalls(GetShardIteratorCommand).map((call) => call.args[0].input);
    expect(iterators).toEqual([
      {
        StreamArn: STREAM_ARN,
        ShardId: 'shard-child',
        ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
        SequenceNumber: '300',
      },
    ]);
    expect(eventsOf('streamConsumer')).toEqual([]);
  });

  it("converts a record to Lambda's shape", () => {
    const record = toLambdaStreamRecord(change('Z', '900'), STREAM_ARN);
    expect(record).toEqual({
      eventID: 'e-Z',
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ap-southeast-1',
      dynamodb: {
        ApproximateCreationDateTime: 1_772_618_400,
        Keys: { pk: { S: 'Z' }, sk: { S: 'META' } },
        NewImage: { pk: { S: 'Z' }, sk: { S: 'META' }, photo: { B: 'AQID' } },
        SequenceNumber: '900',
        SizeBytes: 30,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN:
        'arn:aws:dynamodb:ap-southeast-1:000000000000:table/bcci-bridge-local/stream/2026-01-01T00:00:00.000',
    });
  });

  it('gives an empty map back its type, which the streams client loses', () => {
    const source = change('Y', '901');
    const withEmptyMap = {
      ...source,
      dynamodb: { ...source.dynamodb, NewImage: { pk: { S: 'Y' }, data: {} as never, list: { L: [] } } },
    };
    const record = toLambdaStreamRecord(withEmptyMap, STREAM_ARN);
    expect(record.dynamodb?.NewImage).toEqual({ pk: { S: 'Y' }, data: { M: {} }, list: { L: [] } });
  });
});
