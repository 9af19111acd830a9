/**
 * The money reconciliation core (functions/domain/money/reconcile.ts) on 1,000,000 synthetic
 * finance lines of one agency's month: lines per second and peak RSS, each run in a fresh Node
 * process (`node --import tsx bench/reconciliation.ts --child <mode>`) so that its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own.
 *
 * The lines are made lazily by a generator with a fixed seed, item after item in key order
 * (never held as an array): per item a due line (postage and fees) and a payment, 30 % of them
 * by VietQR with the bank line confirming it the next day, an outcome for 95 %, and a few per
 * cent of discrepancies — nothing collected, under- and overpaid, collected without a charge,
 * VietQR not confirmed or confirmed for another amount, bank lines without a payment, voided
 * receipts. Making the lines is part of every timing; a run that only makes them is reported
 * beside, as is a process that does nothing (the floor of the RSS figures).
 *
 * Measured, each in its own process: the synchronous `Reconciler` (three runs, the budgeted
 * figures: median lines/s, highest peak RSS); the async generator `reconcile()` over the same
 * single stream; and `reconcile(mergeSorted(…))` over 31 per-day streams, as the monthly
 * statement reads them. Every mode must find the same totals and discrepancies.
 */
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Discrepancy, FinanceLine, ReconciliationTotals } from '../functions/domain/money/model.ts';
import { mergeSorted, Reconciler, reconcile } from '../functions/domain/money/reconcile.ts';
import { s10CheckDigit } from '../schemas/s10.ts';
import { median, round } from './lib/stats.ts';
import type { Benchmark, BenchmarkOutcome, DetailTable, Metric } from './lib/types.ts';

export const RECONCILIATION_LINES = 1_000_000;
export const LINES_PER_SECOND_BUDGET = 500_000;
export const PEAK_RSS_BUDGET_MB = 512;
const SYNC_RUNS = 3;
const CHILD_TIMEOUT_MS = 60_000;
const SEED = 0x5eed_2612;

const THIS_FILE = fileURLToPath(import.meta.url);
const PROJECT_ROOT = join(import.meta.dirname, '..');

// ——— The synthetic month ———

/** Items are spread over days 1–30 of December 2026; bank lines arrive the day after (up to 31). */
const ITEM_DAYS = 30;
const DAY_STREAMS = ITEM_DAYS + 1;
const POSTAGE = 26_000;
const FEES = [0, 35_000, 50_000, 100_000, 135_000, 200_000] as const;

