/**
 * The fault-injection suite's short run: one seed (`SIM_SEEDS=1,2,…` names others), a handful
 * of journeys played with and without faults (see ./run.ts); no seed may end differently.
 * `npm run simulate -- --seeds N` runs more; a failing seed is printed with the command that
 * replays it.
 */
import { describe, expect, it } from 'vitest';
import { runSeed } from './run.ts';

const SEEDS = (process.env.SIM_SEEDS ?? '1').split(',').map(Number);
const JOURNEYS = Number(process.env.SIM_JOURNEYS ?? 4);

describe('faulty and fault-free runs of the same journeys', () => {
  for (const seed of SEEDS) {
    it(`end the same for seed ${seed}`, async () => {
      const outcome = await runSeed(seed, JOURNEYS);
      const replay = `npm run simulate -- --seed ${seed} --journeys ${JOURNEYS}`;
      expect(outcome.differences, `seed ${seed} differs; replay with: ${replay}`).toEqual([]);
      // The faults happened: the runtime was killed and restarted, and SDK calls failed.
      expect(outcome.restarts).toBeGreaterThan(0);
      expect(outcome.injectedSdkFaults).toBeGreaterThan(0);
    });
  }
});
