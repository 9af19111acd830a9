/** In-memory callback ports, for the use cases' tests. */
import type { Delivery, Subscription } from '../../domain/callbacks.ts';
import type { CallbackDeliveryMessage } from '../messages.ts';
import type { CallbackRepository, CallbackSender, DeliveryMessageControl, DeliveryQueue } from './ports.ts';

const openKey = (webhookId: string, consignmentRef: string, sequence: number): string =>
  `${webhookId}/${consignmentRef}/${sequence}`;

export class MemoryCallbackRepository implements CallbackRepository {
  readonly subscriptionsById = new Map<string, Subscription>();
  readonly deliveries = new Map<string, Delivery>();
  private readonly sequences = new Map<string, number>();
  private readonly counters = new Map<string, number>();
  private readonly claims = new Map<string, number>();
  /** Open deliveries by `webhookId/consignmentRef/sequence`, as the dossier's order sees them. */
  private readonly open = new Map<string, string>();

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

  async sequenceFor(consignmentRef: string, eventId: string, webhookIds: readonly string[]): Promise<number> {
    const existing = this.sequences.get(eventId);
    if (existing !== undefined) return existing;
    const next = (this.counters.get(consignmentRef) ?? 0) + 1;
    this.counters.set(consignmentRef, next);
    this.sequences.set(eventId, next);
    for (const webhookId of webhookIds) this.open.set(openKey(webhookId, consignmentRef, next), eventId);
    return next;
  }

  async earliestOpen(webhookId: string, consignmentRef: string, sequence: number) {
    const [first] = this.openOf(webhookId, consignmentRef).filter((entry) => entry.sequence < sequence);
    return first ?? null;
  }

  async nextOpen(webhookId: string, consignmentRef: string, sequence: number) {
    const [next] = this.openOf(webhookId, consignmentRef).filter((entry) => entry.sequence > sequence);
    return next ?? null;
  }

  private openOf(webhookId: string, consignmentRef: string): { eventId: string; sequence: number }[] {
    const prefix = `${webhookId}/${consignmentRef}/`;
    return [...this.open.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, eventId]) => ({ eventId, sequence: Number(key.slice(prefix.length)) }))
      .sort((left, right) => left.sequence - right.sequence);
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
    const open = openKey(delivery.webhookId, delivery.consignmentRef, delivery.sequence);
    if (delivery.status === 'pending') this.open.set(open, delivery.eventId);
    else this.open.delete(open);
  }

  async recordOutcome(_agencyCode: string, webhookId: string, ok: boolean, at: string) {
    const found = this.subscriptionsById.get(webhookId);
    if (!found) return null;
    const { failingSince, ...rest } = found;
    const next: Subscription = ok
      ? { ...rest, consecutiveFailures: 0 }
      : { ...rest, consecutiveFailures: found.consecutiveFailures + 1, failingSince: failingSince ?? at };
    this.subscriptionsById.set(webhookId, next);
    return next;
  }

  async markWarned(_agencyCode: string, webhookId: string, failingSince: string, at: string) {
    const found = this.subscriptionsById.get(webhookId);
    if (found?.failingSince !== failingSince || (found.warnedAt && found.warnedAt >= failingSince))
      return false;
    this.subscriptionsById.set(webhookId, { ...found, warnedAt: at });
    return true;
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
