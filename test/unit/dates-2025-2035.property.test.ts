/**
 * No date from 2025 to 2035 makes the date rules a route relies on throw: an item's due dates
 * as its facts come in, the planned delivery against a promised date, a remittance's due date,
 * two failed attempts before a return. Years past the holiday data are answered by the rules
 * and named for the alarm.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { noteCalendarCoverage } from '../../functions/commons/calendar-coverage.ts';
import { metrics } from '../../functions/commons/powertools.ts';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { withFacts } from '../../functions/domain/items/items.ts';
import type { ItemFact } from '../../functions/domain/items/lifecycle.ts';
import { remittanceDueBy } from '../../functions/domain/money/remittances.ts';
import {
  deliveryRisk,
  plannedDeliveryDay,
  promisedDateProblem,
} from '../../functions/domain/promised-date.ts';
import { HOLIDAY_CALENDAR_BEYOND_DATA_METRIC } from '../../infra/manifest.ts';
import { citizenItem } from '../support/items.ts';

const FROM = Date.parse('2025-01-01T00:00:00+07:00');
const TO = Date.parse('2036-01-01T00:00:00+07:00');
const instant = fc.integer({ min: FROM, max: TO - 40 * 86_400_000 });

describe('dates from 2025 to 2035', () => {
  it('give every item a due date, whatever the day its facts happen', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 60_000, max: 20 * 86_400_000 }),
        fc.boolean(),
        (start, gap, slip) => {
          const base = { ...citizenItem('outbound', 'BC-HN-01'), createdAt: new Date(start).toISOString() };
          const item = slip ? { ...base, withAppointmentSlip: true } : base;
          const at = (step: number) => new Date(start + step * gap).toISOString();
          const facts: ItemFact[] = [
            {
              factId: 'a',
              type: 'result-ready',
              occurredAt: at(1),
              postOfficeCode: 'BC-HN-01',
              source: 'system',
            },
            {
              factId: 'b',
              type: 'collected',
              occurredAt: at(2),
              postOfficeCode: 'BC-HN-01',
              source: 'system',
            },
            { factId: 'c', type: 'out-for-delivery', occurredAt: at(3), postOfficeCode: 'BC-HN-01' },
            { factId: 'd', type: 'delivery-failed', occurredAt: at(4), postOfficeCode: 'BC-HN-01' },
            { factId: 'e', type: 'out-for-delivery', occurredAt: at(5), postOfficeCode: 'BC-HN-01' },
            { factId: 'f', type: 'delivery-failed', occurredAt: at(6), postOfficeCode: 'BC-HN-01' },
            { factId: 'g', type: 'returned-to-agency', occurredAt: at(7), postOfficeCode: 'BC-HN-01' },
          ];
          const { item: folded } = withFacts(item, facts);
          expect(Date.parse(folded.dueAt ?? '')).toBeGreaterThan(Date.parse(at(2)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('plan a delivery against a promised date, and give a remittance its due date', () => {
    fc.assert(
      fc.property(instant, fc.boolean(), (at, collected) => {
        const now = new Date(at);
        const day = localDate(now);
        expect(promisedDateProblem(day, now)).toBeNull();
        const planned = plannedDeliveryDay({
          routeClass: 'inter-province',
          withAppointmentSlip: true,
          collectedAt: collected ? now.toISOString() : null,
          readyAt: now.toISOString(),
          now,
        });
        expect(planned && planned > day).toBe(true);
        expect(deliveryRisk(day, planned)).toBe('at-risk');
        expect(remittanceDueBy(day) > now.toISOString()).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('past the holiday data, count a metric for the alarm and name the year', () => {
    const added = vi.spyOn(metrics, 'addMetric');
    expect(noteCalendarCoverage(['2026-11-24', null])).toEqual([]);
    expect(added).not.toHaveBeenCalled();
    expect(noteCalendarCoverage(['2033-02-01T03:00:00.000Z'])).toEqual([2033]);
    expect(added).toHaveBeenCalledWith(HOLIDAY_CALENDAR_BEYOND_DATA_METRIC, 'Count', 1);
    added.mockRestore();
  });
});
