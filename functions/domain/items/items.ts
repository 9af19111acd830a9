/**
 * Postal items: one for each physical movement of a dossier (inbound, citizen → agency)
 * or of its result (outbound, agency → citizen). The item's status, due date and timeline
 * are derived from its facts by the lifecycle fold; the record keeps the derived values so
 * that reads and the worklist need no fold.
 */
import {
  acceptanceDay,
  addWorkingDays,
  endOfLocalDay,
  type RouteClass,
  transitDueAt,
} from '../calendar/working-days.ts';
import {
  type DeliveryWindow,
  type Direction,
  foldItem,
  INITIAL_STATUS,
  type ItemFact,
  type ItemState,
  type ItemStatus,
  isTerminal,
} from './lifecycle.ts';
import type { ProofLock } from './proof-lock.ts';

/** S10 service letters: R (registered) + H for dossiers (hồ sơ), K for results (kết quả). */
export const SERVICE_LETTERS: Readonly<Record<Direction, string>> = { inbound: 'RH', outbound: 'RK' };

/** Working days allowed for a pickup after the request (counted like transit: 15:00 cut-off). */
export const PICKUP_WORKING_DAYS = 1;

/** Special and class-I cities: Hà Nội, Hải Phòng, Huế, Đà Nẵng, TP Hồ Chí Minh, Cần Thơ. */
export const SPECIAL_CITY_PROVINCES: ReadonlySet<string> = new Set(['01', '31', '46', '48', '79', '92']);

export interface OfficeRef {
  readonly postOfficeCode: string;
  readonly provinceCode: string;
}

export function routeClassBetween(origin: OfficeRef, destination: OfficeRef): RouteClass {
  if (origin.postOfficeCode === destination.postOfficeCode) return 'within-commune';
  if (origin.provinceCode === destination.provinceCode) return 'within-province';
  if (
    SPECIAL_CITY_PROVINCES.has(origin.provinceCode) &&
    SPECIAL_CITY_PROVINCES.has(destination.provinceCode)
  ) {
    return 'special-cities';
  }
  return 'inter-province';
}

export interface Addressee {
  readonly name: string;
  /** Null for an agency's one-stop shop: the handover is by manifest, not by phone. */
  readonly phone: string | null;
  readonly addressLine: string;
  readonly communeCode: string | null;
  readonly provinceCode: string;
}

export interface ItemRecord {
  readonly itemCode: string;
  readonly direction: Direction;
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly agencyCode: string;
  readonly originOfficeCode: string;
  readonly destinationOfficeCode: string;
  readonly routeClass: RouteClass;
  /** The dossier carries an appointment slip: transit times double (Decision 45/2016). */
  readonly withAppointmentSlip?: boolean;
  /** The party the item goes to: the agency's one-stop shop, or the citizen. */
  readonly addressee: Addressee;
  /** Amount staff collect at the door for this item (postage, fees, charges), integer VND. */
  readonly collectAmountVnd: number;
  /** The agency's fees within `collectAmountVnd`, receipted in the agency's name. */
  readonly feesAmountVnd: number;
  readonly createdAt: string;
  readonly status: ItemStatus;
  /** Pickup due before acceptance, transit due after it. Null when nothing is due (result not ready yet). */
  readonly dueAt: string | null;
  readonly acceptedAt: string | null;
  readonly closedAt: string | null;
  readonly anomalies: number;
  readonly failedAttempts: number;
  readonly outForDeliveryFactId: string | null;
  /** The staff member a supervisor gave the item's pending work to (`POST /v1/worklist/assignments`). */
  readonly assignedStaffId?: string | null;
  /** The citizen who hands the dossier over at pickup (inbound items): who the pickup round visits. */
  readonly sender?: Addressee;
  /** The number on the package's seal, from the pickup that counts. */
  readonly sealNumber?: string;
  /** When the fact that gave the item its current status happened (the time its event carries). */
  readonly statusAt?: string | null;
  /** When the current out-for-delivery trip began: the item stays on that day's round until its outcome. */
  readonly outForDeliveryAt?: string | null;
  /** Keyed digest of the last ID digits registered for the citizen (`door.ts`); outbound items only. */
  readonly idDigitsDigest?: string;
  /** Wrong codes or ID digits on the current out-for-delivery trip, and the lock they set. */
  readonly proofLock?: ProofLock;
  /** Flagged facts a supervisor applied: folded as accepted (`foldItem`). */
  readonly appliedFactIds?: readonly string[];
  /** The item this one sends the result again for (a resend). */
  readonly resendOf?: string;
  /** The item that sends this one's result again: this one's work is over. */
  readonly resentAs?: string;
  /** The half-day the citizen chose for the delivery (outbound items). */
  readonly deliveryWindow?: DeliveryWindow | null;
  /** The citizen chose to collect the result at the office (outbound items). */
  readonly holdChosen?: boolean;
  /** While the office holds the result (`held-at-office`): the end of the hold, after which it goes back to the agency. */
  readonly heldUntil?: string | null;
  readonly factCount: number;
  /** Optimistic lock: every write names the version it read. */
  readonly version: number;
}

