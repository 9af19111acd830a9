/**
 * Replay a subscription's callbacks, which also enables it again: every delivery of an event
 * that happened since `since` is sent again, and every delivery still pending from the
 * subscription's failing spell (up to the replay window) is sent as it was, so that nothing
 * held back while the endpoint failed or was disabled is left behind. Deliveries are queued
 * day by day, oldest first; each dossier's still go out in sequence (see deliverCallback).
 */
import { localDate } from '../../domain/calendar/working-days.ts';
import { type Delivery, MAX_REPLAY_DAYS, type Subscription } from '../../domain/callbacks.ts';
import type { CallbackRepository, DeliveryQueue } from './ports.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReplayPorts {
  readonly callbacks: Pick<CallbackRepository, 'saveDelivery'> & {
    /** A subscription's deliveries of one day (Vietnam's date), oldest first, from `from`. */
    deliveriesOfDay(webhookId: string, day: string, from: string): Promise<Delivery[]>;
    putSubscription(subscription: Subscription): Promise<void>;
  };
  readonly queue: DeliveryQueue;
  /** Deliveries one day of the index gives at most: a full day means the replay was cut short. */
  readonly maxPerDay: number;
}

export interface ReplayOutcome {
  /** Deliveries sent again: every one since `since`, and those still pending before it. */
  readonly replayed: number;
  readonly truncated: boolean;
}

export async function replayDeliveries(
  ports: ReplayPorts,
  subscription: Subscription,
  since: Date,
  now: Date,
): Promise<ReplayOutcome> {
  const windowStart = now.getTime() - MAX_REPLAY_DAYS * DAY_MS;
  const failingSince = subscription.failingSince
    ? Date.parse(subscription.failingSince)
    : Number.POSITIVE_INFINITY;
  const from = new Date(Math.max(windowStart, Math.min(since.getTime(), failingSince)));
  // The owner has fixed the endpoint: it is active again, its failing spell over.
  const { failingSince: _spell, warnedAt: _warned, disabledAt: _disabled, ...rest } = subscription;
  await ports.callbacks.putSubscription({ ...rest, status: 'active', consecutiveFailures: 0 });
  let truncated = false;
  const again: Delivery[] = [];
  for (let day = localDate(from); day <= localDate(now); day = nextDay(day)) {
    const deliveries = await ports.callbacks.deliveriesOfDay(subscription.webhookId, day, from.toISOString());
    truncated ||= deliveries.length >= ports.maxPerDay;
    for (const delivery of deliveries) {
      const sinceAsked = Date.parse(delivery.occurredAt) >= since.getTime();
      if (sinceAsked || delivery.status === 'pending')
        again.push({
          ...delivery,
          status: 'pending',
          attempts: sinceAsked ? 0 : delivery.attempts,
          nextAttemptAt: now.toISOString(),
        });
    }
  }
  // All are pending again before any is queued, so that none overtakes an earlier one of its dossier.
  for (const delivery of again) await ports.callbacks.saveDelivery(delivery);
  for (const delivery of again)
    await ports.queue.queueDelivery({
      agencyCode: subscription.agencyCode,
      webhookId: delivery.webhookId,
      eventId: delivery.eventId,
    });
  return { replayed: again.length, truncated };
}

const nextDay = (day: string): string => localDate(new Date(Date.parse(`${day}T12:00:00+07:00`) + DAY_MS));
