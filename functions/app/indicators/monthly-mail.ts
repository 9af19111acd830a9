/**
 * The indicator report by e-mail: admins and a province's observers subscribe addresses to
 * the province's report, and each month every subscribed address receives the month before,
 * once (a run made again, or retried, sends nothing twice). A province that fails does not
 * stop the others; the run says which failed so that the scheduler tries again.
 */
import { boundedAll } from '../../domain/bounded.ts';
import {
  indicatorMail,
  MAX_SUBSCRIPTIONS_PER_PROVINCE,
  type ReportSubscription,
} from '../../domain/indicator-mail.ts';
import type { NotificationOutbox } from '../../domain/notifications.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import { type SendOnceGuard, sendOnce } from '../notifications/send-notifications.ts';
import { indicatorReportFor } from './indicator-report.ts';
import type { IndicatorStore } from './ports.ts';

export interface ReportSubscriptions {
  put(subscription: ReportSubscription): Promise<void>;
  remove(provinceCode: string, email: string): Promise<void>;
  /** A province's subscriptions in address order, at most `limit`. */
  list(provinceCode: string, limit: number): Promise<ReportSubscription[]>;
}

/** Subscribes an address (or removes it, `active: false`); answers the province's list. */
export async function subscribeToReport(
  subscriptions: ReportSubscriptions,
  input: { provinceCode: string; email: string; active: boolean; subscribedBy: string },
  now: Date,
): Promise<ReportSubscription[]> {
  const email = input.email.toLowerCase();
  if (!input.active) {
    await subscriptions.remove(input.provinceCode, email);
    return subscriptions.list(input.provinceCode, MAX_SUBSCRIPTIONS_PER_PROVINCE);
  }
  const existing = await subscriptions.list(input.provinceCode, MAX_SUBSCRIPTIONS_PER_PROVINCE);
  const known = existing.find((subscription) => subscription.email === email);
  if (known) return existing;
  if (existing.length >= MAX_SUBSCRIPTIONS_PER_PROVINCE) {
    throw new DomainRefusal(
      'unprocessable',
      `A province's report goes to at most ${MAX_SUBSCRIPTIONS_PER_PROVINCE} addresses`,
    );
  }
  await subscriptions.put({
    provinceCode: input.provinceCode,
    email,
    subscribedBy: input.subscribedBy,
    subscribedAt: now.toISOString(),
  });
  return subscriptions.list(input.provinceCode, MAX_SUBSCRIPTIONS_PER_PROVINCE);
}

export interface MonthlyMailPorts {
  readonly subscriptions: ReportSubscriptions;
  readonly indicators: IndicatorStore;
  readonly outbox: NotificationOutbox;
  readonly guard: SendOnceGuard;
  /** Where a reader opens the full report of a province's month. */
  readonly reportLink: (provinceCode: string, period: string) => string;
}

export interface MonthlyMailRun {
  readonly period: string;
  readonly sent: number;
  readonly sentBefore: number;
  /** Provinces whose mail did not all go, with why: the run is tried again. */
  readonly failures: readonly { readonly provinceCode: string; readonly error: string }[];
}

/** Provinces mailed at once. */
const CONCURRENCY = 4;

export async function sendMonthlyReports(
  ports: MonthlyMailPorts,
  input: { readonly period: string; readonly provinceCodes: readonly string[] },
): Promise<MonthlyMailRun> {
  let sent = 0;
  let sentBefore = 0;
  const failures: { provinceCode: string; error: string }[] = [];
  await boundedAll(input.provinceCodes, CONCURRENCY, async (provinceCode) => {
    try {
      const subscriptions = await ports.subscriptions.list(provinceCode, MAX_SUBSCRIPTIONS_PER_PROVINCE);
      if (subscriptions.length === 0) return;
      const report = await indicatorReportFor(ports, {
        provinceCode,
        period: input.period,
        groupBy: 'office',
      });
      const link = ports.reportLink(provinceCode, input.period);
      for (const subscription of subscriptions) {
        if (await sendOnce(ports, indicatorMail(subscription, report, link))) sent += 1;
        else sentBefore += 1;
      }
    } catch (error) {
      failures.push({ provinceCode, error: error instanceof Error ? error.message : String(error) });
    }
  });
  failures.sort((left, right) => (left.provinceCode < right.provinceCode ? -1 : 1));
  return { period: input.period, sent, sentBefore, failures };
}
