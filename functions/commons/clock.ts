/**
 * The system's "now". Deployed, it is the real time. The embedded runtime may shift it
 * (`npm start -- --clock-offset 3d`, or `BRIDGE_CLOCK_OFFSET=3d`) so that anyone can try the
 * flows that depend on time (deadlines, lateness, callback retries, nightly jobs) on one
 * machine: every decision about time reads it here. Times another party checks against its
 * own clock (request signatures, webhook timestamps, token lifetimes) and caches keep the
 * real time.
 */

/** Milliseconds added to the real time; set by the embedded runtime only. */
export const CLOCK_OFFSET_ENV = 'BRIDGE_CLOCK_OFFSET_MS';

let offsetText: string | undefined;
let offset = 0;

export function clockOffsetMs(): number {
  const text = process.env[CLOCK_OFFSET_ENV];
  if (text !== offsetText) {
    offsetText = text;
    const parsed = Number(text ?? '0');
    offset = Number.isSafeInteger(parsed) ? parsed : 0;
  }
  return offset;
}

export const systemNowMs = (): number => Date.now() + clockOffsetMs();
export const systemNow = (): Date => new Date(systemNowMs());

const UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
/** A year either way is far beyond any deadline or retry schedule worth trying. */
const MAX_OFFSET_MS = 366 * 86_400_000;

/** `3d`, `-12h`, `90m`, `45s`, or a sum such as `2d6h`, in milliseconds; throws on anything else. */
export function parseClockOffset(text: string): number {
  const match = /^([+-]?)((?:\d+[dhms])+)$/.exec(text.trim());
  if (!match)
    throw new Error(`A clock offset is days, hours, minutes or seconds, e.g. 3d, -12h, 2d6h: not '${text}'`);
  let total = 0;
  for (const [, amount, unit] of (match[2] as string).matchAll(/(\d+)([dhms])/g)) {
    total += Number(amount) * (UNIT_MS[unit as string] as number);
  }
  if (total > MAX_OFFSET_MS) throw new Error(`A clock offset is at most 366 days: not '${text}'`);
  return match[1] === '-' ? -total : total;
}
