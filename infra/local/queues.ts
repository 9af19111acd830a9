/**
 * Lambda's SQS event source mapping, locally: one poller per queue of the manifest that
 * long-polls the queue, gathers up to `batchSize` messages within the batching window, calls
 * the consumer with an `SQSEvent`, and deletes only the messages that succeeded. Failed
 * messages stay in flight until the queue's visibility timeout ends, come back, and after
 * `maxReceiveCount` receives the queue's redrive policy moves them to the dead-letter queue.
 * One batch in flight per queue.
 *
 * Lambda's pollers run apart from its functions; here both run in one process, so a crash
 * of the process is also a crash of every batch in flight. Their messages would stay
 * invisible for the whole visibility timeout (minutes) after a restart. The receipt handles
 * of each batch in flight are therefore written down before the consumer runs, and the next
 * start makes those messages visible again at once. Stopping finishes the batch in flight
 * (within a bound) and hands back anything received after the stop began.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { draw, processFaultPlan } from '../../functions/commons/faults.ts';
import { judgeInvocation } from './batch-response.ts';
import { LOCAL_REGION } from './constants.ts';
import { readJsonFile, writeFileDurably } from './durable-file.ts';
import { oneLine } from './errors.ts';
import type { FunctionHost } from './functions.ts';
import type { LocalQueueSpec } from './local-manifest.ts';
import { pause } from './pause.ts';
import { localClientConfig, localQueueArn } from './services.ts';

/** SQS hands out at most 10 messages a receive. */
const SQS_MAX_MESSAGES_PER_RECEIVE = 10;
const BACKOFF_AFTER_ERROR_MS = 1_000;

export interface QueuePollersOptions {
  readonly functions: FunctionHost;
  readonly queueEndpoint: string;
  /** Queue name → URL; every queue of the manifest needs one. */
  readonly queueUrls: Readonly<Record<string, string>>;
  /** Long-poll wait per receive, 1 s by default (SQS allows up to 20). */
  readonly waitTimeSeconds?: number;
  /** How long `stop()` waits for a batch in flight; 5 s by default. */
  readonly stopGraceMs?: number;
  /** Where the receipt handles of batches in flight are kept; in memory when absent. */
  readonly inFlightFile?: string;
  readonly log?: (line: string) => void;
  readonly logError?: (message: string, error: unknown) => void;
}

export interface QueuePollers {
  stop(): Promise<void>;
}

const base64 = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('base64');

