/**
 * Tells citizens what happened to their dossier. Each notification is sent at most once per
 * event and channel: a claim guards it, released if the carrier fails so that the queue's
 * retry sends it again.
 */
import type { Dossier } from '../../domain/dossiers.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import {
  itemNotificationsFor,
  type Notification,
  type NotificationOutbox,
  notificationsFor,
} from '../../domain/notifications.ts';

/** Guards a notification so that it is sent once. */
export interface SendOnceGuard {
  /** `claimed`: send it now; `sent`: already sent; `in-progress`: another worker is sending it. */
  claim(notificationId: string): Promise<'claimed' | 'sent' | 'in-progress'>;
  markSent(notificationId: string, carrierId: string): Promise<void>;
  release(notificationId: string): Promise<void>;
}

export interface NotificationPorts {
  readonly item: (itemCode: string) => Promise<ItemRecord | null>;
  readonly dossier: (dossierRef: string) => Promise<Dossier | null>;
  /** The one-time code of the item's current delivery attempt. */
  readonly deliveryCode: (item: ItemRecord) => Promise<string>;
  readonly outbox: NotificationOutbox;
  readonly guard: SendOnceGuard;
}

async function notificationsOf(ports: NotificationPorts, event: DomainEvent): Promise<Notification[]> {
  if (event.itemCode) {
    const item = await ports.item(event.itemCode);
    if (!item) throw new Error(`Event ${event.eventId} names an unknown item`);
    // Read only for the event that sends a code: the others never touch the secret.
    const code = event.type === 'item.out-for-delivery' ? await ports.deliveryCode(item) : '';
    return itemNotificationsFor(event, item, () => code);
  }
  const dossier = await ports.dossier(event.consignmentRef);
  if (!dossier) throw new Error(`Event ${event.eventId} names an unknown dossier`);
  return notificationsFor(event, dossier);
}

/** Answers the notifications sent now (not those sent before). */
export async function sendNotifications(
  ports: NotificationPorts,
  event: DomainEvent,
): Promise<Notification[]> {
  const sent: Notification[] = [];
  for (const notification of await notificationsOf(ports, event)) {
    const claim = await ports.guard.claim(notification.notificationId);
    if (claim === 'sent') continue;
    if (claim === 'in-progress') throw new Error(`Notification ${notification.notificationId} is being sent`);
    try {
      const carrierId = await ports.outbox.send(notification);
      await ports.guard.markSent(notification.notificationId, carrierId);
      sent.push(notification);
    } catch (error) {
      await ports.guard.release(notification.notificationId);
      throw error;
    }
  }
  return sent;
}
