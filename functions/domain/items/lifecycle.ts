/**
 * The two item lifecycles as state machines folded over an item's facts (scans, manifest
 * handovers, agency decisions) in the order they happened. Facts are never dropped: one
 * that the lifecycle does not allow where it falls is kept on the timeline and flagged
 * for a supervisor, and the state stays as it was. The fold is deterministic: the same
 * set of facts, in any arrival order and with any duplicates, gives the same state and
 * the same timeline.
 */
import {
  addWorkingDays,
  atLeastWorkingDaysBetween,
  endOfLocalDay,
  localDate,
} from '../calendar/working-days.ts';

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
  // The citizen's choices for the result (`citizen-choice.ts`).
  'window-chosen',
  'hold-chosen',
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
  'held-at-office',
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

/**
 * Outbound: agency → citizen, or back to the agency after the last failed attempt. Before the
 * item goes out for delivery the citizen may choose a delivery window (the status stays) or
 * to collect the result at the office (`held-at-office`, from the moment the post holds it:
 * a hold chosen while the result still waits at the agency takes effect at its collection).
 */
const OUTBOUND: Transitions = {
  registered: {
    'result-ready': 'result-ready',
    cancelled: 'cancelled',
    'window-chosen': 'registered',
    'hold-chosen': 'registered',
  },
  'result-ready': {
    collected: 'collected',
    cancelled: 'cancelled',
    'window-chosen': 'result-ready',
    'hold-chosen': 'result-ready',
  },
  collected: {
    depart: 'in-transit',
    arrive: 'in-transit',
    'out-for-delivery': 'out-for-delivery',
    'window-chosen': 'collected',
    'hold-chosen': 'held-at-office',
  },
  'in-transit': {
    depart: 'in-transit',
    arrive: 'in-transit',
    'out-for-delivery': 'out-for-delivery',
    'window-chosen': 'in-transit',
    'hold-chosen': 'held-at-office',
  },
  // Collected at the counter (`delivered`, with the same proof as at the door), or taken back
  // to the agency once the hold's deadline has passed.
  'held-at-office': {
    depart: 'held-at-office',
    arrive: 'held-at-office',
    delivered: 'delivered',
    'returned-to-agency': 'returned-to-agency',
  },
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
  'window-chosen': 1,
  'hold-chosen': 1,
};

/** Where each status sits on its journey, on the same scale as the facts that lead to it. */
const STATUS_RANK: Readonly<Record<Direction, Partial<Record<ItemStatus, number>>>> = {
  inbound: {
    requested: 0,
    'pickup-failed': 2,
    'picked-up': 3,
    'in-transit': 6,
    'handed-over': 7,
  },
  outbound: {
    registered: 0,
    'result-ready': 1,
    collected: 4,
    'in-transit': 6,
    'out-for-delivery': 10,
    'delivery-failed': 11,
    'held-at-office': 10,
  },
};

/** Failed delivery attempts needed, and the working days between the last two, before a return. */
export const MIN_FAILED_ATTEMPTS_BEFORE_RETURN = 2;
export const MIN_WORKING_DAYS_BETWEEN_ATTEMPTS = 2;

/**
 * Working days a result is held at the office for the citizen to collect, counted from the
 * later of the hold and the day the item is due there, before it goes back to the agency.
 * Five: a working week, so that a citizen who chose to collect can come on any weekday of the
 * following week; longer than the two working days the rules put between the two invitations
 * after a failed delivery, since a citizen who chose to collect is not invited again.
 */
export const HOLD_AT_OFFICE_WORKING_DAYS = 5;

/** The end of the hold: the result goes back to the agency after it. */
export function heldUntil(heldAt: string, dueThereAt: string | null): string {
  const from = dueThereAt && dueThereAt > heldAt ? dueThereAt : heldAt;
  return endOfLocalDay(addWorkingDays(localDate(new Date(from)), HOLD_AT_OFFICE_WORKING_DAYS)).toISOString();
}

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
  'window-chosen': 'XWC',
  'hold-chosen': 'XHC',
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
  /** `system` for facts the system records (manifests, decisions); scans otherwise. */
  readonly source?: 'scan' | 'system';
  /** The number on the package's seal, on a pickup. */
  readonly sealNumber?: string;
  /** The delivery window the citizen chose (`window-chosen`). */
  readonly window?: DeliveryWindow;
}

