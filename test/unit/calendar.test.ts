/** The holiday calendar: lunar holidays from the Vietnamese calendar, the Labour Code's rules, each year's decision, no cliff. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HOLIDAY_DATA_LAST_YEAR,
  HOLIDAY_DECISIONS,
} from '../../functions/domain/calendar/holiday-decisions.ts';
import {
  hungKingsDay,
  ruleDaysOff,
  statutoryHolidays,
  tetDay,
} from '../../functions/domain/calendar/holiday-rules.ts';
import {
  addWorkingDays,
  atLeastWorkingDaysBetween,
  calendarCoverage,
  isWorkingDay,
  nextWorkingDayFrom,
  transitDueAt,
  yearsBeyondHolidayData,
} from '../../functions/domain/calendar/working-days.ts';

/** Mùng 1 Tết as published in Vietnamese calendars. */
const TET: Record<number, string> = {
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  // China's new year is on 3 February 2030: the new moon falls before midnight at UTC+7, after it at UTC+8.
  2030: '2030-02-02',
  2031: '2031-01-23',
  2032: '2032-02-11',
  2033: '2033-01-31',
  2034: '2034-02-19',
  2035: '2035-02-08',
};

/** Giỗ Tổ Hùng Vương, 10/3 lunar. */
const HUNG_KINGS: Record<number, string> = {
  2025: '2025-04-07',
  2026: '2026-04-26',
  2027: '2027-04-16',
  2028: '2028-04-04',
  2029: '2029-04-23',
  2030: '2030-04-12',
};

describe('lunar holidays', () => {
  it.each(Object.entries(TET))('Tết %s falls on %s', (year, day) => {
    expect(tetDay(Number(year))).toBe(day);
  });

  it.each(Object.entries(HUNG_KINGS))('Giỗ Tổ Hùng Vương %s falls on %s', (year, day) => {
    expect(hungKingsDay(Number(year))).toBe(day);
  });

  it('Tết is five days: the last day of the lunar year and the first four of the new one', () => {
    const holidays = statutoryHolidays(2029);
    for (const day of ['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15', '2029-02-16'])
      expect(holidays).toContain(day);
    expect(holidays).not.toContain('2029-02-17');
    expect(holidays).not.toContain('2029-02-11');
  });
});

describe('the Labour Code rules', () => {
  it('reproduce the decisions of years that had nothing to move (2026, 2027)', () => {
    expect(ruleDaysOff(2026)).toEqual([...(HOLIDAY_DECISIONS[2026]?.daysOff ?? [])].sort());
    expect(ruleDaysOff(2027)).toEqual([...(HOLIDAY_DECISIONS[2027]?.daysOff ?? [])].sort());
  });

  it('give the next free weekday for a holiday on a weekend (Tết 2027 starts on a Saturday)', () => {
    const off = ruleDaysOff(2027);
    expect(off).toEqual(expect.arrayContaining(['2027-02-10', '2027-02-11']));
    expect(off).toContain('2027-05-03');
  });

  it('join 2 September to a weekend: 2 September 2029 is a Sunday', () => {
    const off = ruleDaysOff(2029);
    expect(off).toEqual(expect.arrayContaining(['2029-09-03', '2029-09-04']));
  });

  it('list weekdays only', () => {
    for (let year = 2025; year <= 2040; year += 1)
      for (const day of ruleDaysOff(year))
        expect([0, 6]).not.toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
  });
});

describe("a year's decision overrides the rules", () => {
  it('2025: 27 January off for Saturday 1 February, 3 February worked', () => {
    expect(isWorkingDay('2025-01-27')).toBe(false);
    expect(isWorkingDay('2025-02-03')).toBe(true);
    expect(ruleDaysOff(2025)).toContain('2025-02-03');
  });

  it('2025: 2 May off, Saturday 26 April worked in exchange', () => {
    expect(isWorkingDay('2025-05-02')).toBe(false);
    expect(isWorkingDay('2025-04-26')).toBe(true);
    expect(nextWorkingDayFrom('2025-04-26')).toBe('2025-04-26');
  });
});

describe('coverage and the calendar without a cliff', () => {
  it('says where each year comes from', () => {
    expect(calendarCoverage(2026)).toBe('decision');
    expect(calendarCoverage(2029)).toBe('rules');
    expect(calendarCoverage(HOLIDAY_DATA_LAST_YEAR + 1)).toBe('beyond-data');
    expect(calendarCoverage(2024)).toBe('beyond-data');
  });

  it('names the years past the data among dates and instants', () => {
    expect(yearsBeyondHolidayData(['2026-11-24', '2031-02-01T08:00:00.000Z', null, '2031-03-03'])).toEqual([
      2031,
    ]);
    expect(yearsBeyondHolidayData(['2030-12-31T16:59:59.999Z', undefined])).toEqual([]);
  });

  it('a year past the data follows the rules: Tết 2031 is not worked', () => {
    expect(isWorkingDay('2031-01-23')).toBe(false);
    expect(isWorkingDay('2031-01-22')).toBe(false);
    // 22–26 January, and Monday 27 and Tuesday 28 for the Saturday and Sunday.
    expect(addWorkingDays('2031-01-21', 1)).toBe('2031-01-29');
  });

  it('no instant from 2025 to 2035 makes a due date throw, and the due date is later', () => {
    const from = Date.parse('2025-01-01T00:00:00+07:00');
    const to = Date.parse('2036-01-01T00:00:00+07:00');
    fc.assert(
      fc.property(
        fc.integer({ min: from, max: to }),
        fc.constantFrom('within-commune', 'within-province', 'special-cities', 'inter-province' as const),
        fc.boolean(),
        (instant, routeClass, slip) => {
          const due = transitDueAt(new Date(instant), routeClass, slip);
          expect(due.getTime()).toBeGreaterThan(instant);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('every day from 2000 to 2199 is answered', () => {
    for (const year of [2000, 2024, 2036, 2100, 2199, 2250]) {
      expect(typeof isWorkingDay(`${year}-06-15`)).toBe('boolean');
      expect(nextWorkingDayFrom(`${year}-01-01`) > `${year}-01-01`).toBe(true);
    }
  });
});

describe('working days between two attempts', () => {
  it('counts the working days after the first up to the second, however far apart', () => {
    expect(atLeastWorkingDaysBetween('2026-11-20', '2026-11-24', 2)).toBe(true); // Friday → Tuesday
    expect(atLeastWorkingDaysBetween('2026-11-20', '2026-11-23', 2)).toBe(false);
    expect(atLeastWorkingDaysBetween('2026-11-21', '2026-11-24', 2)).toBe(true); // Saturday → Tuesday
    expect(atLeastWorkingDaysBetween('2026-01-01', '2035-12-31', 2)).toBe(true);
    expect(atLeastWorkingDaysBetween('2026-11-24', '2026-11-20', 2)).toBe(false);
  });
});
