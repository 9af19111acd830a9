/**
 * `npm run simulate -- --seeds N [--first S] [--journeys K]` — the fault-injection suite at
 * length: seeds S … S+N−1 (1 … N by default), each a scenario of K journeys (5 by default)
 * played with and without faults on fresh embedded runtimes, and their end states compared
 * (test/sim/run.ts). `--seed S` replays one seed. Prints one line per seed, the differences of
 * a seed that ended differently with the command that replays it, and the total time; exits
 * 1 when any seed differed.
 */
import { parseArgs } from 'node:util';
import { MAX_JOURNEYS } from '../test/sim/journeys.ts';
import { runSeed } from '../test/sim/run.ts';

const MAX_SEEDS = 10_000;
const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '10' },
    first: { type: 'string', default: '1' },
    seed: { type: 'string' },
    journeys: { type: 'string', default: '5' },
  },
  strict: true,
});

function wholeNumber(text: string, name: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`--${name} must be a whole number from 1 to ${max}, not '${text}'`);
    process.exit(2);
  }
  return value;
}

const journeys = wholeNumber(values.journeys, 'journeys', MAX_JOURNEYS);
const first = values.seed
  ? wholeNumber(values.seed, 'seed', Number.MAX_SAFE_INTEGER)
  : wholeNumber(values.first, 'first', Number.MAX_SAFE_INTEGER);
const count = values.seed ? 1 : wholeNumber(values.seeds, 'seeds', MAX_SEEDS);

const started = Date.now();
const failed: number[] = [];
for (let seed = first; seed < first + count; seed++) {
  try {
    const outcome = await runSeed(seed, journeys);
    const facts = `${outcome.restarts} restarts, ${outcome.injectedSdkFaults} SDK faults, ${outcome.retries} requests retried, ${outcome.refusedCallbacks} callbacks refused while down, ${outcome.repeatedCallbacks} sent again after a kill, ${(outcome.durationMs / 1000).toFixed(0)} s`;
    if (outcome.differences.length === 0) {
      console.log(`seed ${seed}: same end state (${facts})`);
    } else {
      failed.push(seed);
      console.log(
        `seed ${seed}: DIFFERS (${facts}); replay: npm run simulate -- --seed ${seed} --journeys ${journeys}`,
      );
      for (const difference of outcome.differences) console.log(`  ${difference}`);
    }
  } catch (error) {
    failed.push(seed);
    console.log(
      `seed ${seed}: FAILED to run (${(error as Error).message}); replay: npm run simulate -- --seed ${seed} --journeys ${journeys}`,
    );
  }
}
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
console.log(
  `${count} seeds of ${journeys} journeys in ${minutes} min: ${count - failed.length} the same, ${failed.length} different${failed.length > 0 ? ` (${failed.join(', ')})` : ''}`,
);
process.exit(failed.length > 0 ? 1 : 0);
