/**
 * The item lifecycles under random histories: any arrival order, any duplication, any
 * split into batches gives the same state and timeline; invalid histories lose nothing
 * and flag every fact the lifecycle does not allow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Direction,
  type FactType,
  foldItem,
  INITIAL_STATUS,
  type ItemFact,
  type ItemStatus,
  RECORDED_FACT_TYPES,
  SCAN_TYPES,
} from '../../functions/domain/items/lifecycle.ts';
import { validHistory } from '../support/item-histories.ts';

const ALL_FACT_TYPES: readonly FactType[] = [...SCAN_TYPES, ...RECORDED_FACT_TYPES];
/** Arrival: shuffled, some facts twice, cut into batches; each batch folds over everything received so far. */
const arrival = (facts: readonly ItemFact[]) =>
  fc.record({
    order: fc.shuffledSubarray([...facts], { minLength: facts.length, maxLength: facts.length }),
    duplicates: fc.subarray([...facts]),
    cuts: fc.array(fc.nat({ max: facts.length * 2 }), { maxLength: 6 }),
  });

function ingestInBatches(direction: Direction, order: ItemFact[], duplicates: ItemFact[], cuts: number[]) {
  const stream = [...order, ...duplicates];
  const boundaries = [...new Set([0, ...cuts.filter((cut) => cut < stream.length), stream.length])].sort(
    (a, b) => a - b,
  );
  const received: ItemFact[] = [];
  let state = foldItem(direction, []);
  for (let index = 1; index < boundaries.length; index += 1) {
    received.push(...stream.slice(boundaries[index - 1], boundaries[index]));
    state = foldItem(direction, received);
  }
  return state;
}

describe('item lifecycle, valid histories', () => {
  it('ends where the path ends, with no anomaly, whatever the arrival', () => {
    fc.assert(
      fc.property(
        validHistory.chain((valid) => arrival(valid.facts).map((arrived) => ({ ...valid, ...arrived }))),
        ({ direction, path, facts, order, duplicates, cuts }) => {
          const inOrder = foldItem(direction, facts);
          const arrived = ingestInBatches(direction, order, duplicates, cuts);
          expect(inOrder.anomalies).toBe(0);
          expect(inOrder.timeline.map((entry) => entry.type)).toEqual(path);
          expect(arrived).toEqual(inOrder);
        },
      ),
      { numRuns: 300 },
    );
  });
});

const anyFact = fc.record({
  factId: fc.string({ minLength: 1, maxLength: 6 }),
  type: fc.constantFrom(...ALL_FACT_TYPES),
  occurredAt: fc
    .integer({ min: Date.parse('2026-01-05T00:00:00Z'), max: Date.parse('2026-03-01T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString()),
  postOfficeCode: fc.constantFrom('BC-HN-01', 'BC-HCM-02'),
});

describe('item lifecycle, any history', () => {
  it('keeps every fact once, applies only allowed ones, flags the rest, and does not depend on arrival', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Direction>('inbound', 'outbound'),
        fc.uniqueArray(anyFact, { selector: (fact) => fact.factId, maxLength: 25 }),
        fc.nat(),
        (direction, facts, seed) => {
          const state = foldItem(direction, facts);
          expect(state.timeline.map((entry) => entry.factId).sort()).toEqual(
            facts.map((fact) => fact.factId).sort(),
          );
          expect(state.anomalies).toBe(state.timeline.filter((entry) => entry.anomaly).length);
          // Each applied fact moves from the status before it; each flagged one leaves it as it was.
          let status: ItemStatus = INITIAL_STATUS[direction];
          for (const entry of state.timeline) {
            if (entry.anomaly) expect(entry.status).toBe(status);
            status = entry.status;
          }
          expect(state.status).toBe(status);
          // The applied facts alone tell the same story, with nothing to flag.
          const applied = facts.filter((fact) =>
            state.timeline.some((entry) => entry.factId === fact.factId && !entry.anomaly),
          );
          const replay = foldItem(direction, applied);
          expect(replay.status).toBe(state.status);
          // Any other arrival order gives the same result.
          const rotated = [
            ...facts.slice(seed % (facts.length || 1)),
            ...facts.slice(0, seed % (facts.length || 1)),
          ].reverse();
          expect(foldItem(direction, rotated)).toEqual(state);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('flags a return to the agency after fewer than two attempts two working days apart', () => {
    const at = (iso: string, type: FactType, factId: string): ItemFact => ({
      factId,
      type,
      occurredAt: iso,
      postOfficeCode: 'BC-HN-01',
    });
    const base = [
      at('2026-11-23T02:00:00Z', 'result-ready', 'a'),
      at('2026-11-23T03:00:00Z', 'collected', 'b'),
      at('2026-11-23T04:00:00Z', 'out-for-delivery', 'c'),
      at('2026-11-23T05:00:00Z', 'delivery-failed', 'd'),
      at('2026-11-24T02:00:00Z', 'out-for-delivery', 'e'),
      at('2026-11-24T05:00:00Z', 'delivery-failed', 'f'),
    ];
    const tooSoon = foldItem('outbound', [...base, at('2026-11-24T08:00:00Z', 'returned-to-agency', 'g')]);
    expect(tooSoon.status).toBe('delivery-failed');
    expect(tooSoon.timeline.at(-1)?.anomaly).toBe('too-few-attempts');
    const spaced = [
      ...base.slice(0, 4),
      at('2026-11-25T02:00:00Z', 'out-for-delivery', 'e'),
      at('2026-11-25T05:00:00Z', 'delivery-failed', 'f'),
    ];
    const returned = foldItem('outbound', [...spaced, at('2026-11-25T08:00:00Z', 'returned-to-agency', 'g')]);
    expect(returned.status).toBe('returned-to-agency');
    expect(returned.anomalies).toBe(0);
  });
});
