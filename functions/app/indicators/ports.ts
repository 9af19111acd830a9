/** What the satisfaction and indicator use cases need from storage. */
import type { Contribution, DailyAggregate, GroupBy } from '../../domain/indicators.ts';
import type { Rating } from '../../domain/satisfaction.ts';

/** The per-day counters of the indicator reports. */
export interface IndicatorStore {
  /** Adds a contribution to its daily rows once: false when it was counted before (nothing changes). */
  contribute(contribution: Contribution): Promise<boolean>;
  /**
   * A province's daily rows of one grouping in a month (`YYYY-MM`), at most `limit` of them;
   * `truncated` when there were more.
   */
  dailyRows(
    provinceCode: string,
    period: string,
    groupBy: GroupBy,
    limit: number,
  ): Promise<{ rows: DailyAggregate[]; truncated: boolean }>;
}

/** Citizens' ratings, one per dossier. */
export interface RatingStore {
  /** Writes the rating unless the dossier has one: false when it had (nothing changes). */
  record(rating: Rating): Promise<boolean>;
  find(consignmentRef: string): Promise<Rating | null>;
}
