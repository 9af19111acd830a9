/** Valid item histories for property tests: the lifecycle's happy paths at increasing times. */
import fc from 'fast-check';
import { addWorkingDays, localDate } from '../../functions/domain/calendar/working-days.ts';
import type { Direction, FactType, ItemFact } from '../../functions/domain/items/lifecycle.ts';

const HOUR_MS = 3_600_000;

/** Happy paths, as the lifecycle allows them; `delivery-failed` pairs are spaced to allow a return. */
export const PATHS: Readonly<Record<Direction, readonly (readonly FactType[])[]>> = {
  inbound: [
    ['pickup', 'depart', 'arrive', 'handed-over', 'accepted'],
    ['pickup-failed', 'pickup', 'depart', 'arrive', 'depart', 'arrive', 'handed-over', 'refused'],
    ['pickup-failed', 'cancelled'],
  ],
  outbound: [
    ['result-ready', 'collected', 'depart', 'arrive', 'out-for-delivery', 'delivered'],
    [
      'result-ready',
      'collected',
      'out-for-delivery',
      'delivery-failed',
      'out-for-delivery',
      'delivery-failed',
      'returned-to-agency',
    ],
    [
      'result-ready',
      'collected',
      'depart',
      'arrive',
      'out-for-delivery',
      'delivery-failed',
      'out-for-delivery',
      'delivered',
    ],
    ['cancelled'],
  ],
};

/** A valid history: the path's facts at strictly increasing times, a failed attempt 3 working days after the last. */
export function history(
  direction: Direction,
  path: readonly FactType[],
  startMs: number,
  gapsMs: readonly number[],
): ItemFact[] {
  let at = startMs;
  let lastFailureDay: string | null = null;
  return path.map((type, index) => {
    at += gapsMs[index % gapsMs.length] as number;
    if (type === 'delivery-failed' && lastFailureDay) {
      const allowed = Date.parse(`${addWorkingDays(lastFailureDay, 3)}T03:00:00Z`);
      at = Math.max(at, allowed);
    }
    if (type === 'delivery-failed') lastFailureDay = localDate(new Date(at));
    return {
      factId: `${direction}-${index}-${type}`,
      type,
      occurredAt: new Date(at).toISOString(),
      postOfficeCode: index % 2 === 0 ? 'BC-HN-01' : 'BC-HCM-02',
    };
  });
}

export const validHistory = fc
  .record({
    direction: fc.constantFrom<Direction>('inbound', 'outbound'),
    pathIndex: fc.nat(),
    startMs: fc.integer({ min: Date.parse('2026-01-05T00:00:00Z'), max: Date.parse('2027-06-01T00:00:00Z') }),
    gapsMs: fc.array(fc.integer({ min: 60_000, max: 48 * HOUR_MS }), { minLength: 1, maxLength: 8 }),
  })
  .map(({ direction, pathIndex, startMs, gapsMs }) => {
    const paths = PATHS[direction];
    const path = paths[pathIndex % paths.length] as readonly FactType[];
    return { direction, path, facts: history(direction, path, startMs, gapsMs) };
  });
