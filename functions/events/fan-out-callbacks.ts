/** The `callbacks` queue's consumer: each domain event, parsed, fanned out to its subscriptions. */

import { callbackStore } from '../adapters/index.ts';
import { callbackDeliveryQueue } from '../adapters/sqs/callback-deliveries.ts';
import { fanOutCallbacks } from '../app/callbacks/fan-out-callbacks.ts';
import { DomainEventMessageSchema } from '../app/messages.ts';
import { systemNow } from '../commons/clock.ts';
import { logger } from '../commons/powertools.ts';
import { queueConsumer } from '../commons/queue-consumer.ts';

export const handler = queueConsumer(DomainEventMessageSchema, async (event) => {
  const queued = await fanOutCallbacks(
    { callbacks: callbackStore(), queue: callbackDeliveryQueue },
    event,
    systemNow(),
  );
  logger.debug('callbacks fanned out', { eventId: event.eventId, queued });
});
