/**
 * Transit standards case by case (Decision 45/2016/QĐ-TTg): J is the acceptance day, items
 * accepted at or after 15:00 count from the next working day, and an appointment slip
 * carried with the dossier doubles the working days. Then the promised date against the plan.
 */
import { describe, expect, it } from 'vitest';
import { localDate, type RouteClass, transitDueAt } from '../../functions/domain/calendar/working-days.ts';
import {
  deliveryRisk,
  plannedDeliveryDay,
  promisedDateProblem,
} from '../../functions/domain/promised-date.ts';

/** The last day allowed, in Vietnam, for an item accepted at this local time. */
const dueDay = (acceptedLocal: string, routeClass: RouteClass, slip = false): string =>
  localDate(transitDueAt(new Date(`${acceptedLocal}+07:00`), routeClass, slip));

describe('transit due dates, one case at a time', () => {
  // Monday 23 November 2026 is a working day; the week has no holiday.
  it('same commune, accepted Monday 10:00: J+1 is Tuesday', () => {
    expect(dueDay('2026-11-23T10:00:00', 'within-commune')).toBe('2026-11-24');
  });
  it('same commune, accepted Monday 14:59: still J = Monday, due Tuesday', () => {
    expect(dueDay('2026-11-23T14:59:59', 'within-commune')).toBe('2026-11-24');
  });
  it('same commune, accepted Monday 15:00: J = Tuesday, due Wednesday', () => {
    expect(dueDay('2026-11-23T15:00:00', 'within-commune')).toBe('2026-11-25');
  });
  it('same commune with an appointment slip: J+2 is Wednesday', () => {
    expect(dueDay('2026-11-23T10:00:00', 'within-commune', true)).toBe('2026-11-25');
  });
  it('same province: J+2 is Wednesday; with a slip J+4 is Friday', () => {
    expect(dueDay('2026-11-23T10:00:00', 'within-province')).toBe('2026-11-25');
    expect(dueDay('2026-11-23T10:00:00', 'within-province', true)).toBe('2026-11-27');
  });
  it('between special cities: J+3 is Thursday; with a slip J+6 is the next Tuesday', () => {
    expect(dueDay('2026-11-23T10:00:00', 'special-cities')).toBe('2026-11-26');
    expect(dueDay('2026-11-23T10:00:00', 'special-cities', true)).toBe('2026-12-01');
  });
  it('other provinces: J+4 is Friday; with a slip J+8 is the next Thursday', () => {
    expect(dueDay('2026-11-23T10:00:00', 'inter-province')).toBe('2026-11-27');
    expect(dueDay('2026-11-23T10:00:00', 'inter-province', true)).toBe('2026-12-03');
  });
  it('other provinces accepted Monday 16:30: J = Tuesday, J+4 is the next Monday', () => {
    expect(dueDay('2026-11-23T16:30:00', 'inter-province')).toBe('2026-11-30');
  });
  it('accepted Friday 16:00: J = Monday, J+1 is Tuesday', () => {
    expect(dueDay('2026-11-27T16:00:00', 'within-commune')).toBe('2026-12-01');
  });
  it('accepted on Saturday morning: J = Monday', () => {
    expect(dueDay('2026-11-28T09:00:00', 'within-commune')).toBe('2026-12-01');
  });
  it('accepted before 30 April and 1 May: the holidays do not count', () => {
    expect(dueDay('2026-04-28T10:00:00', 'within-province')).toBe('2026-05-04');
  });
  it('accepted the day before Tết 2027 after 15:00: J is the first working day after Tết', () => {
    expect(dueDay('2027-02-04T16:00:00', 'within-commune')).toBe('2027-02-15');
  });
  it('accepted at 23:30 local on Monday (16:30 UTC): the local day and hour count', () => {
    expect(localDate(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-23');
    expect(dueDay('2026-11-23T23:30:00', 'within-commune')).toBe('2026-11-25');
  });
});

describe('the promised date', () => {
  const now = new Date('2026-11-23T03:00:00Z'); // Monday 10:00 in Vietnam

  it('may be today, never before', () => {
    expect(promisedDateProblem('2026-11-23', now)).toBeNull();
    expect(promisedDateProblem('2026-11-22', now)).toMatch(/before today/);
  });

  it('plans from the collection when the post has the result, else from when it was ready', () => {
    const base = { routeClass: 'within-province' as const, withAppointmentSlip: false, now };
    expect(plannedDeliveryDay({ ...base, collectedAt: null, readyAt: null })).toBeNull();
    expect(plannedDeliveryDay({ ...base, collectedAt: null, readyAt: '2026-11-20T02:00:00Z' })).toBe(
      '2026-11-25',
    );
    expect(
      plannedDeliveryDay({ ...base, collectedAt: '2026-11-23T09:00:00Z', readyAt: '2026-11-20T02:00:00Z' }),
    ).toBe('2026-11-26');
    expect(
      plannedDeliveryDay({
        ...base,
        withAppointmentSlip: true,
        collectedAt: '2026-11-23T03:00:00Z',
        readyAt: null,
      }),
    ).toBe('2026-11-27');
  });

  it('is at risk when the plan lands after it', () => {
    expect(deliveryRisk('2026-11-25', '2026-11-25')).toBe('on-track');
    expect(deliveryRisk('2026-11-24', '2026-11-25')).toBe('at-risk');
    expect(deliveryRisk(null, '2026-11-25')).toBe('unknown');
  });
});
