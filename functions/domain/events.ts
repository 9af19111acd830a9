/**
 * Domain events: written in the same transaction as the state change they announce, then
 * carried from the table stream to the queues of the parts that act on them.
 */
import type { QueueName } from '../../infra/manifest.ts';
import type { DossierEvent } from './dossiers.ts';

export const EVENT_TYPES = ['dossier.registered', 'dossier.result-ready'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Which queues receive each event type. An event type no queue wants stays in the table only. */
export const EVENT_ROUTES: Readonly<Record<EventType, readonly QueueName[]>> = {
  'dossier.registered': ['notifications'],
  'dossier.result-ready': ['notifications'],
};

export function queuesFor(event: Pick<DossierEvent, 'type'>): readonly QueueName[] {
  return (EVENT_ROUTES as Record<string, readonly QueueName[]>)[event.type] ?? [];
}
