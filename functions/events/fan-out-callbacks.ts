/**
 * One delivery per matching subscription for every domain event of an agency's dossier.
 * The delivery is recorded before it is queued, once per (subscription, event): a retried
 * batch queues a delivery again only if it was not already recorded.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { queueDelivery } from '../adapters/callback-deliveries.ts';
import { callbackStore } from '../adapters/index.ts';
import { logger } from '../commons/powertools.ts';
import { matchesEvent, newDelivery } from '../domain/callbacks.ts';
import type { DomainEvent } from '../domain/events.ts';

const processor = new BatchProcessor(EventType.SQS);

async function fanOut(record: SQSRecord): Promise<void> {
  const event = JSON.parse(record.body) as DomainEvent;
  const subscriptions = (await callbackStore().subscriptions(event.agencyCode)).filter(
    (subscription) => subscription.status === 'active' && matchesEvent(subscription.events, event.type),
  );
  if (subscriptions.length === 0) return;
  const sequence = await callbackStore().sequenceFor(event.consignmentRef, event.eventId);
  for (const subscription of subscriptions) {
    const delivery = newDelivery(subscription, event, sequence, new Date());
    const created = await callbackStore().createDelivery(delivery);
    const existing = created
      ? delivery
      : await callbackStore().delivery(subscription.webhookId, event.eventId);
    // Queued again only while it still waits for its first attempt (a batch retried after a failure).
    if (created || (existing?.status === 'pending' && existing.attempts === 0)) {
      await queueDelivery({
        agencyCode: event.agencyCode,
        webhookId: subscription.webhookId,
        eventId: event.eventId,
      });
    }
  }
  logger.debug('callbacks fanned out', { eventId: event.eventId, subscriptions: subscriptions.length });
}

export const handler = middy<SQSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => processPartialResponse(event, fanOut, processor, { context }));
