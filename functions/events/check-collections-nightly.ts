/**
 * Nightly, for every post office: the facts-to-ledger check of the last days (scanners upload
 * late, so a week is looked at again), booking once any collected amount the ledger does not
 * hold. A day already whole changes nothing, so a run missed and caught up, or run twice,
 * books nothing twice. An office that fails does not stop the others; the run reports it so
 * that the scheduler tries again.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import {
  collectionIndex,
  financeStore,
  receiptParties,
  receiptStore,
  referenceStore,
} from '../adapters/index.ts';
import { CollectionCheckRunSchema } from '../app/messages.ts';
import { type CheckPorts, checkCollections } from '../app/money/check-collections.ts';
import { systemNow } from '../commons/clock.ts';
import { logger } from '../commons/powertools.ts';
import { parseInput } from '../commons/queue-consumer.ts';
import { boundedAll } from '../domain/bounded.ts';
import { localDate } from '../domain/calendar/working-days.ts';

/** Days before the run's own day that each night looks at. */
export const DAYS_CHECKED = 7;
/** Checks of one office's day in a night, at most (each looks at MAX_FACTS_PER_CHECK facts). */
const MAX_CHECKS_PER_DAY = 10;
/** Offices checked at once. */
const CONCURRENCY = 4;
const DAY_MS = 86_400_000;

/** The days a run planned at `plannedAt` checks: the week before it, oldest first. */
export const daysChecked = (plannedAt: Date): string[] =>
  Array.from({ length: DAYS_CHECKED }, (_, index) =>
    localDate(new Date(plannedAt.getTime() - (DAYS_CHECKED - index) * DAY_MS)),
  );

/** An office's day, check after check until it is walked to its end (at most MAX_CHECKS_PER_DAY). */
async function checkDay(ports: CheckPorts, postOfficeCode: string, day: string, now: Date): Promise<number> {
  let repaired = 0;
  let from: string | null = null;
  for (let round = 0; round < MAX_CHECKS_PER_DAY; round++) {
    const check = await checkCollections(ports, postOfficeCode, day, 'nightly', now, from);
    repaired += check.repairs.length;
    if (check.next === null) return repaired;
    from = check.next;
  }
  logger.warn('office day not checked to its end', { postOfficeCode, day });
  return repaired;
}

export const handler = middy<unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const now = systemNow();
    const input = parseInput(CollectionCheckRunSchema, event);
    const days = input.day ? [input.day] : daysChecked(input.scheduledAt ? new Date(input.scheduledAt) : now);
    const offices = await referenceStore().listPostOffices();
    const ports = {
      index: collectionIndex(),
      books: financeStore(),
      receipts: receiptStore(),
      parties: receiptParties(),
    };
    const outcomes = await boundedAll(offices, CONCURRENCY, async (office) => {
      try {
        let repaired = 0;
        for (const day of days) repaired += await checkDay(ports, office.postOfficeCode, day, now);
        return repaired;
      } catch (error) {
        logger.error('office not checked', { error, postOfficeCode: office.postOfficeCode, days });
        return null;
      }
    });
    const summary = {
      days,
      offices: offices.length,
      repaired: outcomes.reduce<number>((sum, found) => sum + (found ?? 0), 0),
      failed: outcomes.filter((found) => found === null).length,
    };
    logger.info('nightly facts-to-ledger check', summary);
    if (summary.failed > 0) throw new Error(`${summary.failed} offices not checked for ${days.join(', ')}`);
    return summary;
  });
