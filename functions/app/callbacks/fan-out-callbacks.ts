/**
 * One delivery per matching subscription for every domain event of an agency's dossier.
 * The delivery is recorded before it is queued, once per (subscription, event): a retried
 * batch queues a delivery again only while it still waits for its first attempt.
 */
import { matchesEvent, newDelivery } from '../../domain/callbacks.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { CallbackRepository, DeliveryQueue } from './ports.ts';

export interface FanOutPorts {
  readonly callbacks: Pick<
    CallbackRepository,
    'subscriptions' | 'sequenceFor' | 'createDelivery' | 'delivery'
  >;
  readonly queue: DeliveryQueue;
}

/** Answers how many deliveries were queued. */
export async function fanOutCallbacks(ports: FanOutPorts, event: DomainEvent, now: Date): Promise<number> {
  const subscriptions = (await ports.callbacks.subscriptions(event.agencyCode)).filter(
    (subscription) => subscription.status === 'active' && matchesEvent(subscription.events, event.type),
  );
  if (subscriptions.length === 0) return 0;
  const sequence = await ports.callbacks.sequenceFor(
    event.consignmentRef,
    event.eventId,
    subscriptions.map((subscription) => subscription.webhookId),
  );
  let queued = 0;
  for (const subscription of subscriptions) {
    const delivery = newDelivery(subscription, event, sequence, now);
    const created = await ports.callbacks.createDelivery(delivery);
    const existing = created
      ? delivery
      : await ports.callbacks.delivery(subscription.webhookId, event.eventId);
    if (created || (existing?.status === 'pending' && existing.attempts === 0)) {
      await ports.queue.queueDelivery({
        agencyCode: event.agencyCode,
        webhookId: subscription.webhookId,
        eventId: event.eventId,
      });
      queued += 1;
    }
  }
  return queued;
}
