/**
 * Scan ingestion for one item: which scans of a batch are new, duplicates, refused or
 * flagged, and the item as it stands once the new ones are folded in. Pure: storage reads
 * the item and its facts before, and writes the outcome after, in one transaction.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fingerprint } from '../canonical.ts';
import { acceptedFacts } from './anomalies.ts';
import { checkDoor, type DoorRefusal, idDigitsMatch, lockOnTrip, type ProofLock } from './door.ts';
import { foldRecord, type ItemRecord, withFacts } from './items.ts';
import {
  type AnomalyReason,
  emsevtCode,
  type FactType,
  type ItemFact,
  type ItemStatus,
  type ScanType,
} from './lifecycle.ts';

export const FAILURE_REASONS = [
  'addressee-absent',
  'address-incomplete',
  'address-unknown',
  'addressee-moved',
  'refused-by-addressee',
  'id-not-matching',
  'premises-closed',
  'other',
] as const;
export const FAILURE_ACTIONS = ['next-attempt', 'held-at-office', 'return-to-agency'] as const;

/** One scan as a handheld or a counter sends it (schemas check it). */
export interface ScanInput {
  scanId: string;
  itemCode: string;
  type: ScanType;
  occurredAt: string;
  postOfficeCode: string;
  staffId?: string | undefined;
  location?: { lat: number; lng: number } | undefined;
  proof?:
    | {
        recipientName: string;
        relation: 'self' | 'authorised' | 'family' | 'other';
        idLast4?: string | undefined;
        otp?: string | undefined;
        photoKey?: string | undefined;
        /** The photographed authorisation letter of an authorised recipient. */
        letterPhotoKey?: string | undefined;
      }
    | undefined;
  collected?: { amount: number; method: 'cash' | 'vietqr' } | undefined;
  /** The number on the package's seal, put on at pickup. */
  sealNumber?: string | undefined;
  failure?:
    | { reason: (typeof FAILURE_REASONS)[number]; action: (typeof FAILURE_ACTIONS)[number] }
    | undefined;
}

/** A scanner's clock may run a little ahead; anything further ahead is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Scans older than this are refused: offline devices upload within days, not months. */
export const MAX_SCAN_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** No item has more facts than this; a scanner stuck in a loop cannot grow one without end. */
export const MAX_FACTS_PER_ITEM = 200;

/** UPU codes carried by an EMH (unsuccessful delivery) event. */
export const UPU_NON_DELIVERY_REASON: Readonly<Record<string, string>> = {
  'address-incomplete': '10',
  'address-unknown': '11',
  'addressee-moved': '12',
  'refused-by-addressee': '13',
  'addressee-absent': '14',
  'premises-closed': '15',
  'id-not-matching': '20',
  other: '99',
};
export const UPU_NON_DELIVERY_ACTION: Readonly<Record<string, string>> = {
  'next-attempt': 'A',
  'held-at-office': 'B',
  'return-to-agency': 'C',
};

export type RejectionReason =
  | 'scan-id-conflict'
  | 'occurred-in-future'
  | 'before-registration'
  | 'too-old'
  | 'not-your-office'
  | 'item-of-another-office'
  | 'not-for-this-direction'
  | 'proof-required'
  | 'wrong-delivery-code'
  | 'failure-reason-required'
  | 'photo-of-another-item'
  | 'nothing-to-collect-at-this-scan'
  | 'seal-only-at-pickup'
  | 'item-fact-limit'
  | DoorRefusal;

export type ScanOutcome =
  | { readonly outcome: 'accepted'; readonly itemStatus: ItemStatus }
  | { readonly outcome: 'duplicate'; readonly itemStatus?: ItemStatus }
  | { readonly outcome: 'flagged'; readonly reason: AnomalyReason; readonly itemStatus: ItemStatus }
  | { readonly outcome: 'rejected'; readonly reason: RejectionReason | string };

