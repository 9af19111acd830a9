/**
 * Working days and transit due dates in Vietnam's time zone (UTC+7, no daylight saving).
 * Transit standards (Decision 45/2016/QĐ-TTg): J is the acceptance day; an item accepted
 * after 15:00, or on a day off, counts from the next working day.
 *
 * Days off come from the Government's decision for the year where one is loaded
 * (`holiday-decisions.ts`), else from the Labour Code's rules (`holiday-rules.ts`). No date
 * makes these functions throw: a year past the data follows the rules, and
 * `calendarCoverage` tells the caller so that it raises the alarm for an admin to load
 * that year's decision.
 */
import { HOLIDAY_DATA_FIRST_YEAR, HOLIDAY_DATA_LAST_YEAR, HOLIDAY_DECISIONS } from './holiday-decisions.ts';
import { isWeekend, ruleDaysOff } from './holiday-rules.ts';

const OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
export const CUT_OFF_HOUR = 15;
/** No walk over the calendar goes further than this many days. */
const MAX_CALENDAR_WALK_DAYS = 400;

export type RouteClass = 'within-commune' | 'within-province' | 'special-cities' | 'inter-province';

/** Working days allowed in transit, by route class; doubled when an appointment slip travels too. */
export const TRANSIT_WORKING_DAYS: Readonly<Record<RouteClass, number>> = {
  'within-commune': 1,
  'within-province': 2,
  'special-cities': 3,
  'inter-province': 4,
};

/** Where a year's days off come from: its decision, the rules within the data's years, or the rules past them. */
export type CalendarCoverage = 'decision' | 'rules' | 'beyond-data';

export function calendarCoverage(year: number): CalendarCoverage {
  if (HOLIDAY_DECISIONS[year]) return 'decision';
  return year >= HOLIDAY_DATA_FIRST_YEAR && year <= HOLIDAY_DATA_LAST_YEAR ? 'rules' : 'beyond-data';
}

/** The years among these days (`YYYY-MM-DD` or ISO instants) whose days off are guessed from the rules. */
export function yearsBeyondHolidayData(days: readonly (string | null | undefined)[]): number[] {
  const years = new Set<number>();
  for (const day of days) {
    const year = day ? Number(day.slice(0, 4)) : Number.NaN;
    if (Number.isInteger(year) && calendarCoverage(year) === 'beyond-data') years.add(year);
  }
  return [...years].sort();
}

interface YearCalendar {
  readonly daysOff: ReadonlySet<string>;
  readonly workingWeekendDays: ReadonlySet<string>;
}

/** Years kept at once; a walk touches two or three. */
const MAX_CACHED_YEARS = 64;
const yearCalendars = new Map<number, YearCalendar>();

function yearCalendar(year: number): YearCalendar {
  const cached = yearCalendars.get(year);
  if (cached) return cached;
  const decision = HOLIDAY_DECISIONS[year];
  const calendar: YearCalendar = {
    daysOff: new Set(decision ? decision.daysOff : ruleDaysOff(year)),
    workingWeekendDays: new Set(decision?.workingWeekendDays ?? []),
  };
  if (yearCalendars.size >= MAX_CACHED_YEARS) yearCalendars.clear();
  yearCalendars.set(year, calendar);
  return calendar;
}

/** `YYYY-MM-DD` of an instant, in Vietnam. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export function localHour(instant: Date): number {
  return new Date(instant.getTime() + OFFSET_MS).getUTCHours();
}

/** `day` moved by a number of calendar days. */
export const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** The last instant of a day in Vietnam (23:59:59.999 local). */
export const endOfLocalDay = (day: string): Date => new Date(Date.parse(`${day}T23:59:59.999Z`) - OFFSET_MS);

export function isWorkingDay(day: string): boolean {
  const calendar = yearCalendar(Number(day.slice(0, 4)));
  if (calendar.workingWeekendDays.has(day)) return true;
  return !isWeekend(day) && !calendar.daysOff.has(day);
}

/** The first working day on or after `day`. */
export function nextWorkingDayFrom(day: string): string {
  let candidate = day;
  for (let walked = 0; walked < MAX_CALENDAR_WALK_DAYS; walked += 1) {
    if (isWorkingDay(candidate)) return candidate;
    candidate = addDays(candidate, 1);
  }
  throw new RangeError(`No working day within ${MAX_CALENDAR_WALK_DAYS} days of ${day}`);
}

export function addWorkingDays(day: string, count: number): string {
  if (!Number.isInteger(count) || count < 0 || count > 60)
    throw new RangeError(`Cannot add ${count} working days`);
  let current = nextWorkingDayFrom(day);
  for (let added = 0; added < count; added += 1) current = nextWorkingDayFrom(addDays(current, 1));
  return current;
}

/** Working days from one day to another: 0 on the same day, 2 from Monday to Wednesday. */
export function workingDaysBetween(from: string, to: string): number {
  if (to < from) return -workingDaysBetween(to, from);
  let count = 0;
  let current = from;
  for (let walked = 0; current < to; walked += 1) {
    if (walked > MAX_CALENDAR_WALK_DAYS) throw new RangeError(`${from} and ${to} are too far apart`);
    current = addDays(current, 1);
    if (isWorkingDay(current)) count += 1;
  }
  return count;
}

/** Whether at least `count` working days follow `from` up to `to` included; walks no further than needed. */
export function atLeastWorkingDaysBetween(from: string, to: string, count: number): boolean {
  let found = 0;
  let current = from;
  while (found < count) {
    current = addDays(current, 1);
    if (current > to) return false;
    if (isWorkingDay(current)) found += 1;
  }
  return true;
}

/** J: the day an acceptance at this instant counts from. */
export function acceptanceDay(acceptedAt: Date): string {
  const day = localDate(acceptedAt);
  const afterCutOff = localHour(acceptedAt) >= CUT_OFF_HOUR;
  return nextWorkingDayFrom(afterCutOff || !isWorkingDay(day) ? addDays(day, 1) : day);
}

/** The end of the last day allowed in transit, as an instant (23:59:59.999 in Vietnam). */
export function transitDueAt(acceptedAt: Date, routeClass: RouteClass, withAppointmentSlip = false): Date {
  const days = TRANSIT_WORKING_DAYS[routeClass] * (withAppointmentSlip ? 2 : 1);
  return endOfLocalDay(addWorkingDays(acceptanceDay(acceptedAt), days));
}