/** Half a working day at the citizen's door: morning 07:30–11:30, afternoon 13:30–17:30. */
export interface DeliveryWindow {
  /** A working day in Vietnam, `YYYY-MM-DD`. */
  readonly day: string;
  readonly part: 'morning' | 'afternoon';
}

/**
 * Why a fact was flagged, in words a supervisor reads: the step the item still waits for
 * (`before-…`), a step it has already passed, a fact after the item's end, a last attempt
 * too soon after the one before, or a scan at an office that cannot have done it.
 */
export const ANOMALY_REASONS = [
  'before-pickup',
  'before-handover',
  'before-decision',
  'before-result-ready',
  'before-collection',
  'before-out-for-delivery',
  'step-already-passed',
  'after-final-state',
  'too-few-attempts',
  'not-this-office',
  'held-at-office',
  'before-hold-deadline',
] as const;
export type AnomalyReason = (typeof ANOMALY_REASONS)[number];

/** The step an item in this status waits for, named for a flag on a fact that came before it. */
const WAITING_FOR: Readonly<Record<Direction, Partial<Record<ItemStatus, AnomalyReason>>>> = {
  inbound: {
    requested: 'before-pickup',
    'pickup-failed': 'before-pickup',
    'picked-up': 'before-handover',
    'in-transit': 'before-handover',
    'handed-over': 'before-decision',
  },
  outbound: {
    registered: 'before-result-ready',
    'result-ready': 'before-collection',
    collected: 'before-out-for-delivery',
    'in-transit': 'before-out-for-delivery',
    'out-for-delivery': 'before-out-for-delivery',
    'delivery-failed': 'before-out-for-delivery',
  },
};

/** The status each fact leads to when a supervisor accepts it wherever it fell. */
const FACT_TARGET: Readonly<Record<Direction, Partial<Record<FactType, ItemStatus>>>> = {
  inbound: {
    pickup: 'picked-up',
    'pickup-failed': 'pickup-failed',
    depart: 'in-transit',
    arrive: 'in-transit',
    'handed-over': 'handed-over',
    accepted: 'accepted',
    refused: 'refused',
    cancelled: 'cancelled',
  },
  outbound: {
    'result-ready': 'result-ready',
    collected: 'collected',
    depart: 'in-transit',
    arrive: 'in-transit',
    'out-for-delivery': 'out-for-delivery',
    delivered: 'delivered',
    'delivery-failed': 'delivery-failed',
    'returned-to-agency': 'returned-to-agency',
    cancelled: 'cancelled',
    'hold-chosen': 'held-at-office',
  },
};

/** Scans only the item's origin office can make (the citizen's door) and only its delivery office can. */
const AT_ORIGIN: ReadonlySet<FactType> = new Set(['pickup', 'pickup-failed']);
const AT_DESTINATION: ReadonlySet<FactType> = new Set(['out-for-delivery', 'delivered', 'delivery-failed']);

/** Where an item travels: facts at the doors must come from the office at that door. */
export interface ItemRoute {
  readonly originOfficeCode: string;
  readonly destinationOfficeCode: string;
}

function officeMismatch(fact: ItemFact, direction: Direction, route: ItemRoute | undefined): boolean {
  if (!route || fact.source === 'system') return false;
  if (direction === 'inbound' && AT_ORIGIN.has(fact.type))
    return fact.postOfficeCode !== route.originOfficeCode;
  if (direction === 'outbound' && AT_DESTINATION.has(fact.type))
    return fact.postOfficeCode !== route.destinationOfficeCode;
  return false;
}

/** Why the lifecycle does not allow this fact where it falls. */
function reasonFor(direction: Direction, status: ItemStatus, type: FactType): AnomalyReason {
  if (TERMINAL_STATUSES.has(status)) return 'after-final-state';
  if (status === 'held-at-office' && (type === 'out-for-delivery' || type === 'delivery-failed'))
    return 'held-at-office';
  const waiting = WAITING_FOR[direction][status];
  return waiting && FACT_RANK[type] > (STATUS_RANK[direction][status] ?? 0) ? waiting : 'step-already-passed';
}

