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
  return new ShardPoller(options);
}

/** Where the poller is: the stream, its shards as last listed, a reader per shard being read. */
class ShardPoller implements StreamPoller {
  readonly #options: StreamPollerOptions;
  readonly #consumer: LocalStreamConsumerSpec;
  readonly #log: (line: string) => void;
  readonly #logError: (message: string, error: unknown) => void;
  readonly #batchSize: number;
  readonly #maxRetryAttempts: number;
  readonly #dynamo: DynamoDBClient;
  readonly #streams: DynamoDBStreamsClient;
  readonly #sqs: SQSClient;
  readonly #checkpoints: Checkpoints;
  // The fault-injection suite's redelivery: now and then a batch is handed over twice.
  readonly #faults = processFaultPlan();
  #batchesRun = 0;
  readonly #controller = new AbortController();
  readonly #send = { abortSignal: this.#controller.signal };
  #streamArn = '';
  #shards: Shard[] = [];
  #shardsRefreshedAt = 0;
  readonly #readers = new Map<string, ShardReader>();
  readonly #loop: Promise<void>;
  #stopping: Promise<void> | undefined;

  constructor(options: StreamPollerOptions) {
    this.#options = options;
    this.#consumer = options.consumer;
    this.#log = options.log ?? ((line: string) => console.log(line));
    this.#logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
    this.#batchSize = Math.max(1, this.#consumer.batchSize);
    this.#maxRetryAttempts =
      this.#consumer.maxRetryAttempts < 0 ? Number.POSITIVE_INFINITY : this.#consumer.maxRetryAttempts;
    this.#dynamo = new DynamoDBClient(localClientConfig(options.dynamoEndpoint));
    this.#streams = new DynamoDBStreamsClient(localClientConfig(options.dynamoEndpoint));
    this.#sqs = new SQSClient(localClientConfig(options.queueEndpoint));
    this.#checkpoints = new Checkpoints(options.checkpointFile);
    this.#loop = this.#run();
  }

  get #signal(): AbortSignal {
    return this.#controller.signal;
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#controller.abort();
      const grace = new Promise<void>((resolveGrace) =>
        setTimeout(resolveGrace, this.#options.stopGraceMs ?? 5_000).unref(),
      );
      await Promise.race([this.#loop, grace]);
      this.#dynamo.destroy();
      this.#streams.destroy();
      this.#sqs.destroy();
    })();
    return this.#stopping;
  }

