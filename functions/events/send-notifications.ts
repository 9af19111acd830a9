/**
 * Tells citizens what happened to their dossier. Each notification is sent at most once
 * per event and channel: a claim in the table guards it, released if the carrier fails so
 * that the queue's retry sends it again.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { ENV, functions } from '../../infra/manifest.ts';
import { dossierStore, idempotencyStore, itemStore } from '../adapters/index.ts';
import { FileOutbox } from '../adapters/notifications/file-outbox.ts';
import { SmsOutbox } from '../adapters/notifications/sms-outbox.ts';
import { isLocalRuntime, requiredEnv } from '../commons/clients.ts';
import { logger } from '../commons/powertools.ts';
import { SNSClient } from '../commons/sdk/sns.ts';
import { deliveryCodeSecret } from '../commons/secrets.ts';
import type { DomainEvent } from '../domain/events.ts';
import { deliveryCode } from '../domain/items/scans.ts';
import {
  itemNotificationsFor,
  type Notification,
  type NotificationOutbox,
  notificationsFor,
} from '../domain/notifications.ts';

const processor = new BatchProcessor(EventType.SQS);
const LEASE_MS = functions.sendNotifications.timeoutSeconds * 1000;

let outbox: NotificationOutbox | undefined;
const notificationOutbox = (): NotificationOutbox => {
  outbox ??= isLocalRuntime() ? new FileOutbox(requiredEnv(ENV.outboxDir)) : new SmsOutbox(new SNSClient({}));
  return outbox;
};

async function notificationsOf(event: DomainEvent): Promise<Notification[]> {
  if (event.itemCode) {
    const snapshot = await itemStore().load(event.itemCode);
    if (!snapshot) throw new Error(`Event ${event.eventId} names an unknown item`);
    const { item } = snapshot;
    const secret = event.type === 'item.out-for-delivery' ? await deliveryCodeSecret() : '';
    return itemNotificationsFor(event, item, () =>
      deliveryCode(secret, item.itemCode, item.outForDeliveryFactId ?? ''),
    );
  }
  const found = await dossierStore().find(event.consignmentRef);
  if (!found) throw new Error(`Event ${event.eventId} names an unknown dossier`);
  return notificationsFor(event, found.dossier);
}

async function notify(record: SQSRecord): Promise<void> {
  const event = JSON.parse(record.body) as DomainEvent;
  for (const notification of await notificationsOf(event)) {
    const key = `notification:${notification.notificationId}`;
    const now = Date.now();
    const claim = await idempotencyStore().claim(key, notification.notificationId, now, now + LEASE_MS);
    if (claim.kind === 'completed') continue;
    if (claim.kind === 'in-progress')
      throw new Error(`Notification ${notification.notificationId} is being sent`);
    try {
      const carrierId = await notificationOutbox().send(notification);
      await idempotencyStore().complete(
        key,
        notification.notificationId,
        { statusCode: 200, headers: {}, body: carrierId },
        Date.now(),
      );
      logger.info('notification sent', {
        notificationId: notification.notificationId,
        channel: notification.channel,
      });
    } catch (error) {
      await idempotencyStore().release(key);
      throw error;
    }
  }
}

export const handler = middy<SQSEvent>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => processPartialResponse(event, notify, processor, { context }));