export interface TimelineEntry {
  readonly factId: string;
  readonly type: FactType;
  readonly occurredAt: string;
  readonly postOfficeCode: string;
  /** The status after this fact; unchanged when flagged. */
  readonly status: ItemStatus;
  /** Set when the lifecycle does not allow this fact here: kept, not applied, shown to a supervisor. */
  readonly anomaly?: AnomalyReason;
  /** A flagged fact a supervisor accepted: folded where the lifecycle first allows it, else at the end. */
  readonly applied?: true;
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
  /** When that trip began. */
  readonly outForDeliveryAt: string | null;
  /** When the agency said the result was ready (outbound items). */
  readonly readyAt: string | null;
  /** The delivery window the citizen chose, if any. */
  readonly deliveryWindow: DeliveryWindow | null;
  /** The citizen chose to collect the result at the office. */
  readonly holdChosen: boolean;
  /** When the office began to hold the result (`held-at-office`); null otherwise. */
  readonly heldAt: string | null;
  /** The end of the hold: after it the result goes back to the agency. */
  readonly heldUntil: string | null;
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
  return atLeastWorkingDaysBetween(before, last, MIN_WORKING_DAYS_BETWEEN_ATTEMPTS);
}

export interface FoldOptions {
  /** The item's offices: a scan at a door made by another office is flagged `not-this-office`. */
  readonly route?: ItemRoute;
  /** Ids of flagged facts a supervisor accepted (`apply`). */
  readonly applied?: ReadonlySet<string>;
  /** When the item is due at its delivery office, from when the post took it in: where a hold's days start. */
  readonly dueThereAt?: (acceptedAt: string) => string;
}

const NONE: ReadonlySet<string> = new Set();

class Fold {
  status: ItemStatus;
  anomalies = 0;
  acceptedAt: string | null = null;
  outForDeliveryFactId: string | null = null;
  outForDeliveryAt: string | null = null;
  readyAt: string | null = null;
  deliveryWindow: DeliveryWindow | null = null;
  holdChosen = false;
  heldAt: string | null = null;
  readonly failedAttemptDays: string[] = [];
  readonly timeline: TimelineEntry[] = [];

  constructor(
    readonly direction: Direction,
    readonly options: FoldOptions,
  ) {
    this.status = INITIAL_STATUS[direction];
  }

  /** The status this fact leads to from here, if the lifecycle allows it. */
  next(fact: ItemFact): ItemStatus | undefined {
    const next = LIFECYCLES[this.direction][this.status]?.[fact.type];
    // A hold chosen while the result waited at the agency begins when the post collects it.
    return next === 'collected' && this.holdChosen ? 'held-at-office' : next;
  }

  take(fact: ItemFact, next: ItemStatus, applied: boolean): void {
    if (next === 'held-at-office' && this.status !== 'held-at-office') this.heldAt = fact.occurredAt;
    this.status = next;
    if ((fact.type === 'pickup' || fact.type === 'collected') && this.acceptedAt === null)
      this.acceptedAt = fact.occurredAt;
    if (fact.type === 'out-for-delivery') {
      this.outForDeliveryFactId = fact.factId;
      this.outForDeliveryAt = fact.occurredAt;
    }
    if (fact.type === 'result-ready' && this.readyAt === null) this.readyAt = fact.occurredAt;
    if (fact.type === 'delivery-failed') this.failedAttemptDays.push(localDate(new Date(fact.occurredAt)));
    if (fact.type === 'window-chosen' && fact.window) this.deliveryWindow = fact.window;
    if (fact.type === 'hold-chosen') this.holdChosen = true;
    this.timeline.push({ ...entryOf(fact), status: next, ...(applied ? { applied: true as const } : {}) });
  }

  flag(fact: ItemFact, anomaly: AnomalyReason): void {
    this.anomalies += 1;
    this.timeline.push({ ...entryOf(fact), status: this.status, anomaly });
  }

