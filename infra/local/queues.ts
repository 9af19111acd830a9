/**
 * Lambda's SQS event source mapping, locally: one poller per queue of the manifest that
 * long-polls the queue, gathers up to `batchSize` messages within the batching window, calls
 * the consumer with an `SQSEvent`, and deletes only the messages that succeeded. Failed
 * messages stay in flight until the queue's visibility timeout ends, come back, and after
 * `maxReceiveCount` receives the queue's redrive policy moves them to the dead-letter queue.
 * One batch in flight per queue.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';
import { judgeInvocation } from './batch-response.ts';
import { LOCAL_REGION } from './constants.ts';
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

export function startQueuePollers(options: QueuePollersOptions): QueuePollers {
  const { functions } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const client = new SQSClient(localClientConfig(options.queueEndpoint));
  const controller = new AbortController();
  const { signal } = controller;
  const waitTimeSeconds = options.waitTimeSeconds ?? 1;

  const pollQueue = async (queueName: string, queue: LocalQueueSpec, queueUrl: string): Promise<void> => {
    const batchSize = Math.max(1, queue.batchSize);
    let lastError = '';

    const receive = async (maxMessages: number, waitSeconds: number): Promise<Message[]> => {
      const { Messages } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(SQS_MAX_MESSAGES_PER_RECEIVE, maxMessages),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
        { abortSignal: signal },
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

    while (!signal.aborted) {
      try {
        const batch = await gatherBatch();
        if (batch.length === 0 || signal.aborted) continue;
        const ids = batch.map((message) => message.MessageId ?? '');
        const outcome = await functions.invoke(queue.consumer, buildSqsEvent(batch, queueName));
        const verdict = judgeInvocation(outcome, ids);
        const succeeded =
          verdict.kind === 'succeeded'
            ? batch
            : verdict.kind === 'partial'
              ? batch.filter((message) => !verdict.failedIds.has(message.MessageId ?? ''))
              : [];
        for (let start = 0; start < succeeded.length; start += SQS_MAX_MESSAGES_PER_RECEIVE) {
          const chunk = succeeded.slice(start, start + SQS_MAX_MESSAGES_PER_RECEIVE);
          const { Failed } = await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: chunk.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle,
              })),
            }),
          );
          if (Failed && Failed.length > 0) {
            log(
              `queue ${queueName}: ${Failed.length} messages could not be deleted (${Failed[0]?.Message ?? 'unknown'})`,
            );
          }
        }
        const failedCount = batch.length - succeeded.length;
        const summary =
          failedCount === 0
            ? 'ok'
            : `${failedCount} failed${verdict.kind === 'failed' ? ` (${oneLine(verdict.reason)})` : ''}, back after ${queue.visibilityTimeoutSeconds} s`;
        log(
          `queue ${queueName}: ${batch.length} messages → ${queue.consumer} ${summary} ${outcome.durationMs}ms`,
        );
        if (outcome.status === 'failed') logError(`  ${queue.consumer} failed:`, outcome.error);
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

  const loops = Object.entries(functions.manifest.queues).map(([queueName, queue]) => {
    const queueUrl = options.queueUrls[queueName];
    if (!queueUrl) throw new Error(`No URL for queue ${queueName}`);
    return pollQueue(queueName, queue, queueUrl);
  });

  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        controller.abort();
        const grace = new Promise<void>((resolveGrace) =>
          setTimeout(resolveGrace, options.stopGraceMs ?? 5_000).unref(),
        );
        await Promise.race([Promise.allSettled(loops), grace]);
        client.destroy();
      })();
      return stopping;
    },
  };
}
