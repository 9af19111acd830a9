/** In-memory twins of the indicator and rating stores, for the use cases' tests. */

import type { ReportSubscription } from '../../domain/indicator-mail.ts';
import {
  addCounters,
  aggregateKeysOf,
  type Contribution,
  type Counter,
  type DailyAggregate,
  type GroupBy,
  zeroCounters,
} from '../../domain/indicators.ts';
import type { Rating } from '../../domain/satisfaction.ts';
import type { ReportSubscriptions } from './monthly-mail.ts';
import type { IndicatorStore, RatingStore } from './ports.ts';

export class MemoryIndicatorStore implements IndicatorStore {
  readonly counted = new Set<string>();
  readonly rows = new Map<string, DailyAggregate>();

  async contribute(contribution: Contribution): Promise<boolean> {
    if (this.counted.has(contribution.contributionId)) return false;
    this.counted.add(contribution.contributionId);
    for (const { groupBy, key } of aggregateKeysOf(contribution)) {
      const id = [contribution.provinceCode, groupBy, key, contribution.day].join('|');
      const counters: Record<Counter, number> = { ...(this.rows.get(id)?.counters ?? zeroCounters()) };
      addCounters(counters, contribution.counters);
      this.rows.set(id, {
        provinceCode: contribution.provinceCode,
        day: contribution.day,
        groupBy,
        key,
        counters,
      });
    }
    return true;
  }

  async dailyRows(provinceCode: string, period: string, groupBy: GroupBy, limit: number) {
    const matching = [...this.rows.values()].filter(
      (row) =>
        row.provinceCode === provinceCode && row.groupBy === groupBy && row.day.startsWith(`${period}-`),
    );
    return { rows: matching.slice(0, limit), truncated: matching.length > limit };
  }
}

export class MemoryRatingStore implements RatingStore {
  readonly ratings = new Map<string, Rating>();
  async record(rating: Rating): Promise<boolean> {
    if (this.ratings.has(rating.consignmentRef)) return false;
    this.ratings.set(rating.consignmentRef, rating);
    return true;
  }
  async find(consignmentRef: string): Promise<Rating | null> {
    return this.ratings.get(consignmentRef) ?? null;
  }
}

/** Report subscriptions in memory, in address order per province. */
export class MemoryReportSubscriptions implements ReportSubscriptions {
  readonly rows = new Map<string, ReportSubscription>();
  async put(subscription: ReportSubscription): Promise<void> {
    this.rows.set(`${subscription.provinceCode}#${subscription.email}`, subscription);
  }
  async remove(provinceCode: string, email: string): Promise<void> {
    this.rows.delete(`${provinceCode}#${email}`);
  }
  async list(provinceCode: string, limit: number): Promise<ReportSubscription[]> {
    return [...this.rows.values()]
      .filter((row) => row.provinceCode === provinceCode)
      .sort((left, right) => (left.email < right.email ? -1 : 1))
      .slice(0, limit);
  }
}