/** SQS's message attributes in the shape Lambda gives them (camelCase, binary as base64). */
function lambdaMessageAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): SQSMessageAttributes {
  const converted: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    const binaryValue = base64(value.BinaryValue);
    converted[name] = {
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(binaryValue !== undefined ? { binaryValue } : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((bytes) => Buffer.from(bytes).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return converted;
}

/** The event Lambda gives an SQS consumer for these messages. */
export function buildSqsEvent(messages: readonly Message[], queueName: string): SQSEvent {
  const eventSourceARN = localQueueArn(queueName);
  return {
    Records: messages.map(
      (message): SQSRecord => ({
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        attributes: (message.Attributes ?? {}) as unknown as SQSRecordAttributes,
        messageAttributes: lambdaMessageAttributes(message.MessageAttributes),
        md5OfBody: message.MD5OfBody ?? '',
        ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
        eventSource: 'aws:sqs',
        eventSourceARN,
        awsRegion: LOCAL_REGION,
      }),
    ),
  };
}

/** Queue name → message id → receipt handle of the batch each queue has in flight. */
type InFlight = Record<string, Record<string, string>>;

/** The batches in flight, kept in a file so that the next start can hand their messages back. */
export class InFlightBatches {
  readonly #file: string | undefined;
  readonly #batches: InFlight;

  constructor(file: string | undefined) {
    this.#file = file;
    const stored = file ? readJsonFile(file) : undefined;
    this.#batches = stored !== null && typeof stored === 'object' ? (stored as InFlight) : {};
  }

  /** The batches a previous run left in flight, by queue. */
  left(): ReadonlyMap<string, readonly string[]> {
    const left = new Map<string, string[]>();
    for (const [queueName, handles] of Object.entries(this.#batches)) {
      const receiptHandles = Object.values(handles ?? {}).filter((handle) => typeof handle === 'string');
      if (receiptHandles.length > 0) left.set(queueName, receiptHandles);
    }
    return left;
  }

  hold(queueName: string, messages: readonly Message[]): void {
    const handles: Record<string, string> = {};
    for (const message of messages) handles[message.MessageId ?? ''] = message.ReceiptHandle ?? '';
    this.#batches[queueName] = handles;
    this.#save();
  }

  release(queueName: string): void {
    if (!(queueName in this.#batches)) return;
    delete this.#batches[queueName];
    this.#save();
  }

  #save(): void {
    if (this.#file) writeFileDurably(this.#file, JSON.stringify(this.#batches));
  }
}

/**
 * A second, not zero: fauxqs loses a message whose visibility is set to 0 while it keeps
 * messages on disk (its write of the message's new state fails after it has taken the
 * message out of flight).
 */
const HAND_BACK_VISIBILITY_SECONDS = 1;

/** Makes received messages visible again (within a second); answers how many the queue took back. */
async function handBack(
  client: SQSClient,
  queueUrl: string,
  receiptHandles: readonly string[],
): Promise<number> {
  let handedBack = 0;
  for (let start = 0; start < receiptHandles.length; start += SQS_MAX_MESSAGES_PER_RECEIVE) {
    const chunk = receiptHandles.slice(start, start + SQS_MAX_MESSAGES_PER_RECEIVE);
    const { Successful } = await client.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((handle, index) => ({
          Id: String(index),
          ReceiptHandle: handle,
          VisibilityTimeout: HAND_BACK_VISIBILITY_SECONDS,
        })),
      }),
    );
    handedBack += Successful?.length ?? 0;
  }
  return handedBack;
}

async function deleteMessages(
  client: SQSClient,
  queueUrl: string,
  messages: readonly Message[],
): Promise<{ failed: number; reason: string }> {
  let failed = 0;
  let reason = '';
  for (let start = 0; start < messages.length; start += SQS_MAX_MESSAGES_PER_RECEIVE) {
    const chunk = messages.slice(start, start + SQS_MAX_MESSAGES_PER_RECEIVE);
    const { Failed } = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
    failed += Failed?.length ?? 0;
    reason ||= Failed?.[0]?.Message ?? '';
  }
  return { failed, reason };
}

export function startQueuePollers(options: QueuePollersOptions): QueuePollers {
  const { functions } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const client = new SQSClient(localClientConfig(options.queueEndpoint));
  const controller = new AbortController();
  const { signal } = controller;
  const waitTimeSeconds = options.waitTimeSeconds ?? 1;
  const inFlight = new InFlightBatches(options.inFlightFile);
  // The fault-injection suite's SQS redelivery: now and then a batch is handed over twice.
  const faults = processFaultPlan();
  let batchesRun = 0;

  /** Messages of batches that a crash (or a stop past its bound) cut short: visible again now. */
  const handBackLeftBatches = async (): Promise<void> => {
    for (const [queueName, receiptHandles] of inFlight.left()) {
      const queueUrl = options.queueUrls[queueName];
      if (queueUrl) {
        try {
          const count = await handBack(client, queueUrl, receiptHandles);
          if (count > 0)
            log(`queue ${queueName}: ${count} messages of a batch cut short by the last stop are back`);
        } catch (error) {
          logError(
            `queue ${queueName}: messages of a batch cut short could not be handed back:`,
            oneLine(error),
          );
        }
      }
      inFlight.release(queueName);
    }
  };

  const pollQueue = async (queueName: string, queue: LocalQueueSpec, queueUrl: string): Promise<void> => {
    const batchSize = Math.max(1, queue.batchSize);
    let lastError = '';

    // Not aborted by a stop: a long poll ends within `waitTimeSeconds`, and what it received is handed back.
    const receive = async (maxMessages: number, waitSeconds: number): Promise<Message[]> => {
      const { Messages } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(SQS_MAX_MESSAGES_PER_RECEIVE, maxMessages),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      return Messages ?? [];
    };

    /** Up to `batchSize` messages, gathered for at most the batching window after the first. */
    const gatherBatch = async (): Promise<Message[]> => {
      const batch = await receive(batchSize, waitTimeSeconds);
      if (batch.length === 0) return batch;
      const windowEnds = Date.now() + queue.maxBatchingWindowSeconds * 1000;
      while (batch.length < batchSize && Date.now() < windowEnds && !signal.aborted) {
        const more = await receive(batchSize - batch.length, 0);
        if (more.length > 0) batch.push(...more);
        else await pause(Math.min(100, Math.max(0, windowEnds - Date.now())), signal);
      }
      return batch;
    };

    const runBatch = async (batch: Message[]): Promise<void> => {
      inFlight.hold(queueName, batch);
      const ids = batch.map((message) => message.MessageId ?? '');
      const outcome = await functions.invoke(queue.consumer, buildSqsEvent(batch, queueName));
      const verdict = judgeInvocation(outcome, ids);
      const succeeded =
        verdict.kind === 'succeeded'
          ? batch
          : verdict.kind === 'partial'
            ? batch.filter((message) => !verdict.failedIds.has(message.MessageId ?? ''))
            : [];
      if (
        faults &&
        succeeded.length > 0 &&
        draw(faults.seed, `redeliver:${queueName}:${batchesRun++}`) < faults.rate
      ) {
        const again = await functions.invoke(queue.consumer, buildSqsEvent(succeeded, queueName));
        log(
          `queue ${queueName}: ${succeeded.length} messages handed over again (injected fault): ${again.status}`,
        );
      }
      const deleted = await deleteMessages(client, queueUrl, succeeded);
      inFlight.release(queueName);
      if (deleted.failed > 0)
        log(
          `queue ${queueName}: ${deleted.failed} messages could not be deleted (${deleted.reason || 'unknown'})`,
        );
      const failedCount = batch.length - succeeded.length;
      const summary =
        failedCount === 0
          ? 'ok'
          : `${failedCount} failed${verdict.kind === 'failed' ? ` (${oneLine(verdict.reason)})` : ''}, back after ${queue.visibilityTimeoutSeconds} s`;
      log(
        `queue ${queueName}: ${batch.length} messages → ${queue.consumer} ${summary} ${outcome.durationMs}ms`,
      );
      if (outcome.status === 'failed') logError(`  ${queue.consumer} failed:`, outcome.error);
    };

    while (!signal.aborted) {
      try {
        const batch = await gatherBatch();
        if (batch.length === 0) continue;
        if (signal.aborted) {
          await handBack(
            client,
            queueUrl,
            batch.map((message) => message.ReceiptHandle ?? ''),
          );
          break;
        }
        await runBatch(batch);
        lastError = '';
      } catch (error) {
        if (signal.aborted) break;
        const message = oneLine(error);
        if (message !== lastError) logError(`queue ${queueName}: polling failed, retrying:`, message);
        lastError = message;
        await pause(BACKOFF_AFTER_ERROR_MS, signal);
      }
    }
  };

  const queues = Object.entries(functions.manifest.queues).map(([queueName, queue]) => {
    const queueUrl = options.queueUrls[queueName];
    if (!queueUrl) throw new Error(`No URL for queue ${queueName}`);
    return { queueName, queue, queueUrl };
  });
  const running = handBackLeftBatches().then(() =>
    Promise.allSettled(queues.map(({ queueName, queue, queueUrl }) => pollQueue(queueName, queue, queueUrl))),
  );

  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        controller.abort();
        const grace = new Promise<void>((resolveGrace) =>
          setTimeout(resolveGrace, options.stopGraceMs ?? 5_000).unref(),
        );
        await Promise.race([running, grace]);
        client.destroy();
      })();
      return stopping;
    },
  };
}
