/**
 * Nightly, for every agency: the finance lines of the day before, reconciled by the core and
 * kept once per (agency, day). Running the night again finds the day already kept and
 * changes nothing; an agency that fails does not stop the others, and the run reports it so
 * that the scheduler tries again.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { financeStore, referenceStore } from '../adapters/index.ts';
import { NightlyRunSchema } from '../app/messages.ts';
import { reconcileAgencyDay as reconcileDayOnce } from '../app/money/compute-statement.ts';
import { systemNow } from '../commons/clock.ts';
import { logger } from '../commons/powertools.ts';
import { parseInput } from '../commons/queue-consumer.ts';
import { boundedAll } from '../domain/bounded.ts';
import { localDate } from '../domain/calendar/working-days.ts';

/** Agencies reconciled at once. */
const CONCURRENCY = 4;
interface NightlyInput {
  /** The day to reconcile (YYYY-MM-DD, Vietnam); yesterday when absent. */
  readonly day?: string;
}

export const reconcileAgencyDay = (
  agencyCode: string,
  day: string,
  now: Date,
): Promise<'kept' | 'existing'> => reconcileDayOnce(financeStore(), agencyCode, day, now);

export const handler = middy<NightlyInput>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const now = systemNow();
    const day = parseInput(NightlyRunSchema, event).day ?? localDate(new Date(now.getTime() - 86_400_000));
    const agencies = await referenceStore().listAgencies();
    const outcomes = await boundedAll(agencies, CONCURRENCY, async (agency) => {
      try {
        return await reconcileAgencyDay(agency.agencyCode, day, now);
      } catch (error) {
        logger.error('agency day not reconciled', { error, agencyCode: agency.agencyCode, day });
        return 'failed' as const;
      }
    });
    const count = (outcome: string) => outcomes.filter((found) => found === outcome).length;
    const summary = {
      day,
      agencies: agencies.length,
      kept: count('kept'),
      existing: count('existing'),
      failed: count('failed'),
    };
    logger.info('nightly finance reconciliation', summary);
    if (summary.failed > 0) throw new Error(`${summary.failed} agencies not reconciled for ${day}`);
    return summary;
  });