const timeOf = (day: number, hour: number): string =>
  `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const DUE_AT = Array.from({ length: DAY_STREAMS + 1 }, (_, day) => timeOf(Math.max(day, 1), 1));
const PAID_AT = Array.from({ length: DAY_STREAMS + 1 }, (_, day) => timeOf(Math.max(day, 1), 3));
const BANK_AT = Array.from({ length: DAY_STREAMS + 1 }, (_, day) => timeOf(Math.max(day, 1), 2));
const DONE_AT = Array.from({ length: DAY_STREAMS + 1 }, (_, day) => timeOf(Math.max(day, 1), 8));

/** A number in [0, 1) from the item and a salt: the same every run. */
function chance(item: number, salt: number): number {
  let x = Math.imul(item ^ SEED, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return ((x ^ (x >>> 16)) >>> 0) / 4_294_967_296;
}

interface ItemPlan {
  readonly code: string;
  readonly day: number;
  /** What was due (null: no due line). */
  readonly due: number | null;
  readonly fees: number;
  /** What was collected (null: no payment line). */
  readonly paid: number | null;
  readonly method: 'cash' | 'vietqr';
  /** What the bank statement showed for it (null: no bank line). */
  readonly bank: number | null;
  readonly voided: number | null;
  readonly outcome: 'delivered' | 'handed-over' | 'returned-to-agency' | null;
  readonly onTime: boolean;
}

/** The S10 code of the item: `RH`, the 8-digit serial, its check digit, `VN`; keys sort as items do. */
function itemCode(item: number): string {
  const serial = String(item).padStart(8, '0');
  return `RH${serial}${s10CheckDigit(serial)}VN`;
}

function planOf(item: number): ItemPlan {
  const fees = FEES[Math.floor(chance(item, 1) * FEES.length)] as number;
  const charged = POSTAGE + fees;
  const scenario = chance(item, 2);
  const due = scenario >= 0.04 && scenario < 0.045 ? null : charged; // 0.5 % collected without a charge
  const paid =
    scenario < 0.02
      ? null // 2 % not collected
      : scenario < 0.03
        ? charged - 10_000 // 1 % underpaid
        : scenario < 0.04
          ? charged + 5_000 // 1 % overpaid
          : charged;
  const method = paid !== null && chance(item, 3) < 0.3 ? 'vietqr' : 'cash';
  const bankDraw = chance(item, 4);
  const bank =
    method === 'vietqr'
      ? bankDraw < 0.01
        ? null // 1 % of transfers never seen on the statement
        : bankDraw < 0.015
          ? (paid as number) - 1_000 // 0.5 % confirmed for another amount
          : paid
      : bankDraw < 0.002
        ? charged // 0.2 % of cash items with a stray transfer
        : null;
  const outcomeDraw = chance(item, 6);
  const outcome = outcomeDraw < 0.6 ? 'delivered' : outcomeDraw < 0.9 ? 'handed-over' : 'returned-to-agency';
  return {
    code: itemCode(item),
    day: 1 + (item % ITEM_DAYS),
    due,
    fees,
    paid,
    method,
    bank,
    voided: paid !== null && fees > 0 && chance(item, 5) < 0.005 ? fees : null,
    outcome: chance(item, 7) < 0.95 ? outcome : null, // 5 % still under way at the end of the month
    onTime: chance(item, 8) < 0.9,
  };
}

const lineCount = (plan: ItemPlan): number =>
  (plan.due !== null ? 1 : 0) +
  (plan.paid !== null ? 1 : 0) +
  (plan.bank !== null ? 1 : 0) +
  (plan.voided !== null ? 1 : 0) +
  (plan.outcome !== null ? 1 : 0);

/** Items whose lines add up to `lines` at least. */
export function itemsFor(lines: number): number {
  let total = 0;
  let items = 0;
  while (total < lines) {
    total += lineCount(planOf(items));
    items += 1;
  }
  return items;
}

const DOSSIER = '000.00.06.H56-261201-0001';
const OFFICE = 'BC-HN-01';

/**
 * One item's lines in reading order (due, paid, bank, void, outcome); `part` keeps the
 * lines of the item's own day, or only its bank line (which arrives the day after).
 */
function* itemLines(plan: ItemPlan, part: 'all' | 'day' | 'bank'): Generator<FinanceLine> {
  const { code, day } = plan;
  if (part !== 'bank') {
    if (plan.due !== null) {
      yield {
        kind: 'due',
        key: code,
        at: DUE_AT[day] as string,
        itemCode: code,
        dossierRef: DOSSIER,
        postOfficeCode: OFFICE,
        amount: plan.due,
        fees: plan.fees,
      };
    }
    if (plan.paid !== null) {
      yield {
        kind: 'paid',
        key: code,
        at: PAID_AT[day] as string,
        itemCode: code,
        dossierRef: DOSSIER,
        postOfficeCode: OFFICE,
        staffId: 'staff-01',
        method: plan.method,
        amount: plan.paid,
        fees: plan.fees,
        scanId: code,
      };
    }
  }
  if (part !== 'day' && plan.bank !== null) {
    yield {
      kind: 'bank',
      key: code,
      at: BANK_AT[day + 1] as string,
      itemCode: code,
      amount: plan.bank,
      bankLineId: code,
      bankReference: 'FT26335000001',
    };
  }
  if (part !== 'bank') {
    if (plan.voided !== null) {
      yield {
        kind: 'void',
        key: code,
        at: DONE_AT[day] as string,
        itemCode: code,
        amount: plan.voided,
        receipt: 'HNTP26-0000001',
        reason: 'issued twice',
      };
    }
    if (plan.outcome !== null) {
      yield {
        kind: 'outcome',
        key: code,
        at: DONE_AT[day] as string,
        itemCode: code,
        dossierRef: DOSSIER,
        direction: 'outbound',
        outcome: plan.outcome,
        dueAt: null,
        onTime: plan.onTime,
      };
    }
  }
}

/** The month's lines as one stream sorted by key, made as they are read. */
export function* syntheticLines(items: number): Generator<FinanceLine> {
  for (let item = 0; item < items; item += 1) yield* itemLines(planOf(item), 'all');
}

/**
 * The same lines as the store keeps them, one stream per day (1–31), each sorted by key:
 * day d holds its own items' lines and the bank lines of the items of day d − 1.
 */
export function dayStreams(items: number): Generator<FinanceLine>[] {
  return Array.from({ length: DAY_STREAMS }, (_, index) =>
    (function* day(): Generator<FinanceLine> {
      const dayNumber = index + 1;
      // Items of day d are those with item % 30 = d − 1; their bank lines are on day d + 1.
      for (let base = 0; base < items; base += ITEM_DAYS) {
        const bankItem = base + dayNumber - 2;
        if (dayNumber >= 2 && bankItem < items) yield* itemLines(planOf(bankItem), 'bank');
        const ownItem = base + dayNumber - 1;
        if (dayNumber <= ITEM_DAYS && ownItem < items) yield* itemLines(planOf(ownItem), 'day');
      }
    })(),
  );
}

// ——— A run in a child process ———

type Mode = 'idle' | 'generate' | 'sync' | 'async' | 'merged';

interface ChildReport {
  readonly mode: Mode;
  readonly items: number;
  readonly lines: number;
  readonly ms: number;
  readonly maxRssKb: number;
  readonly discrepancies: number;
  readonly byKind: Record<string, number>;
  readonly totals: ReconciliationTotals | null;
}

async function childRun(mode: Mode): Promise<ChildReport> {
  const items = itemsFor(RECONCILIATION_LINES);
  const byKind: Record<string, number> = {};
  let discrepancies = 0;
  const count = (found: Discrepancy): void => {
    discrepancies += 1;
    byKind[found.kind] = (byKind[found.kind] ?? 0) + 1;
  };
  const drain = async (generator: AsyncGenerator<Discrepancy, ReconciliationTotals>) => {
    for (;;) {
      const next = await generator.next();
      if (next.done) return next.value;
      count(next.value);
    }
  };
  let lines = 0;
  let totals: ReconciliationTotals | null = null;
  const started = performance.now();
  if (mode === 'generate') {
    for (const _ of syntheticLines(items)) lines += 1;
  } else if (mode === 'sync') {
    const reconciler = new Reconciler();
    for (const line of syntheticLines(items)) {
      const found = reconciler.push(line);
      if (found.length > 0) for (const entry of found) count(entry);
    }
    const finished = reconciler.finish();
    for (const entry of finished.discrepancies) count(entry);
    totals = finished.totals;
  } else if (mode === 'async') {
    totals = await drain(reconcile(syntheticLines(items)));
  } else if (mode === 'merged') {
    totals = await drain(reconcile(mergeSorted(dayStreams(items))));
  }
  const ms = performance.now() - started;
  if (totals) lines = totals.lines;
  return { mode, items, lines, ms, maxRssKb: process.resourceUsage().maxRSS, discrepancies, byKind, totals };
}

const isChild = process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE;
if (isChild) {
  const mode = process.argv[process.argv.indexOf('--child') + 1] as Mode;
  process.stdout.write(`${JSON.stringify(await childRun(mode))}\n`);
}

const execFileAsync = promisify(execFile);

async function inChild(mode: Mode): Promise<ChildReport> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', THIS_FILE, '--child', mode], {
    cwd: PROJECT_ROOT,
    timeout: CHILD_TIMEOUT_MS,
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as ChildReport;
}

// ——— The benchmark ———

const mb = (kb: number): number => round(kb / 1024, 1);
const perSecond = (report: ChildReport): number => Math.round(report.lines / (report.ms / 1000));

const MODE_TEXT: Record<Mode, string> = {
  idle: 'a process that imports the core and does nothing',
  generate: 'making the lines only',
  sync: '`Reconciler` (synchronous push)',
  async: '`reconcile()` async generator, one stream',
  merged: `\`reconcile(mergeSorted(…))\`, ${DAY_STREAMS} per-day streams`,
};