  async #run(): Promise<void> {
    const idlePollMs = this.#options.idlePollMs ?? 250;
    let lastError = '';
    while (!this.#signal.aborted) {
      try {
        if (Date.now() - this.#shardsRefreshedAt > SHARD_REFRESH_MS) await this.#refreshShards();
        let busy = false;
        for (const shard of this.#readyShards()) {
          if (this.#signal.aborted) break;
          if (await this.#pollShard(shard.ShardId ?? '')) busy = true;
        }
        const waiting = [...this.#readers.values()].some((reader) => reader.pending.length > 0);
        lastError = '';
        if (!busy) await pause(waiting ? Math.min(idlePollMs, 50) : idlePollMs, this.#signal);
      } catch (error) {
        if (this.#signal.aborted) break;
        const message = oneLine(error);
        if (message !== lastError) this.#logError('stream: polling failed, retrying:', message);
        lastError = message;
        this.#shardsRefreshedAt = 0;
        await pause(BACKOFF_AFTER_ERROR_MS, this.#signal);
      }
    }
  }

  /** The table's latest stream and its shards; a new stream starts afresh. */
  async #refreshShards(): Promise<void> {
    const { tableName } = this.#options;
    const table = await this.#dynamo.send(new DescribeTableCommand({ TableName: tableName }), this.#send);
    const latest = table.Table?.LatestStreamArn;
    if (!latest) throw new Error(`Table ${tableName} has no stream`);
    if (latest !== this.#streamArn) {
      this.#streamArn = latest;
      this.#checkpoints.useStream(latest);
      this.#readers.clear();
    }
    const listed: Shard[] = [];
    let exclusiveStartShardId: string | undefined;
    for (let page = 0; page < 100; page++) {
      const { StreamDescription } = await this.#streams.send(
        new DescribeStreamCommand({
          StreamArn: this.#streamArn,
          ExclusiveStartShardId: exclusiveStartShardId,
        }),
        this.#send,
      );
      listed.push(...(StreamDescription?.Shards ?? []));
      exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
      if (!exclusiveStartShardId) break;
    }
    this.#shards = listed;
    this.#shardsRefreshedAt = Date.now();
    const ids = new Set(listed.map((shard) => shard.ShardId ?? ''));
    this.#checkpoints.retain(ids);
    for (const shardId of this.#readers.keys()) if (!ids.has(shardId)) this.#readers.delete(shardId);
  }

  /** A shard is read once its parent (if the stream still lists it) is finished. */
  #readyShards(): Shard[] {
    const listed = new Set(this.#shards.map((shard) => shard.ShardId));
    return this.#shards.filter((shard) => {
      const shardId = shard.ShardId ?? '';
      if (this.#checkpoints.get(shardId)?.finished) return false;
      const parent = shard.ParentShardId;
      return !parent || !listed.has(parent) || this.#checkpoints.get(parent)?.finished === true;
    });
  }

  /** An iterator after the shard's checkpoint; at the trim horizon when there is none or it was trimmed. */
  async #iteratorFor(shardId: string): Promise<string | null> {
    const sequenceNumber = this.#checkpoints.get(shardId)?.sequenceNumber;
    const iterator = async (position: {
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON';
      SequenceNumber?: string;
    }) => {
      const { ShardIterator } = await this.#streams.send(
        new GetShardIteratorCommand({ StreamArn: this.#streamArn, ShardId: shardId, ...position }),
        this.#send,
      );
      return ShardIterator ?? null;
    };
    try {
      return await iterator(
        sequenceNumber
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: sequenceNumber }
          : { ShardIteratorType: 'TRIM_HORIZON' },
      );
    } catch (error) {
      if ((error as Error).name !== 'TrimmedDataAccessException' || !sequenceNumber) throw error;
      this.#log(
        `stream: records after ${sequenceNumber} in ${shardId} were trimmed; reading from the trim horizon`,
      );
      return iterator({ ShardIteratorType: 'TRIM_HORIZON' });
    }
  }

  /** Reads what the shard has and hands over every batch that is due; true when records were read. */
  async #pollShard(shardId: string): Promise<boolean> {
    let reader = this.#readers.get(shardId);
    if (!reader) {
      reader = { iterator: undefined, pending: [], firstPendingAt: 0, exhausted: false };
      this.#readers.set(shardId, reader);
    }
    const read = reader.exhausted ? 0 : await this.#readShard(shardId, reader);
    if (read === null) return false;
    if (!(await this.#handOverDueBatches(shardId, reader))) return read > 0;
    if (reader.exhausted && reader.pending.length === 0) {
      this.#checkpoints.finish(shardId);
      this.#readers.delete(shardId);
      this.#shardsRefreshedAt = 0;
    }
    return read > 0;
  }

  /** One GetRecords call onto the reader's pending records: how many were read, null when the iterator must start again. */
  async #readShard(shardId: string, reader: ShardReader): Promise<number | null> {
    if (reader.iterator === undefined) {
      reader.pending = [];
      reader.iterator = await this.#iteratorFor(shardId);
    }
    if (reader.iterator === null) {
      reader.exhausted = true;
      return 0;
    }
    try {
      const { Records, NextShardIterator } = await this.#streams.send(
        new GetRecordsCommand({ ShardIterator: reader.iterator, Limit: MAX_RECORDS_PER_CALL }),
        this.#send,
      );
      const read = Records?.length ?? 0;
      if (read > 0) {
        if (reader.pending.length === 0) reader.firstPendingAt = Date.now();
        reader.pending.push(...(Records ?? []));
      }
      reader.iterator = NextShardIterator ?? null;
      if (reader.iterator === null) reader.exhausted = true;
      return read;
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'ExpiredIteratorException' && name !== 'TrimmedDataAccessException') throw error;
      // Start again after the checkpoint; what was read but not handed over is read again.
      reader.iterator = undefined;
      reader.pending = [];
      return null;
    }
  }

