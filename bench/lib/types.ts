/** What every benchmark answers, and how the runner judges it. */
import type { BenchRuntime } from './harness.ts';

export type Comparison = '<=' | '>=';

export interface Budget {
  readonly op: Comparison;
  readonly limit: number;
}

export interface Metric {
  readonly id: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
  readonly budget?: Budget;
}

export interface JudgedMetric extends Metric {
  /** `none` when the metric has no budget. */
  readonly verdict: 'pass' | 'fail' | 'none';
}

/** A table for the report: the first row is the header. */
export interface DetailTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export interface BenchmarkOutcome {
  /** `pending`: the thing to measure does not exist yet; not a failure. */
  readonly status?: 'measured' | 'pending';
  readonly metrics: readonly Metric[];
  readonly tables?: readonly DetailTable[];
  readonly notes?: readonly string[];
  /** Figures other benchmarks (the cost model) read. */
  readonly data?: Record<string, unknown>;
}

export interface BenchmarkContext {
  /** Outcomes of the benchmarks that ran before this one, by id. */
  readonly previous: ReadonlyMap<string, BenchmarkOutcome>;
  readonly log: (line: string) => void;
  /** The embedded runtime in this process, started on first use and shared by the benchmarks. */
  readonly runtime: () => Promise<BenchRuntime>;
}

export interface Benchmark {
  readonly id: string;
  readonly title: string;
  /** The run stops the benchmark (and reports an error) after this long. */
  readonly timeLimitMs: number;
  run(context: BenchmarkContext): Promise<BenchmarkOutcome>;
}

export type BenchmarkStatus = 'passed' | 'failed' | 'pending' | 'error';

export interface BenchmarkResult {
  readonly id: string;
  readonly title: string;
  readonly status: BenchmarkStatus;
  readonly durationMs: number;
  readonly metrics: readonly JudgedMetric[];
  readonly tables: readonly DetailTable[];
  readonly notes: readonly string[];
  readonly error?: string;
  readonly data?: Record<string, unknown>;
}

export function judge(metric: Metric): JudgedMetric {
  if (!metric.budget) return { ...metric, verdict: 'none' };
  const { op, limit } = metric.budget;
  const ok = Number.isFinite(metric.value) && (op === '<=' ? metric.value <= limit : metric.value >= limit);
  return { ...metric, verdict: ok ? 'pass' : 'fail' };
}
