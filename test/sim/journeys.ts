/**
 * What one seed of the fault-injection suite plays: a list of journeys (a pickup paid in
 * cash, a dossier picked up and handed over to the agency, a result delivered with its fees
 * paid in cash or by VietQR) and the faults thrown at the runtime while it plays them. Both
 * come from the seed alone, through fast-check's seeded generators: the same seed, the same
 * scenario.
 */
import fc from 'fast-check';
import { draw } from '../../functions/commons/faults.ts';

export type JourneyKind = 'pickup-cash' | 'handover' | 'delivery-fees';

export interface Journey {
  /** `j0`, `j1`, …: how both runs name the same journey. */
  readonly key: string;
  readonly kind: JourneyKind;
  readonly feeVnd: number;
  readonly method: 'cash' | 'vietqr';
  /** Each journey has its own cashier, so each cash account says what its journey booked. */
  readonly staffId: string;
}

export interface FaultSchedule {
  /** Share of AWS SDK attempts that fail (throttling, transaction conflicts) and of batches handed over twice. */
  readonly sdkRate: number;
  /** Milliseconds after the journeys start at which the runtime is killed (SIGKILL of its group) and restarted. */
  readonly killsAtMs: readonly number[];
  /** The callback receiver answers 503 for this long, from this moment. */
  readonly receiverDown: { readonly fromMs: number; readonly forMs: number };
  /** Share of scan uploads that the scanner sends twice. */
  readonly duplicateUploadRate: number;
  /** Whether a delivery's two scans travel in one upload, the later first. */
  readonly reorderUploads: boolean;
}

export interface Scenario {
  readonly seed: number;
  readonly journeys: readonly Journey[];
  readonly faults: FaultSchedule;
}

export const MAX_JOURNEYS = 200;

const journeyArbitrary = fc.record({
  kind: fc.constantFrom<JourneyKind>('pickup-cash', 'handover', 'delivery-fees'),
  feeVnd: fc.integer({ min: 1, max: 40 }).map((thousands) => thousands * 5_000),
  method: fc.constantFrom<'cash' | 'vietqr'>('cash', 'cash', 'vietqr'),
});

const faultArbitrary = fc.record({
  sdkRate: fc.constantFrom(0.02, 0.04, 0.06),
  killsAtMs: fc.array(fc.integer({ min: 500, max: 12_000 }), { minLength: 1, maxLength: 2 }),
  receiverDown: fc.record({
    fromMs: fc.integer({ min: 0, max: 8_000 }),
    forMs: fc.integer({ min: 2_000, max: 8_000 }),
  }),
  duplicateUploadRate: fc.constantFrom(0.2, 0.4),
  reorderUploads: fc.boolean(),
});

export function scenarioFor(seed: number, journeyCount: number): Scenario {
  if (!Number.isInteger(journeyCount) || journeyCount < 1 || journeyCount > MAX_JOURNEYS)
    throw new RangeError(`A scenario has 1 to ${MAX_JOURNEYS} journeys, not ${journeyCount}`);
  const [drawn] = fc.sample(
    fc.tuple(
      fc.array(journeyArbitrary, { minLength: journeyCount, maxLength: journeyCount }),
      faultArbitrary,
    ),
    { seed, numRuns: 1 },
  );
  const [journeys, faults] = drawn!;
  return {
    seed,
    journeys: journeys.map((journey, index) => ({
      ...journey,
      // Pickups are paid in cash at the door in this suite; VietQR goes with deliveries.
      method: journey.kind === 'delivery-fees' ? journey.method : 'cash',
      key: `j${index}`,
      staffId: `SIM-${index}`,
    })),
    faults: { ...faults, killsAtMs: [...faults.killsAtMs].sort((a, b) => a - b) },
  };
}

/** A seeded coin for the driver's own choices (which upload is sent twice). */
export const coin = (seed: number, label: string): number => draw(`scenario-${seed}`, label);
