/**
 * Delivers each callback, signed per the Standard Webhooks specification. A failed attempt
 * waits on the backoff schedule by keeping its message invisible; after the last attempt
 * the message goes to the dead-letter queue, where replay finds it again. An endpoint that
 * keeps failing is disabled and its owner told.
 */
import { lookup } from 'node:dns/promises';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { Webhook } from 'standardwebhooks';
import { ENV } from '../../infra/manifest.ts';
import type { DeliveryMessage } from '../adapters/callback-deliveries.ts';
import { callbackStore } from '../adapters/index.ts';
import { EmailOutbox } from '../adapters/notifications/email-outbox.ts';
import { FileOutbox } from '../adapters/notifications/file-outbox.ts';
import { isLocalRuntime, queueUrl, requiredEnv } from '../commons/clients.ts';
import { logger } from '../commons/powertools.ts';
import { ChangeMessageVisibilityCommand, SendMessageCommand } from '../commons/sdk/sqs.ts';
import { sqs } from '../commons/sqs-client.ts';
import {
  afterAttempt,
  callbackUrlProblem,
  type Delivery,
  DISABLE_AFTER_CONSECUTIVE_FAILURES,
  isNonPublicAddress,
  MAX_VISIBILITY_SECONDS,
  parseBackoff,
  type Subscription,
} from '../domain/callbacks.ts';
import type { NotificationOutbox } from '../domain/notifications.ts';

const processor = new BatchProcessor(EventType.SQS);
const ATTEMPT_TIMEOUT_MS = 10_000;
/** What is kept of a receiver's answer, for the delivery record. */
const MAX_RESULT_DETAIL = 200;

const disableThreshold = (): number => {
  const configured = Number(process.env[ENV.callbackDisableAfter]);
  return Number.isInteger(configured) && configured > 0 ? configured : DISABLE_AFTER_CONSECUTIVE_FAILURES;
};

/** Not yet due: the message was received early (a wait longer than one visibility period). */
class NotYetDue extends Error {}

let outbox: NotificationOutbox | undefined;
const ownerOutbox = (): NotificationOutbox => {
  outbox ??= isLocalRuntime()
    ? new FileOutbox(requiredEnv(ENV.outboxDir))
    : new EmailOutbox(requiredEnv(ENV.emailFrom));
  return outbox;
};

async function postCallback(
  subscription: Subscription,
  delivery: Delivery,
): Promise<{ ok: boolean; detail: string }> {
  const local = isLocalRuntime();
  const problem = callbackUrlProblem(subscription.url, local);
  if (problem) return { ok: false, detail: `refused: ${problem}` };
  if (!local) {
    // Checked at every attempt: a name may resolve elsewhere than when it was subscribed.
    const addresses = await lookup(new URL(subscription.url).hostname, { all: true });
    if (addresses.some(({ address }) => isNonPublicAddress(address))) {
      return { ok: false, detail: 'refused: resolves to a non-public address' };
    }
  }
  const timestamp = new Date();
  const signature = new Webhook(subscription.secret).sign(delivery.messageId, timestamp, delivery.payload);
  try {
    const answer = await fetch(subscription.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'bcci-bridge-callbacks/1',
        'webhook-id': delivery.messageId,
        'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body: delivery.payload,
    });
    await answer.body?.cancel();
    return { ok: answer.status >= 200 && answer.status < 300, detail: `HTTP ${answer.status}` };
  } catch (error) {
    return { ok: false, detail: String((error as Error).message ?? error).slice(0, MAX_RESULT_DETAIL) };
  }
}

async function tellOwner(subscription: Subscription): Promise<void> {
  if (!subscription.contactEmail) return;
  await ownerOutbox().send({
    notificationId: `${subscription.webhookId}:disabled`,
    channel: 'email',
    to: subscription.contactEmail,
    subject: `Callback endpoint disabled: ${subscription.url}`,
    text:
      `The endpoint ${subscription.url} (${subscription.webhookId}) failed ${disableThreshold()} ` +
      'deliveries in a row and no longer receives callbacks. Fix it, then replay from the time it stopped: ' +
      `POST /v1/webhooks/${subscription.webhookId}/replay.`,
  });
}

async function wait(record: SQSRecord, seconds: number): Promise<void> {
  await sqs().send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl('callbackDeliveries'),
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: Math.max(0, Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(seconds))),
    }),
  );
}

async function deliver(record: SQSRecord): Promise<void> {
  const message = JSON.parse(record.body) as DeliveryMessage;
  const delivery = await callbackStore().delivery(message.webhookId, message.eventId);
  if (delivery?.status !== 'pending') return; // delivered, dead (replay resets it), or gone
  const now = new Date();
  const dueInSeconds = (Date.parse(delivery.nextAttemptAt) - now.getTime()) / 1000;
  if (dueInSeconds > 1) {
    await wait(record, dueInSeconds);
    throw new NotYetDue(`${delivery.messageId} is due in ${Math.ceil(dueInSeconds)} s`);
  }
  const subscription = await callbackStore().subscription(message.agencyCode, message.webhookId);
  if (!subscription) return; // unsubscribed: nothing more to send
  if (subscription.status !== 'active') {
    // Kept pending for a replay once the owner has fixed the endpoint.
    await sendToDeadLetter(record);
    return;
  }
  // Another copy of this message may be at work on the same attempt: only one posts.
  if (!(await callbackStore().claimAttempt(delivery, now, ATTEMPT_TIMEOUT_MS * 3))) return;
  const result = await postCallback(subscription, delivery);
  const verdict = afterAttempt(delivery, result, now, parseBackoff(process.env[ENV.callbackBackoff]));
  await callbackStore().saveDelivery(verdict.delivery);
  const failures = await callbackStore().recordOutcome(
    subscription.agencyCode,
    subscription.webhookId,
    result.ok,
  );
  if (!result.ok && failures >= disableThreshold()) {
    if (await callbackStore().disable(subscription.agencyCode, subscription.webhookId, now.toISOString())) {
      logger.warn('callback endpoint disabled', { webhookId: subscription.webhookId, failures });
      await tellOwner(subscription);
    }
  }
  logger.info('callback attempt', {
    webhookId: subscription.webhookId,
    messageId: delivery.messageId,
    attempt: verdict.delivery.attempts,
    result: result.detail,
    verdict: verdict.kind,
  });
  if (verdict.kind === 'retry') {
    await wait(record, verdict.waitSeconds);
    throw new NotYetDue(
      `${delivery.messageId} failed (${result.detail}); next attempt in ${verdict.waitSeconds} s`,
    );
  }
  if (verdict.kind === 'dead') await sendToDeadLetter(record);
}

async function sendToDeadLetter(record: SQSRecord): Promise<void> {
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: requiredEnv(ENV.deadLetterQueueUrl('callbackDeliveries')),
      MessageBody: record.body,
    }),
  );
}

export const handler = middy<SQSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => processPartialResponse(event, deliver, processor, { context }));
