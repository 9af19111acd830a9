/**
 * Scan ingestion under random arrival: every permutation and duplication of a valid
 * history, split into any number of batches, ends in the same item state and timeline;
 * for invalid histories nothing is lost and every anomaly is flagged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addWorkingDays, localDate } from '../../functions/domain/calendar/working-days.ts';
import { idDigitsDigest } from '../../functions/domain/items/door.ts';
import { ingestScans } from '../../functions/domain/items/ingest.ts';
import { itemView } from '../../functions/domain/items/items.ts';
import { type Direction, SCAN_TYPES, type ScanType } from '../../functions/domain/items/lifecycle.ts';
import type { StoredFact } from '../../functions/domain/items/scans.ts';
import type { ScanInput } from '../../schemas/items.ts';
import { citizenItem } from '../support/items.ts';
import { MemoryItems } from '../support/memory-items.ts';

const SECRET = 'property-test-delivery-code-secret-000000';
const OFFICE = 'BC-HN-01';
const HOUR_MS = 3_600_000;

function item(direction: Direction, status: 'requested' | 'collected') {
  const citizen = citizenItem(direction, OFFICE);
  // The citizen registered an ID number ending in 1234: deliveries show those digits.
  const base =
    direction === 'outbound'
      ? { ...citizen, idDigitsDigest: idDigitsDigest(SECRET, citizen.consignmentRef, '001203001234') }
      : citizen;
  return status === 'collected' ? { ...base, status } : base;
}

/** An outbound item's result is made ready and collected from the agency (by manifest) before staff scan it. */
function collectionFacts(): StoredFact[] {
  return (['result-ready', 'collected'] as const).map((type, index) => ({
    factId: `system-${type}`,
    type,
    occurredAt: `2026-01-05T0${index + 2}:00:00.000Z`,
    postOfficeCode: OFFICE,
    source: 'system',
    emsevt: type === 'collected' ? 'EMA' : 'XRR',
    receivedAt: `2026-01-05T0${index + 2}:00:00.000Z`,
    contentHash: type,
  }));
}

/** Scan paths staff can produce for an item; the outbound ones start after collection. */
const PATHS: Readonly<Record<Direction, readonly (readonly ScanType[])[]>> = {
  inbound: [
    ['pickup', 'depart', 'arrive'],
    ['pickup-failed', 'pickup-failed', 'pickup', 'depart', 'arrive', 'depart', 'arrive'],
  ],
  outbound: [
    ['depart', 'arrive', 'out-for-delivery', 'delivered'],
    ['out-for-delivery', 'delivery-failed', 'out-for-delivery', 'delivery-failed', 'returned-to-agency'],
    ['arrive', 'out-for-delivery', 'delivery-failed', 'out-for-delivery', 'delivered'],
  ],
};

function scansFor(
  direction: Direction,
  path: readonly ScanType[],
  startMs: number,
  gapsMs: readonly number[],
) {
  let at = startMs;
  let lastFailureDay: string | null = null;
  return path.map((type, index): ScanInput => {
    at += gapsMs[index % gapsMs.length] as number;
    if (type === 'delivery-failed' && lastFailureDay) {
      at = Math.max(at, Date.parse(`${addWorkingDays(lastFailureDay, 3)}T03:00:00Z`));
    }
    if (type === 'delivery-failed') lastFailureDay = localDate(new Date(at));
    return {
      scanId: `scan-${direction}-${String(index).padStart(3, '0')}`,
      itemCode: direction === 'inbound' ? 'RH000000014VN' : 'RK000000014VN',
      type,
      occurredAt: new Date(at).toISOString(),
      postOfficeCode: OFFICE,
      ...(type === 'delivered'
        ? { proof: { recipientName: 'Nguyễn Thị Hoa', relation: 'self' as const, idLast4: '1234' } }
        : {}),
      ...(type === 'delivery-failed'
        ? { failure: { reason: 'addressee-absent' as const, action: 'next-attempt' as const } }
        : {}),
    };
  });
}

