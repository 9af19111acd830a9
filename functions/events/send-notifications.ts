/**
 * The `notifications` queue's consumer: each domain event, parsed, told to the citizen.
 * An event held back by quiet hours is put back on the queue with a delay (SQS allows 15
 * minutes at most), and checked again each time it comes back until 07:00 Vietnam time.
 */
import { ENV, functions } from '../../infra/manifest.ts';
import { deliveryReceipts, dossierStore, itemStore, notificationPreferences } from '../adapters/index.ts';
import { citizenChannels } from '../adapters/notifications/citizen-channels.ts';
import { FileOutbox } from '../adapters/notifications/file-outbox.ts';
import { idempotentSendGuard } from '../adapters/notifications/send-once-guard.ts';
import { DomainEventMessageSchema } from '../app/messages.ts';
import { ChannelOutbox } from '../app/notifications/channels.ts';
import { type SendOnceGuard, sendNotifications } from '../app/notifications/send-notifications.ts';
import { isLocalRuntime, queueUrl, requiredEnv } from '../commons/clients.ts';
import { systemNow, systemNowMs } from '../commons/clock.ts';
import { logger } from '../commons/powertools.ts';
import { queueConsumer } from '../commons/queue-consumer.ts';
import { SNSClient } from '../commons/sdk/sns.ts';
import { SendMessageCommand } from '../commons/sdk/sqs.ts';
import { deliveryCodeSecret } from '../commons/secrets.ts';
import { sqs } from '../commons/sqs-client.ts';
import { trackingUrl } from '../commons/tracking-url.ts';
import { linkToken } from '../domain/citizen-links.ts';
import { deliveryCode } from '../domain/items/scans.ts';
import type { NotificationOutbox } from '../domain/notifications.ts';
import { ratingToken } from '../domain/satisfaction.ts';

const LEASE_MS = functions.sendNotifications.timeoutSeconds * 1000;

let outbox: NotificationOutbox | undefined;
const notificationOutbox = (): NotificationOutbox => {
  if (outbox) return outbox;
  const channels = citizenChannels(process.env, isLocalRuntime() ? undefined : new SNSClient({}));
  outbox = channels.length > 0 ? new ChannelOutbox(channels) : new FileOutbox(requiredEnv(ENV.outboxDir));
  return outbox;
};

/** A notification's claim is an idempotency record of its own; a sent SMS awaits its delivery receipt. */
const guard: SendOnceGuard = idempotentSendGuard(LEASE_MS, async (notificationId, carrierId) => {
  if (carrierId !== 'opted-out') await deliveryReceipts().recordSent(carrierId, notificationId, systemNow());
});

/** The longest delay SQS gives a message. */
export const MAX_DELAY_SECONDS = 900;

async function requeue(event: unknown, until: Date): Promise<void> {
  const seconds = Math.ceil((until.getTime() - systemNowMs()) / 1000);
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: queueUrl('notifications'),
      MessageBody: JSON.stringify(event),
      DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(1, seconds)),
    }),
  );
}

export const handler = queueConsumer(DomainEventMessageSchema, async (event) => {
  const { sent, deferredUntil } = await sendNotifications(
    {
      item: async (itemCode) => (await itemStore().load(itemCode))?.item ?? null,
      dossier: async (dossierRef) => (await dossierStore().find(dossierRef))?.dossier ?? null,
      deliveryCode: async (item) =>
        deliveryCode(await deliveryCodeSecret(), item.itemCode, item.outForDeliveryFactId ?? ''),
      outbox: notificationOutbox(),
      guard,
      preferences: notificationPreferences(),
      ratingLink: async (dossier) =>
        trackingUrl(dossier.dossierCode ?? dossier.consignmentRef, {
          rating: ratingToken(await deliveryCodeSecret(), dossier.consignmentRef),
        }),
      choiceLink: async (dossier) =>
        trackingUrl(dossier.dossierCode ?? dossier.consignmentRef, {
          choice: linkToken(await deliveryCodeSecret(), 'choice', dossier.consignmentRef),
        }),
      now: () => systemNow(),
      quietHours: process.env[ENV.quietHours] !== 'off',
    },
    event,
  );
  if (deferredUntil) {
    await requeue(event, deferredUntil);
    logger.info('notifications held for quiet hours', {
      eventId: event.eventId,
      until: deferredUntil.toISOString(),
    });
  }
  for (const notification of sent) {
    logger.info('notification sent', {
      notificationId: notification.notificationId,
      channel: notification.channel,
    });
  }
});
