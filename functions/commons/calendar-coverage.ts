/**
 * The alarm for a calendar past its data: when a date a request worked with lies in a year
 * with no holiday data, the working days were counted by the Labour Code's rules alone. The
 * answer stands; a metric (alarmed in the stack) and a log line ask an admin to load that
 * year's decision into `holiday-decisions.ts`.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { HOLIDAY_CALENDAR_BEYOND_DATA_METRIC } from '../../infra/manifest.ts';
import { yearsBeyondHolidayData } from '../domain/calendar/working-days.ts';
import { logger, metrics } from './powertools.ts';

/** Counts the dates past the holiday data; answers the years concerned. */
export function noteCalendarCoverage(days: readonly (string | null | undefined)[]): number[] {
  const years = yearsBeyondHolidayData(days);
  if (years.length > 0) {
    metrics.addMetric(HOLIDAY_CALENDAR_BEYOND_DATA_METRIC, MetricUnit.Count, 1);
    logger.warn('working days counted by the rules alone: load the holiday decision of these years', {
      years,
    });
  }
  return years;
}
