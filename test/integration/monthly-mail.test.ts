/**
 * The monthly indicator e-mail against the real DynamoDB Local: addresses subscribed per
 * province and read back by key, and the scheduled function, fed the schedule's input, writes
 * one e-mail per address and month to the outbox, none again when the month runs twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DynamoIndicatorStore } from '../../functions/adapters/dynamodb/indicator-store.ts';
import { DynamoReportSubscriptions } from '../../functions/adapters/dynamodb/report-subscription-store.ts';
import { subscribeToReport } from '../../functions/app/indicators/monthly-mail.ts';
import { tableName } from '../../functions/commons/clients.ts';
import { dynamoDocumentClient } from '../../functions/commons/dynamodb-client.ts';
import { zeroCounters } from '../../functions/domain/indicators.ts';
import { handler } from '../../functions/events/send-indicator-reports.ts';
import { ENV } from '../../infra/manifest.ts';
import { lambdaContext } from '../support/http-event.ts';

const mailsTo = (email: string): { subject: string; text: string }[] => {
  const file = join(process.env[ENV.outboxDir] ?? '', 'notifications.jsonl');
  let lines: string[] = [];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    lines = [];
  }
  return lines.map((line) => JSON.parse(line)).filter((mail) => mail.to === email);
};

describe('the monthly indicator e-mail', () => {
  it('keeps subscriptions per province and sends each address its month once', async () => {
    const subscriptions = new DynamoReportSubscriptions(dynamoDocumentClient(), tableName());
    const suffix = Math.random().toString(36).slice(2, 8);
    const email = `so-tt-${suffix}@lamdong.gov.vn`;
    // A province of its own for this run: Lâm Đồng, whose counters no other test writes in 2031.
    const listed = await subscribeToReport(
      subscriptions,
      { provinceCode: '68', email: email.toUpperCase(), active: true, subscribedBy: 'observer-68' },
      new Date(),
    );
    expect(listed.map((row) => row.email)).toContain(email);
    await new DynamoIndicatorStore(dynamoDocumentClient(), tableName()).contribute({
      contributionId: `journey#PG-mail-${suffix}`,
      provinceCode: '68',
      day: '2031-03-14',
      keys: { office: 'BC-LD-01', agency: '000.00.01.H40', commune: '24784' },
      counters: { ...zeroCounters(), dossiers: 1, pickupOnly: 1 },
    });

    const run = () =>
      handler({ scheduledAt: '2031-04-01T00:00:00Z' }, lambdaContext('sendIndicatorReports')) as Promise<{
        period: string;
        sent: number;
        failures: unknown[];
      }>;
    const first = await run();
    expect(first.period).toBe('2031-03');
    expect(first.failures).toEqual([]);
    expect(mailsTo(email)).toHaveLength(1);
    expect(mailsTo(email)[0]?.subject).toContain('tháng 03/2031');
    expect(mailsTo(email)[0]?.text).toMatch(/Số hồ sơ: \d+/);
    await run();
    expect(mailsTo(email)).toHaveLength(1);

    const removed = await subscribeToReport(
      subscriptions,
      { provinceCode: '68', email, active: false, subscribedBy: 'observer-68' },
      new Date(),
    );
    expect(removed.map((row) => row.email)).not.toContain(email);
  });
});
