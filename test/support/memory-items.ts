/** An ItemRepository in memory, with the same optimistic locking as the DynamoDB one. */
import { factKey, type ItemRepository, type ItemSnapshot } from '../../functions/domain/items/ingest.ts';
import type { ItemRecord } from '../../functions/domain/items/items.ts';
import type { StoredFact } from '../../functions/domain/items/scans.ts';

export class MemoryItems implements ItemRepository {
  readonly items = new Map<string, ItemRecord>();
  readonly facts = new Map<string, StoredFact[]>();
  commits = 0;
  conflicts = 0;

  add(item: ItemRecord): void {
    this.items.set(item.itemCode, item);
    this.facts.set(item.itemCode, []);
  }

  async findFacts(keys: readonly { itemCode: string; factId: string }[]): Promise<Map<string, StoredFact>> {
    const found = new Map<string, StoredFact>();
    for (const { itemCode, factId } of keys) {
      const fact = this.facts.get(itemCode)?.find((candidate) => candidate.factId === factId);
      if (fact) found.set(factKey(itemCode, factId), fact);
    }
    return found;
  }

  async load(itemCode: string): Promise<ItemSnapshot | null> {
    const item = this.items.get(itemCode);
    return item ? { item, facts: [...(this.facts.get(itemCode) ?? [])] } : null;
  }

  async commit(next: ItemRecord, expectedVersion: number, newFacts: readonly StoredFact[]): Promise<boolean> {
    const current = this.items.get(next.itemCode);
    const stored = this.facts.get(next.itemCode) ?? [];
    const clash = newFacts.some((fact) => stored.some((existing) => existing.factId === fact.factId));
    if (!current || current.version !== expectedVersion || clash) {
      this.conflicts += 1;
      return false;
    }
    this.items.set(next.itemCode, next);
    this.facts.set(next.itemCode, [...stored, ...newFacts]);
    this.commits += 1;
    return true;
  }
}
