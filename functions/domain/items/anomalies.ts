/**
 * Flagged facts as a supervisor's queue. A fact the lifecycle does not allow where it falls
 * is kept and quarantined: it books no money, moves no status, and stays out of the public
 * timeline, callbacks and statement counts. Each raises one anomaly, open until a
 * supervisor of one of the item's offices resolves it: `apply` re-folds the item with the
 * fact accepted (and so books what it carries), `dismiss` closes it. Both say who, when and
 * why.
 */
import { createHash } from 'node:crypto';
import { DomainRefusal } from '../refusal.ts';
import { type ItemRecord, withFacts } from './items.ts';
import type { AnomalyReason, FactType, ItemFact, ItemState } from './lifecycle.ts';

export const ANOMALY_STATUSES = ['open', 'applied', 'dismissed'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];
export type ResolutionAction = 'apply' | 'dismiss';

/** Longest note a supervisor writes with a resolution. */
export const MAX_RESOLUTION_NOTE_LENGTH = 500;

export interface Resolver {
  readonly subject: string;
  readonly role: string;
  readonly postOfficeCode: string | null;
}

export interface Anomaly {
  readonly anomalyId: string;
  readonly itemCode: string;
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly agencyCode: string;
  /** The item's offices: supervisors of either work the anomaly. */
  readonly postOfficeCodes: readonly string[];
  readonly factId: string;
  readonly factType: FactType;
  readonly occurredAt: string;
  /** The office that made the flagged scan. */
  readonly scannedAt: string;
  readonly reason: AnomalyReason;
  readonly status: AnomalyStatus;
  readonly raisedAt: string;
  readonly resolution?: {
    readonly action: ResolutionAction;
    readonly note: string;
    readonly resolvedBy: Resolver;
    readonly resolvedAt: string;
  };
}

/** One anomaly per flagged fact of an item, whatever the number of times it is raised. */
export function anomalyIdOf(itemCode: string, factId: string): string {
  const digest = createHash('sha256').update(`${itemCode}/${factId}`).digest('hex').slice(0, 16);
  return `AN-${itemCode}-${digest.toUpperCase()}`;
}

/** The anomalies a fold flags that were not flagged before it (`before`: the fold before the new facts). */
export function raisedAnomalies(
  item: ItemRecord,
  before: ItemState | null,
  after: ItemState,
  facts: readonly ItemFact[],
  now: Date,
): Anomaly[] {
  const known = new Set(before?.timeline.filter((entry) => entry.anomaly).map((entry) => entry.factId));
  const byId = new Map(facts.map((fact) => [fact.factId, fact]));
  return after.timeline.flatMap((entry) => {
    if (!entry.anomaly || known.has(entry.factId)) return [];
    const fact = byId.get(entry.factId);
    return [
      {
        anomalyId: anomalyIdOf(item.itemCode, entry.factId),
        itemCode: item.itemCode,
        consignmentRef: item.consignmentRef,
        dossierCode: item.dossierCode,
        agencyCode: item.agencyCode,
        postOfficeCodes: [...new Set([item.originOfficeCode, item.destinationOfficeCode])].sort(),
        factId: entry.factId,
        factType: entry.type,
        occurredAt: entry.occurredAt,
        scannedAt: fact?.postOfficeCode ?? entry.postOfficeCode,
        reason: entry.anomaly,
        status: 'open' as const,
        raisedAt: now.toISOString(),
      },
    ];
  });
}

/** Who may resolve: a supervisor of one of the item's offices, or an admin. */
export function assertMayResolve(anomaly: Pick<Anomaly, 'postOfficeCodes'>, resolver: Resolver): void {
  if (resolver.role === 'admin') return;
  if (resolver.role !== 'postal-supervisor')
    throw new DomainRefusal('forbidden', 'Only a postal supervisor resolves anomalies and unlocks items');
  if (!resolver.postOfficeCode || !anomaly.postOfficeCodes.includes(resolver.postOfficeCode))
    throw new DomainRefusal('not-found', 'Nothing of that name at your office');
}

export interface Resolution {
  readonly anomaly: Anomaly;
  /** The item after the fact was applied; absent for a dismissal. */
  readonly item?: ItemRecord;
  readonly state?: ItemState;
}

/**
 * Resolves an open anomaly. Applying adds the fact to the item's applied facts and folds the
 * item again: the version moves on, so the item's change carries what the fact brings.
 */
export function resolveAnomaly(input: {
  readonly anomaly: Anomaly;
  readonly action: ResolutionAction;
  readonly note: string;
  readonly resolver: Resolver;
  readonly item: ItemRecord;
  readonly facts: readonly ItemFact[];
  readonly now: Date;
}): Resolution {
  const { anomaly, action, note, resolver, item, facts, now } = input;
  assertMayResolve(anomaly, resolver);
  if (anomaly.status !== 'open')
    throw new DomainRefusal('conflict', `Anomaly ${anomaly.anomalyId} is already ${anomaly.status}`);
  const trimmed = note.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_RESOLUTION_NOTE_LENGTH)
    throw new DomainRefusal(
      'unprocessable',
      `A resolution needs a note of 1 to ${MAX_RESOLUTION_NOTE_LENGTH} characters`,
    );
  const resolved: Anomaly = {
    ...anomaly,
    status: action === 'apply' ? 'applied' : 'dismissed',
    resolution: { action, note: trimmed, resolvedBy: resolver, resolvedAt: now.toISOString() },
  };
  if (action === 'dismiss') return { anomaly: resolved };
  const appliedFactIds = [...new Set([...(item.appliedFactIds ?? []), anomaly.factId])];
  const next = withFacts({ ...item, appliedFactIds }, facts);
  return { anomaly: resolved, item: next.item, state: next.state };
}

/** The facts that count, in the order the fold took them: flagged ones are left out until applied. */
export function acceptedFacts<Fact extends ItemFact>(state: ItemState, facts: readonly Fact[]): Fact[] {
  const byId = new Map(facts.map((fact) => [fact.factId, fact]));
  return state.timeline.flatMap((entry) => {
    const fact = entry.anomaly ? undefined : byId.get(entry.factId);
    return fact ? [fact] : [];
  });
}

/** Whether the fold took this fact (not flagged, or flagged and applied). */
export const isAccepted = (state: ItemState, factId: string): boolean =>
  state.timeline.some((entry) => entry.factId === factId && !entry.anomaly);
