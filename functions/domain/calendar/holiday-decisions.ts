/**
 * Each year's days off as the Government decided them (the yearly notice on public holidays
 * for civil servants, which moves a day off next to a weekend and sets a Saturday to work in
 * exchange). A year listed here replaces what the Labour Code's rules give for it
 * (`holiday-rules.ts`); a year not listed follows the rules. Add a year when its notice is
 * published: weekends need not be listed.
 */
export interface HolidayDecision {
  /** Weekdays off that year, `YYYY-MM-DD`. */
  readonly daysOff: readonly string[];
  /** Saturdays or Sundays worked in exchange for a day off, `YYYY-MM-DD`. */
  readonly workingWeekendDays?: readonly string[];
}

/** Holidays are kept as data (decisions, else rules) through this year; later years raise an alarm. */
export const HOLIDAY_DATA_FIRST_YEAR = 2025;
export const HOLIDAY_DATA_LAST_YEAR = 2030;

export const HOLIDAY_DECISIONS: Readonly<Record<number, HolidayDecision>> = {
  2025: {
    daysOff: [
      '2025-01-01',
      // Tết Ất Tỵ: 25 January – 2 February; the day owed for Saturday 1 February taken on 27 January
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-04-07', // Giỗ Tổ Hùng Vương (10/3 lunar)
      '2025-04-30',
      '2025-05-01',
      '2025-05-02', // worked on Saturday 26 April instead
      '2025-09-01',
      '2025-09-02',
    ],
    workingWeekendDays: ['2025-04-26'],
  },
  2026: {
    daysOff: [
      '2026-01-01',
      // Tết Bính Ngọ: 14 – 22 February (weekends not listed)
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-27', // Giỗ Tổ Hùng Vương falls on Sunday 26 April: Monday off instead
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ],
  },
  2027: {
    daysOff: [
      '2027-01-01',
      // Tết Đinh Mùi: 5 – 11 February (weekends not listed)
      '2027-02-05',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-04-16', // Giỗ Tổ Hùng Vương (10/3 lunar)
      '2027-04-30',
      '2027-05-03', // 1 May falls on Saturday: Monday off instead
      '2027-09-02',
      '2027-09-03',
    ],
  },
};
