/**
 * Nightly, for every agency: yesterday's pushed statuses against what the post recorded.
 * One report per (agency, day), under a fixed id: running the night again replaces it.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { reconciliationStore, referenceStore } from '../adapters/index.ts';
import { NightlyRunSchema } from '../app/messages.ts';
import { reconcile } from '../app/money/reconcile-one-stop-shop.ts';
import { systemNow, systemNowMs } from '../commons/clock.ts';
import { logger } from '../commons/powertools.ts';
import { parseInput } from '../commons/queue-consumer.ts';
import { localDate } from '../domain/calendar/working-days.ts';
import { DEFAULT_TOLERANCE_MINUTES } from '../domain/reconciliation.ts';

interface NightlyInput {
  /** The day to reconcile (YYYY-MM-DD, Vietnam); yesterday when absent. */
  readonly day?: string;
}

const yesterdayInVietnam = (): string => localDate(new Date(systemNowMs() - 86_400_000));

export const handler = middy<NightlyInput>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const day = parseInput(NightlyRunSchema, event).day ?? yesterdayInVietnam();
    const agencies = await referenceStore().listAgencies();
    let reports = 0;
    for (const agency of agencies) {
      const records = await reconciliationStore().pushedOn(agency.agencyCode, day);
      await reconcile(reconciliationStore(), {
        agencyCode: agency.agencyCode,
        records,
        period: { from: day, to: day },
        toleranceMinutes: DEFAULT_TOLERANCE_MINUTES,
        trigger: 'nightly',
        reportId: `nightly-${agency.agencyCode}-${day}`,
        now: systemNow(),
      });
      reports += 1;
    }
    logger.info('nightly reconciliation', { day, agencies: agencies.length, reports });
    return { day, reports };
  });