/**
 * What staff must do for an item: pick it up from the citizen, collect the result from the
 * agency, deliver it, or hand it over at the counter (`held-at-office`: the citizen comes to
 * collect it; past the hold's end, staff take it back to the agency).
 */
export type WorkKind = 'pickup' | 'collection' | 'delivery' | 'held-at-office';

/**
 * The office where the item waits for someone to act: a pickup at the citizen's door (origin),
 * a ready result to collect at the agency (origin of the outbound item), a delivery at the
 * citizen's door (destination).
 */
export function pendingWork(
  item: Pick<ItemRecord, 'direction' | 'status' | 'originOfficeCode' | 'destinationOfficeCode' | 'resentAs'>,
): { readonly kind: WorkKind; readonly postOfficeCode: string } | null {
  if (item.resentAs) return null;
  if (item.direction === 'inbound') {
    return item.status === 'requested' || item.status === 'pickup-failed'
      ? { kind: 'pickup', postOfficeCode: item.originOfficeCode }
      : null;
  }
  if (item.status === 'result-ready') return { kind: 'collection', postOfficeCode: item.originOfficeCode };
  if (item.status === 'held-at-office')
    return { kind: 'held-at-office', postOfficeCode: item.destinationOfficeCode };
  const awaitingDelivery: readonly ItemStatus[] = [
    'collected',
    'in-transit',
    'out-for-delivery',
    'delivery-failed',
  ];
  return awaitingDelivery.includes(item.status)
    ? { kind: 'delivery', postOfficeCode: item.destinationOfficeCode }
    : null;
}

function dueAtFor(
  item: Pick<ItemRecord, 'direction' | 'createdAt' | 'routeClass' | 'withAppointmentSlip'>,
  state: ItemState,
): string | null {
  if (state.acceptedAt)
    return transitDueAt(
      new Date(state.acceptedAt),
      item.routeClass,
      item.withAppointmentSlip === true,
    ).toISOString();
  if (item.direction === 'inbound') {
    const dueDay = addWorkingDays(acceptanceDay(new Date(item.createdAt)), PICKUP_WORKING_DAYS);
    return endOfLocalDay(dueDay).toISOString();
  }
  // A ready result is collected like a dossier is picked up: the next working day at the latest.
  if (state.readyAt) {
    const dueDay = addWorkingDays(acceptanceDay(new Date(state.readyAt)), PICKUP_WORKING_DAYS);
    return endOfLocalDay(dueDay).toISOString();
  }
  return null;
}

export function newItem(
  input: Omit<ItemRecord, keyof ItemState | 'dueAt' | 'closedAt' | 'factCount' | 'version'>,
): ItemRecord {
  const state = foldItem(input.direction, []);
  const base = { ...input, status: INITIAL_STATUS[input.direction] };
  return {
    ...base,
    dueAt: dueAtFor(base, state),
    acceptedAt: null,
    closedAt: null,
    anomalies: 0,
    failedAttempts: 0,
    outForDeliveryFactId: null,
    factCount: 0,
    version: 0,
  };
}

/** The fold of an item's facts with its route, its transit standard and the facts a supervisor applied. */
export const foldRecord = (
  item: Pick<
    ItemRecord,
    | 'direction'
    | 'originOfficeCode'
    | 'destinationOfficeCode'
    | 'appliedFactIds'
    | 'routeClass'
    | 'withAppointmentSlip'
  >,
  facts: readonly ItemFact[],
): ItemState =>
  foldItem(item.direction, facts, {
    route: item,
    dueThereAt: (acceptedAt) =>
      transitDueAt(new Date(acceptedAt), item.routeClass, item.withAppointmentSlip === true).toISOString(),
    ...(item.appliedFactIds?.length ? { applied: new Set(item.appliedFactIds) } : {}),
  });

