/** The run as markdown: the header, one summary table of every metric, then each benchmark's tables and notes. */
import type { MachineInfo } from './machine.ts';
import type { BenchmarkResult, DetailTable, JudgedMetric } from './types.ts';

export interface RunReport {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly machine: MachineInfo;
  readonly results: readonly BenchmarkResult[];
  readonly exitCode: number;
}

const cell = (value: string | number): string => String(value).replaceAll('|', '\\|').replaceAll('\n', ' ');

export function markdownTable(
  columns: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

const budgetText = (metric: JudgedMetric): string =>
  metric.budget
    ? `${metric.budget.op} ${metric.budget.limit}${metric.unit === '×' ? '' : ` ${metric.unit}`}`
    : '';

const verdictText: Record<JudgedMetric['verdict'], string> = { pass: 'pass', fail: '**FAIL**', none: '' };

const statusText: Record<BenchmarkResult['status'], string> = {
  passed: 'passed',
  failed: '**FAILED**',
  pending: 'pending (not yet built)',
  error: '**ERROR**',
};

function detail(table: DetailTable): string {
  return `**${table.title}**\n\n${markdownTable(table.columns, table.rows)}`;
}

export function renderMarkdown(report: RunReport): string {
  const { machine } = report;
  const failed = report.results.flatMap((result) =>
    result.metrics.filter((metric) => metric.verdict === 'fail'),
  );
  const broken = report.results.filter((result) => result.status === 'error');
  const lines = [
    '# bcci-bridge benchmarks',
    '',
    `- Date: ${report.startedAt}`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.ramGiB} GiB RAM, ${machine.os}`,
    `- Node ${machine.node}; ${machine.java}`,
    `- Load average (1 min): ${machine.loadAverage}`,
    `- Whole run: ${(report.durationMs / 1000).toFixed(1)} s; ${
      failed.length === 0 ? 'every budget met' : `${failed.length} budget(s) exceeded`
    }${broken.length > 0 ? `; ${broken.length} benchmark(s) could not run` : ''} (exit code ${report.exitCode})`,
    '',
    '## Summary',
    '',
    markdownTable(
      ['benchmark', 'metric', 'value', 'budget', 'result'],
      report.results.flatMap((result) =>
        result.metrics.length === 0
          ? [
              [
                result.title,
                result.status === 'pending' ? 'not yet built' : (result.error ?? ''),
                '',
                '',
                statusText[result.status],
              ],
            ]
          : result.metrics.map((metric) => [
              result.title,
              metric.label,
              `${metric.value} ${metric.unit}`.trim(),
              budgetText(metric),
              verdictText[metric.verdict],
            ]),
      ),
    ),
  ];
  for (const result of report.results) {
    lines.push(
      '',
      `## ${result.title}`,
      '',
      `Status: ${statusText[result.status]} (${(result.durationMs / 1000).toFixed(1)} s)`,
    );
    if (result.error) lines.push('', `Error: ${result.error}`);
    for (const table of result.tables) lines.push('', detail(table));
    if (result.notes.length > 0) lines.push('', ...result.notes.map((note) => `- ${note}`));
  }
  return `${lines.join('\n')}\n`;
}