/** A fact as stored: the lifecycle's view of it and what the scanner recorded. */
export interface StoredFact extends ItemFact {
  readonly source: 'scan' | 'system';
  readonly emsevt: string;
  readonly receivedAt: string;
  readonly contentHash: string;
  /** When a supervisor applied this fact after it was flagged (`anomalies.ts`). */
  readonly appliedAt?: string;
  readonly staffId?: string;
  readonly location?: { readonly lat: number; readonly lng: number };
  readonly proof?: {
    readonly method: 'delivery-code' | 'id-check';
    readonly recipientName: string;
    readonly relation: string;
    readonly idLast4?: string;
    readonly photoKey?: string;
    /** The photographed authorisation letter of an authorised recipient. */
    readonly letterPhotoKey?: string;
  };
  readonly collected?: { readonly amount: number; readonly method: 'cash' | 'vietqr' };
  /** The number on the package's seal, put on at pickup. */
  readonly sealNumber?: string;
  readonly failure?: {
    readonly reason: string;
    readonly action: string;
    readonly upuReason: string;
    readonly upuAction: string;
  };
}

/** The 6-digit code the recipient receives when the item goes out for delivery: one per attempt. */
export function deliveryCode(secret: string, itemCode: string, outForDeliveryFactId: string): string {
  const digest = createHmac('sha256', secret).update(`${itemCode}:${outForDeliveryFactId}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/**
 * Whether some scan confirms a delivery with a one-time code or ID digits, which only the
 * secret can check (it derives the codes and the digests of registered ID digits).
 */
export const checksDeliveryCode = (scans: readonly Pick<ScanInput, 'type' | 'proof'>[]): boolean =>
  scans.some((scan) => scan.type === 'delivered' && Boolean(scan.proof?.otp || scan.proof?.idLast4));

const sameCode = (left: string, right: string): boolean =>
  left.length === right.length && timingSafeEqual(Buffer.from(left), Buffer.from(right));

const INBOUND_ONLY: ReadonlySet<FactType> = new Set(['pickup', 'pickup-failed']);
const OUTBOUND_ONLY: ReadonlySet<FactType> = new Set([
  'out-for-delivery',
  'delivered',
  'delivery-failed',
  'returned-to-agency',
]);

export interface ScanPlanInput {
  readonly item: ItemRecord;
  readonly storedFacts: readonly StoredFact[];
  readonly scans: readonly ScanInput[];
  readonly receivedAt: Date;
  /** The caller's office; null for callers who may scan for any office (admin). */
  readonly callerOfficeCode: string | null;
  /** The key of the one-time delivery codes; null when no scan has one (`checksDeliveryCode`). */
  readonly deliveryCodeSecret: string | null;
}

export interface ScanPlan {
  /** In the order of `scans`. */
  readonly outcomes: readonly ScanOutcome[];
  readonly newFacts: readonly StoredFact[];
  /** The item after the new facts; null when there is nothing new to write. */
  readonly next: ItemRecord | null;
}

export function factFromScan(
  scan: ScanInput,
  item: ItemRecord,
  receivedAt: Date,
  contentHash: string,
): StoredFact {
  return {
    factId: scan.scanId,
    type: scan.type,
    occurredAt: new Date(scan.occurredAt).toISOString(),
    postOfficeCode: scan.postOfficeCode,
    source: 'scan',
    emsevt: emsevtCode(scan.type, scan.postOfficeCode, deliveryOfficeOf(item)),
    receivedAt: receivedAt.toISOString(),
    contentHash,
    ...(scan.staffId ? { staffId: scan.staffId } : {}),
    ...(scan.location ? { location: scan.location } : {}),
    ...(scan.proof
      ? {
          proof: {
            method: scan.proof.otp ? 'delivery-code' : 'id-check',
            recipientName: scan.proof.recipientName,
            relation: scan.proof.relation,
            ...(scan.proof.idLast4 ? { idLast4: scan.proof.idLast4 } : {}),
            ...(scan.proof.photoKey ? { photoKey: scan.proof.photoKey } : {}),
            ...(scan.proof.letterPhotoKey ? { letterPhotoKey: scan.proof.letterPhotoKey } : {}),
          },
        }
      : {}),
    ...(scan.collected ? { collected: scan.collected } : {}),
    ...(scan.sealNumber ? { sealNumber: scan.sealNumber } : {}),
    ...(scan.failure
      ? {
          failure: {
            ...scan.failure,
            upuReason: UPU_NON_DELIVERY_REASON[scan.failure.reason] ?? '99',
            upuAction: UPU_NON_DELIVERY_ACTION[scan.failure.action] ?? 'A',
          },
        }
      : {}),
  };
}

/** The office that delivers the item to its addressee. */
export const deliveryOfficeOf = (item: Pick<ItemRecord, 'destinationOfficeCode'>): string =>
  item.destinationOfficeCode;

function refusal(scan: ScanInput, input: ScanPlanInput): RejectionReason | null {
  const { item, receivedAt, callerOfficeCode } = input;
  const occurredMs = Date.parse(scan.occurredAt);
  if (occurredMs > receivedAt.getTime() + MAX_CLOCK_SKEW_MS) return 'occurred-in-future';
  if (occurredMs < receivedAt.getTime() - MAX_SCAN_AGE_MS) return 'too-old';
  // A pickup dated before the dossier was registered is a wrong clock, or another dossier's.
  if (scan.type === 'pickup' && occurredMs < Date.parse(item.createdAt) - MAX_CLOCK_SKEW_MS)
    return 'before-registration';
  if (callerOfficeCode !== null) {
    if (scan.postOfficeCode !== callerOfficeCode) return 'not-your-office';
    if (item.originOfficeCode !== callerOfficeCode && item.destinationOfficeCode !== callerOfficeCode) {
      return 'item-of-another-office';
    }
  }
  if (item.direction === 'inbound' ? OUTBOUND_ONLY.has(scan.type) : INBOUND_ONLY.has(scan.type)) {
    return 'not-for-this-direction';
  }
  if (scan.type === 'delivery-failed' && !scan.failure) return 'failure-reason-required';
  for (const key of [scan.proof?.photoKey, scan.proof?.letterPhotoKey])
    if (key && !key.startsWith(`proofs/${item.itemCode}/`)) return 'photo-of-another-item';
  if (scan.collected && scan.type !== 'pickup' && scan.type !== 'delivered')
    return 'nothing-to-collect-at-this-scan';
  if (scan.sealNumber && scan.type !== 'pickup') return 'seal-only-at-pickup';
  return null;
}

/** What the item still owes at its door: what it carries, less what accepted scans already collected. */
function dueAtDoor(item: ItemRecord, knownFacts: readonly StoredFact[]): number {
  const counted = acceptedFacts(foldRecord(item, knownFacts), knownFacts);
  const paid = counted.reduce((sum, fact) => sum + (fact.collected?.amount ?? 0), 0);
  return Math.max(0, item.collectAmountVnd - paid);
}

/** Proof at the door for a delivery scan: who took it, and whether what was due was paid. */
function doorCheck(
  scan: ScanInput,
  input: ScanPlanInput,
  knownFacts: readonly StoredFact[],
  lock: ProofLock | null,
): { refusal: DoorRefusal | null; lock: ProofLock } {
  const { item } = input;
  const occurredMs = Date.parse(scan.occurredAt);
  const trips = knownFacts
    .filter((fact) => fact.type === 'out-for-delivery' && Date.parse(fact.occurredAt) <= occurredMs)
    .sort((left, right) => Date.parse(left.occurredAt) - Date.parse(right.occurredAt));
  const secret = input.deliveryCodeSecret;
  const needsSecret = Boolean(scan.proof?.otp || scan.proof?.idLast4);
  if (needsSecret && secret === null)
    throw new Error('A delivery code to check, and no delivery code secret given');
  const key = secret ?? '';
  const digest = item.idDigitsDigest;
  return checkDoor({
    proof: scan.proof
      ? {
          ...scan.proof,
          ...(scan.proof.letterPhotoKey ? { authorisationLetterPhotoKey: scan.proof.letterPhotoKey } : {}),
        }
      : undefined,
    collectedVnd: scan.collected?.amount ?? 0,
    dueVnd: dueAtDoor(item, knownFacts),
    lock: lockOnTrip(lock, trips.at(-1)?.factId ?? null),
    at: input.receivedAt.toISOString(),
    codeMatches: (otp) => trips.some((trip) => sameCode(deliveryCode(key, item.itemCode, trip.factId), otp)),
    idMatches: digest ? (digits) => idDigitsMatch(key, item.consignmentRef, digest, digits) : null,
  });
}

/** A trip with no wrong try and no unlock to remember needs no lock record. */
const worthKeeping = (lock: ProofLock | null | undefined): ProofLock | null =>
  lock && (lock.wrongTries > 0 || lock.unlocked) ? lock : null;

export function planScans(input: ScanPlanInput): ScanPlan {
  const { item, storedFacts, scans, receivedAt } = input;
  const known = new Map(storedFacts.map((fact) => [fact.factId, fact]));
  const newFacts: StoredFact[] = [];
  let lock = worthKeeping(item.proofLock);
  const pending: (
    | { kind: 'decided'; outcome: ScanOutcome }
    | { kind: 'new'; factId: string }
    | { kind: 'duplicate' }
  )[] = [];

  for (const scan of scans) {
    const contentHash = fingerprint(scan);
    const existing = known.get(scan.scanId);
    if (existing) {
      pending.push(
        existing.contentHash === contentHash
          ? { kind: 'duplicate' }
          : { kind: 'decided', outcome: { outcome: 'rejected', reason: 'scan-id-conflict' } },
      );
      continue;
    }
    let reason =
      item.factCount + newFacts.length >= MAX_FACTS_PER_ITEM ? 'item-fact-limit' : refusal(scan, input);
    if (!reason && scan.type === 'delivered') {
      const door = doorCheck(scan, input, [...known.values()], lock);
      lock = worthKeeping(door.lock);
      reason = door.refusal;
    }
    if (reason) {
      pending.push({ kind: 'decided', outcome: { outcome: 'rejected', reason } });
      continue;
    }
    const fact = factFromScan(scan, item, receivedAt, contentHash);
    known.set(fact.factId, fact);
    newFacts.push(fact);
    pending.push({ kind: 'new', factId: fact.factId });
  }

  const lockChanged = JSON.stringify(lock) !== JSON.stringify(worthKeeping(item.proofLock));
  const { proofLock: _previous, ...unlocked } = item;
  const withLock = lockChanged ? (lock ? { ...item, proofLock: lock } : unlocked) : item;
  const folded = newFacts.length > 0 ? withFacts(withLock, [...storedFacts, ...newFacts]) : null;
  const status = folded?.item.status ?? item.status;
  const anomalyOf = new Map(folded?.state.timeline.map((entry) => [entry.factId, entry.anomaly]) ?? []);
  const outcomes = pending.map((decision): ScanOutcome => {
    if (decision.kind === 'decided') return decision.outcome;
    if (decision.kind === 'duplicate') return { outcome: 'duplicate', itemStatus: status };
    const anomaly = anomalyOf.get(decision.factId);
    return anomaly
      ? { outcome: 'flagged', reason: anomaly, itemStatus: status }
      : { outcome: 'accepted', itemStatus: status };
  });
  const next = folded?.item ?? (lockChanged ? { ...withLock, version: item.version + 1 } : null);
  return { outcomes, newFacts, next };
}
