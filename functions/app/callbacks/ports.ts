/** What the callback use cases need from storage, the queue and the wire. */
import type { Delivery, Subscription } from '../../domain/callbacks.ts';
import type { CallbackDeliveryMessage } from '../messages.ts';

export interface CallbackRepository {
  subscriptions(agencyCode: string): Promise<Subscription[]>;
  subscription(agencyCode: string, webhookId: string): Promise<Subscription | null>;
  /**
   * The event's per-dossier number: the same on every retry. The deliveries it will have
   * (one per subscription named) are marked open with it at once, so that no later event of
   * the dossier goes out before it.
   */
  sequenceFor(consignmentRef: string, eventId: string, webhookIds: readonly string[]): Promise<number>;
  /** The earliest delivery of the dossier to this subscription still open before `sequence`. */
  earliestOpen(
    webhookId: string,
    consignmentRef: string,
    sequence: number,
  ): Promise<{ readonly eventId: string; readonly sequence: number } | null>;
  /** The next delivery of the dossier to this subscription still open after `sequence`. */
  nextOpen(
    webhookId: string,
    consignmentRef: string,
    sequence: number,
  ): Promise<{ readonly eventId: string; readonly sequence: number } | null>;
  /** Records a delivery once; false when it already existed. */
  createDelivery(delivery: Delivery): Promise<boolean>;
  delivery(webhookId: string, eventId: string): Promise<Delivery | null>;
  /** Takes the next attempt for one worker; a duplicate message gets false. */
  claimAttempt(delivery: Delivery, now: Date, holdMs: number): Promise<boolean>;
  /** Saves a delivery; it stays open for its dossier's order while pending. */
  saveDelivery(delivery: Delivery): Promise<void>;
  /**
   * Counts a failed attempt (and keeps when the failures in a row began); a success resets
   * both. Answers the subscription as it now is; null when it is gone.
   */
  recordOutcome(agencyCode: string, webhookId: string, ok: boolean, at: string): Promise<Subscription | null>;
  /** Marks the owner warned of the failing spell that began at `failingSince`; false when already. */
  markWarned(agencyCode: string, webhookId: string, failingSince: string, at: string): Promise<boolean>;
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
