/**
 * The edge of every SQS consumer: Lambda's batch with partial failures (Powertools batch),
 * each message's body parsed as JSON and checked against the message's zod schema before any
 * work. A malformed message fails its own
 * record with the zod issues logged as the reason; the queue gives it again until its
 * redrive count sends it to the dead-letter queue. The work never sees it.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from './powertools.ts';

/** The issues of a failed parse in one line: the reason logged for a malformed message. */
export const issuesOf = (error: z.ZodError, limit = 10): string =>
  error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`)
    .join('; ');

type Parsed<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly reason: string };

/** The message a JSON body holds, or why it holds none: not JSON, or the zod issues. */
function parseBody<S extends z.ZodType>(schema: S, body: string): Parsed<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `message: Invalid JSON - ${(error as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, message: parsed.data as z.output<S> }
    : { ok: false, reason: issuesOf(parsed.error) };
}

/** A message that does not match its schema: it fails its record and never reaches the work. */
export class MalformedMessage extends Error {
  override readonly name = 'MalformedMessage';
}

/**
 * The message of one record, parsed; throws `MalformedMessage` (after logging the reason
 * with the record's id and receive count) when the body is not what the schema says.
 */
export function parseRecord<S extends z.ZodType>(schema: S, record: SQSRecord): z.output<S> {
  const parsed = parseBody(schema, record.body);
  if (parsed.ok) return parsed.message;
  const { reason } = parsed;
  logger.error('malformed message', {
    messageId: record.messageId,
    receiveCount: record.attributes?.ApproximateReceiveCount,
    reason,
  });
  throw new MalformedMessage(reason);
}

export interface QueueConsumerOptions {
  /** One record after another, in order (the ledger's receipts share a counter). */
  readonly processInParallel?: boolean;
}

/** The Lambda handler of a queue: parse each message at the edge, then hand it to `work`. */
export function queueConsumer<S extends z.ZodType>(
  schema: S,
  work: (message: z.output<S>, record: SQSRecord) => Promise<void>,
  options: QueueConsumerOptions = {},
) {
  const processor = new BatchProcessor(EventType.SQS);
  const handleRecord = (record: SQSRecord) => work(parseRecord(schema, record), record);
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .handler(async (event, context) =>
      processPartialResponse(event, handleRecord, processor, {
        context,
        ...(options.processInParallel === false ? { processInParallel: false } : {}),
      }),
    );
}

/** The input of a scheduled run, parsed; a malformed one is logged with its reason and refused. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data as z.output<S>;
  const reason = issuesOf(parsed.error);
  logger.error('malformed input', { reason });
  throw new MalformedMessage(reason);
}
