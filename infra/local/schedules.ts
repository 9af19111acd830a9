/**
 * EventBridge Scheduler, locally: each schedule of the manifest on a timer, calling its
 * function with the schedule's `input` as the event. Expressions are Scheduler's:
 * `rate(n minute|minutes|hour|hours|day|days)`, `cron(minutes hours day-of-month month
 * day-of-week year)` in the schedule's time zone, and one-time `at(yyyy-mm-ddThh:mm:ss)`.
 *
 * Cron expressions are evaluated by croner, after translation: Scheduler numbers the days of
 * the week 1–7 from Sunday (croner's Quartz mode), writes `?` for "no specific value", and
 * has a year field (croner's seven-part mode, with a leading seconds field of 0).
 *
 * Runs fall due by the system's clock: with a clock offset (`--clock-offset`), a nightly job
 * runs when the shifted time reaches its hour.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { systemNow, systemNowMs } from '../../functions/commons/clock.ts';
import { readJsonFile, writeFileDurably } from './durable-file.ts';
import { oneLine } from './errors.ts';
import type { FunctionHost } from './functions.ts';
import type { LocalScheduleSpec } from './local-manifest.ts';
import { pause } from './pause.ts';

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

/** Runs missed while the runtime was down that a start catches up on, per schedule; older ones are skipped and said. */
export const MAX_CATCH_UP_RUNS = 31;
/** Scheduler's default retry policy: a failed run is tried again for up to 24 hours, at most 185 times. */
/** Missed runs counted at most (a year of a one-minute rate), so that a start never loops for long. */
const MAX_MISSED_RUNS_COUNTED = 600_000;
const MAX_EVENT_AGE_MS = 86_400_000;
const MAX_RETRY_ATTEMPTS = 185;
const FIRST_RETRY_DELAY_MS = 60_000;
const LONGEST_RETRY_DELAY_MS = 3_600_000;

export interface SchedulesOptions {
  readonly functions: FunctionHost;
  /** The manifest's schedules by default. */
  readonly schedules?: Readonly<Record<string, LocalScheduleSpec>>;
  /** Where each schedule's last finished run is kept, so that a restart neither skips nor repeats one; in memory when absent. */
  readonly stateFile?: string;
  /** First delay before a failed run is tried again, doubled each time up to an hour; 60 s by default. */
  readonly retryDelayMs?: number;
  /** How long `stop()` waits for runs in progress; 5 s by default. */
  readonly stopGraceMs?: number;
  readonly log?: (line: string) => void;
  readonly logError?: (message: string, error: unknown) => void;
}

export interface RunningSchedules {
  /** Schedule name → its next run, for the banner. */
  readonly nextRuns: ReadonlyMap<string, Date | null>;
  stop(): Promise<void>;
}

/**
 * Scheduler's context attributes in a schedule's input, as its templated targets have them:
 * `<aws.scheduler.scheduled-time>`, `<aws.scheduler.execution-id>`, `<aws.scheduler.attempt-number>`.
 */
