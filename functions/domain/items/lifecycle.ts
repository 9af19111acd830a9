/**
 * The two item lifecycles as state machines folded over an item's facts (scans, manifest
 * handovers, agency decisions) in the order they happened. Facts are never dropped: one
 * that the lifecycle does not allow where it falls is kept on the timeline and flagged
 * for a supervisor, and the state stays as it was. The fold is deterministic: the same
 * set of facts, in any arrival order and with any duplicates, gives the same state and
 * the same timeline.
 */
import { localDate, workingDaysBetween } from '../calendar/working-days.ts';

export type Direction = 'inbound' | 'outbound';

/** Facts postal staff scan. */
export const SCAN_TYPES = [
  'pickup',
  'pickup-failed',
  'depart',
  'arrive',
  'out-for-delivery',
  'delivered',
  'delivery-failed',
  'returned-to-agency',
] as const;
export type ScanType = (typeof SCAN_TYPES)[number];

/** Facts recorded by the system: registration, manifests, agency decisions. */
export const RECORDED_FACT_TYPES = [
  'handed-over',
  'accepted',
  'refused',
  'result-ready',
  'collected',
  'cancelled',
] as const;
export type RecordedFactType = (typeof RECORDED_FACT_TYPES)[number];

export type FactType = ScanType | RecordedFactType;

export const INBOUND_STATUSES = [
  'requested',
  'pickup-failed',
  'picked-up',
  'in-transit',
  'handed-over',
  'accepted',
  'refused',
  'cancelled',
] as const;
export const OUTBOUND_STATUSES = [
  'registered',
  'result-ready',
  'collected',
  'in-transit',
  'out-for-delivery',
  'delivery-failed',
  'delivered',
  'returned-to-agency',
  'cancelled',
] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];
export type ItemStatus = InboundStatus | OutboundStatus;

export const INITIAL_STATUS: Readonly<Record<Direction, ItemStatus>> = {
  inbound: 'requested',
  outbound: 'registered',
};

type Transitions = Partial<Record<ItemStatus, Partial<Record<FactType, ItemStatus>>>>;

/** Inbound: citizen → agency. */
const INBOUND: Transitions = {
  requested: { pickup: 'picked-up', 'pickup-failed': 'pickup-failed', cancelled: 'cancelled' },
  'pickup-failed': { pickup: 'picked-up', 'pickup-failed': 'pickup-failed', cancelled: 'cancelled' },
  'picked-up': { depart: 'in-transit', arrive: 'in-transit', 'handed-over': 'handed-over' },
  'in-transit': { depart: 'in-transit', arrive: 'in-transit', 'handed-over': 'handed-over' },
  'handed-over': { accepted: 'accepted', refused: 'refused' },
};

/** Outbound: agency → citizen, or back to the agency after the last failed attempt. */
const OUTBOUND: Transitions = {
  registered: { 'result-ready': 'result-ready', cancelled: 'cancelled' },
  'result-ready': { collected: 'collected', cancelled: 'cancelled' },
  collected: { depart: 'in-transit', arrive: 'in-transit', 'out-for-delivery': 'out-for-delivery' },
  'in-transit': { depart: 'in-transit', arrive: 'in-transit', 'out-for-delivery': 'out-for-delivery' },
  'out-for-delivery': { delivered: 'delivered', 'delivery-failed': 'delivery-failed' },
  'delivery-failed': {
    'out-for-delivery': 'out-for-delivery',
    depart: 'delivery-failed',
    arrive: 'delivery-failed',
    'returned-to-agency': 'returned-to-agency',
  },
};

const LIFECYCLES: Readonly<Record<Direction, Transitions>> = { inbound: INBOUND, outbound: OUTBOUND };

export const TERMINAL_STATUSES: ReadonlySet<ItemStatus> = new Set([
  'accepted',
  'refused',
  'cancelled',
  'delivered',
  'returned-to-agency',
]);

/** Order of fact types within the same instant: the order the lifecycle has them in. */
const FACT_RANK: Readonly<Record<FactType, number>> = {
  cancelled: 0,
  'result-ready': 1,
  'pickup-failed': 2,
  pickup: 3,
  collected: 4,
  depart: 5,
  arrive: 6,
  'handed-over': 7,
  accepted: 8,
  refused: 9,
  'out-for-delivery': 10,
  'delivery-failed': 11,
  delivered: 12,
  'returned-to-agency': 13,
};

/** Failed delivery attempts needed, and the working days between the last two, before a return. */
export const MIN_FAILED_ATTEMPTS_BEFORE_RETURN = 2;
export const MIN_WORKING_DAYS_BETWEEN_ATTEMPTS = 2;

/** UPU EMSEVT event codes; X-codes are this domain's own events, which UPU does not define. */
export const EMSEVT: Readonly<Record<FactType, string>> = {
  pickup: 'EMA',
  'pickup-failed': 'XPF',
  depart: 'EMC',
  arrive: 'EMD',
  'out-for-delivery': 'EDG',
  delivered: 'EMI',
  'delivery-failed': 'EMH',
  'returned-to-agency': 'XRA',
  'handed-over': 'XHO',
  accepted: 'XAC',
  refused: 'XRF',
  'result-ready': 'XRR',
  collected: 'EMA',
  cancelled: 'XCA',
};
/** Arrival at the office that delivers the item. */
export const EMSEVT_ARRIVAL_AT_DELIVERY_OFFICE = 'EMG';

