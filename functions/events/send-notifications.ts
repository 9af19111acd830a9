/** The `notifications` queue's consumer: each domain event, parsed, told to the citizen. */
import { ENV, functions } from '../../infra/manifest.ts';
import { dossierStore, idempotencyStore, itemStore } from '../adapters/index.ts';
import { citizenChannels } from '../adapters/notifications/citizen-channels.ts';
import { FileOutbox } from '../adapters/notifications/file-outbox.ts';
import { DomainEventMessageSchema } from '../app/messages.ts';
import { ChannelOutbox } from '../app/notifications/channels.ts';
import { type SendOnceGuard, sendNotifications } from '../app/notifications/send-notifications.ts';
import { isLocalRuntime, requiredEnv } from '../commons/clients.ts';
import { logger } from '../commons/powertools.ts';
import { queueConsumer } from '../commons/queue-consumer.ts';
import { SNSClient } from '../commons/sdk/sns.ts';
import { deliveryCodeSecret } from '../commons/secrets.ts';
import { deliveryCode } from '../domain/items/scans.ts';
import type { NotificationOutbox } from '../domain/notifications.ts';

const LEASE_MS = functions.sendNotifications.timeoutSeconds * 1000;

let outbox: NotificationOutbox | undefined;
const notificationOutbox = (): NotificationOutbox => {
  if (outbox) return outbox;
  const channels = citizenChannels(process.env, isLocalRuntime() ? undefined : new SNSClient({}));
  outbox = channels.length > 0 ? new ChannelOutbox(channels) : new FileOutbox(requiredEnv(ENV.outboxDir));
  return outbox;
};

/** A notification's claim is an idempotency record of its own. */
const guard: SendOnceGuard = {
  async claim(notificationId) {
    const now = Date.now();
    const key = `notification:${notificationId}`;
    const claim = await idempotencyStore().claim(key, notificationId, now, now + LEASE_MS);
    return claim.kind === 'completed' ? 'sent' : claim.kind;
  },
  async markSent(notificationId, carrierId) {
    const answer = { statusCode: 200, headers: {}, body: carrierId };
    await idempotencyStore().complete(`notification:${notificationId}`, notificationId, answer, Date.now());
  },
  release: (notificationId) => idempotencyStore().release(`notification:${notificationId}`),
};

export const handler = queueConsumer(DomainEventMessageSchema, async (event) => {
  const sent = await sendNotifications(
    {
      item: async (itemCode) => (await itemStore().load(itemCode))?.item ?? null,
      dossier: async (dossierRef) => (await dossierStore().find(dossierRef))?.dossier ?? null,
      deliveryCode: async (item) =>
        deliveryCode(await deliveryCodeSecret(), item.itemCode, item.outForDeliveryFactId ?? ''),
      outbox: notificationOutbox(),
      guard,
    },
    event,
  );
  for (const notification of sent) {
    logger.info('notification sent', {
      notificationId: notification.notificationId,
      channel: notification.channel,
    });
  }
});
