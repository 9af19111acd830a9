import { afterEach, describe, expect, it } from 'vitest';
import { FunctionHost } from '../../infra/local/functions.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';
import {
  nextRunAfter,
  parseScheduleExpression,
  type RunningSchedules,
  startSchedules,
  toCronerPattern,
} from '../../infra/local/schedules.ts';
import { fixtureManifest } from '../e2e/fixtures/manifest.ts';
import { eventsOf, resetRecorder, waitFor } from '../e2e/fixtures/recorder.ts';

/** Wednesday 4 March 2026, 10:00 UTC (17:00 in Hà Nội). */
const WEDNESDAY = new Date('2026-03-04T10:00:00Z');
const next = (expression: string, timezone = 'UTC', after = WEDNESDAY, count = 1): string[] => {
  const schedule = parseScheduleExpression(expression, timezone);
  const runs: string[] = [];
  let from = after;
  let previous: Date | undefined;
  for (let index = 0; index < count; index++) {
    const run = nextRunAfter(schedule, from, previous);
    if (!run) break;
    runs.push(run.toISOString());
    previous = run;
    from = run;
  }
  return runs;
};

describe('rate expressions', () => {
  it('runs every n minutes, hours or days from the previous run', () => {
    expect(next('rate(5 minutes)', 'UTC', WEDNESDAY, 2)).toEqual([
      '2026-03-04T10:05:00.000Z',
      '2026-03-04T10:10:00.000Z',
    ]);
    expect(next('rate(1 hour)')).toEqual(['2026-03-04T11:00:00.000Z']);
    expect(next('rate(2 days)')).toEqual(['2026-03-06T10:00:00.000Z']);
  });

  it('refuses what EventBridge Scheduler refuses', () => {
    expect(() => parseScheduleExpression('rate(1 minutes)')).toThrow(/rate\(1 minute\)/);
    expect(() => parseScheduleExpression('rate(5 minute)')).toThrow(/rate\(5 minutes\)/);
    expect(() => parseScheduleExpression('rate(0 minutes)')).toThrow(/at least 1/);
    expect(() => parseScheduleExpression('rate(3 weeks)')).toThrow(/unit/);
    expect(() => parseScheduleExpression('every day')).toThrow(/Scheduler expression/);
  });
});

describe('cron expressions', () => {
  it("translates Scheduler's six fields to croner's seven", () => {
    expect(toCronerPattern('0 8 ? * MON-FRI *')).toBe('0 0 8 * * MON-FRI *');
    expect(toCronerPattern('15 2 1 * ? 2027')).toBe('0 15 2 1 * * 2027');
  });

  it('evaluates in the schedule time zone', () => {
    // 08:00 in Hà Nội is 01:00 UTC; Thursday, Friday, then Monday.
    expect(next('cron(0 8 ? * MON-FRI *)', 'Asia/Ho_Chi_Minh', WEDNESDAY, 3)).toEqual([
      '2026-03-05T01:00:00.000Z',
      '2026-03-06T01:00:00.000Z',
      '2026-03-09T01:00:00.000Z',
    ]);
  });

  it('numbers the days of the week from Sunday = 1, as Scheduler does', () => {
    expect(next('cron(0 9 ? * 2 *)')).toEqual(['2026-03-09T09:00:00.000Z']); // Monday
    expect(next('cron(0 9 ? * 1 *)')).toEqual(['2026-03-08T09:00:00.000Z']); // Sunday
    expect(next('cron(0 9 ? * 6#3 *)')).toEqual(['2026-03-20T09:00:00.000Z']); // third Friday
  });

  it('supports steps, the last day of the month, the nearest weekday and the year', () => {
    expect(next('cron(0/15 * * * ? *)', 'UTC', WEDNESDAY, 2)).toEqual([
      '2026-03-04T10:15:00.000Z',
      '2026-03-04T10:30:00.000Z',
    ]);
    expect(next('cron(30 1 L * ? *)')).toEqual(['2026-03-31T01:30:00.000Z']);
    expect(next('cron(0 9 15W * ? *)')).toEqual(['2026-03-16T09:00:00.000Z']); // the 15th is a Sunday
    expect(next('cron(0 0 1 1 ? 2028)')).toEqual(['2028-01-01T00:00:00.000Z']);
    expect(next('cron(0 0 1 1 ? 2025)')).toEqual([]); // never again
  });

  it('refuses malformed expressions with a reason', () => {
    expect(() => parseScheduleExpression('cron(0 8 * * MON *)')).toThrow(/'\?'/);
    expect(() => parseScheduleExpression('cron(0 8 ? * ? *)')).toThrow(/'\?'/);
    expect(() => parseScheduleExpression('cron(0 8 * * ?)')).toThrow(/6 fields/);
    expect(() => parseScheduleExpression('cron(61 8 ? * MON *)')).toThrow(/minute/);
    expect(() => parseScheduleExpression('cron(0 8 ? * MON *)', 'Mars/Olympus')).toThrow(/time zone/);
  });
});

describe('one-time expressions', () => {
  it('runs once at the given local time', () => {
    expect(next('at(2026-12-31T23:00:00)', 'Asia/Ho_Chi_Minh', WEDNESDAY, 2)).toEqual([
      '2026-12-31T16:00:00.000Z',
    ]);
  });
});

describe('the schedule runner', () => {
  let running: RunningSchedules | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it("calls the function with the schedule's input when it is due", async () => {
    resetRecorder();
    const due = new Date(Date.now() + 1_500);
    const at = due.toISOString().slice(0, 19);
    running = startSchedules({
      functions: new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT }),
      schedules: {
        nightly: {
          function: 'scheduled',
          description: 'test',
          expression: `at(${at})`,
          timezone: 'UTC',
          input: { job: 'reconcile', period: '2026-03' },
        },
      },
      log: () => undefined,
    });
    expect(running.nextRuns.get('nightly')?.toISOString().slice(0, 19)).toBe(at);
    await waitFor(() => eventsOf('scheduled').length === 1, 10_000, 'the scheduled run');
    expect(eventsOf('scheduled')).toEqual([{ job: 'reconcile', period: '2026-03' }]);
  });

  it('refuses a schedule naming an unknown function', () => {
    expect(() =>
      startSchedules({
        functions: new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT }),
        schedules: {
          x: { function: 'nope', description: '', expression: 'rate(1 day)', timezone: 'UTC', input: {} },
        },
      }),
    ).toThrow(/nope/);
  });
});