export function emsevtCode(type: FactType, postOfficeCode: string, deliveryOfficeCode: string): string {
  return type === 'arrive' && postOfficeCode === deliveryOfficeCode
    ? EMSEVT_ARRIVAL_AT_DELIVERY_OFFICE
    : EMSEVT[type];
}

export interface ItemFact {
  /** Unique per fact: the scanner's scan id, or the system's id for a recorded fact. */
  readonly factId: string;
  readonly type: FactType;
  /** When it happened, by the device's clock (ISO 8601). */
  readonly occurredAt: string;
  readonly postOfficeCode: string;
}

export type AnomalyReason = 'not-allowed-here' | 'after-final-state' | 'too-few-attempts';

export interface TimelineEntry {
  readonly factId: string;
  readonly type: FactType;
  readonly occurredAt: string;
  readonly postOfficeCode: string;
  /** The status after this fact; unchanged when flagged. */
  readonly status: ItemStatus;
  /** Set when the lifecycle does not allow this fact here: kept, not applied, shown to a supervisor. */
  readonly anomaly?: AnomalyReason;
}

export interface ItemState {
  readonly status: ItemStatus;
  readonly timeline: readonly TimelineEntry[];
  readonly anomalies: number;
  readonly failedAttempts: number;
  /** When the post took the item in (pickup for inbound, collection for outbound). */
  readonly acceptedAt: string | null;
  /** When the last out-for-delivery began; the delivery code belongs to it. */
  readonly outForDeliveryFactId: string | null;
}

/** Same instant: lifecycle order, then fact id — so the fold never depends on arrival order. */
export function compareFacts(left: ItemFact, right: ItemFact): number {
  const byTime = Date.parse(left.occurredAt) - Date.parse(right.occurredAt);
  if (byTime !== 0) return byTime;
  const byRank = FACT_RANK[left.type] - FACT_RANK[right.type];
  if (byRank !== 0) return byRank;
  return left.factId < right.factId ? -1 : left.factId > right.factId ? 1 : 0;
}

/** One fact per id: the facts of an item as a set, however often each arrived. */
export function distinctFacts(facts: readonly ItemFact[]): ItemFact[] {
  const byId = new Map<string, ItemFact>();
  for (const fact of facts) {
    const kept = byId.get(fact.factId);
    // Ids are unique by contract; if two versions exist anyway, the same one always wins.
    if (!kept || compareFacts(fact, kept) < 0) byId.set(fact.factId, fact);
  }
  return [...byId.values()].sort(compareFacts);
}

function returnAllowed(failedAttemptDays: readonly string[]): boolean {
  if (failedAttemptDays.length < MIN_FAILED_ATTEMPTS_BEFORE_RETURN) return false;
  const last = failedAttemptDays.at(-1) as string;
  const before = failedAttemptDays.at(-2) as string;
  return workingDaysBetween(before, last) >= MIN_WORKING_DAYS_BETWEEN_ATTEMPTS;
}

export function foldItem(direction: Direction, facts: readonly ItemFact[]): ItemState {
  const lifecycle = LIFECYCLES[direction];
  let status = INITIAL_STATUS[direction];
  let anomalies = 0;
  let acceptedAt: string | null = null;
  let outForDeliveryFactId: string | null = null;
  const failedAttemptDays: string[] = [];
  const timeline: TimelineEntry[] = [];

  for (const fact of distinctFacts(facts)) {
    const base = {
      factId: fact.factId,
      type: fact.type,
      occurredAt: fact.occurredAt,
      postOfficeCode: fact.postOfficeCode,
    };
    const next = lifecycle[status]?.[fact.type];
    let anomaly: AnomalyReason | undefined;
    if (next === undefined) {
      anomaly = TERMINAL_STATUSES.has(status) ? 'after-final-state' : 'not-allowed-here';
    } else if (fact.type === 'returned-to-agency' && !returnAllowed(failedAttemptDays)) {
      anomaly = 'too-few-attempts';
    }
    if (anomaly) {
      anomalies += 1;
      timeline.push({ ...base, status, anomaly });
      continue;
    }
    status = next as ItemStatus;
    if ((fact.type === 'pickup' || fact.type === 'collected') && acceptedAt === null)
      acceptedAt = fact.occurredAt;
    if (fact.type === 'out-for-delivery') outForDeliveryFactId = fact.factId;
    if (fact.type === 'delivery-failed') failedAttemptDays.push(localDate(new Date(fact.occurredAt)));
    timeline.push({ ...base, status });
  }
  return {
    status,
    timeline,
    anomalies,
    failedAttempts: failedAttemptDays.length,
    acceptedAt,
    outForDeliveryFactId,
  };
}

export const isTerminal = (status: ItemStatus): boolean => TERMINAL_STATUSES.has(status);
