/**
 * Delivers one callback. The callbacks of one dossier go out in sequence: a delivery waits
 * while an earlier one of its dossier is still pending for the same subscription. A failed
 * attempt waits on the backoff schedule (the message stays invisible); after the last
 * attempt the message goes to the dead-letter queue, where replay finds it again. An endpoint
 * whose every attempt has failed for a day is reported to its owner; after five days
 * (configurable) it is disabled and its owner told, once.
 */
import {
  afterAttempt,
  type Delivery,
  type FailingPolicy,
  failingVerdict,
  MAX_VISIBILITY_SECONDS,
  type Subscription,
} from '../../domain/callbacks.ts';
import type { NotificationOutbox } from '../../domain/notifications.ts';
import type { CallbackDeliveryMessage } from '../messages.ts';
import type { CallbackRepository, CallbackSender, DeliveryMessageControl, DeliveryQueue } from './ports.ts';

/** Thrown to leave the message on the queue: it is not yet due, or waits for its next attempt. */
export class NotYetDue extends Error {
  override readonly name = 'NotYetDue';
}

export interface DeliverPorts {
  readonly callbacks: CallbackRepository;
  readonly sender: CallbackSender;
  readonly message: DeliveryMessageControl;
  /** Where the next delivery of a dossier is queued once the one before it is done with. */
  readonly queue: DeliveryQueue;
  readonly owners: NotificationOutbox;
  /** Where the attempt and a disabled endpoint are told (the function's logger). */
  readonly log: (message: string, fields: Record<string, unknown>) => void;
}

export interface DeliverSettings {
  readonly backoffSeconds: readonly number[];
  /** When an endpoint that only fails is reported to its owner, and when it is disabled. */
  readonly failing: FailingPolicy;
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
  await holdBackBehindEarlier(ports, delivery, now);
  if (!(await callbacks.claimAttempt(delivery, now, settings.attemptHoldMs))) {
    await waitForHolder(ports, delivery, settings);
    return 'skipped';
  }
  const result = await ports.sender.post(subscription, delivery);
  const verdict = afterAttempt(delivery, result, now, settings.backoffSeconds);
  await callbacks.saveDelivery(verdict.delivery);
  if (verdict.kind !== 'retry') await releaseNext(ports, verdict.delivery);
  await judgeEndpoint(ports, subscription, result.ok, now, settings.failing);
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
 * One dossier's callbacks reach the receiver in sequence: while an earlier delivery of the
 * dossier to this subscription is pending (waiting for an attempt or retrying), this one
 * waits until that one's next attempt is due, and looks again.
 */
async function holdBackBehindEarlier(ports: DeliverPorts, delivery: Delivery, now: Date): Promise<void> {
  if (delivery.consignmentRef === undefined || delivery.sequence === undefined) return;
  const earlier = await ports.callbacks.earliestOpen(
    delivery.webhookId,
    delivery.consignmentRef,
    delivery.sequence,
  );
  if (!earlier) return;
  const blocking = await ports.callbacks.delivery(delivery.webhookId, earlier.eventId);
  const dueInSeconds = blocking ? (Date.parse(blocking.nextAttemptAt) - now.getTime()) / 1000 : 0;
  await ports.message.waitSeconds(Math.min(MAX_VISIBILITY_SECONDS, Math.max(1, Math.ceil(dueInSeconds) + 1)));
  throw new NotYetDue(
    `${delivery.messageId} (number ${delivery.sequence}) waits for number ${earlier.sequence} of its dossier`,
  );
}

/**
 * A delivery done with (delivered, or dead) no longer holds its dossier's next one back: that
 * one is queued again at once rather than when its own wait is over. A repeat is harmless
 * (each attempt is claimed once); if this is lost, the waiting message still comes back.
 */
async function releaseNext(ports: DeliverPorts, done: Delivery): Promise<void> {
  if (done.consignmentRef === undefined || done.sequence === undefined) return;
  const next = await ports.callbacks.nextOpen(done.webhookId, done.consignmentRef, done.sequence);
  if (next)
    await ports.queue.queueDelivery({
      agencyCode: done.agencyCode,
      webhookId: done.webhookId,
      eventId: next.eventId,
    });
}

/**
 * What the attempt says of the endpoint. A success ends a failing spell; a failure starts or
 * extends one: after a day of nothing but failures the owner is warned, and after the
 * policy's whole period the endpoint is disabled and its owner told, each once.
 */
async function judgeEndpoint(
  ports: DeliverPorts,
  subscription: Subscription,
  ok: boolean,
  now: Date,
  policy: FailingPolicy,
): Promise<void> {
  const { agencyCode, webhookId } = subscription;
  const current = await ports.callbacks.recordOutcome(agencyCode, webhookId, ok, now.toISOString());
  if (ok || !current?.failingSince) return;
  const verdict = failingVerdict(current, now, policy);
  if (
    verdict === 'warn' &&
    (await ports.callbacks.markWarned(agencyCode, webhookId, current.failingSince, now.toISOString()))
  ) {
    ports.log('callback endpoint failing', { webhookId, failingSince: current.failingSince });
    await tellOwner(ports.owners, current, 'failing');
  }
  if (verdict === 'disable' && (await ports.callbacks.disable(agencyCode, webhookId, now.toISOString()))) {
    ports.log('callback endpoint disabled', { webhookId, failingSince: current.failingSince });
    await tellOwner(ports.owners, current, 'disabled');
  }
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

async function tellOwner(
  owners: NotificationOutbox,
  subscription: Subscription,
  what: 'failing' | 'disabled',
): Promise<void> {
  if (!subscription.contactEmail) return;
  const since = subscription.failingSince ?? '';
  const replay = `POST /v1/webhooks/${subscription.webhookId}/replay`;
  await owners.send({
    notificationId: `${subscription.webhookId}:${what}:${since}`,
    channel: 'email',
    to: subscription.contactEmail,
    ...(what === 'failing'
      ? {
          subject: `Callback endpoint failing: ${subscription.url}`,
          text:
            `Every delivery to ${subscription.url} (${subscription.webhookId}) has failed since ${since}. ` +
            'Callbacks are kept and retried; if nothing gets through, the endpoint will be disabled. ' +
            `Once it answers again, everything still pending is sent in order (or use ${replay}).`,
        }
      : {
          subject: `Callback endpoint disabled: ${subscription.url}`,
          text:
            `Every delivery to ${subscription.url} (${subscription.webhookId}) has failed since ${since}; ` +
            'the endpoint no longer receives callbacks. Fix it, then enable it again with ' +
            `${replay}: everything still pending is sent, in order.`,
        }),
  });
}
