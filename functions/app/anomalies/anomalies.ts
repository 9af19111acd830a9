/**
 * The supervisors' queue of flagged facts: raised from an item's fold, listed per office and
 * status, resolved once (`apply` folds the item again with the fact accepted, in the same
 * write as the resolution; `dismiss` only closes it). Also the supervisor's unlock of an item
 * locked at the door by wrong codes or ID digits.
 */
import {
  type Anomaly,
  type AnomalyStatus,
  assertMayResolve,
  type ResolutionAction,
  type Resolver,
  raisedAnomalies,
  resolveAnomaly,
} from '../../domain/items/anomalies.ts';
import { unlockProof } from '../../domain/items/door.ts';
import { foldRecord, type ItemRecord } from '../../domain/items/items.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import type { AnomalyPorts } from './ports.ts';

export const MAX_ANOMALIES_PER_PAGE = 100;
/** Tries when the item or the anomaly moved between the read and the write. */
const MAX_RESOLVE_ATTEMPTS = 4;

/** Records an anomaly for each flagged fact of the item not recorded yet. */
export async function raiseItemAnomalies(
  ports: AnomalyPorts,
  itemCode: string,
  now: Date,
): Promise<Anomaly[]> {
  const snapshot = await ports.items.load(itemCode);
  if (!snapshot) return [];
  const state = foldRecord(snapshot.item, snapshot.facts);
  const raised = raisedAnomalies(snapshot.item, null, state, snapshot.facts, now);
  if (raised.length > 0) await ports.anomalies.raise(raised);
  return raised;
}

export async function listAnomalies(
  ports: AnomalyPorts,
  input: { readonly postOfficeCode: string; readonly status: AnomalyStatus; readonly limit: number },
): Promise<Anomaly[]> {
  const limit = Math.min(Math.max(1, input.limit), MAX_ANOMALIES_PER_PAGE);
  return ports.anomalies.listByOffice(input.postOfficeCode, input.status, limit);
}

export async function resolveAnomalyCase(
  ports: AnomalyPorts,
  input: {
    readonly anomalyId: string;
    readonly action: ResolutionAction;
    readonly note: string;
    readonly resolver: Resolver;
    readonly now: Date;
  },
): Promise<{ readonly anomaly: Anomaly; readonly item: ItemRecord | null }> {
  for (let attempt = 1; attempt <= MAX_RESOLVE_ATTEMPTS; attempt += 1) {
    const anomaly = await ports.anomalies.get(input.anomalyId);
    if (!anomaly) throw new DomainRefusal('not-found', `No anomaly ${input.anomalyId}`);
    assertMayResolve(anomaly, input.resolver);
    const snapshot = await ports.items.load(anomaly.itemCode);
    if (!snapshot) throw new DomainRefusal('not-found', `No item ${anomaly.itemCode}`);
    const resolution = resolveAnomaly({ ...input, anomaly, item: snapshot.item, facts: snapshot.facts });
    const itemWrite = resolution.item
      ? { next: resolution.item, expectedVersion: snapshot.item.version }
      : null;
    if (await ports.anomalies.resolve(resolution.anomaly, itemWrite))
      return { anomaly: resolution.anomaly, item: resolution.item ?? null };
  }
  throw new DomainRefusal('conflict', `Anomaly ${input.anomalyId} kept changing: try again`);
}

/** A supervisor of one of the item's offices lifts the lock that wrong codes or ID digits set. */
export async function unlockItem(
  ports: AnomalyPorts,
  input: {
    readonly itemCode: string;
    readonly note: string;
    readonly resolver: Resolver;
    readonly now: Date;
  },
): Promise<ItemRecord> {
  for (let attempt = 1; attempt <= MAX_RESOLVE_ATTEMPTS; attempt += 1) {
    const snapshot = await ports.items.load(input.itemCode);
    if (!snapshot) throw new DomainRefusal('not-found', `No item ${input.itemCode}`);
    const { item } = snapshot;
    assertMayResolve(
      { postOfficeCodes: [item.originOfficeCode, item.destinationOfficeCode] },
      input.resolver,
    );
    if (!item.proofLock?.lockedAt)
      throw new DomainRefusal('conflict', `Item ${item.itemCode} is not locked at the door`);
    const next: ItemRecord = {
      ...item,
      proofLock: {
        ...unlockProof(item.proofLock),
        unlocked: { by: input.resolver.subject, at: input.now.toISOString(), note: input.note },
      },
      version: item.version + 1,
    };
    if (await ports.items.commit(next, item.version, [])) return next;
  }
  throw new DomainRefusal('conflict', `Item ${input.itemCode} kept changing: try again`);
}
