/**
 * Days off in Vietnam, as data: the public holidays of the Labour Code (art. 112) with the
 * days the Government moves around them each year, the lunar Tết and Hùng Kings' days
 * included (they follow the lunar calendar, so they move every year). Extend a year when
 * its official notice is published; a year missing here is refused, not guessed.
 */
export const HOLIDAYS_VN: Readonly<Record<number, readonly string[]>> = {
  2025: [
    '2025-01-01',
    // Tết Ất Tỵ: 25 January – 2 February
    '2025-01-27',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-04-07', // Giỗ Tổ Hùng Vương (10/3 lunar)
    '2025-04-30',
    '2025-05-01',
    '2025-05-02',
    '2025-09-01',
    '2025-09-02',
  ],
  2026: [
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
  2027: [
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
};
