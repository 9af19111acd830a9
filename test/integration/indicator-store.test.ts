/**
 * The indicators' per-day counters and the citizens' ratings against the real DynamoDB Local:
 * a contribution delivered again (or by two workers at once) is counted once, a month's rows
 * are read back by province and grouping within a limit, and a dossier is rated once.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DynamoIndicatorStore,
  DynamoRatingStore,
} from '../../functions/adapters/dynamodb/indicator-store.ts';
import { indicatorReportFor } from '../../functions/app/indicators/indicator-report.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import type { Contribution } from '../../functions/domain/indicators.ts';
import type { Rating } from '../../functions/domain/satisfaction.ts';

/** A province code of its own per run, so that runs never read each other's rows. */
const province = () => String(10 + Math.floor(Math.random() * 89));

const journey = (provinceCode: string, ref: string, day: string, office: string): Contribution => ({
  contributionId: `journey#${ref}`,
  provinceCode,
  day,
  keys: { office, agency: '000.00.06.H26', commune: '26743' },
  counters: {
    dossiers: 1,
    returnOnly: 1,
    deliveries: 1,
    firstAttemptDeliveries: 1,
    feesCollectedVnd: 135_000,
  },
});

describe('indicator store', () => {
  it('counts a contribution once, however often and however concurrently it is delivered', async () => {
    const store = new DynamoIndicatorStore(dynamoDocumentClient(), tableName());
    const provinceCode = province();
    const ref = `PG${randomUUID()}`;
    const first = journey(provinceCode, ref, '2026-11-03', 'BC-HCM-01');
    // Three workers at once; one that conflicts is retried, as the stream retries its batch.
    const counted = await Promise.all(
      [1, 2, 3].map(async () => {
        for (let attempt = 0; attempt < 5; attempt += 1) {
          try {
            return await store.contribute(first);
          } catch (error) {
            if ((error as { name?: string }).name !== 'TransactionCanceledException') throw error;
          }
        }
        throw new Error('still conflicting after 5 attempts');
      }),
    );
    expect(counted.filter(Boolean)).toHaveLength(1);
    expect(await store.contribute(first)).toBe(false);
    expect(
      await store.contribute(journey(provinceCode, `PG${randomUUID()}`, '2026-11-04', 'BC-HCM-01')),
    ).toBe(true);
    expect(
      await store.contribute(journey(provinceCode, `PG${randomUUID()}`, '2026-12-01', 'BC-HCM-02')),
    ).toBe(true);

    const report = await indicatorReportFor(
      { indicators: store },
      { provinceCode, period: '2026-11', groupBy: 'office' },
    );
    expect(report.groups.map((group) => [group.key, group.dossiers])).toEqual([['BC-HCM-01', 2]]);
    expect(report.total).toMatchObject({
      dossiers: 2,
      byChannel: { returnOnly: 2 },
      firstAttemptDeliveryRate: 1,
      feesCollectedVnd: 270_000,
    });
    const byCommune = await store.dailyRows(provinceCode, '2026-11', 'commune', 10);
    expect(byCommune.rows.map((row) => [row.key, row.day, row.counters.dossiers])).toEqual([
      ['26743', '2026-11-03', 1],
      ['26743', '2026-11-04', 1],
    ]);
    const limited = await store.dailyRows(provinceCode, '2026-11', 'office', 1);
    expect(limited).toMatchObject({ truncated: true });
    expect(limited.rows).toHaveLength(1);
  });

  it('keeps one rating per dossier', async () => {
    const ratings = new DynamoRatingStore(dynamoDocumentClient(), tableName());
    const rating: Rating = {
      consignmentRef: `PG${randomUUID()}`,
      dossierCode: null,
      score: 5,
      comment: 'Rất tốt',
      ratedAt: '2026-11-20T03:00:00.000Z',
      month: '2026-11',
      journeyEndedOn: '2026-11-19',
      provinceCode: '79',
      communeCode: '26743',
      agencyCode: '000.00.06.H26',
      postOfficeCode: 'BC-HCM-01',
      staffId: 'staff-1',
    };
    expect(await ratings.find(rating.consignmentRef)).toBeNull();
    expect(await ratings.record(rating)).toBe(true);
    expect(await ratings.record({ ...rating, score: 1, comment: null })).toBe(false);
    expect(await ratings.find(rating.consignmentRef)).toEqual(rating);
  });
});
