/** The system's clock: the real time unless the embedded runtime shifts it, and the offsets it takes. */
import { afterEach, describe, expect, it } from 'vitest';
import { CLOCK_OFFSET_ENV, parseClockOffset, systemNow, systemNowMs } from '../../functions/commons/clock.ts';

afterEach(() => {
  delete process.env[CLOCK_OFFSET_ENV];
});

describe('parseClockOffset', () => {
  it.each([
    ['3d', 3 * 86_400_000],
    ['-12h', -12 * 3_600_000],
    ['2d6h', 2 * 86_400_000 + 6 * 3_600_000],
    ['+90m', 90 * 60_000],
    ['45s', 45_000],
    ['366d', 366 * 86_400_000],
  ])('reads %s', (text, expected) => {
    expect(parseClockOffset(text)).toBe(expected);
  });

  it.each(['', '3', '3 days', 'd', '1w', '367d', '-400d', '3d-2h'])('refuses %j', (text) => {
    expect(() => parseClockOffset(text)).toThrow(/clock offset/);
  });
});

describe('systemNow', () => {
  it('is the real time without an offset, and shifted by exactly the offset with one', () => {
    const before = Date.now();
    const unshifted = systemNowMs();
    expect(unshifted).toBeGreaterThanOrEqual(before);
    expect(unshifted).toBeLessThanOrEqual(Date.now());

    process.env[CLOCK_OFFSET_ENV] = String(parseClockOffset('3d'));
    const realBefore = Date.now();
    const shifted = systemNow().getTime();
    expect(shifted - realBefore).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(shifted - Date.now()).toBeLessThanOrEqual(3 * 86_400_000);
  });

  it('ignores an offset that is not a whole number of milliseconds', () => {
    process.env[CLOCK_OFFSET_ENV] = 'soon';
    const before = Date.now();
    expect(systemNowMs()).toBeGreaterThanOrEqual(before);
    expect(systemNowMs()).toBeLessThanOrEqual(Date.now());
  });
});
