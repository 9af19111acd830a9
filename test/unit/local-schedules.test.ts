import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FunctionHost } from '../../infra/local/functions.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';
import {
  MAX_CATCH_UP_RUNS,
  nextRunAfter,
  parseScheduleExpression,
  type RunningSchedules,
  scheduledInput,
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

describe('schedules across restarts', () => {
  const functions = new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT });
  const everyMinute = {
    function: 'scheduled',
    description: 'test',
    expression: 'rate(1 minute)',
    timezone: 'UTC',
    input: { scheduledAt: '<aws.scheduler.scheduled-time>', attempt: '<aws.scheduler.attempt-number>' },
  };
  let folder: string;
  let running: RunningSchedules | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    rmSync(folder, { recursive: true, force: true });
  });

  const keptState = (file: string, doneUntil: Date) =>
    writeFileSync(
      file,
      JSON.stringify({
        minutely: { expression: 'rate(1 minute)', timezone: 'UTC', doneUntil: doneUntil.toISOString() },
      }),
    );
  const doneUntilIn = (file: string): string => JSON.parse(readFileSync(file, 'utf8')).minutely.doneUntil;

  it('runs each run missed while stopped once, oldest first, with its own scheduled time, and then none again', async () => {
    folder = mkdtempSync(join(tmpdir(), 'bcci-schedules-'));
    const stateFile = join(folder, 'schedules.json');
    const stoppedAt = new Date(Date.now() - 3.5 * 60_000);
    keptState(stateFile, stoppedAt);
    resetRecorder();
    running = startSchedules({
      functions,
      schedules: { minutely: everyMinute },
      stateFile,
      log: () => undefined,
    });
    const planned = [1, 2, 3].map((minutes) => new Date(stoppedAt.getTime() + minutes * 60_000));
    await waitFor(() => doneUntilIn(stateFile) === planned[2]!.toISOString(), 10_000, 'the caught-up runs');
    expect(eventsOf('scheduled')).toEqual(
      planned.map((at) => ({ scheduledAt: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), attempt: '1' })),
    );
    await running.stop();

    // Started again: the next run is the one after the last finished, not a repeat of it.
    running = startSchedules({
      functions,
      schedules: { minutely: everyMinute },
      stateFile,
      log: () => undefined,
    });
    expect(running.nextRuns.get('minutely')?.toISOString()).toBe(
      new Date(planned[2]!.getTime() + 60_000).toISOString(),
    );
    expect(eventsOf('scheduled')).toHaveLength(3);
  });

  it(`catches up at most ${MAX_CATCH_UP_RUNS} missed runs and says how many it skipped`, async () => {
    folder = mkdtempSync(join(tmpdir(), 'bcci-schedules-'));
    const stateFile = join(folder, 'schedules.json');
    keptState(stateFile, new Date(Date.now() - (MAX_CATCH_UP_RUNS + 10.5) * 60_000));
    resetRecorder();
    const lines: string[] = [];
    running = startSchedules({
      functions,
      schedules: { minutely: everyMinute },
      stateFile,
      log: (line) => lines.push(line),
    });
    await waitFor(() => eventsOf('scheduled').length === MAX_CATCH_UP_RUNS, 20_000, 'the caught-up runs');
    expect(lines[0]).toBe(
      `schedule minutely: 10 runs missed while stopped are skipped (at most ${MAX_CATCH_UP_RUNS} are caught up)`,
    );
  });

  it('tries a failed run again, with the same scheduled time and the next attempt number', async () => {
    folder = mkdtempSync(join(tmpdir(), 'bcci-schedules-'));
    const stateFile = join(folder, 'schedules.json');
    const stoppedAt = new Date(Date.now() - 90_000);
    keptState(stateFile, stoppedAt);
    resetRecorder();
    running = startSchedules({
      functions,
      schedules: { minutely: { ...everyMinute, function: 'throws' } },
      stateFile,
      retryDelayMs: 20,
      log: () => undefined,
      logError: () => undefined,
    });
    await waitFor(() => eventsOf('throws').length >= 3, 10_000, 'three attempts');
    const scheduledAt = new Date(stoppedAt.getTime() + 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(eventsOf('throws').slice(0, 3)).toEqual([
      { scheduledAt, attempt: '1' },
      { scheduledAt, attempt: '2' },
      { scheduledAt, attempt: '3' },
    ]);
    // Not finished: a restart would try it again rather than skip it.
    expect(doneUntilIn(stateFile)).toBe(stoppedAt.toISOString());
  });

  it("fills in Scheduler's context attributes anywhere in the input", () => {
    const at = new Date('2026-03-04T19:00:00Z');
    expect(
      scheduledInput(
        { day: '<aws.scheduler.scheduled-time>', list: ['<aws.scheduler.execution-id>', 3] },
        at,
        'x-1',
        2,
      ),
    ).toEqual({ day: '2026-03-04T19:00:00Z', list: ['x-1', 3] });
  });
});
