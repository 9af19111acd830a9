/** The time buckets a list reads: every day or month an instant range touches, newest first, each once. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketsBetween, phoneHash } from '../../functions/adapters/dynamodb/dossier-lists.ts';

const DAY_MS = 86_400_000;

describe('bucketsBetween', () => {
  it('names the UTC days and months of a Vietnam date range, newest first', () => {
    const fromAt = '2026-01-30T17:00:00.000Z';
    const toAt = '2026-02-02T16:59:59.999Z';
    expect(bucketsBetween(fromAt, toAt, 'day')).toEqual([
      '2026-02-02',
      '2026-02-01',
      '2026-01-31',
      '2026-01-30',
    ]);
    expect(bucketsBetween(fromAt, toAt, 'month')).toEqual(['2026-02', '2026-01']);
  });

  it('holds every day of the range exactly once, and nothing outside it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-01-01'), max: Date.parse('2027-12-01') }),
        fc.integer({ min: 0, max: 31 * DAY_MS }),
        (fromMs, spanMs) => {
          const fromAt = new Date(fromMs).toISOString();
          const toAt = new Date(fromMs + spanMs).toISOString();
          const days = bucketsBetween(fromAt, toAt, 'day');
          expect(new Set(days).size).toBe(days.length);
          expect(days.at(0)).toBe(toAt.slice(0, 10));
          expect(days.at(-1)).toBe(fromAt.slice(0, 10));
          expect([...days].sort().reverse()).toEqual(days);
          expect(days.length).toBeLessThanOrEqual(33);
          expect(bucketsBetween(fromAt, toAt, 'month')).toEqual([
            ...new Set(days.map((day) => day.slice(0, 7))),
          ]);
        },
      ),
    );
  });
});

describe('phoneHash', () => {
  it('is the same for a number written with 0 or +84, and never the number itself', () => {
    expect(phoneHash('0912345678')).toBe(phoneHash('+84912345678'));
    expect(phoneHash('0912345678')).not.toBe(phoneHash('0912345679'));
    expect(phoneHash('0912345678')).not.toContain('912345678');
  });
});
