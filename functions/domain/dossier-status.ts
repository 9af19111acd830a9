/**
 * A dossier's status as its users read it, derived from the dossier's own facts and the
 * states of its items, never stored apart from them:
 *
 *   registered → in-pickup → handed-over → accepted | refused → result-ready → in-return
 *   → delivered | returned-to-agency, or cancelled.
 *
 * A dossier registered for return only goes registered → result-ready → …; one without the
 * return service ends at accepted, refused or result-ready. A refused dossier goes back to
 * the citizen on an outbound item: it reads refused until the post collects the papers.
 */
import type { Direction, ItemStatus } from './items/lifecycle.ts';

export const DOSSIER_STATUSES = [
  'registered',
  'in-pickup',
  'handed-over',
  'accepted',
  'refused',
  'result-ready',
  'in-return',
  'delivered',
  'returned-to-agency',
  'cancelled',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** Where each status sits on the journey: a dossier never moves to a lower rank. */
export const DOSSIER_STATUS_RANK: Readonly<Record<DossierStatus, number>> = {
  registered: 0,
  'in-pickup': 1,
  'handed-over': 2,
  accepted: 3,
  refused: 3,
  'result-ready': 4,
  'in-return': 5,
  delivered: 6,
  'returned-to-agency': 6,
  cancelled: 7,
};

export interface DossierFacts {
  readonly services: { readonly pickup: boolean; readonly return: boolean };
  /** The citizen withdrew (the dossier's own fact). */
  readonly cancelled: boolean;
  /** The agency said the result is ready (the dossier's own fact; a dossier without return has no item for it). */
  readonly resultReady: boolean;
  readonly items: readonly { readonly direction: Direction; readonly status: ItemStatus }[];
}

const OUTBOUND_STATUS: Partial<Record<ItemStatus, DossierStatus>> = {
  'result-ready': 'result-ready',
  collected: 'in-return',
  'in-transit': 'in-return',
  'out-for-delivery': 'in-return',
  'delivery-failed': 'in-return',
  'held-at-office': 'in-return',
  delivered: 'delivered',
  'returned-to-agency': 'returned-to-agency',
};

const INBOUND_STATUS: Partial<Record<ItemStatus, DossierStatus>> = {
  'picked-up': 'in-pickup',
  'in-transit': 'in-pickup',
  'handed-over': 'handed-over',
  accepted: 'accepted',
  refused: 'refused',
};

export function dossierStatus(facts: DossierFacts): DossierStatus {
  if (facts.cancelled) return 'cancelled';
  const inbound = facts.items.find((item) => item.direction === 'inbound')?.status;
  // The last outbound item is the one travelling (a refused dossier's papers, or the result).
  const outbound = facts.items.findLast((item) => item.direction === 'outbound')?.status;
  const fromInbound = inbound ? INBOUND_STATUS[inbound] : undefined;
  const fromOutbound = outbound ? OUTBOUND_STATUS[outbound] : undefined;
  if (fromOutbound && !(fromOutbound === 'result-ready' && fromInbound === 'refused')) return fromOutbound;
  if (fromInbound === 'refused') return 'refused';
  if (facts.resultReady) return 'result-ready';
  return fromInbound ?? 'registered';
}

/** The statuses a dossier with these services can reach. */
export function reachableStatuses(services: DossierFacts['services']): ReadonlySet<DossierStatus> {
  const reachable = new Set<DossierStatus>(['registered', 'cancelled', 'result-ready']);
  if (services.pickup)
    for (const status of ['in-pickup', 'handed-over', 'accepted', 'refused'] as const) reachable.add(status);
  if (services.return || services.pickup)
    for (const status of ['in-return', 'delivered', 'returned-to-agency'] as const) reachable.add(status);
  return reachable;
}

/** Statuses only the items move a dossier through: a jump over one of them still passes it. */
const WAYPOINTS: readonly DossierStatus[] = ['in-pickup', 'handed-over', 'in-return'];

/**
 * The status a dossier moving from `from` towards `to` takes next: the first waypoint it
 * jumped over (its items moved on faster than the stream followed them), else `to` itself,
 * so that every dossier tells the same steps whatever the timing of its items' changes.
 */
export function nextStep(
  from: DossierStatus,
  to: DossierStatus,
  services: DossierFacts['services'],
): DossierStatus {
  if (to === 'cancelled' || DOSSIER_STATUS_RANK[to] <= DOSSIER_STATUS_RANK[from]) return to;
  const reachable = reachableStatuses(services);
  const passed = WAYPOINTS.find(
    (status) =>
      reachable.has(status) &&
      (status === 'in-return' || services.pickup) &&
      DOSSIER_STATUS_RANK[status] > DOSSIER_STATUS_RANK[from] &&
      DOSSIER_STATUS_RANK[status] < DOSSIER_STATUS_RANK[to],
  );
  return passed ?? to;
}

/** The event a change of status announces (`dossier.<status>`); null when the status stays. */
export function statusChangeEvent(
  previous: DossierStatus,
  next: DossierStatus,
): { readonly type: `dossier.${DossierStatus}`; readonly data: Record<string, unknown> } | null {
  if (previous === next) return null;
  return { type: `dossier.${next}`, data: { status: next, previousStatus: previous } };
}
