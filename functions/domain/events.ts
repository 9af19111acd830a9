/**
 * Domain events: written in the same transaction as the state change they announce (or,
 * for items, read from the change of the item's own record), then carried from the table
 * stream to the queues of the parts that act on them.
 */
/** The queues an event is carried to from the table stream. */
export type EventQueue = 'notifications' | 'callbacks';

export interface DomainEvent {
  readonly eventId: string;
  readonly type: string;
  /** Per-dossier order, for dossier events. */
  readonly sequence?: number;
  readonly occurredAt: string;
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly agencyCode: string;
  readonly itemCode?: string;
  readonly data: Record<string, unknown>;
}

/** Event types citizens are told about. */
export const NOTIFIED_EVENTS: ReadonlySet<string> = new Set([
  'dossier.registered',
  'dossier.result-ready',
  'dossier.accepted',
  'dossier.refused',
  'item.out-for-delivery',
  'item.delivery-failed',
  'item.delivered',
  // The journey's end: the citizen is asked to rate the service.
  'dossier.delivered',
  'dossier.handed-over',
]);

/** Every event may interest an agency's callback subscriptions; some also reach the citizen. */
export function queuesFor(event: Pick<DomainEvent, 'type'>): readonly EventQueue[] {
  return NOTIFIED_EVENTS.has(event.type) ? ['notifications', 'callbacks'] : ['callbacks'];
}

interface ChoiceFields {
  readonly deliveryWindow?: { readonly day: string; readonly part: string } | null;
  readonly holdChosen?: boolean;
  readonly heldUntil?: string | null;
}

/** What the citizen chose, as an item event carries it. */
const choiceData = (item: ChoiceFields): Record<string, unknown> => ({
  ...(item.deliveryWindow ? { deliveryWindow: item.deliveryWindow } : {}),
  ...(item.heldUntil ? { heldUntil: item.heldUntil } : {}),
});

/** The citizen's choice, when this change made it and left the status as it was. */
function choiceMade(previous: ChoiceFields, current: ChoiceFields): string | null {
  if (current.deliveryWindow && !previous.deliveryWindow) return 'window-chosen';
  if (current.holdChosen && !previous.holdChosen) return 'hold-chosen';
  return null;
}

/**
 * The event an item's change announces: `item.<status>` when its status changed, the
 * citizen's choice when that alone changed; null otherwise.
 */
export function itemStatusEvent(
  previous: ({ status: string; version: number } & ChoiceFields) | null,
  current: ChoiceFields & {
    itemCode: string;
    status: string;
    version: number;
    direction: string;
    consignmentRef: string;
    dossierCode: string | null;
    agencyCode: string;
    closedAt: string | null;
    /** When the fact that gave the item this status happened. */
    statusAt?: string | null;
  },
  committedAt: string,
): DomainEvent | null {
  const choice = previous && previous.status === current.status ? choiceMade(previous, current) : null;
  if (previous && previous.status === current.status && !choice) return null;
  return {
    eventId: `${current.itemCode}-v${current.version}`,
    type: `item.${choice ?? current.status}`,
    // The fact's own time, as the scanner recorded it; the commit's for older records.
    occurredAt: current.statusAt ?? current.closedAt ?? committedAt,
    consignmentRef: current.consignmentRef,
    dossierCode: current.dossierCode,
    agencyCode: current.agencyCode,
    itemCode: current.itemCode,
    data: {
      direction: current.direction,
      status: current.status,
      previousStatus: previous?.status ?? null,
      ...choiceData(current),
    },
  };
}
