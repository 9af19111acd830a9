/**
 * EventBridge Scheduler, locally: each schedule of the manifest on a timer, calling its
 * function with the schedule's `input` as the event. Expressions are Scheduler's:
 * `rate(n minute|minutes|hour|hours|day|days)`, `cron(minutes hours day-of-month month
 * day-of-week year)` in the schedule's time zone, and one-time `at(yyyy-mm-ddThh:mm:ss)`.
 *
 * Cron expressions are evaluated by croner, after translation: Scheduler numbers the days of
 * the week 1–7 from Sunday (croner's Quartz mode), writes `?` for "no specific value", and
 * has a year field (croner's seven-part mode, with a leading seconds field of 0).
 */
import { Cron } from 'croner';
import { oneLine } from './errors.ts';
import type { FunctionHost } from './functions.ts';
import type { LocalScheduleSpec } from './local-manifest.ts';

export type ParsedSchedule =
  | { readonly kind: 'rate'; readonly expression: string; readonly intervalMs: number }
  | { readonly kind: 'cron'; readonly expression: string; readonly cron: Cron; readonly timezone: string }
  | { readonly kind: 'at'; readonly expression: string; readonly at: Date; readonly timezone: string };

const RATE_UNITS_MS: Readonly<Record<string, number>> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** setTimeout's longest delay; longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new Error(`Unknown time zone: ${timezone}`);
  }
}

/** `cron(0 8 ? * MON-FRI *)` → croner's `0 0 8 * * MON-FRI *` (seconds first, `?` as `*`). */
export function toCronerPattern(fields: string): string {
  const parts = fields.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new Error(
      `A cron expression has 6 fields (minutes hours day-of-month month day-of-week year): cron(${fields})`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new Error(`Exactly one of day-of-month and day-of-week must be '?': cron(${fields})`);
  }
  const unspecified = (field: string): string => (field === '?' ? '*' : field);
  return ['0', minutes, hours, unspecified(dayOfMonth), month, unspecified(dayOfWeek), year].join(' ');
}

/** Parses a Scheduler expression; throws an error that says what is wrong. */
export function parseScheduleExpression(expression: string, timezone = 'UTC'): ParsedSchedule {
  assertTimezone(timezone);
  const trimmed = expression.trim();
  const rate = /^rate\(\s*(\d+)\s+([a-z]+)\s*\)$/.exec(trimmed);
  if (rate) {
    const value = Number(rate[1]);
    const unit = rate[2]!;
    const unitMs = RATE_UNITS_MS[unit];
    if (!unitMs)
      throw new Error(`Unknown rate unit '${unit}': use minute(s), hour(s) or day(s): ${expression}`);
    if (value < 1) throw new Error(`A rate must be at least 1: ${expression}`);
    const singular = unit.replace(/s$/, '');
    const expectedUnit = value === 1 ? singular : `${singular}s`;
    if (unit !== expectedUnit) throw new Error(`Write rate(${value} ${expectedUnit}): ${expression}`);
    return { kind: 'rate', expression: trimmed, intervalMs: value * unitMs };
  }
  const cron = /^cron\((.+)\)$/.exec(trimmed);
  if (cron) {
    const pattern = toCronerPattern(cron[1]!);
    try {
      const job = new Cron(pattern, {
        timezone,
        mode: '7-part',
        alternativeWeekdays: true,
        sloppyRanges: true,
        paused: true,
      });
      return { kind: 'cron', expression: trimmed, cron: job, timezone };
    } catch (error) {
      throw new Error(`Invalid cron expression ${expression}: ${oneLine(error)}`);
    }
  }
  const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(trimmed);
  if (at) {
    const job = new Cron(at[1]!, { timezone, paused: true });
    const when = job.nextRun(new Date(0));
    if (!when) throw new Error(`Invalid at() expression: ${expression}`);
    return { kind: 'at', expression: trimmed, at: when, timezone };
  }
  throw new Error(`Not a Scheduler expression (rate(...), cron(...) or at(...)): ${expression}`);
}

/** When the schedule runs next after `after`; `previous` is the last planned run of a rate. Null: never again. */
export function nextRunAfter(schedule: ParsedSchedule, after: Date, previous?: Date): Date | null {
  switch (schedule.kind) {
    case 'rate': {
      let next = (previous ?? after).getTime() + schedule.intervalMs;
      while (next <= after.getTime()) next += schedule.intervalMs;
      return new Date(next);
    }
    case 'cron':
      return schedule.cron.nextRun(after);
    case 'at':
      return schedule.at.getTime() > after.getTime() ? schedule.at : null;
  }
}

export interface SchedulesOptions {
  readonly functions: FunctionHost;
  /** The manifest's schedules by default. */
  readonly schedules?: Readonly<Record<string, LocalScheduleSpec>>;
  readonly log?: (line: string) => void;
  readonly logError?: (message: string, error: unknown) => void;
}

export interface RunningSchedules {
  /** Schedule name → its next run, for the banner. */
  readonly nextRuns: ReadonlyMap<string, Date | null>;
  stop(): Promise<void>;
}

/** Starts a timer per schedule. Invalid expressions throw before any timer starts. */
export function startSchedules(options: SchedulesOptions): RunningSchedules {
  const { functions } = options;
  const schedules = options.schedules ?? functions.manifest.schedules;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const parsed = Object.entries(schedules).map(([name, spec]) => {
    functions.spec(spec.function);
    return { name, spec, schedule: parseScheduleExpression(spec.expression, spec.timezone) };
  });

  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const nextRuns = new Map<string, Date | null>();
  let stopped = false;

  const arm = (name: string, at: Date | null, fire: () => void): void => {
    nextRuns.set(name, at);
    if (!at || stopped) return;
    const wait = at.getTime() - Date.now();
    const timer = setTimeout(
      () => (wait > MAX_TIMER_MS ? arm(name, at, fire) : fire()),
      Math.min(Math.max(0, wait), MAX_TIMER_MS),
    );
    timers.set(name, timer);
  };

  for (const { name, spec, schedule } of parsed) {
    const plan = (previous?: Date): void => {
      const planned = nextRunAfter(schedule, new Date(), previous);
      arm(name, planned, () => {
        if (stopped) return;
        if (running.has(name)) {
          log(`schedule ${name}: still running, this run is skipped`);
        } else {
          const invocation = functions.invoke(spec.function, spec.input).then((outcome) => {
            if (outcome.status === 'succeeded')
              log(`schedule ${name} → ${spec.function} ok ${outcome.durationMs}ms`);
            else if (outcome.status === 'timed-out')
              log(`schedule ${name} → ${spec.function} timed out after ${outcome.timeoutMs} ms`);
            else logError(`schedule ${name} → ${spec.function} failed:`, outcome.error);
          });
          running.set(name, invocation);
          void invocation.finally(() => running.delete(name));
        }
        plan(planned ?? undefined);
      });
    };
    plan();
  }

  return {
    nextRuns,
    stop: async () => {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      const grace = new Promise<void>((resolveGrace) => setTimeout(resolveGrace, 5_000).unref());
      await Promise.race([Promise.allSettled(running.values()), grace]);
    },
  };
}
