/**
 * The `callbackDeliveries` queue's consumer: each message, parsed, is one callback attempt
 * (`deliverCallback`). A failed attempt waits by keeping its message invisible; after the last
 * attempt the message goes to the dead-letter queue, where replay finds it again.
 */
import type { SQSRecord } from 'aws-lambda';
import { ENV } from '../../infra/manifest.ts';
import { ATTEMPT_TIMEOUT_MS, WebhookSender } from '../adapters/callback-sender.ts';
import { callbackStore } from '../adapters/index.ts';
import { EmailOutbox } from '../adapters/notifications/email-outbox.ts';
import { FileOutbox } from '../adapters/notifications/file-outbox.ts';
import { callbackDeliveryQueue } from '../adapters/sqs/callback-deliveries.ts';
import { deliverCallback } from '../app/callbacks/deliver-callback.ts';
import type { DeliveryMessageControl } from '../app/callbacks/ports.ts';
import { CallbackDeliveryMessageSchema } from '../app/messages.ts';
import { isLocalRuntime, queueUrl, requiredEnv } from '../commons/clients.ts';
import { systemNow } from '../commons/clock.ts';
import { logger } from '../commons/powertools.ts';
import { queueConsumer } from '../commons/queue-consumer.ts';
import { ChangeMessageVisibilityCommand, SendMessageCommand } from '../commons/sdk/sqs.ts';
import { sqs } from '../commons/sqs-client.ts';
import {
  DISABLE_AFTER_FAILING_SECONDS,
  type FailingPolicy,
  MAX_VISIBILITY_SECONDS,
  parseBackoff,
  secondsSetting,
  WARN_AFTER_FAILING_SECONDS,
} from '../domain/callbacks.ts';
import type { NotificationOutbox } from '../domain/notifications.ts';

const failingPolicy = (): FailingPolicy => ({
  warnAfterSeconds: secondsSetting(process.env[ENV.callbackWarnAfterSeconds], WARN_AFTER_FAILING_SECONDS),
  disableAfterSeconds: secondsSetting(
    process.env[ENV.callbackDisableAfterSeconds],
    DISABLE_AFTER_FAILING_SECONDS,
  ),
});

let outbox: NotificationOutbox | undefined;
const ownerOutbox = (): NotificationOutbox => {
  outbox ??= isLocalRuntime()
    ? new FileOutbox(requiredEnv(ENV.outboxDir))
    : new EmailOutbox(requiredEnv(ENV.emailFrom));
  return outbox;
};

/** The SQS message being delivered: made to wait, or moved to the dead-letter queue. */
const messageControl = (record: SQSRecord): DeliveryMessageControl => ({
  async waitSeconds(seconds) {
    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: queueUrl('callbackDeliveries'),
        ReceiptHandle: record.receiptHandle,
        // At least a second: the local SQS emulator loses a message made visible at once (0)
        // while it keeps messages on disk, and SQS gains nothing from it.
        VisibilityTimeout: Math.max(1, Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(seconds))),
      }),
    );
  },
  async sendToDeadLetter() {
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: requiredEnv(ENV.deadLetterQueueUrl('callbackDeliveries')),
        MessageBody: record.body,
      }),
    );
  },
});

export const handler = queueConsumer(CallbackDeliveryMessageSchema, async (message, record) => {
  await deliverCallback(
    {
      callbacks: callbackStore(),
      sender: new WebhookSender(isLocalRuntime()),
      message: messageControl(record),
      queue: callbackDeliveryQueue,
      owners: ownerOutbox(),
      log: (line, fields) => logger.info(line, fields),
    },
    message,
    {
      backoffSeconds: parseBackoff(process.env[ENV.callbackBackoff]),
      failing: failingPolicy(),
      attemptHoldMs: ATTEMPT_TIMEOUT_MS * 3,
    },
    systemNow(),
  );
});
