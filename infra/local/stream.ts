/**
 * Lambda's DynamoDB stream event source mapping, locally. Reads the table's stream shard by
 * shard (parents before children), gathers up to `batchSize` records within the batching
 * window, and calls the stream consumer with a `DynamoDBStreamEvent`. With
 * `ReportBatchItemFailures` semantics: on a partial failure the records before the first
 * failed one are done and the batch is retried from it; a thrown error or a timeout retries
 * the whole batch; after `maxRetryAttempts` the batch is recorded on the `stream-failures`
 * queue (Lambda's on-failure destination, same message shape) and the poller moves on.
 *
 * The last processed sequence number of each shard is kept in a small JSON file, so that a
 * restart resumes after it instead of replaying the stream; without a file (in memory) the
 * poller starts at the trim horizon. A checkpoint moves only after the consumer has answered
 * for every record before it — the consumer answers only once the messages it produced are
 * on their queues, which keep them on disk — and the file is replaced durably, so a crash
 * at any instant hands a record over again rather than never.
 */
import { randomUUID } from 'node:crypto';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type AttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamEvent, AttributeValue as LambdaAttributeValue } from 'aws-lambda';
import { draw, processFaultPlan } from '../../functions/commons/faults.ts';
import { judgeInvocation } from './batch-response.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './constants.ts';
import { readJsonFile, writeFileDurably } from './durable-file.ts';
import { oneLine } from './errors.ts';
import { type FunctionHost, functionArn } from './functions.ts';
import type { LocalStreamConsumerSpec } from './local-manifest.ts';
import { pause } from './pause.ts';
import { localClientConfig } from './services.ts';

/** GetRecords returns at most 1,000 records a call. */
const MAX_RECORDS_PER_CALL = 1_000;
const SHARD_REFRESH_MS = 5_000;
const BACKOFF_AFTER_ERROR_MS = 1_000;
const MAX_RETRY_DELAY_MS = 5_000;

export interface StreamPollerOptions {
  readonly functions: FunctionHost;
  readonly consumer: LocalStreamConsumerSpec;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly queueEndpoint: string;
  /** Lambda's on-failure destination. */
  readonly failuresQueueUrl: string;
  /** Where the checkpoints are kept; in memory when absent. */
  readonly checkpointFile?: string;
  /** Pause between polls when the stream has nothing new; 250 ms by default. */
  readonly idlePollMs?: number;
  /** First delay before a retry, doubled each time up to 5 s; 500 ms by default. */
  readonly retryBaseDelayMs?: number;
  /** How long `stop()` waits for a batch in flight; 5 s by default. */
  readonly stopGraceMs?: number;
  readonly log?: (line: string) => void;
  readonly logError?: (message: string, error: unknown) => void;
}

export interface StreamPoller {
  stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Records in Lambda's shape

/** DynamoDB Local names its region `ddblocal` in ARNs; Lambda's events carry the real one. */
export const lambdaStreamArn = (streamArn: string): string =>
  streamArn.replace(
    /^arn:aws:dynamodb:[^:]*:[^:]*:/,
    `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:`,
  );

/** An attribute value as JSON carries it: binary as base64 text. */
function lambdaAttributeValue(value: AttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((bytes) => Buffer.from(bytes).toString('base64')) };
  if (value.M !== undefined) return { M: lambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(lambdaAttributeValue) };
  const { $unknown: _unknown, ...plain } = value as AttributeValue & { $unknown?: unknown };
  // The streams client hands an empty map back as `{}`, its type lost: it can only have been `{ M: {} }`.
  if (Object.keys(plain).length === 0) return { M: {} };
  return plain as LambdaAttributeValue;
}

function lambdaImage(image: Record<string, AttributeValue>): Record<string, LambdaAttributeValue> {
  const converted: Record<string, LambdaAttributeValue> = {};
  for (const [name, value] of Object.entries(image)) converted[name] = lambdaAttributeValue(value);
  return converted;
}

