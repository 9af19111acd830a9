/** Quiet hours at their Vietnam-time boundaries: 20:59 sends, 21:00 waits, 06:59 waits, 07:00 sends. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sendableAt } from '../../functions/domain/notifications/quiet-hours.ts';

/** A Vietnam wall-clock time on 2026-11-20 as an instant (UTC+7). */
const vietnam = (time: string, day = '2026-11-20') => new Date(`${day}T${time}:00.000+07:00`);

describe('quiet hours', () => {
  it('sends at 20:59 and 07:00, holds at 21:00 and 06:59 until 07:00', () => {
    expect(sendableAt(vietnam('20:59'), false)).toEqual(vietnam('20:59'));
    expect(sendableAt(vietnam('21:00'), false)).toEqual(vietnam('07:00', '2026-11-21'));
    expect(sendableAt(vietnam('23:59'), false)).toEqual(vietnam('07:00', '2026-11-21'));
    expect(sendableAt(vietnam('00:00'), false)).toEqual(vietnam('07:00'));
    expect(sendableAt(vietnam('06:59'), false)).toEqual(vietnam('07:00'));
    expect(sendableAt(vietnam('07:00'), false)).toEqual(vietnam('07:00'));
  });

  it('never holds a delivery code', () => {
    expect(sendableAt(vietnam('21:00'), true)).toEqual(vietnam('21:00'));
    expect(sendableAt(vietnam('03:00'), true)).toEqual(vietnam('03:00'));
  });

  it('answers a time outside quiet hours, within ten hours, for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        (now) => {
          const at = sendableAt(now, false);
          const hour = new Date(at.getTime() + 7 * 3_600_000).getUTCHours();
          expect(hour >= 7 && hour < 21).toBe(true);
          expect(at.getTime() - now.getTime()).toBeGreaterThanOrEqual(0);
          expect(at.getTime() - now.getTime()).toBeLessThanOrEqual(10 * 3_600_000);
        },
      ),
    );
  });
});
