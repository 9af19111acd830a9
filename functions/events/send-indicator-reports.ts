/**
 * Monthly, on the 1st: every province's indicator report of the month before, e-mailed once to
 * each address subscribed to it (`sendMonthlyReports`). Running the month again sends nothing
 * twice; a province that fails does not stop the others, and the run fails so that the
 * scheduler tries again.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { ENV, functions } from '../../infra/manifest.ts';
import { indicatorStore, reportSubscriptions } from '../adapters/index.ts';
import { EmailOutbox } from '../adapters/notifications/email-outbox.ts';
import { FileOutbox } from '../adapters/notifications/file-outbox.ts';
import { idempotentSendGuard } from '../adapters/notifications/send-once-guard.ts';
import { sendMonthlyReports } from '../app/indicators/monthly-mail.ts';
import { MonthlyReportRunSchema } from '../app/messages.ts';
import { isLocalRuntime, requiredEnv } from '../commons/clients.ts';
import { systemNow } from '../commons/clock.ts';
import { logger } from '../commons/powertools.ts';
import { parseInput } from '../commons/queue-consumer.ts';
import { DEFAULT_TRACKING_BASE_URL } from '../commons/tracking-url.ts';
import { localDate } from '../domain/calendar/working-days.ts';
import { previousMonth } from '../domain/indicator-mail.ts';
import type { NotificationOutbox } from '../domain/notifications.ts';
import { PROVINCE_NAMES } from '../domain/provinces.ts';

let outbox: NotificationOutbox | undefined;
const mailOutbox = (): NotificationOutbox => {
  outbox ??= isLocalRuntime()
    ? new FileOutbox(requiredEnv(ENV.outboxDir))
    : new EmailOutbox(requiredEnv(ENV.emailFrom));
  return outbox;
};

/** The console's address serves the API under /v1 (the embedded runtime's tracking base ends in it). */
const reportLink = (provinceCode: string, period: string): string => {
  const base = (process.env[ENV.trackingBaseUrl] ?? DEFAULT_TRACKING_BASE_URL).replace(/\/v1$/, '');
  return `${base}/v1/reports/indicators?provinceCode=${provinceCode}&period=${period}&groupBy=office&format=pdf`;
};

export const handler = middy<unknown>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const input = parseInput(MonthlyReportRunSchema, event);
    const planned = input.scheduledAt ? new Date(input.scheduledAt) : systemNow();
    const period = input.period ?? previousMonth(localDate(planned));
    const run = await sendMonthlyReports(
      {
        subscriptions: reportSubscriptions(),
        indicators: indicatorStore(),
        outbox: mailOutbox(),
        guard: idempotentSendGuard(functions.sendIndicatorReports.timeoutSeconds * 1000),
        reportLink,
      },
      { period, provinceCodes: Object.keys(PROVINCE_NAMES) },
    );
    logger.info('monthly indicator reports', { ...run });
    if (run.failures.length > 0)
      throw new Error(`${run.failures.length} provinces not mailed for ${period}: try again`);
    return run;
  });
