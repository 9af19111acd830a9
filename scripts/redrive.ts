/**
 * `npm run redrive -- --queue <name> [--max N]` — brings the messages of a queue's dead-letter
 * queue back to the queue, for operators once the cause is fixed (the ledger's item is known,
 * the receiver answers again). Each message is sent to the queue before it is deleted from the
 * dead-letter queue: a crash in between leaves a copy in both, which the consumers' idempotence
 * makes harmless; nothing is lost. At most `--max` messages (1,000 by default) per run.
 *
 * The queues' URLs come from the environment the functions use (`QUEUE_URL_<NAME>`,
 * `DLQ_URL_<NAME>`), or `--from <dlq-url> --to <queue-url>`; the SQS endpoint from the SDK's own
 * settings (`AWS_ENDPOINT_URL_SQS` for the embedded runtime's, printed at its start).
 */
import { parseArgs } from 'node:util';
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { ENV, type QueueName, queues } from '../infra/manifest.ts';

export const DEFAULT_MAX_MESSAGES = 1_000;
const RECEIVE_BATCH = 10;

/** Moves up to `max` messages from the dead-letter queue `from` to the queue `to`; answers how many. */
export async function redriveDeadLetters(
  client: SQSClient,
  options: { readonly from: string; readonly to: string; readonly max?: number },
): Promise<number> {
  const max = options.max ?? DEFAULT_MAX_MESSAGES;
  let moved = 0;
  while (moved < max) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.from,
        MaxNumberOfMessages: Math.min(RECEIVE_BATCH, max - moved),
        WaitTimeSeconds: 1,
        VisibilityTimeout: 60,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return moved;
    for (const message of Messages) {
      await client.send(
        new SendMessageCommand({
          QueueUrl: options.to,
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
        }),
      );
      await client.send(
        new DeleteMessageCommand({ QueueUrl: options.from, ReceiptHandle: message.ReceiptHandle }),
      );
      moved += 1;
    }
  }
  return moved;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      queue: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      max: { type: 'string', default: String(DEFAULT_MAX_MESSAGES) },
    },
    strict: true,
  });
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1 || max > 100_000)
    throw new Error(`--max must be 1 to 100000, not ${values.max}`);
  const queue = values.queue as QueueName | undefined;
  if (queue !== undefined && !(queue in queues))
    throw new Error(`--queue must be one of ${Object.keys(queues).join(', ')}, not ${queue}`);
  const from = values.from ?? (queue ? process.env[ENV.deadLetterQueueUrl(queue)] : undefined);
  const to = values.to ?? (queue ? process.env[ENV.queueUrl(queue)] : undefined);
  if (!from || !to)
    throw new Error('Name a --queue whose URLs are in the environment, or give --from and --to');
  const moved = await redriveDeadLetters(new SQSClient({}), { from, to, max });
  console.log(`redrive: ${moved} message${moved === 1 ? '' : 's'} moved from ${from} to ${to}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(`redrive: ${(error as Error).message}`);
    process.exit(1);
  });
}