  /**
   * Hands over batches while one is due (full, the shard read to its end, or the batching
   * window past); false when stopped midway.
   */
  async #handOverDueBatches(shardId: string, reader: ShardReader): Promise<boolean> {
    const windowMs = this.#consumer.maxBatchingWindowSeconds * 1000;
    while (reader.pending.length > 0 && !this.#signal.aborted) {
      const due =
        reader.pending.length >= this.#batchSize ||
        reader.exhausted ||
        Date.now() - reader.firstPendingAt >= windowMs;
      if (!due) break;
      const batch = reader.pending.slice(0, this.#batchSize);
      if (!(await this.#processBatch(shardId, batch))) return false;
      reader.pending = reader.pending.slice(batch.length);
      reader.firstPendingAt = Date.now();
    }
    return true;
  }

  /** Hands a batch to the consumer until it is done or given up on; false when stopped midway. */
  async #processBatch(shardId: string, batch: readonly StreamRecord[]): Promise<boolean> {
    const { functions } = this.#options;
    const consumer = this.#consumer;
    let remaining = [...batch];
    let attempts = 0;
    while (remaining.length > 0) {
      if (this.#signal.aborted) return false;
      const event: DynamoDBStreamEvent = {
        Records: remaining.map((record) => toLambdaStreamRecord(record, this.#streamArn)),
      };
      const ids = remaining.map(sequenceOf);
      const outcome = await functions.invoke(consumer.function, event);
      attempts++;
      const verdict = judgeInvocation(outcome, ids);
      if (verdict.kind === 'succeeded') {
        await this.#maybeRedeliver(event, remaining.length);
        this.#checkpoints.advance(shardId, ids[ids.length - 1]!);
        this.#log(`stream: ${remaining.length} records → ${consumer.function} ok ${outcome.durationMs}ms`);
        return true;
      }
      let reason: string;
      if (verdict.kind === 'partial') {
        const firstFailed = remaining.findIndex((record) => verdict.failedIds.has(sequenceOf(record)));
        if (firstFailed > 0) this.#checkpoints.advance(shardId, ids[firstFailed - 1]!);
        remaining = remaining.slice(firstFailed);
        reason = `${verdict.failedIds.size} records reported failed`;
      } else {
        reason = verdict.reason;
        if (outcome.status === 'failed') this.#logError(`  ${consumer.function} failed:`, outcome.error);
      }
      if (attempts > this.#maxRetryAttempts) {
        await this.#recordFailure(shardId, remaining, attempts, reason);
        this.#checkpoints.advance(shardId, sequenceOf(remaining[remaining.length - 1]!));
        return true;
      }
      const delayMs = Math.min(
        MAX_RETRY_DELAY_MS,
        (this.#options.retryBaseDelayMs ?? 500) * 2 ** (attempts - 1),
      );
      this.#log(
        `stream: ${remaining.length} records → ${consumer.function} failed (${oneLine(reason)}); retry ${attempts} in ${delayMs} ms`,
      );
      await pause(delayMs, this.#signal);
    }
    return true;
  }

  /** The fault-injection suite's redelivery of a batch that succeeded. */
  async #maybeRedeliver(event: DynamoDBStreamEvent, count: number): Promise<void> {
    const faults = this.#faults;
    if (!faults || draw(faults.seed, `redeliver:stream:${this.#batchesRun++}`) >= faults.rate) return;
    const again = await this.#options.functions.invoke(this.#consumer.function, event);
    this.#log(`stream: ${count} records handed over again (injected fault): ${again.status}`);
  }

  /** Records a batch given up on on the stream-failures queue, as Lambda's on-failure destination does. */
  async #recordFailure(shardId: string, batch: readonly StreamRecord[], attempts: number, reason: string) {
    const failure = streamFailure(this.#consumer, this.#streamArn, shardId, batch, attempts);
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#options.failuresQueueUrl,
        MessageBody: JSON.stringify(failure),
      }),
    );
    const { startSequenceNumber, endSequenceNumber } = failure.DDBStreamBatchInfo;
    this.#log(
      `stream: gave up on ${batch.length} records (${startSequenceNumber}…${endSequenceNumber}) after ${attempts} attempts (${oneLine(reason)}); recorded on the stream-failures queue`,
    );
  }
}

/** The on-failure record Lambda sends for a stream batch whose retries ran out. */
function streamFailure(
  consumer: LocalStreamConsumerSpec,
  streamArn: string,
  shardId: string,
  batch: readonly StreamRecord[],
  attempts: number,
) {
  const first = batch[0];
  const last = batch[batch.length - 1];
  const arrival = (record: StreamRecord | undefined): string | undefined => {
    const created = record?.dynamodb?.ApproximateCreationDateTime;
    return created ? new Date(created).toISOString() : undefined;
  };
  return {
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
}
