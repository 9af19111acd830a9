/**
 * The reconciliation core on 1,000,000 synthetic lines (lines/s, peak RSS). That core arrives
 * with the money issue; until then this benchmark says so and measures nothing.
 *
 * When it lands: generate the lines with a fixed seed (statement lines against ledger entries,
 * a few per cent unmatched), run the core in a fresh Node process so that its peak RSS
 * (`process.resourceUsage().maxRSS`) is its own, and report lines/s and peak RSS with budgets.
 */
import type { Benchmark } from './lib/types.ts';

export const RECONCILIATION_LINES = 1_000_000;

export const reconciliation: Benchmark = {
  id: 'reconciliation',
  title: `Reconciliation core on ${RECONCILIATION_LINES.toLocaleString('en')} synthetic lines`,
  timeLimitMs: 60_000,
  run: async () => ({
    status: 'pending',
    metrics: [],
    notes: [
      'Not yet built: the reconciliation core (ledger, cash hand-ins, remittances, bank statements) arrives with the money issue. No number is reported until it exists.',
      'The reconciliation of delivery confirmations with one-stop-shop statuses (functions/domain/reconciliation.ts) is another thing: at most 5,000 records a request, measured by nothing here.',
    ],
  }),
};