export const reconciliation: Benchmark = {
  id: 'reconciliation',
  title: `Reconciliation core on ${RECONCILIATION_LINES.toLocaleString('en')} synthetic lines`,
  timeLimitMs: 4 * 60_000,
  async run({ log }): Promise<BenchmarkOutcome> {
    const reports: ChildReport[] = [];
    for (const mode of [
      'idle',
      'generate',
      ...Array<Mode>(SYNC_RUNS).fill('sync'),
      'async',
      'merged',
    ] as Mode[]) {
      const report = await inChild(mode);
      reports.push(report);
      log(
        `${mode}: ${report.lines.toLocaleString('en')} lines in ${round(report.ms, 0)} ms, peak RSS ${mb(report.maxRssKb)} MB`,
      );
    }
    const of = (mode: Mode) => reports.filter((report) => report.mode === mode);
    const syncRuns = of('sync');
    const idle = of('idle')[0] as ChildReport;
    const generate = of('generate')[0] as ChildReport;
    const asyncRun = of('async')[0] as ChildReport;
    const merged = of('merged')[0] as ChildReport;
    const reference = syncRuns[0] as ChildReport;
    const reconciled = [...syncRuns, asyncRun, merged];
    const disagreeing = reconciled.filter(
      (report) =>
        JSON.stringify(report.totals) !== JSON.stringify(reference.totals) ||
        JSON.stringify(Object.entries(report.byKind).sort()) !==
          JSON.stringify(Object.entries(reference.byKind).sort()),
    );
    if (disagreeing.length > 0) {
      throw new Error(
        `The modes disagree: ${disagreeing.map((report) => report.mode).join(', ')} found other totals or discrepancies than the first synchronous run`,
      );
    }
    const syncRate = median(syncRuns.map(perSecond));
    const syncPeakKb = Math.max(...syncRuns.map((report) => report.maxRssKb));
    const metrics: Metric[] = [
      {
        id: 'lines-per-second',
        label: `lines reconciled per second, synchronous Reconciler (median of ${SYNC_RUNS} processes, making the lines included)`,
        value: syncRate,
        unit: 'lines/s',
        budget: { op: '>=', limit: LINES_PER_SECOND_BUDGET },
      },
      {
        id: 'peak-rss',
        label: `peak RSS of a process reconciling ${RECONCILIATION_LINES.toLocaleString('en')} lines (synchronous, highest of ${SYNC_RUNS})`,
        value: mb(syncPeakKb),
        unit: 'MB',
        budget: { op: '<=', limit: PEAK_RSS_BUDGET_MB },
      },
      {
        id: 'merged-lines-per-second',
        label: `lines per second through reconcile(mergeSorted(…)) over ${DAY_STREAMS} per-day streams`,
        value: perSecond(merged),
        unit: 'lines/s',
      },
      {
        id: 'merged-peak-rss',
        label: 'peak RSS of reconcile(mergeSorted(…)) over the per-day streams',
        value: mb(merged.maxRssKb),
        unit: 'MB',
        budget: { op: '<=', limit: PEAK_RSS_BUDGET_MB },
      },
    ];
    const rows = reports.map((report) => [
      MODE_TEXT[report.mode],
      report.lines.toLocaleString('en'),
      round(report.ms, 0),
      report.mode === 'idle' ? '' : perSecond(report).toLocaleString('en'),
      mb(report.maxRssKb),
      report.mode === 'idle' || report.mode === 'generate' ? '' : report.discrepancies.toLocaleString('en'),
    ]);
    const totals = reference.totals as ReconciliationTotals;
    const tables: DetailTable[] = [
      {
        title: 'Runs, each in a fresh Node process (`node --import tsx`); RSS in MB (1024² bytes)',
        columns: ['what runs', 'lines', 'ms', 'lines/s', 'peak RSS MB', 'discrepancies'],
        rows,
      },
      {
        title: `The synthetic month: ${reference.items.toLocaleString('en')} items, discrepancies found by kind (every mode found the same)`,
        columns: ['kind', 'count'],
        rows: Object.entries(reference.byKind)
          .sort((left, right) => right[1] - left[1])
          .map(([kind, count]) => [kind, count.toLocaleString('en')]),
      },
    ];
    return {
      metrics,
      tables,
      notes: [
        `Budgets: at least ${LINES_PER_SECOND_BUDGET.toLocaleString('en')} lines/s and a peak RSS of at most ${PEAK_RSS_BUDGET_MB} MB, for the synchronous \`Reconciler\`, the core itself (lines made whole items at a time, hence a few over the round million); the async generator and the merge of per-day streams are measured beside it (async: ${perSecond(asyncRun).toLocaleString('en')} lines/s).`,
        `Every timing includes making the lines (alone: ${perSecond(generate).toLocaleString('en')} lines/s). A process that only imports the core peaks at ${mb(idle.maxRssKb)} MB: that much of each RSS figure is Node and tsx, not the core, which holds one item's lines at a time.`,
        `Totals of the month: due ${totals.due.toLocaleString('en')} ₫, collected ${totals.collected.toLocaleString('en')} ₫ (${totals.collectedVietqr.toLocaleString('en')} ₫ by VietQR), bank-confirmed ${totals.bankConfirmedVietqr.toLocaleString('en')} ₫, voided ${totals.voided.toLocaleString('en')} ₫; ${totals.onTime.toLocaleString('en')} on time, ${totals.late.toLocaleString('en')} late.`,
      ],
      data: {
        linesPerSecond: syncRate,
        peakRssMb: mb(syncPeakKb),
        mergedLinesPerSecond: perSecond(merged),
        mergedPeakRssMb: mb(merged.maxRssKb),
      },
    };
  },
};
