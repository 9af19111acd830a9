/** The anomaly repository in memory, with the same conditions as the table's, for use-case tests. */
import type { Anomaly, AnomalyStatus } from '../../domain/items/anomalies.ts';
import type { ItemRepository } from '../../domain/items/ingest.ts';
import type { ItemRecord } from '../../domain/items/items.ts';
import type { AnomalyRepository } from './ports.ts';

export class MemoryAnomalies implements AnomalyRepository {
  readonly anomalies = new Map<string, Anomaly>();

  constructor(private readonly items: ItemRepository) {}

  async raise(anomalies: readonly Anomaly[]): Promise<void> {
    for (const anomaly of anomalies)
      if (!this.anomalies.has(anomaly.anomalyId)) this.anomalies.set(anomaly.anomalyId, anomaly);
  }

  async get(anomalyId: string): Promise<Anomaly | null> {
    return this.anomalies.get(anomalyId) ?? null;
  }

  async listByOffice(postOfficeCode: string, status: AnomalyStatus, limit: number): Promise<Anomaly[]> {
    return [...this.anomalies.values()]
      .filter((anomaly) => anomaly.status === status && anomaly.postOfficeCodes.includes(postOfficeCode))
      .sort((left, right) => left.raisedAt.localeCompare(right.raisedAt))
      .slice(0, limit);
  }

  async resolve(
    resolved: Anomaly,
    item: { readonly next: ItemRecord; readonly expectedVersion: number } | null,
  ): Promise<boolean> {
    if (this.anomalies.get(resolved.anomalyId)?.status !== 'open') return false;
    if (item && !(await this.items.commit(item.next, item.expectedVersion, []))) return false;
    this.anomalies.set(resolved.anomalyId, resolved);
    return true;
  }
}