/** The record after folding all the item's facts; the version moves on by one. */
export function withFacts(
  item: ItemRecord,
  facts: readonly ItemFact[],
): { item: ItemRecord; state: ItemState } {
  const state = foldRecord(item, facts);
  const last = state.timeline.at(-1);
  const before = pendingWork(item);
  const after = pendingWork({ ...item, status: state.status });
  // An assignment is for one task: a new task (or none) waits for a new assignment.
  const sameTask = before?.kind === after?.kind && before?.postOfficeCode === after?.postOfficeCode;
  const taken = new Set(state.timeline.filter((entry) => !entry.anomaly).map((entry) => entry.factId));
  const sealNumber = facts.find(
    (fact) => fact.type === 'pickup' && fact.sealNumber && taken.has(fact.factId),
  )?.sealNumber;
  return {
    state,
    item: {
      ...item,
      ...(sameTask ? {} : { assignedStaffId: null }),
      ...(sealNumber ? { sealNumber } : {}),
      status: state.status,
      statusAt: state.timeline.findLast((entry) => !entry.anomaly)?.occurredAt ?? null,
      acceptedAt: state.acceptedAt,
      dueAt: dueAtFor(item, state),
      closedAt: isTerminal(state.status) && last ? last.occurredAt : null,
      anomalies: state.anomalies,
      failedAttempts: state.failedAttempts,
      outForDeliveryFactId: state.outForDeliveryFactId,
      outForDeliveryAt: state.outForDeliveryAt,
      ...(item.direction === 'outbound'
        ? { deliveryWindow: state.deliveryWindow, holdChosen: state.holdChosen, heldUntil: state.heldUntil }
        : {}),
      factCount: state.timeline.length,
      version: item.version + 1,
    },
  };
}

/** Late: past due and not finished, or finished after the due time. */
export function isLate(item: Pick<ItemRecord, 'dueAt' | 'closedAt' | 'status'>, now: Date): boolean {
  if (!item.dueAt) return false;
  const due = Date.parse(item.dueAt);
  if (item.closedAt) return item.status !== 'cancelled' && Date.parse(item.closedAt) > due;
  return now.getTime() > due;
}

/** What readers of an item see: derived state, lateness, and the timeline with each fact's details. */
export function itemView(item: ItemRecord, facts: readonly StoredFactView[], now: Date) {
  const state = foldRecord(item, facts);
  const byId = new Map(facts.map((fact) => [fact.factId, fact]));
  return {
    itemCode: item.itemCode,
    dossierCode: item.dossierCode,
    consignmentRef: item.consignmentRef,
    direction: item.direction,
    status: item.status,
    originOfficeCode: item.originOfficeCode,
    destinationOfficeCode: item.destinationOfficeCode,
    routeClass: item.routeClass,
    dueAt: item.dueAt,
    late: isLate(item, now),
    anomalies: item.anomalies,
    timeline: state.timeline.map((entry) => {
      const fact = byId.get(entry.factId) as StoredFactView;
      return {
        scanId: entry.factId,
        type: entry.type,
        emsevt: fact.emsevt,
        occurredAt: entry.occurredAt,
        receivedAt: fact.receivedAt,
        postOfficeCode: entry.postOfficeCode,
        status: entry.status,
        ...(entry.anomaly ? { anomaly: entry.anomaly } : {}),
        ...(entry.applied ? { applied: true } : {}),
        ...(fact.failure ? { failure: fact.failure } : {}),
        ...(fact.proof
          ? {
              proof: {
                method: fact.proof.method,
                recipientName: fact.proof.recipientName,
                relation: fact.proof.relation,
                ...(fact.proof.photoKey ? { photoKey: fact.proof.photoKey } : {}),
              },
            }
          : {}),
        ...(fact.location ? { location: fact.location } : {}),
      };
    }),
  };
}

/** The parts of a stored fact a reader sees (the scan module defines the full record). */
export interface StoredFactView extends ItemFact {
  readonly emsevt: string;
  readonly receivedAt: string;
  readonly failure?: {
    readonly reason: string;
    readonly action: string;
    readonly upuReason: string;
    readonly upuAction: string;
  };
  readonly proof?: {
    readonly method: 'delivery-code' | 'id-check';
    readonly recipientName: string;
    readonly relation: string;
    readonly photoKey?: string;
  };
  readonly location?: { readonly lat: number; readonly lng: number };
}