export function scheduledInput(
  input: unknown,
  plannedAt: Date,
  executionId: string,
  attempt: number,
): unknown {
  if (typeof input === 'string') {
    return input
      .replaceAll('<aws.scheduler.scheduled-time>', plannedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'))
      .replaceAll('<aws.scheduler.execution-id>', executionId)
      .replaceAll('<aws.scheduler.attempt-number>', String(attempt));
  }
  if (Array.isArray(input))
    return input.map((value) => scheduledInput(value, plannedAt, executionId, attempt));
  if (input !== null && typeof input === 'object') {
    return Object.fromEntries(
      Object.entries(input).map(([key, value]) => [
        key,
        scheduledInput(value, plannedAt, executionId, attempt),
      ]),
    );
  }
  return input;
}

interface ScheduleState {
  readonly expression: string;
  readonly timezone: string;
  /** The planned time of the last run that finished (succeeded, or was given up on). */
  readonly doneUntil: string;
}

/** Each schedule's last finished run, kept in a file. */
class ScheduleStates {
  readonly #file: string | undefined;
  readonly #states: Record<string, ScheduleState>;

  constructor(file: string | undefined) {
    this.#file = file;
    const stored = file ? readJsonFile(file) : undefined;
    this.#states =
      stored !== null && typeof stored === 'object' ? (stored as Record<string, ScheduleState>) : {};
  }

  /** Where the schedule resumes: its last finished run, or now for a new or changed schedule. */
  doneUntil(name: string, spec: LocalScheduleSpec, now: Date): Date {
    const state = this.#states[name];
    const kept = state && state.expression === spec.expression && state.timezone === spec.timezone;
    const at = kept ? new Date(state.doneUntil) : new Date(Number.NaN);
    if (!Number.isNaN(at.getTime())) return at;
    this.finish(name, spec, now);
    return now;
  }

  finish(name: string, spec: LocalScheduleSpec, plannedAt: Date): void {
    this.#states[name] = {
      expression: spec.expression,
      timezone: spec.timezone,
      doneUntil: plannedAt.toISOString(),
    };
    if (this.#file) writeFileDurably(this.#file, JSON.stringify(this.#states, null, 2));
  }
}

/**
 * Where a schedule resumes after a stop: after `doneUntil`, unless more than MAX_CATCH_UP_RUNS
 * runs were missed since — then after the last one of those that are skipped.
 */
export function catchUpFrom(
  schedule: ParsedSchedule,
  doneUntil: Date,
  now: Date,
): { from: Date; skipped: number } {
  const missed: Date[] = [];
  let lastSkipped: Date | undefined;
  let skipped = 0;
  let next = nextRunAfter(schedule, doneUntil, doneUntil);
  for (let counted = 0; next && next <= now && counted < MAX_MISSED_RUNS_COUNTED; counted++) {
    missed.push(next);
    if (missed.length > MAX_CATCH_UP_RUNS) {
      lastSkipped = missed.shift();
      skipped++;
    }
    next = nextRunAfter(schedule, next, next);
  }
  return { from: lastSkipped ?? doneUntil, skipped };
}

interface RunContext {
  readonly functions: FunctionHost;
  readonly log: (line: string) => void;
  readonly logError: (message: string, error: unknown) => void;
  readonly retryDelayMs: number;
  readonly nextRuns: Map<string, Date | null>;
  /** Sleeps until then; false when stopped first. */
  readonly sleepUntil: (at: Date) => Promise<boolean>;
}

/** One planned run, tried until it succeeds or Scheduler would give it up; false when stopped. */
async function runOnce(
  context: RunContext,
  name: string,
  spec: LocalScheduleSpec,
  plannedAt: Date,
): Promise<boolean> {
  const { functions, log } = context;
  const executionId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const outcome = await functions.invoke(
      spec.function,
      scheduledInput(spec.input, plannedAt, executionId, attempt),
    );
    if (outcome.status === 'succeeded') {
      log(`schedule ${name} → ${spec.function} ok ${outcome.durationMs}ms`);
      return true;
    }
    if (outcome.status === 'timed-out')
      log(`schedule ${name} → ${spec.function} timed out after ${outcome.timeoutMs} ms`);
    else context.logError(`schedule ${name} → ${spec.function} failed:`, outcome.error);
    const delayMs = Math.min(LONGEST_RETRY_DELAY_MS, context.retryDelayMs * 2 ** (attempt - 1));
    const retryAt = new Date(systemNowMs() + delayMs);
    if (attempt >= MAX_RETRY_ATTEMPTS || retryAt.getTime() - plannedAt.getTime() > MAX_EVENT_AGE_MS) {
      log(
        `schedule ${name}: the run planned for ${plannedAt.toISOString()} is given up after ${attempt} attempts`,
      );
      return true;
    }
    context.nextRuns.set(name, retryAt);
    if (!(await context.sleepUntil(retryAt))) return false;
  }
}

/**
 * Starts a timer per schedule. Invalid expressions throw before any timer starts. Each
 * schedule runs one run at a time, in order: a run that is due while the previous one is in
 * progress waits for it; runs missed while the runtime was down run at start (up to
 * MAX_CATCH_UP_RUNS); a failed run is tried again as Scheduler would, and only a finished
 * run moves the schedule on, so a crash repeats the run in progress rather than losing it.
 */
export function startSchedules(options: SchedulesOptions): RunningSchedules {
  const { functions } = options;
  const schedules = options.schedules ?? functions.manifest.schedules;
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const parsed = Object.entries(schedules).map(([name, spec]) => {
    functions.spec(spec.function);
    return { name, spec, schedule: parseScheduleExpression(spec.expression, spec.timezone) };
  });
  const states = new ScheduleStates(options.stateFile);
  const controller = new AbortController();
  const { signal } = controller;
  const context: RunContext = {
    functions,
    log,
    logError,
    retryDelayMs: options.retryDelayMs ?? FIRST_RETRY_DELAY_MS,
    nextRuns: new Map(),
    sleepUntil: async (at) => {
      while (!signal.aborted && at.getTime() > systemNowMs()) {
        await pause(Math.min(at.getTime() - systemNowMs(), MAX_TIMER_MS), signal);
      }
      return !signal.aborted;
    },
  };

  const runSchedule = async (name: string, spec: LocalScheduleSpec, schedule: ParsedSchedule) => {
    const resume = catchUpFrom(schedule, states.doneUntil(name, spec, systemNow()), systemNow());
    if (resume.skipped > 0) {
      log(
        `schedule ${name}: ${resume.skipped} runs missed while stopped are skipped (at most ${MAX_CATCH_UP_RUNS} are caught up)`,
      );
      states.finish(name, spec, resume.from);
    }
    for (let doneUntil = resume.from; !signal.aborted; ) {
      const plannedAt = nextRunAfter(schedule, doneUntil, doneUntil);
      context.nextRuns.set(name, plannedAt);
      if (!plannedAt || !(await context.sleepUntil(plannedAt))) return;
      if (!(await runOnce(context, name, spec, plannedAt))) return;
      states.finish(name, spec, plannedAt);
      doneUntil = plannedAt;
    }
  };

  const running = parsed.map(({ name, spec, schedule }) => runSchedule(name, spec, schedule));
  return {
    nextRuns: context.nextRuns,
    stop: async () => {
      controller.abort();
      const grace = new Promise<void>((resolveGrace) =>
        setTimeout(resolveGrace, options.stopGraceMs ?? 5_000).unref(),
      );
      await Promise.race([Promise.allSettled(running), grace]);
    },
  };
}
