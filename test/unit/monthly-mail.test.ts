/**
 * The monthly indicator e-mail over in-memory ports: subscriptions per province (bounded,
 * addresses lower-cased, removable), one e-mail per address and month whatever the reruns, a
 * province that fails leaving the others mailed, and the month before the planned time.
 */
import { describe, expect, it } from 'vitest';
import { MemoryIndicatorStore, MemoryReportSubscriptions } from '../../functions/app/indicators/memory.ts';
import { sendMonthlyReports, subscribeToReport } from '../../functions/app/indicators/monthly-mail.ts';
import { MemoryOutbox, MemorySendOnceGuard } from '../../functions/app/notifications/memory.ts';
import { MAX_SUBSCRIPTIONS_PER_PROVINCE, previousMonth } from '../../functions/domain/indicator-mail.ts';
import { zeroCounters } from '../../functions/domain/indicators.ts';
import { nextRunAfter, parseScheduleExpression } from '../../infra/local/schedules.ts';
import { schedules } from '../../infra/manifest.ts';

const NOW = new Date('2026-12-01T00:00:00.000Z');

async function portsWithFigures() {
  const indicators = new MemoryIndicatorStore();
  await indicators.contribute({
    contributionId: 'journey#PG1',
    provinceCode: '79',
    day: '2026-11-20',
    keys: { office: 'BC-HCM-01', agency: '000.00.06.H56', commune: '26743' },
    counters: {
      ...zeroCounters(),
      dossiers: 1,
      returnOnly: 1,
      transitMeasured: 1,
      transitOnTime: 1,
      ratings: 1,
      scoreSum: 4,
      score4: 1,
      feesCollectedVnd: 135_000,
    },
  });
  const subscriptions = new MemoryReportSubscriptions();
  return {
    subscriptions,
    indicators,
    outbox: new MemoryOutbox(),
    guard: new MemorySendOnceGuard(),
    reportLink: (provinceCode: string, period: string) =>
      `https://bcci.example.vn/v1/reports/indicators?provinceCode=${provinceCode}&period=${period}&format=pdf`,
  };
}

describe('report subscriptions', () => {
  it('keeps each address once, lower-cased, removes it, and refuses past the limit', async () => {
    const store = new MemoryReportSubscriptions();
    const subscribe = (email: string, active = true) =>
      subscribeToReport(store, { provinceCode: '79', email, active, subscribedBy: 'observer-79' }, NOW);
    await subscribe('So.TT@HCMC.gov.vn');
    const twice = await subscribe('so.tt@hcmc.gov.vn');
    expect(twice.map((row) => row.email)).toEqual(['so.tt@hcmc.gov.vn']);
    expect(await subscribe('so.tt@hcmc.gov.vn', false)).toEqual([]);
    for (let index = 0; index < MAX_SUBSCRIPTIONS_PER_PROVINCE; index += 1) await subscribe(`a${index}@x.vn`);
    await expect(subscribe('one-more@x.vn')).rejects.toThrow(/at most 100/);
    expect((await store.list('79', 1_000)).length).toBe(MAX_SUBSCRIPTIONS_PER_PROVINCE);
  });
});

describe('the monthly e-mail', () => {
  it('sends each subscribed address the month before, once, with the totals and the link', async () => {
    const ports = await portsWithFigures();
    for (const email of ['a@hcmc.gov.vn', 'b@hcmc.gov.vn'])
      await subscribeToReport(
        ports.subscriptions,
        { provinceCode: '79', email, active: true, subscribedBy: 'x' },
        NOW,
      );
    await subscribeToReport(
      ports.subscriptions,
      { provinceCode: '01', email: 'c@hanoi.gov.vn', active: true, subscribedBy: 'x' },
      NOW,
    );
    const first = await sendMonthlyReports(ports, { period: '2026-11', provinceCodes: ['01', '79', '48'] });
    expect(first).toEqual({ period: '2026-11', sent: 3, sentBefore: 0, failures: [] });
    const toHcmc = ports.outbox.sent.find((mail) => mail.to === 'a@hcmc.gov.vn');
    expect(toHcmc?.channel).toBe('email');
    expect(toHcmc?.subject).toContain('tháng 11/2026');
    expect(toHcmc?.text).toContain('Số hồ sơ: 1');
    expect(toHcmc?.text).toContain('Mức độ hài lòng: 4/5 (1 đánh giá)');
    expect(toHcmc?.text).toContain('135.000 đ');
    expect(toHcmc?.text).toContain('provinceCode=79&period=2026-11');
    const toHanoi = ports.outbox.sent.find((mail) => mail.to === 'c@hanoi.gov.vn');
    expect(toHanoi?.text).toContain('Số hồ sơ: 0');

    const again = await sendMonthlyReports(ports, { period: '2026-11', provinceCodes: ['01', '79', '48'] });
    expect(again).toMatchObject({ sent: 0, sentBefore: 3, failures: [] });
    expect(ports.outbox.sent).toHaveLength(3);
    // The next month is another e-mail.
    const december = await sendMonthlyReports(ports, { period: '2026-12', provinceCodes: ['79'] });
    expect(december.sent).toBe(2);
  });

  it('mails the other provinces when one fails, and sends the failed one on the retry', async () => {
    const ports = await portsWithFigures();
    await subscribeToReport(
      ports.subscriptions,
      { provinceCode: '79', email: 'a@hcmc.gov.vn', active: true, subscribedBy: 'x' },
      NOW,
    );
    await subscribeToReport(
      ports.subscriptions,
      { provinceCode: '01', email: 'c@hanoi.gov.vn', active: true, subscribedBy: 'x' },
      NOW,
    );
    ports.outbox.failures = 1;
    const failed = await sendMonthlyReports(ports, { period: '2026-11', provinceCodes: ['01', '79'] });
    expect(failed.sent).toBe(1);
    expect(failed.failures.map((failure) => failure.provinceCode)).toHaveLength(1);
    const retried = await sendMonthlyReports(ports, { period: '2026-11', provinceCodes: ['01', '79'] });
    expect(retried).toMatchObject({ sent: 1, sentBefore: 1, failures: [] });
    expect(ports.outbox.sent.map((mail) => mail.to).sort()).toEqual(['a@hcmc.gov.vn', 'c@hanoi.gov.vn']);
  });

  it('is scheduled at 07:00 Vietnam time on the 1st of each month, as the embedded runtime reads the manifest', () => {
    const spec = schedules.sendIndicatorReports as (typeof schedules)[string];
    expect(spec.function).toBe('sendIndicatorReports');
    const parsed = parseScheduleExpression(spec.expression, spec.timezone);
    const next = nextRunAfter(parsed, new Date('2026-11-15T00:00:00.000Z'));
    expect(next?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    const after = nextRunAfter(parsed, next as Date);
    expect(after?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('reports on the month before the planned day, across a new year', () => {
    expect(previousMonth('2026-12-01')).toBe('2026-11');
    expect(previousMonth('2027-01-01')).toBe('2026-12');
  });
});
