/**
 * The public holidays of the Labour Code 2019 (art. 112) for any year, from the rules alone:
 * 1 January; Tết, five days (the last day of the lunar year and the first four of the new
 * one); Giỗ Tổ Hùng Vương, 10th day of the 3rd lunar month; 30 April; 1 May; 2 September and
 * one day next to it. A holiday on a Saturday or Sunday gives the next working day off
 * (art. 112 §3). Lunar dates come from the Vietnamese calendar (UTC+7), which in some years
 * differs from the Chinese one by a day (Tết 2030: 2 February here, 3 February in China).
 */
import { getSolarDate } from '@dqcai/vn-lunar';

/** Years the lunar conversion covers; outside them only the solar holidays are known. */
export const LUNAR_FIRST_YEAR = 1200;
export const LUNAR_LAST_YEAR = 2199;
const TET_DAYS_AFTER_NEW_YEAR = 4;
const DAY_MS = 24 * 60 * 60 * 1000;

const isoDay = (year: number, month: number, day: number): string =>
  new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);

const shift = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export const isWeekend = (day: string): boolean => {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
};

/** The solar date of a day of the (non-leap) lunar month, in Vietnam; null outside the conversion's years. */
export function solarDayOfLunar(lunarYear: number, lunarMonth: number, lunarDay: number): string | null {
  if (lunarYear < LUNAR_FIRST_YEAR || lunarYear > LUNAR_LAST_YEAR) return null;
  const solar = getSolarDate(lunarDay, lunarMonth, lunarYear, false);
  if (solar.year === 0) return null;
  return isoDay(solar.year, solar.month, solar.day);
}

/** The lunar new year's day (mùng 1 Tết) falling in this solar year. */
export const tetDay = (year: number): string | null => solarDayOfLunar(year, 1, 1);

/** Giỗ Tổ Hùng Vương: 10/3 of the lunar year, always in the same solar year. */
export const hungKingsDay = (year: number): string | null => solarDayOfLunar(year, 3, 10);

/** The day next to 2 September: the one that joins the holiday to a weekend where it can. */
function nationalDaySecondDay(year: number): string {
  const weekday = new Date(Date.UTC(year, 8, 2)).getUTCDay();
  // Monday, Thursday, Sunday: 3 September; otherwise 1 September.
  return weekday === 1 || weekday === 4 || weekday === 0 ? isoDay(year, 9, 3) : isoDay(year, 9, 1);
}

/** The holidays themselves, before weekend compensation. */
export function statutoryHolidays(year: number): string[] {
  const days = [isoDay(year, 1, 1), isoDay(year, 4, 30), isoDay(year, 5, 1), isoDay(year, 9, 2)];
  days.push(nationalDaySecondDay(year));
  const tet = tetDay(year);
  if (tet)
    for (let offset = -1; offset <= TET_DAYS_AFTER_NEW_YEAR - 1; offset += 1) days.push(shift(tet, offset));
  const hung = hungKingsDay(year);
  if (hung) days.push(hung);
  return [...new Set(days)].sort();
}

/** Weekdays off in a year by the rules: the holidays, and for each on a weekend the next free weekday. */
export function ruleDaysOff(year: number): string[] {
  const holidays = statutoryHolidays(year);
  const off = new Set(holidays);
  for (const holiday of holidays) {
    if (!isWeekend(holiday)) continue;
    let candidate = shift(holiday, 1);
    while (isWeekend(candidate) || off.has(candidate)) candidate = shift(candidate, 1);
    off.add(candidate);
  }
  return [...off].filter((day) => !isWeekend(day)).sort();
}
