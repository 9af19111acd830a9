/**
 * Scan ingestion for one item: which scans of a batch are new, duplicates, refused or
 * flagged, and the item as it stands once the new ones are folded in. Pure: storage reads
 * the item and its facts before, and writes the outcome after, in one transaction.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fingerprint } from '../canonical.ts';
import { type ItemRecord, withFacts } from './items.ts';
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
      }
    | undefined;
  collected?: { amount: number; method: 'cash' | 'vietqr' } | undefined;
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
  | 'too-old'
  | 'not-your-office'
  | 'item-of-another-office'
  | 'not-for-this-direction'
  | 'proof-required'
  | 'wrong-delivery-code'
  | 'failure-reason-required'
  | 'photo-of-another-item'
  | 'nothing-to-collect-at-this-scan'
  | 'item-fact-limit';

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
  readonly staffId?: string;
  readonly location?: { readonly lat: number; readonly lng: number };
  readonly proof?: {
    readonly method: 'delivery-code' | 'id-check';
    readonly recipientName: string;
    readonly relation: string;
    readonly idLast4?: string;
    readonly photoKey?: string;
  };
  readonly collected?: { readonly amount: number; readonly method: 'cash' | 'vietqr' };
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

/** Whether some scan confirms a delivery with a one-time code, which only the secret can check. */
export const checksDeliveryCode = (scans: readonly Pick<ScanInput, 'type' | 'proof'>[]): boolean =>
  scans.some((scan) => scan.type === 'delivered' && Boolean(scan.proof?.otp));

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
          },
        }
      : {}),
    ...(scan.collected ? { collected: scan.collected } : {}),
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

function refusal(
  scan: ScanInput,
  input: ScanPlanInput,
  knownFacts: readonly StoredFact[],
): RejectionReason | null {
  const { item, receivedAt, callerOfficeCode } = input;
  const occurredMs = Date.parse(scan.occurredAt);
  if (occurredMs > receivedAt.getTime() + MAX_CLOCK_SKEW_MS) return 'occurred-in-future';
  if (occurredMs < receivedAt.getTime() - MAX_SCAN_AGE_MS) return 'too-old';
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
  if (scan.proof?.photoKey && !scan.proof.photoKey.startsWith(`proofs/${item.itemCode}/`)) {
    return 'photo-of-another-item';
  }
  if (scan.collected && scan.type !== 'pickup' && scan.type !== 'delivered')
    return 'nothing-to-collect-at-this-scan';
  if (scan.type === 'delivered') {
    if (!scan.proof || (!scan.proof.otp && !scan.proof.idLast4)) return 'proof-required';
    if (scan.proof.otp) {
      const otp = scan.proof.otp;
      const secret = input.deliveryCodeSecret;
      if (secret === null) throw new Error('A delivery code to check, and no delivery code secret given');
      const attempts = knownFacts.filter(
        (fact) => fact.type === 'out-for-delivery' && Date.parse(fact.occurredAt) <= occurredMs,
      );
      const matches = attempts.some((attempt) =>
        sameCode(deliveryCode(secret, item.itemCode, attempt.factId), otp),
      );
      if (!matches) return 'wrong-delivery-code';
    }
  }
  return null;
}

export function planScans(input: ScanPlanInput): ScanPlan {
  const { item, storedFacts, scans, receivedAt } = input;
  const known = new Map(storedFacts.map((fact) => [fact.factId, fact]));
  const newFacts: StoredFact[] = [];
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
    const reason =
      item.factCount + newFacts.length >= MAX_FACTS_PER_ITEM
        ? 'item-fact-limit'
        : refusal(scan, input, [...known.values()]);
    if (reason) {
      pending.push({ kind: 'decided', outcome: { outcome: 'rejected', reason } });
      continue;
    }
    const fact = factFromScan(scan, item, receivedAt, contentHash);
    known.set(fact.factId, fact);
    newFacts.push(fact);
    pending.push({ kind: 'new', factId: fact.factId });
  }

  const folded = newFacts.length > 0 ? withFacts(item, [...storedFacts, ...newFacts]) : null;
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
  return { outcomes, newFacts, next: folded?.item ?? null };
}
