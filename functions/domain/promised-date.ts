/**
 * The date the agency promised the citizen (ngày hẹn trả kết quả), given at registration or
 * when the result is ready, and whether the post's planned delivery lands after it. The plan
 * counts transit as the standard does (J, the 15:00 cut-off, working days, doubled when the
 * dossier carries an appointment slip) from when the post took the result, or, before it
 * has, from when the result was ready (or now, if later): the earliest the post can take it.
 */
import {
  acceptanceDay,
  addWorkingDays,
  localDate,
  type RouteClass,
  TRANSIT_WORKING_DAYS,
} from './calendar/working-days.ts';

/** `YYYY-MM-DD`, a day in Vietnam. */
export type LocalDay = string;

/** A promised date must not lie in the past when it is given: today is allowed (same-day procedures). */
export function promisedDateProblem(promisedDate: LocalDay, now: Date): string | null {
  const today = localDate(now);
  return promisedDate < today ? `promisedDate ${promisedDate} is before today (${today})` : null;
}

export interface DeliveryPlanInput {
  readonly routeClass: RouteClass;
  readonly withAppointmentSlip: boolean;
  /** When the post collected the result; null before. */
  readonly collectedAt: string | null;
  /** When the agency said the result was ready; null before. */
  readonly readyAt: string | null;
  readonly now: Date;
}

/** The day the result should reach the citizen; null while there is no result to plan for. */
export function plannedDeliveryDay(input: DeliveryPlanInput): LocalDay | null {
  const from = input.collectedAt ?? (input.readyAt ? latest(input.readyAt, input.now) : null);
  if (!from) return null;
  const days = TRANSIT_WORKING_DAYS[input.routeClass] * (input.withAppointmentSlip ? 2 : 1);
  return addWorkingDays(acceptanceDay(new Date(from)), days);
}

const latest = (iso: string, now: Date): string =>
  Date.parse(iso) > now.getTime() ? iso : now.toISOString();

export type DeliveryRisk = 'on-track' | 'at-risk' | 'unknown';

/** At risk when the planned delivery lands after the promised date. */
export function deliveryRisk(promisedDate: LocalDay | null, plannedDay: LocalDay | null): DeliveryRisk {
  if (!promisedDate || !plannedDay) return 'unknown';
  return plannedDay > promisedDate ? 'at-risk' : 'on-track';
}
