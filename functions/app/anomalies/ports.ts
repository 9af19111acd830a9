/** What the anomaly use cases need from storage. */
import type { Anomaly, AnomalyStatus } from '../../domain/items/anomalies.ts';
import type { ItemRepository } from '../../domain/items/ingest.ts';
import type { ItemRecord } from '../../domain/items/items.ts';

export interface AnomalyRepository {
  /** Records anomalies not recorded yet; one already there is left as it is. */
  raise(anomalies: readonly Anomaly[]): Promise<void>;
  get(anomalyId: string): Promise<Anomaly | null>;
  /** An office's anomalies in one status, oldest first, at most `limit`. */
  listByOffice(postOfficeCode: string, status: AnomalyStatus, limit: number): Promise<Anomaly[]>;
  /**
   * Writes a resolution, only if the anomaly is still open, together with the item's new state
   * when the fact is applied (only if the item is still at `expectedVersion`) and the mark on
   * the fact that it was applied (`appliedAt`, which sends it to the ledger); false when either
   * moved meanwhile.
   */
  resolve(
    resolved: Anomaly,
    item: { readonly next: ItemRecord; readonly expectedVersion: number } | null,
  ): Promise<boolean>;
}

export interface AnomalyPorts {
  readonly anomalies: AnomalyRepository;
  readonly items: ItemRepository;
}
