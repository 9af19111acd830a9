/**
 * The table stream's work, once its records are read: every committed event becomes a
 * message on the queues that act on it, a new collection or journey's end goes to the
 * ledger, every change of an item brings its office's worklist up to date, and a journey's
 * end or a rating adds to the indicators.
 */
import { type DomainEvent, queuesFor } from '../../domain/events.ts';
import { type ItemChange, type WorklistChanges, worklistChanges } from '../../domain/items/worklist.ts';
import type { LedgerFactMessage } from '../../domain/money/collections.ts';
import type { Rating } from '../../domain/satisfaction.ts';
import {
  countDocuments,
  countJourneyEnd,
  countRating,
  countRemittance,
  type IndicatorPorts,
  type RemittanceMade,
} from '../indicators/keep-indicators.ts';

export type QueueName = ReturnType<typeof queuesFor>[number] | 'ledger';

/** What one stream record means: at most one of these. */
export type StreamChange =
  | { readonly kind: 'event'; readonly event: DomainEvent; readonly item?: ItemChange }
  | { readonly kind: 'ledger-fact'; readonly message: LedgerFactMessage }
  | { readonly kind: 'item'; readonly item: ItemChange }
  | { readonly kind: 'rating'; readonly rating: Rating }
  | { readonly kind: 'remittance'; readonly remittance: RemittanceMade }
  | { readonly kind: 'none' };

/** Sends a message to one of the system's queues, with string attributes. */
export interface MessagePublisher {
  send(queue: QueueName, body: unknown, attributes: Readonly<Record<string, string>>): Promise<void>;
}

export interface Worklist {
  applyWorklist(changes: WorklistChanges): Promise<void>;
}

/** Sends what one change announces; answers the queues it went to. */
export async function publishChange(publisher: MessagePublisher, change: StreamChange): Promise<QueueName[]> {
  if (change.kind === 'ledger-fact') {
    await publisher.send('ledger', change.message, { factId: change.message.fact.factId });
    return ['ledger'];
  }
  if (change.kind !== 'event') return [];
  const { event } = change;
  const queues = [...queuesFor(event)];
  for (const queue of queues) {
    await publisher.send(queue, event, { eventType: event.type, eventId: event.eventId });
  }
  return queues;
}

/** Adds what a change counts to the indicators (a journey's end, a rating, scans, a remittance), once. */
export async function countIndicators(ports: IndicatorPorts, change: StreamChange): Promise<boolean> {
  if (change.kind === 'rating') return countRating(ports, change.rating);
  if (change.kind === 'remittance') return countRemittance(ports, change.remittance);
  if (change.kind === 'event') {
    if (change.event.type === 'dossier.documents-attached') return countDocuments(ports, change.event);
    return countJourneyEnd(ports, change.event);
  }
  return false;
}

/** The item changes of a batch, in order. */
export const itemChangesOf = (changes: readonly StreamChange[]): ItemChange[] =>
  changes.flatMap((change) =>
    change.kind === 'item' || (change.kind === 'event' && change.item) ? [change.item as ItemChange] : [],
  );

/** Brings the worklist up to date with a batch's item changes, in one pass. */
export async function keepWorklist(worklist: Worklist, changes: readonly ItemChange[]): Promise<void> {
  if (changes.length === 0) return;
  await worklist.applyWorklist(worklistChanges(changes));
}
