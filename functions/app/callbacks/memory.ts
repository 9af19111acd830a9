/** In-memory callback ports, for the use cases' tests. */
import type { Delivery, Subscription } from '../../domain/callbacks.ts';
import type { CallbackDeliveryMessage } from '../messages.ts';
import type { CallbackRepository, CallbackSender, DeliveryMessageControl, DeliveryQueue } from './ports.ts';

export class MemoryCallbackRepository implements CallbackRepository {
  readonly subscriptionsById = new Map<string, Subscription>();
  readonly deliveries = new Map<string, Delivery>();
  private readonly sequences = new Map<string, number>();
  private readonly counters = new Map<string, number>();
  private readonly claims = new Map<string, number>();

  addSubscription(subscription: Subscription): void {
    this.subscriptionsById.set(subscription.webhookId, subscription);
  }

  async subscriptions(agencyCode: string): Promise<Subscription[]> {
    return [...this.subscriptionsById.values()].filter((found) => found.agencyCode === agencyCode);
  }

  async subscription(agencyCode: string, webhookId: string): Promise<Subscription | null> {
    const found = this.subscriptionsById.get(webhookId);
    return found?.agencyCode === agencyCode ? found : null;
  }

  async sequenceFor(consignmentRef: string, eventId: string): Promise<number> {
    const existing = this.sequences.get(eventId);
    if (existing !== undefined) return existing;
    const next = (this.counters.get(consignmentRef) ?? 0) + 1;
    this.counters.set(consignmentRef, next);
    this.sequences.set(eventId, next);
    return next;
  }

  async createDelivery(delivery: Delivery): Promise<boolean> {
    const key = `${delivery.webhookId}/${delivery.eventId}`;
    if (this.deliveries.has(key)) return false;
    this.deliveries.set(key, delivery);
    return true;
  }

  async delivery(webhookId: string, eventId: string): Promise<Delivery | null> {
    return this.deliveries.get(`${webhookId}/${eventId}`) ?? null;
  }

  async claimAttempt(delivery: Delivery, now: Date, holdMs: number): Promise<boolean> {
    const key = `${delivery.webhookId}/${delivery.eventId}`;
    const stored = this.deliveries.get(key);
    const claimedUntil = this.claims.get(key) ?? 0;
    if (stored?.status !== 'pending' || stored.attempts !== delivery.attempts) return false;
    if (claimedUntil >= now.getTime()) return false;
    this.claims.set(key, now.getTime() + holdMs);
    return true;
  }

  async saveDelivery(delivery: Delivery): Promise<void> {
    const key = `${delivery.webhookId}/${delivery.eventId}`;
    this.deliveries.set(key, delivery);
    this.claims.delete(key);
  }

  async recordOutcome(_agencyCode: string, webhookId: string, ok: boolean): Promise<number> {
    const found = this.subscriptionsById.get(webhookId);
    if (!found) return 0;
    const consecutiveFailures = ok ? 0 : found.consecutiveFailures + 1;
    this.subscriptionsById.set(webhookId, { ...found, consecutiveFailures });
    return consecutiveFailures;
  }

  async disable(_agencyCode: string, webhookId: string, at: string): Promise<boolean> {
    const found = this.subscriptionsById.get(webhookId);
    if (found?.status !== 'active') return false;
    this.subscriptionsById.set(webhookId, { ...found, status: 'disabled', disabledAt: at });
    return true;
  }
}

export class MemoryDeliveryQueue implements DeliveryQueue {
  readonly messages: CallbackDeliveryMessage[] = [];
  async queueDelivery(message: CallbackDeliveryMessage): Promise<void> {
    this.messages.push(message);
  }
}

/** A receiver that answers from a script: one result per attempt, then the last one again. */
export class ScriptedSender implements CallbackSender {
  readonly posted: Delivery[] = [];
  constructor(private readonly answers: readonly { ok: boolean; detail: string }[]) {}
  async post(_subscription: Subscription, delivery: Delivery) {
    this.posted.push(delivery);
    const answer = this.answers[Math.min(this.posted.length, this.answers.length) - 1];
    if (!answer) throw new Error('The scripted sender has no answers');
    return answer;
  }
}

export class MemoryMessageControl implements DeliveryMessageControl {
  readonly waits: number[] = [];
  deadLettered = false;
  async waitSeconds(seconds: number): Promise<void> {
    this.waits.push(seconds);
  }
  async sendToDeadLetter(): Promise<void> {
    this.deadLettered = true;
  }
}