/** A stream record as Lambda delivers it. */
export function toLambdaStreamRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb ?? {};
  const created = change.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(new Date(created).getTime() / 1000) } : {}),
      ...(change.Keys ? { Keys: lambdaImage(change.Keys) } : {}),
      ...(change.NewImage ? { NewImage: lambdaImage(change.NewImage) } : {}),
      ...(change.OldImage ? { OldImage: lambdaImage(change.OldImage) } : {}),
      ...(change.SequenceNumber ? { SequenceNumber: change.SequenceNumber } : {}),
      ...(change.SizeBytes !== undefined ? { SizeBytes: change.SizeBytes } : {}),
      ...(change.StreamViewType ? { StreamViewType: change.StreamViewType } : {}),
    },
    ...(record.userIdentity
      ? {
          userIdentity: {
            type: record.userIdentity.Type ?? '',
            principalId: record.userIdentity.PrincipalId ?? '',
          },
        }
      : {}),
    eventSourceARN: lambdaStreamArn(streamArn),
  } as DynamoDBRecord;
}

const sequenceOf = (record: StreamRecord): string => record.dynamodb?.SequenceNumber ?? '';

// ---------------------------------------------------------------------------------------------
// Checkpoints

interface ShardCheckpoint {
  /** The last sequence number handed over (processed, or given up on) in this shard. */
  sequenceNumber?: string;
  /** Every record of this closed shard is done. */
  finished?: boolean;
}

interface CheckpointState {
  streamArn: string;
  shards: Record<string, ShardCheckpoint>;
}

class Checkpoints {
  readonly #file: string | undefined;
  #state: CheckpointState;

  constructor(file: string | undefined) {
    this.#file = file;
    this.#state = { streamArn: '', shards: {} };
    // A missing or damaged file starts from the trim horizon: records are handed over again, never skipped.
    const stored = file ? (readJsonFile(file) as CheckpointState | undefined) : undefined;
    if (typeof stored?.streamArn === 'string' && stored.shards && typeof stored.shards === 'object')
      this.#state = stored;
  }

  /** A different stream (the table was recreated) starts afresh. */
  useStream(streamArn: string): void {
    if (this.#state.streamArn === streamArn) return;
    this.#state = { streamArn, shards: {} };
    this.#save();
  }

  get(shardId: string): ShardCheckpoint | undefined {
    return this.#state.shards[shardId];
  }

  advance(shardId: string, sequenceNumber: string): void {
    this.#state.shards[shardId] = { ...this.#state.shards[shardId], sequenceNumber };
    this.#save();
  }

  finish(shardId: string): void {
    this.#state.shards[shardId] = { ...this.#state.shards[shardId], finished: true };
    this.#save();
  }

  /** Forgets shards the stream no longer lists (trimmed after 24 hours). */
  retain(shardIds: ReadonlySet<string>): void {
    const before = Object.keys(this.#state.shards).length;
    for (const shardId of Object.keys(this.#state.shards))
      if (!shardIds.has(shardId)) delete this.#state.shards[shardId];
    if (Object.keys(this.#state.shards).length !== before) this.#save();
  }

  #save(): void {
    if (this.#file) writeFileDurably(this.#file, JSON.stringify(this.#state, null, 2));
  }
}

// ---------------------------------------------------------------------------------------------
// The poller

interface ShardReader {
  iterator: string | null | undefined;
  /** Read, not yet handed over. */
  pending: StreamRecord[];
  firstPendingAt: number;
  /** GetRecords returned no next iterator: the shard is closed and fully read. */
  exhausted: boolean;
}

export function startStreamPoller(options: StreamPollerOptions): StreamPoller {
  const { functions, consumer } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const idlePollMs = options.idlePollMs ?? 250;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
  const batchSize = Math.max(1, consumer.batchSize);
  const maxRetryAttempts =
    consumer.maxRetryAttempts < 0 ? Number.POSITIVE_INFINITY : consumer.maxRetryAttempts;
  const dynamo = new DynamoDBClient(localClientConfig(options.dynamoEndpoint));
  const streams = new DynamoDBStreamsClient(localClientConfig(options.dynamoEndpoint));
  const sqs = new SQSClient(localClientConfig(options.queueEndpoint));
  const checkpoints = new Checkpoints(options.checkpointFile);
  // The fault-injection suite's redelivery: now and then a batch is handed over twice.
  const faults = processFaultPlan();
  let batchesRun = 0;
  const controller = new AbortController();
  const { signal } = controller;
  const send = { abortSignal: signal };

  let streamArn = '';
  let shards: Shard[] = [];
  let shardsRefreshedAt = 0;
  const readers = new Map<string, ShardReader>();

  const refreshShards = async (): Promise<void> => {
    const table = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }), send);
    const latest = table.Table?.LatestStreamArn;
    if (!latest) throw new Error(`Table ${options.tableName} has no stream`);
    if (latest !== streamArn) {
      streamArn = latest;
      checkpoints.useStream(latest);
      readers.clear();
    }
    const listed: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    for (let page = 0; page < 100; page++) {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
        send,
      );
      listed.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
      if (!exclusiveStartShardId) break;
    }
    shards = listed;
    shardsRefreshedAt = Date.now();
    const ids = new Set(listed.map((shard) => shard.ShardId ?? ''));
    checkpoints.retain(ids);
    for (const shardId of readers.keys()) if (!ids.has(shardId)) readers.delete(shardId);
  };

  /** A shard is read once its parent (if the stream still lists it) is finished. */
  const readyShards = (): Shard[] => {
    const listed = new Set(shards.map((shard) => shard.ShardId));
    return shards.filter((shard) => {
      const shardId = shard.ShardId ?? '';
      if (checkpoints.get(shardId)?.finished) return false;
      const parent = shard.ParentShardId;
      return !parent || !listed.has(parent) || checkpoints.get(parent)?.finished === true;
    });
  };

  const iteratorFor = async (shardId: string): Promise<string | null> => {
    const sequenceNumber = checkpoints.get(shardId)?.sequenceNumber;
    try {
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(sequenceNumber
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequenceNumber }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
        send,
      );
      return ShardIterator ?? null;
    } catch (error) {
      if ((error as Error).name !== 'TrimmedDataAccessException' || !sequenceNumber) throw error;
      log(
        `stream: records after ${sequenceNumber} in ${shardId} were trimmed; reading from the trim horizon`,
      );
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
        send,
      );
      return ShardIterator ?? null;
    }
  };