  /** The end of the hold, once the office holds the result. */
  heldUntil(): string | null {
    if (this.heldAt === null) return null;
    const { dueThereAt } = this.options;
    return heldUntil(this.heldAt, this.acceptedAt && dueThereAt ? dueThereAt(this.acceptedAt) : null);
  }

  /** Why this fact cannot be taken where it falls; null when it can. */
  reason(fact: ItemFact, route: ItemRoute | undefined): AnomalyReason | null {
    if (this.next(fact) === undefined) return reasonFor(this.direction, this.status, fact.type);
    if (officeMismatch(fact, this.direction, route)) return 'not-this-office';
    // The citizen chooses once.
    if (CHOICES.has(fact.type) && (this.holdChosen || this.deliveryWindow !== null))
      return 'step-already-passed';
    if (fact.type === 'returned-to-agency' && this.status === 'held-at-office')
      return fact.occurredAt > (this.heldUntil() as string) ? null : 'before-hold-deadline';
    if (fact.type === 'returned-to-agency' && !returnAllowed(this.failedAttemptDays))
      return 'too-few-attempts';
    return null;
  }
}

/** The citizen's choices: one per item. */
const CHOICES: ReadonlySet<FactType> = new Set(['window-chosen', 'hold-chosen']);

const entryOf = (fact: ItemFact) => ({
  factId: fact.factId,
  type: fact.type,
  occurredAt: fact.occurredAt,
  postOfficeCode: fact.postOfficeCode,
});

/** Whether the item is still short of where this fact would bring it. */
function behind(direction: Direction, status: ItemStatus, type: FactType): boolean {
  if (TERMINAL_STATUSES.has(status)) return false;
  return FACT_RANK[type] > (STATUS_RANK[direction][status] ?? 0);
}

/**
 * The item's state from its facts in the order they happened. A fact the lifecycle does not
 * allow where it falls is flagged and changes nothing. A flagged fact a supervisor applied
 * waits until it is needed: when a later fact is not allowed but the applied one is, the
 * applied one is taken first (as if it had been sent in its place). Whatever still waits at
 * the end is taken where the lifecycle allows it, else leads to the status it names if the
 * item is short of it, else is kept as accepted without moving the item.
 */
export function foldItem(
  direction: Direction,
  facts: readonly ItemFact[],
  options: FoldOptions = {},
): ItemState {
  const applied = options.applied ?? NONE;
  const fold = new Fold(direction, options);
  const pending: ItemFact[] = [];
  /** Takes one waiting applied fact the lifecycle allows now; false when none. */
  const takeWaiting = (): boolean => {
    const index = pending.findIndex((fact) => fold.next(fact) !== undefined);
    if (index < 0) return false;
    const [fact] = pending.splice(index, 1) as [ItemFact];
    fold.take(fact, fold.next(fact) as ItemStatus, true);
    return true;
  };
  for (const fact of distinctFacts(facts)) {
    let reason = fold.reason(fact, options.route);
    while (reason !== null && fold.next(fact) === undefined && takeWaiting())
      reason = fold.reason(fact, options.route);
    const next = fold.next(fact);
    if (reason === null && next !== undefined) fold.take(fact, next, false);
    else if (!applied.has(fact.factId)) fold.flag(fact, reason ?? 'step-already-passed');
    else pending.push(fact);
  }
  while (takeWaiting());
  for (const fact of pending) {
    const target = FACT_TARGET[direction][fact.type];
    fold.take(fact, target && behind(direction, fold.status, fact.type) ? target : fold.status, true);
  }
  return {
    status: fold.status,
    timeline: fold.timeline,
    anomalies: fold.anomalies,
    failedAttempts: fold.failedAttemptDays.length,
    acceptedAt: fold.acceptedAt,
    outForDeliveryFactId: fold.outForDeliveryFactId,
    outForDeliveryAt: fold.outForDeliveryAt,
    readyAt: fold.readyAt,
    deliveryWindow: fold.deliveryWindow,
    holdChosen: fold.holdChosen,
    heldAt: fold.heldAt,
    heldUntil: fold.heldUntil(),
  };
}

export const isTerminal = (status: ItemStatus): boolean => TERMINAL_STATUSES.has(status);
