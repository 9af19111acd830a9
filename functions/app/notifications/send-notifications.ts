/**
 * Tells citizens what happened to their dossier. Each notification is sent at most once per
 * event and channel: a claim guards it, released if the carrier fails so that the queue's
 * retry sends it again. Notices other than delivery codes wait out quiet hours (21:00–07:00
 * Vietnam time) — the outcome says when to try again — and are not sent to a citizen who
 * opted out of them.
 */
import type { Dossier } from '../../domain/dossiers.ts';
import type { DomainEvent } from '../../domain/events.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import { sendableAt } from '../../domain/notifications/quiet-hours.ts';
import {
  itemNotificationsFor,
  type Notification,
  type NotificationOutbox,
  notificationsFor,
  ratingNotification,
} from '../../domain/notifications.ts';
import { asksForRating, JOURNEY_END_EVENTS as JOURNEY_END_TYPES } from '../../domain/satisfaction.ts';

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
  readonly preferences: NotificationPreferences;
  /** The link of a dossier's rating page, with its single-use token. */
  readonly ratingLink: (dossier: Pick<Dossier, 'consignmentRef' | 'dossierCode'>) => Promise<string>;
  /** The link where the citizen chooses a delivery window or collection at the office, with its token. */
  readonly choiceLink: (dossier: Pick<Dossier, 'consignmentRef' | 'dossierCode'>) => Promise<string>;
  readonly now: () => Date;
  /** False only where configured so (a demo or test runtime): notices go out at any hour. */
  readonly quietHours?: boolean;
}

/** A citizen's choice, per phone number: opted out of all notices but delivery codes. */
export interface NotificationPreferences {
  optedOut(phone: string): Promise<boolean>;
  setOptedOut(phone: string, optedOut: boolean, at: Date): Promise<void>;
}

export interface NotificationOutcome {
  /** Sent now (not those sent before). */
  readonly sent: Notification[];
  /** Not sent: the citizen opted out. Settled, so a redelivered event does not ask again. */
  readonly optedOut: Notification[];
  /** Held back by quiet hours: try the event again at this time (the sent ones stay sent). */
  readonly deferredUntil: Date | null;
}

/** Marks a notification the guard will not send again, with why in place of a carrier id. */
const OPTED_OUT = 'opted-out';

async function eventNotifications(ports: NotificationPorts, event: DomainEvent): Promise<Notification[]> {
  if (event.itemCode) {
    const item = await ports.item(event.itemCode);
    if (!item) throw new Error(`Event ${event.eventId} names an unknown item`);
    // Read only for the event that sends a code: the others never touch the secret.
    const code = event.type === 'item.out-for-delivery' ? await ports.deliveryCode(item) : '';
    return itemNotificationsFor(event, item, () => code);
  }
  const dossier = await ports.dossier(event.consignmentRef);
  if (!dossier) throw new Error(`Event ${event.eventId} names an unknown dossier`);
  // Read only for the notice that carries it.
  const choice = event.type === 'dossier.result-ready' ? await ports.choiceLink(dossier) : '';
  return notificationsFor(event, dossier, { choice });
}

/** The event's own notices, then the rating link when the event ends the citizen's journey. */
async function notificationsOf(ports: NotificationPorts, event: DomainEvent): Promise<Notification[]> {
  const notifications = await eventNotifications(ports, event);
  if (!JOURNEY_END_TYPES.has(event.type)) return notifications;
  const dossier = await ports.dossier(event.consignmentRef);
  if (!dossier || !asksForRating(event, dossier)) return notifications;
  return [...notifications, ratingNotification(dossier, await ports.ratingLink(dossier))];
}

/** Sends a notification unless it was sent before: true when it went now. */
export async function sendOnce(
  ports: Pick<NotificationPorts, 'guard' | 'outbox'>,
  notification: Notification,
): Promise<boolean> {
  const claim = await ports.guard.claim(notification.notificationId);
  if (claim === 'sent') return false;
  if (claim === 'in-progress') throw new Error(`Notification ${notification.notificationId} is being sent`);
  try {
    const carrierId = await ports.outbox.send(notification);
    await ports.guard.markSent(notification.notificationId, carrierId);
    return true;
  } catch (error) {
    await ports.guard.release(notification.notificationId);
    throw error;
  }
}

async function optOut(ports: NotificationPorts, notification: Notification): Promise<boolean> {
  if (!(await ports.preferences.optedOut(notification.to))) return false;
  if ((await ports.guard.claim(notification.notificationId)) !== 'claimed') return true;
  await ports.guard.markSent(notification.notificationId, OPTED_OUT);
  return true;
}

export async function sendNotifications(
  ports: NotificationPorts,
  event: DomainEvent,
): Promise<NotificationOutcome> {
  const sent: Notification[] = [];
  const optedOut: Notification[] = [];
  const deferred: Date[] = [];
  const now = ports.now();
  for (const notification of await notificationsOf(ports, event)) {
    const deliveryCode = notification.template?.deliveryCode ?? false;
    if (!deliveryCode && (await optOut(ports, notification))) {
      optedOut.push(notification);
      continue;
    }
    const at = ports.quietHours === false ? now : sendableAt(now, deliveryCode);
    if (at > now) {
      deferred.push(at);
      continue;
    }
    if (await sendOnce(ports, notification)) sent.push(notification);
  }
  const latest = Math.max(...deferred.map((at) => at.getTime()));
  return { sent, optedOut, deferredUntil: deferred.length > 0 ? new Date(latest) : null };
}
