/** What the callback use cases need from storage, the queue and the wire. */
import type { Delivery, Subscription } from '../../domain/callbacks.ts';
import type { CallbackDeliveryMessage } from '../messages.ts';

export interface CallbackRepository {
  subscriptions(agencyCode: string): Promise<Subscription[]>;
  subscription(agencyCode: string, webhookId: string): Promise<Subscription | null>;
  /** The event's per-dossier number: the same on every retry. */
  sequenceFor(consignmentRef: string, eventId: string): Promise<number>;
  /** Records a delivery once; false when it already existed. */
  createDelivery(delivery: Delivery): Promise<boolean>;
  delivery(webhookId: string, eventId: string): Promise<Delivery | null>;
  /** Takes the next attempt for one worker; a duplicate message gets false. */
  claimAttempt(delivery: Delivery, now: Date, holdMs: number): Promise<boolean>;
  saveDelivery(delivery: Delivery): Promise<void>;
  /** Counts a failed attempt and answers the count; a success resets it. */
  recordOutcome(agencyCode: string, webhookId: string, ok: boolean): Promise<number>;
  /** Disables an active endpoint; false when it was already disabled. */
  disable(agencyCode: string, webhookId: string, at: string): Promise<boolean>;
}

/** The queue of callbacks to deliver. */
export interface DeliveryQueue {
  queueDelivery(message: CallbackDeliveryMessage): Promise<void>;
}

/** Posts one signed callback to its receiver. */
export interface CallbackSender {
  post(subscription: Subscription, delivery: Delivery): Promise<{ ok: boolean; detail: string }>;
}

/** The message being delivered: it may wait (stay invisible) or go to the dead-letter queue. */
export interface DeliveryMessageControl {
  waitSeconds(seconds: number): Promise<void>;
  sendToDeadLetter(): Promise<void>;
}