const validHistory = fc
  .record({
    direction: fc.constantFrom<Direction>('inbound', 'outbound'),
    pathIndex: fc.nat(),
    startMs: fc.integer({ min: Date.parse('2026-01-06T00:00:00Z'), max: Date.parse('2026-01-10T00:00:00Z') }),
    gapsMs: fc.array(fc.integer({ min: 60_000, max: 30 * HOUR_MS }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ direction, pathIndex, startMs, gapsMs }) => {
    const paths = PATHS[direction];
    const path = paths[pathIndex % paths.length] as readonly ScanType[];
    return { direction, path, scans: scansFor(direction, path, startMs, gapsMs) };
  });

async function ingestAll(direction: Direction, batches: readonly (readonly ScanInput[])[]) {
  const repository = new MemoryItems();
  const start = item(direction, direction === 'outbound' ? 'collected' : 'requested');
  repository.add(start);
  if (direction === 'outbound') repository.facts.set(start.itemCode, collectionFacts());
  const outcomes = [];
  for (const batch of batches) {
    const result = await ingestScans(repository, batch, {
      receivedAt: new Date('2026-02-04T12:00:00Z'),
      callerOfficeCode: OFFICE,
      deliveryCodeSecret: SECRET,
      pause: async () => undefined,
    });
    outcomes.push(...result.outcomes);
  }
  const snapshot = (await repository.load(start.itemCode))!;
  return {
    outcomes,
    snapshot,
    view: itemView(snapshot.item, snapshot.facts, new Date('2026-02-04T12:00:00Z')),
  };
}

function cut<T>(values: readonly T[], cuts: readonly number[]): T[][] {
  const points = [...new Set([0, ...cuts.map((point) => point % (values.length + 1)), values.length])].sort(
    (a, b) => a - b,
  );
  return points.slice(1).map((end, index) => values.slice(points[index], end));
}

describe('scan ingestion, valid histories', () => {
  it('gives the same state and timeline for any order, duplication and batching', async () => {
    await fc.assert(
      fc.asyncProperty(
        validHistory.chain((history) =>
          fc.record({
            history: fc.constant(history),
            order: fc.shuffledSubarray(history.scans, {
              minLength: history.scans.length,
              maxLength: history.scans.length,
            }),
            repeats: fc.subarray(history.scans),
            cuts: fc.array(fc.nat(), { maxLength: 5 }),
          }),
        ),
        async ({ history, order, repeats, cuts }) => {
          const reference = await ingestAll(history.direction, [history.scans]);
          const arrived = await ingestAll(history.direction, cut([...order, ...repeats], cuts));
          expect(reference.view.anomalies).toBe(0);
          const systemFacts = history.direction === 'outbound' ? ['result-ready', 'collected'] : [];
          expect(reference.view.timeline.map((entry) => entry.type)).toEqual([
            ...systemFacts,
            ...history.path,
          ]);
          const { receivedAt: _a, ...item } = { ...arrived.snapshot.item, receivedAt: null };
          const { receivedAt: _b, ...expected } = { ...reference.snapshot.item, receivedAt: null };
          expect({ ...item, version: 0 }).toEqual({ ...expected, version: 0 });
          expect(arrived.view.timeline).toEqual(reference.view.timeline);
          expect(arrived.view.status).toBe(reference.view.status);
          // Each scan applied once; each repeat answered as a duplicate.
          expect(arrived.outcomes.filter((outcome) => outcome.outcome === 'duplicate')).toHaveLength(
            repeats.length,
          );
          expect(arrived.outcomes.filter((outcome) => outcome.outcome === 'rejected')).toHaveLength(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('scan ingestion, any history', () => {
  const anyScan = fc.record({
    scanId: fc.stringMatching(/^[a-z0-9]{8,10}$/),
    type: fc.constantFrom(...SCAN_TYPES),
    minutes: fc.integer({ min: 0, max: 20 * 24 * 60 }),
  });

  it('keeps every scan it accepts, flags what the lifecycle does not allow, and loses nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Direction>('inbound', 'outbound'),
        fc.uniqueArray(anyScan, { selector: (scan) => scan.scanId, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (direction, raw, cuts) => {
          const scans: ScanInput[] = raw.map(({ scanId, type, minutes }) => ({
            scanId,
            itemCode: direction === 'inbound' ? 'RH000000014VN' : 'RK000000014VN',
            type,
            occurredAt: new Date(Date.parse('2026-01-10T00:00:00Z') + minutes * 60_000).toISOString(),
            postOfficeCode: OFFICE,
            proof: { recipientName: 'Hoa', relation: 'self', idLast4: '1234' },
            failure: { reason: 'addressee-absent', action: 'next-attempt' },
          }));
          const { outcomes, view } = await ingestAll(direction, cut(scans, cuts));
          expect(outcomes).toHaveLength(scans.length);
          const kept = new Set(view.timeline.map((entry) => entry.scanId));
          scans.forEach((scan, index) => {
            const outcome = outcomes[index]!;
            if (outcome.outcome === 'rejected') {
              expect(outcome.reason).toBe('not-for-this-direction');
              expect(kept.has(scan.scanId)).toBe(false);
            } else {
              expect(kept.has(scan.scanId)).toBe(true);
            }
          });
          // Every anomaly on the timeline is flagged, and counted on the item.
          expect(view.anomalies).toBe(view.timeline.filter((entry) => entry.anomaly).length);
          expect(view.timeline.filter((entry) => !entry.scanId.startsWith('system-'))).toHaveLength(
            scans.filter((_scan, index) => outcomes[index]?.outcome !== 'rejected').length,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
