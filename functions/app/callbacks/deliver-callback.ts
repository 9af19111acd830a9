/**
 * Delivers one callback. A failed attempt waits on the backoff schedule (the message stays
 * invisible); after the last attempt the message goes to the dead-letter queue, where replay
 * finds it again. An endpoint that keeps failing is disabled and its owner told, once.
 */
import { afterAttempt, type Delivery, type Subscription } from '../../domain/callbacks.ts';
import type { NotificationOutbox } from '../../domain/notifications.ts';
import type { CallbackDeliveryMessage } from '../messages.ts';
import type { CallbackRepository, CallbackSender, DeliveryMessageControl } from './ports.ts';

/** Thrown to leave the message on the queue: it is not yet due, or waits for its next attempt. */
export class NotYetDue extends Error {
  override readonly name = 'NotYetDue';
}

export interface DeliverPorts {
  readonly callbacks: CallbackRepository;
  readonly sender: CallbackSender;
  readonly message: DeliveryMessageControl;
  readonly owners: NotificationOutbox;
  /** Where the attempt and a disabled endpoint are told (the function's logger). */
  readonly log: (message: string, fields: Record<string, unknown>) => void;
}

export interface DeliverSettings {
  readonly backoffSeconds: readonly number[];
  readonly disableAfterFailures: number;
  /** How long one worker holds an attempt before another copy of the message may take it. */
  readonly attemptHoldMs: number;
}

export type DeliverOutcome = 'skipped' | 'delivered' | 'dead' | 'held-for-replay';

export async function deliverCallback(
  ports: DeliverPorts,
  message: CallbackDeliveryMessage,
  settings: DeliverSettings,
  now: Date,
): Promise<DeliverOutcome> {
  const { callbacks } = ports;
  const delivery = await callbacks.delivery(message.webhookId, message.eventId);
  if (delivery?.status !== 'pending') return 'skipped'; // delivered, dead (replay resets it), or gone
  const dueInSeconds = (Date.parse(delivery.nextAttemptAt) - now.getTime()) / 1000;
  if (dueInSeconds > 1) {
    await ports.message.waitSeconds(dueInSeconds);
    throw new NotYetDue(`${delivery.messageId} is due in ${Math.ceil(dueInSeconds)} s`);
  }
  const subscription = await callbacks.subscription(message.agencyCode, message.webhookId);
  if (!subscription) return 'skipped'; // unsubscribed: nothing more to send
  if (subscription.status !== 'active') {
    // Kept pending for a replay once the owner has fixed the endpoint.
    await ports.message.sendToDeadLetter();
    return 'held-for-replay';
  }
  if (!(await callbacks.claimAttempt(delivery, now, settings.attemptHoldMs))) {
    await waitForHolder(ports, delivery, settings);
    return 'skipped';
  }
  const result = await ports.sender.post(subscription, delivery);
  const verdict = afterAttempt(delivery, result, now, settings.backoffSeconds);
  await callbacks.saveDelivery(verdict.delivery);
  const failures = await callbacks.recordOutcome(subscription.agencyCode, subscription.webhookId, result.ok);
  if (!result.ok && failures >= settings.disableAfterFailures) {
    if (await callbacks.disable(subscription.agencyCode, subscription.webhookId, now.toISOString())) {
      ports.log('callback endpoint disabled', { webhookId: subscription.webhookId, failures });
      await tellOwner(ports.owners, subscription, settings.disableAfterFailures);
    }
  }
  ports.log('callback attempt', {
    webhookId: subscription.webhookId,
    messageId: delivery.messageId,
    attempt: verdict.delivery.attempts,
    result: result.detail,
    verdict: verdict.kind,
  });
  if (verdict.kind === 'retry') {
    await ports.message.waitSeconds(verdict.waitSeconds);
    throw new NotYetDue(
      `${delivery.messageId} failed (${result.detail}); next attempt in ${verdict.waitSeconds} s`,
    );
  }
  if (verdict.kind === 'dead') await ports.message.sendToDeadLetter();
  return verdict.kind;
}

/**
 * The attempt is held by another worker — at work on it, or gone with a crashed process before
 * it saved the outcome. While the delivery still waits at that attempt, this message comes
 * back once the hold is over, so that an attempt cut short is made after all, not dropped.
 */
async function waitForHolder(
  ports: DeliverPorts,
  delivery: Delivery,
  settings: DeliverSettings,
): Promise<void> {
  const current = await ports.callbacks.delivery(delivery.webhookId, delivery.eventId);
  if (current?.status !== 'pending' || current.attempts !== delivery.attempts) return;
  await ports.message.waitSeconds(settings.attemptHoldMs / 1000 + 1);
  throw new NotYetDue(`${delivery.messageId}: attempt ${delivery.attempts + 1} is held by another worker`);
}

async function tellOwner(owners: NotificationOutbox, subscription: Subscription, threshold: number) {
  if (!subscription.contactEmail) return;
  await owners.send({
    notificationId: `${subscription.webhookId}:disabled`,
    channel: 'email',
    to: subscription.contactEmail,
    subject: `Callback endpoint disabled: ${subscription.url}`,
    text:
      `The endpoint ${subscription.url} (${subscription.webhookId}) failed ${threshold} ` +
      'deliveries in a row and no longer receives callbacks. Fix it, then replay from the time it stopped: ' +
      `POST /v1/webhooks/${subscription.webhookId}/replay.`,
  });
}
