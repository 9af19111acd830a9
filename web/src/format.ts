/** Numbers, money and dates as a Vietnamese reader expects them (vi-VN, Vietnam time). */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const number = new Intl.NumberFormat('vi-VN');
const money = new Intl.NumberFormat('vi-VN', {
  style: 'currency',
  currency: 'VND',
  maximumFractionDigits: 0,
});
const dateTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const date = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const percent = new Intl.NumberFormat('vi-VN', { style: 'percent', maximumFractionDigits: 1 });

export const formatNumber = (value: number): string => number.format(value);
export const formatVnd = (amountVnd: number): string => money.format(amountVnd);
export const formatDateTime = (iso: string | null | undefined): string =>
  iso ? dateTime.format(new Date(iso)) : '—';
export const formatDate = (iso: string | null | undefined): string =>
  iso ? date.format(new Date(iso)) : '—';
export const formatPercent = (ratio: number | null | undefined): string =>
  ratio === null || ratio === undefined ? '—' : percent.format(ratio);

/** Today in Vietnam, `YYYY-MM-DD`. */
export function todayInVietnam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now);
}

/** The month in Vietnam, `YYYY-MM`. */
export const thisMonthInVietnam = (now = new Date()): string => todayInVietnam(now).slice(0, 7);