  const recordFailure = async (
    shardId: string,
    batch: readonly StreamRecord[],
    attempts: number,
    reason: string,
  ) => {
    const first = batch[0];
    const last = batch[batch.length - 1];
    const arrival = (record: StreamRecord | undefined): string | undefined => {
      const created = record?.dynamodb?.ApproximateCreationDateTime;
      return created ? new Date(created).toISOString() : undefined;
    };
    const failure = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: functionArn(consumer.function),
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: attempts,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first ? sequenceOf(first) : '',
        endSequenceNumber: last ? sequenceOf(last) : '',
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: batch.length,
        streamArn: lambdaStreamArn(streamArn),
      },
    };
    await sqs.send(
      new SendMessageCommand({ QueueUrl: options.failuresQueueUrl, MessageBody: JSON.stringify(failure) }),
    );
    log(
      `stream: gave up on ${batch.length} records (${failure.DDBStreamBatchInfo.startSequenceNumber}…${failure.DDBStreamBatchInfo.endSequenceNumber}) after ${attempts} attempts (${oneLine(reason)}); recorded on the stream-failures queue`,
    );
  };

  /** Hands a batch to the consumer until it is done or given up on; false when stopped midway. */
  const processBatch = async (shardId: string, batch: readonly StreamRecord[]): Promise<boolean> => {
    let remaining = [...batch];
    let attempts = 0;
    while (remaining.length > 0) {
      if (signal.aborted) return false;
      const event: DynamoDBStreamEvent = {
        Records: remaining.map((record) => toLambdaStreamRecord(record, streamArn)),
      };
      const ids = remaining.map(sequenceOf);
      const outcome = await functions.invoke(consumer.function, event);
      attempts++;
      const verdict = judgeInvocation(outcome, ids);
      if (verdict.kind === 'succeeded') {
        if (faults && draw(faults.seed, `redeliver:stream:${batchesRun++}`) < faults.rate) {
          const again = await functions.invoke(consumer.function, event);
          log(`stream: ${remaining.length} records handed over again (injected fault): ${again.status}`);
        }
        checkpoints.advance(shardId, ids[ids.length - 1]!);
        log(`stream: ${remaining.length} records → ${consumer.function} ok ${outcome.durationMs}ms`);
        return true;
      }
      let reason: string;
      if (verdict.kind === 'partial') {
        const firstFailed = remaining.findIndex((record) => verdict.failedIds.has(sequenceOf(record)));
        if (firstFailed > 0) checkpoints.advance(shardId, ids[firstFailed - 1]!);
        remaining = remaining.slice(firstFailed);
        reason = `${verdict.failedIds.size} records reported failed`;
      } else {
        reason = verdict.reason;
        if (outcome.status === 'failed') logError(`  ${consumer.function} failed:`, outcome.error);
      }
      if (attempts > maxRetryAttempts) {
        await recordFailure(shardId, remaining, attempts, reason);
        checkpoints.advance(shardId, sequenceOf(remaining[remaining.length - 1]!));
        return true;
      }
      const delayMs = Math.min(MAX_RETRY_DELAY_MS, retryBaseDelayMs * 2 ** (attempts - 1));
      log(
        `stream: ${remaining.length} records → ${consumer.function} failed (${oneLine(reason)}); retry ${attempts} in ${delayMs} ms`,
      );
      await pause(delayMs, signal);
    }
    return true;
  };

  /** Reads what the shard has and hands over every batch that is due; true when records were read. */
  const pollShard = async (shardId: string): Promise<boolean> => {
    let reader = readers.get(shardId);
    if (!reader) {
      reader = { iterator: undefined, pending: [], firstPendingAt: 0, exhausted: false };
      readers.set(shardId, reader);
    }
    let read = 0;
    if (!reader.exhausted) {
      if (reader.iterator === undefined) {
        reader.pending = [];
        reader.iterator = await iteratorFor(shardId);
      }
      if (reader.iterator === null) {
        reader.exhausted = true;
      } else {
        try {
          const { Records, NextShardIterator } = await streams.send(
            new GetRecordsCommand({ ShardIterator: reader.iterator, Limit: MAX_RECORDS_PER_CALL }),
            send,
          );
          read = Records?.length ?? 0;
          if (read > 0) {
            if (reader.pending.length === 0) reader.firstPendingAt = Date.now();
            reader.pending.push(...(Records ?? []));
          }
          reader.iterator = NextShardIterator ?? null;
          if (reader.iterator === null) reader.exhausted = true;
        } catch (error) {
          const name = (error as Error).name;
          if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw error;
          // Start again after the checkpoint; what was read but not handed over is read again.
          reader.iterator = undefined;
          reader.pending = [];
          return false;
        }
      }
    }
    const windowMs = consumer.maxBatchingWindowSeconds * 1000;
    while (reader.pending.length > 0 && !signal.aborted) {
      const due =
        reader.pending.length >= batchSize ||
        reader.exhausted ||
        Date.now() - reader.firstPendingAt >= windowMs;
      if (!due) break;
      const batch = reader.pending.slice(0, batchSize);
      if (!(await processBatch(shardId, batch))) return read > 0;
      reader.pending = reader.pending.slice(batch.length);
      reader.firstPendingAt = Date.now();
    }
    if (reader.exhausted && reader.pending.length === 0) {
      checkpoints.finish(shardId);
      readers.delete(shardId);
      shardsRefreshedAt = 0;
    }
    return read > 0;
  };

  const run = async (): Promise<void> => {
    let lastError = '';
    while (!signal.aborted) {
      try {
        if (Date.now() - shardsRefreshedAt > SHARD_REFRESH_MS) await refreshShards();
        let busy = false;
        for (const shard of readyShards()) {
          if (signal.aborted) break;
          if (await pollShard(shard.ShardId ?? '')) busy = true;
        }
        const waiting = [...readers.values()].some((reader) => reader.pending.length > 0);
        lastError = '';
        if (!busy) await pause(waiting ? Math.min(idlePollMs, 50) : idlePollMs, signal);
      } catch (error) {
        if (signal.aborted) break;
        const message = oneLine(error);
        if (message !== lastError) logError('stream: polling failed, retrying:', message);
        lastError = message;
        shardsRefreshedAt = 0;
        await pause(BACKOFF_AFTER_ERROR_MS, signal);
      }
    }
  };

  const loop = run();
  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        controller.abort();
        const grace = new Promise<void>((resolveGrace) =>
          setTimeout(resolveGrace, options.stopGraceMs ?? 5_000).unref(),
        );
        await Promise.race([loop, grace]);
        dynamo.destroy();
        streams.destroy();
        sqs.destroy();
      })();
      return stopping;
    },
  };
}
