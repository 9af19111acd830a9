/**
 * Quiet hours: no message reaches a citizen between 21:00 and 07:00 Vietnam time (UTC+7, no
 * daylight saving), except the delivery code a courier at the door is waiting for. A message
 * held back is sent at 07:00, not dropped.
 */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/** When a message may go out: `now` itself outside quiet hours, else the next 07:00 Vietnam time. */
export function sendableAt(now: Date, deliveryCode: boolean): Date {
  if (deliveryCode) return now;
  const local = new Date(now.getTime() + VIETNAM_OFFSET_MS);
  const hour = local.getUTCHours();
  if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return now;
  const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const localSeven =
    localMidnight + QUIET_UNTIL_HOUR * 60 * 60 * 1000 + (hour >= QUIET_FROM_HOUR ? DAY_MS : 0);
  return new Date(localSeven - VIETNAM_OFFSET_MS);
}
