/**
 * `POST /v1/scans` as a use case: duplicates are recognised with one cheap read each,
 * then each item's new scans are planned and written in one transaction with the item's
 * new state; if another request changed the item meanwhile, the item is read again and
 * the plan made again, a bounded number of times.
 */
import { boundedAll } from '../bounded.ts';
import { fingerprint } from '../canonical.ts';
import { type ItemRecord, withFacts } from './items.ts';
import { MAX_FACTS_PER_ITEM, planScans, type ScanInput, type ScanOutcome, type StoredFact } from './scans.ts';

/** DynamoDB takes 100 actions per transaction: 99 facts and the item. */
export const MAX_FACTS_PER_TRANSACTION = 99;
export const MAX_COMMIT_ATTEMPTS = 6;
/** Items worked on at once within one request. */
export const ITEM_CONCURRENCY = 8;

export interface ItemSnapshot {
  readonly item: ItemRecord;
  readonly facts: readonly StoredFact[];
}

export interface ItemRepository {
  /** The stored facts with these ids, where they exist (one read each, no item read). */
  findFacts(keys: readonly { itemCode: string; factId: string }[]): Promise<Map<string, StoredFact>>;
  /** The item with every fact it has; null when there is no such item. */
  load(itemCode: string): Promise<ItemSnapshot | null>;
  /**
   * Writes the new facts and the item's new state at once, if the item is still at
   * `expectedVersion`; answers false when it was not (someone else wrote first).
   */
  commit(next: ItemRecord, expectedVersion: number, newFacts: readonly StoredFact[]): Promise<boolean>;
}

export interface IngestContext {
  readonly receivedAt: Date;
  readonly callerOfficeCode: string | null;
  /** The key of the one-time delivery codes; null when no scan has one (`checksDeliveryCode`). */
  readonly deliveryCodeSecret: string | null;
  /** Pause between commit attempts; tests pass a no-op. */
  readonly pause?: (attempt: number) => Promise<void>;
}

/**
 * Records one system fact (a manifest handover, a result made ready) on an item, once:
 * a fact already there is left alone. Retries when another writer got in first.
 */
export async function recordFact(
  repository: ItemRepository,
  itemCode: string,
  factFor: (item: ItemRecord) => StoredFact,
  pause: (attempt: number) => Promise<void> = jitteredPause,
): Promise<ItemRecord | null> {
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt += 1) {
    const snapshot = await repository.load(itemCode);
    if (!snapshot) return null;
    const fact = factFor(snapshot.item);
    if (snapshot.facts.some((existing) => existing.factId === fact.factId)) return snapshot.item;
    const { item: next } = withFacts(snapshot.item, [...snapshot.facts, fact]);
    if (await repository.commit(next, snapshot.item.version, [fact])) return next;
    await pause(attempt);
  }
  throw new Error(`Item ${itemCode} stayed busy: a fact could not be recorded`);
}

export interface IngestResult {
  readonly outcomes: readonly ScanOutcome[];
  /** Items whose state changed, as committed. */
  readonly changedItems: readonly ItemRecord[];
}

const factKey = (itemCode: string, factId: string) => `${itemCode}/${factId}`;

const jitteredPause = (attempt: number) =>
  new Promise<void>((wake) => setTimeout(wake, Math.random() * Math.min(200, 10 * 2 ** attempt)));

async function ingestItem(
  repository: ItemRepository,
  itemCode: string,
  scans: readonly ScanInput[],
  context: IngestContext,
): Promise<{ outcomes: ScanOutcome[]; changed: ItemRecord | null }> {
  const outcomes: ScanOutcome[] = [];
  let changed: ItemRecord | null = null;
  for (let start = 0; start < scans.length; start += MAX_FACTS_PER_TRANSACTION) {
    const chunk = scans.slice(start, start + MAX_FACTS_PER_TRANSACTION);
    for (let attempt = 1; ; attempt += 1) {
      const snapshot = await repository.load(itemCode);
      if (!snapshot) {
        outcomes.push(...chunk.map((): ScanOutcome => ({ outcome: 'rejected', reason: 'unknown-item' })));
        break;
      }
      const plan = planScans({
        item: snapshot.item,
        storedFacts: snapshot.facts,
        scans: chunk,
        receivedAt: context.receivedAt,
        callerOfficeCode: context.callerOfficeCode,
        deliveryCodeSecret: context.deliveryCodeSecret,
      });
      if (!plan.next || (await repository.commit(plan.next, snapshot.item.version, plan.newFacts))) {
        outcomes.push(...plan.outcomes);
        if (plan.next) changed = plan.next;
        break;
      }
      if (attempt >= MAX_COMMIT_ATTEMPTS) {
        outcomes.push(
          ...chunk.map((): ScanOutcome => ({ outcome: 'rejected', reason: 'item-busy-retry-later' })),
        );
        break;
      }
      await (context.pause ?? jitteredPause)(attempt);
    }
  }
  return { outcomes, changed };
}

export async function ingestScans(
  repository: ItemRepository,
  scans: readonly ScanInput[],
  context: IngestContext,
): Promise<IngestResult> {
  const outcomes: (ScanOutcome | undefined)[] = new Array(scans.length);
  const stored = await repository.findFacts(
    scans.map((scan) => ({ itemCode: scan.itemCode, factId: scan.scanId })),
  );

  // Duplicates answered from the cheap read; the rest grouped by item, in the order sent.
  const byItem = new Map<string, number[]>();
  scans.forEach((scan, index) => {
    const existing = stored.get(factKey(scan.itemCode, scan.scanId));
    if (existing && existing.contentHash === fingerprint(scan)) {
      outcomes[index] = { outcome: 'duplicate' };
      return;
    }
    byItem.set(scan.itemCode, [...(byItem.get(scan.itemCode) ?? []), index]);
  });

  const changedItems: ItemRecord[] = [];
  await boundedAll([...byItem.entries()], ITEM_CONCURRENCY, async ([itemCode, indexes]) => {
    const result = await ingestItem(
      repository,
      itemCode,
      indexes.map((index) => scans[index] as ScanInput),
      context,
    );
    indexes.forEach((scanIndex, position) => {
      outcomes[scanIndex] = result.outcomes[position];
    });
    if (result.changed) changedItems.push(result.changed);
  });
  return {
    outcomes: outcomes.map((outcome) => outcome ?? { outcome: 'rejected', reason: 'not-processed' }),
    changedItems,
  };
}

export { factKey, MAX_FACTS_PER_ITEM };
