/**
 * `npm run bench`: runs every benchmark of the registry below, writes bench/results.json and
 * bench/results.md, prints the markdown, and exits with 1 when a budget is exceeded or a
 * benchmark fails to run (a benchmark of something not built yet is `pending`, not a failure).
 *
 *   npm run bench [-- --only scan-ingestion,bundles]    (a partial run writes .bench/results.*)
 *   BENCH_SCANS=8000 npm run bench                        (scans each way; 20,000 by default)
 *
 * Everything runs on this machine over loopback: the embedded runtime (DynamoDB Local on Java,
 * fauxqs) in this process, fresh Node processes for bundle imports. Each benchmark has a time
 * limit; the whole run takes a few minutes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundles } from './bundles.ts';
import { consoleBench } from './console.ts';
import { costModel } from './cost-model.ts';
import { documentRendering } from './documents.ts';
import { dynamoCost } from './dynamo-cost.ts';
import type { BenchRuntime } from './lib/harness.ts';
import { removeBenchRuntimeData, startBenchRuntime } from './lib/harness.ts';
import { loadAverage, machineInfo } from './lib/machine.ts';
import { type RunReport, renderMarkdown } from './lib/report.ts';
import { type Benchmark, type BenchmarkOutcome, type BenchmarkResult, judge } from './lib/types.ts';
import { reconciliation } from './reconciliation.ts';
import { scanIngestion } from './scan-ingestion.ts';

/** In the order of the report. */
const REGISTRY: readonly Benchmark[] = [
  scanIngestion,
  dynamoCost,
  bundles,
  reconciliation,
  documentRendering,
  costModel,
  consoleBench,
];
/** Run first, before Java and the runtime load the machine: they time fresh processes. */
const RUN_FIRST = new Set([bundles.id]);

const BENCH_DIR = import.meta.dirname;

const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true });
const only = values.only ? new Set(values.only.split(',').map((id) => id.trim())) : undefined;
const unknown = [...(only ?? [])].filter((id) => !REGISTRY.some((benchmark) => benchmark.id === id));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${REGISTRY.map((b) => b.id).join(', ')}`,
  );
  process.exit(2);
}

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};

async function withinLimit(benchmark: Benchmark, work: Promise<BenchmarkOutcome>): Promise<BenchmarkOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`stopped after its time limit of ${benchmark.timeLimitMs / 1000} s`)),
      benchmark.timeLimitMs,
    );
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

const startedAt = new Date();
const loadAtStart = loadAverage();
const selected = REGISTRY.filter((benchmark) => !only || only.has(benchmark.id));
const runOrder = [
  ...selected.filter((benchmark) => RUN_FIRST.has(benchmark.id)),
  ...selected.filter((benchmark) => !RUN_FIRST.has(benchmark.id)),
];
const outcomes = new Map<string, BenchmarkOutcome>();
const results = new Map<string, BenchmarkResult>();
for (const benchmark of runOrder) {
  log(`${benchmark.id}: running (limit ${benchmark.timeLimitMs / 1000} s)`);
  const started = performance.now();
  // Each benchmark that wants the runtime gets a fresh one: its own table, no other's backlog.
  let harness: Promise<BenchRuntime> | undefined;
  const runtime = (): Promise<BenchRuntime> => {
    harness ??= startBenchRuntime(log);
    return harness;
  };
  try {
    const outcome = await withinLimit(
      benchmark,
      benchmark.run({ previous: outcomes, log: (line) => log(`${benchmark.id}: ${line}`), runtime }),
    );
    outcomes.set(benchmark.id, outcome);
    const metrics = outcome.metrics.map(judge);
    const status =
      outcome.status === 'pending'
        ? 'pending'
        : metrics.some((metric) => metric.verdict === 'fail')
          ? 'failed'
          : 'passed';
    results.set(benchmark.id, {
      id: benchmark.id,
      title: benchmark.title,
      status,
      durationMs: Math.round(performance.now() - started),
      metrics,
      tables: outcome.tables ?? [],
      notes: outcome.notes ?? [],
      ...(outcome.data ? { data: outcome.data } : {}),
    });
  } catch (error) {
    log(`${benchmark.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    results.set(benchmark.id, {
      id: benchmark.id,
      title: benchmark.title,
      status: 'error',
      durationMs: Math.round(performance.now() - started),
      metrics: [],
      tables: [],
      notes: [],
      error: error instanceof Error ? error.message : String(error),
    });
  }
  if (harness) {
    const running = await harness.catch(() => undefined);
    for (const error of running?.errors ?? []) log(`${benchmark.id}: runtime: ${error}`);
    await running?.stop();
  }
  log(
    `${benchmark.id}: ${results.get(benchmark.id)?.status} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

await removeBenchRuntimeData();

const ordered = selected.map((benchmark) => results.get(benchmark.id) as BenchmarkResult);
const exitCode = ordered.some((result) => result.status === 'failed' || result.status === 'error') ? 1 : 0;
const report: RunReport = {
  startedAt: startedAt.toISOString(),
  durationMs: Date.now() - startedAt.getTime(),
  machine: machineInfo(loadAtStart),
  results: ordered,
  exitCode,
};
const markdown = renderMarkdown(report);
// A partial run (--only) leaves the full results alone and writes beside the bundles, in .bench/.
const resultsDir = only ? join(BENCH_DIR, '..', '.bench') : BENCH_DIR;
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, 'results.json'),
  `${JSON.stringify({ schemaVersion: 1, ...report }, null, 2)}\n`,
);
writeFileSync(join(resultsDir, 'results.md'), markdown);
console.log(markdown);
if (only) log(`partial run: results written to ${join(resultsDir, 'results.{json,md}')}`);
process.exit(exitCode);
