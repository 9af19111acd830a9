/**
 * POST /v1/finance/bank-statements — bank statement lines, as JSON or as the bank's CSV
 * export. The whole statement is read and checked before anything is recorded: a
 * malformed file changes nothing. Then each line is matched: a credit carrying an item
 * code confirms that item's VietQR payment, a debit carrying a remittance reference
 * confirms the remittance; each is matched, partial or overpaid against what was
 * expected. Lines that name nothing known are reported unmatched, lines imported before
 * are reported as duplicates, and nothing is recorded twice.
 */
import { functions } from '../../infra/manifest.ts';
import { importBankStatementRoute } from '../../schemas/routes.ts';
import { financeStore, idempotencyStore } from '../adapters/index.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { boundedAll } from '../domain/bounded.ts';
import { crockfordId } from '../domain/identifiers.ts';
import {
  type BankLine,
  type BankLineTarget,
  BankStatementError,
  bankLineTarget,
  parseBankStatementCsv,
  parseBankStatementJson,
  settle,
} from '../domain/money/bank-statements.ts';
import { account } from '../domain/money/ledger.ts';

/** Lines matched at once: each takes a few reads and one transaction. */
const MATCHING_CONCURRENCY = 16;

type Outcome = 'matched' | 'partial' | 'overpaid' | 'unmatched' | 'duplicate';

interface LineResult {
  lineNumber: number;
  lineId: string;
  bookedAt: string;
  amount: number;
  direction: 'credit' | 'debit';
  reference: string;
  outcome: Outcome;
  target?: string;
  expected?: number;
  confirmed?: number;
  reason?: string;
}

/** The bank's booking day, as a time at noon in Vietnam. */
const bookedTime = (day: string): string => new Date(Date.parse(`${day}T12:00:00+07:00`)).toISOString();

async function matchLine(
  line: BankLine,
  target: BankLineTarget | null,
  importId: string,
): Promise<LineResult> {
  const base = {
    lineNumber: line.lineNumber,
    lineId: line.lineId,
    bookedAt: line.bookedAt,
    amount: line.amount,
    direction: line.direction,
    reference: line.reference,
  };
  const store = financeStore();
  if (await store.bankLineKnown(line.lineId)) return { ...base, outcome: 'duplicate' };
  if (!target) return { ...base, outcome: 'unmatched', reason: 'Names no item code or remittance reference' };

  if (target.kind === 'item') {
    const payments = (await store.paymentsOf(target.itemCode)).filter(
      (payment) => payment.method === 'vietqr',
    );
    const first = payments[0];
    if (!first)
      return {
        ...base,
        outcome: 'unmatched',
        target: target.itemCode,
        reason: 'No VietQR payment of this item',
      };
    const expected = payments.reduce((sum, payment) => sum + payment.amount, 0);
    const before = await store.bankConfirmedForItem(target.itemCode);
    const outcome = settle(expected, before, line.amount);
    const posted = await store.confirmItemPayment({
      importId,
      lineId: line.lineId,
      outcome,
      agencyCode: first.agencyCode,
      line: {
        kind: 'bank',
        key: target.itemCode,
        // Kept with the payment's day, so that the statement of its month sees both.
        at: first.at,
        itemCode: target.itemCode,
        amount: line.amount,
        bankLineId: line.lineId,
        bankReference: line.reference,
      },
      transfer: {
        transferId: `bank:${line.lineId}`,
        debit: account.bank(first.postOfficeCode),
        credit: account.vietqrClearing(first.postOfficeCode),
        amount: line.amount,
        kind: 'vietqr-confirmed',
        at: bookedTime(line.bookedAt),
        reference: { itemCode: target.itemCode, bankLineId: line.lineId },
        description: `VietQR transfer for ${target.itemCode} confirmed by the bank (${line.reference})`,
      },
    });
    if (posted === 'duplicate') return { ...base, outcome: 'duplicate', target: target.itemCode };
    return { ...base, outcome, target: target.itemCode, expected, confirmed: before + line.amount };
  }

  const remittance = await store.remittance(target.reference);
  if (!remittance)
    return {
      ...base,
      outcome: 'unmatched',
      target: target.reference,
      reason: 'No remittance with this reference',
    };
  const outcome = settle(remittance.amount, remittance.bankConfirmed, line.amount);
  const posted = await store.confirmRemittance({
    importId,
    lineId: line.lineId,
    outcome,
    reference: remittance.reference,
    bookedAt: line.bookedAt,
    transfer: {
      transferId: `bank:${line.lineId}`,
      debit: account.remittancesInTransit(remittance.agencyCode),
      credit: account.bank(remittance.postOfficeCode),
      amount: line.amount,
      kind: 'remittance-confirmed',
      at: bookedTime(line.bookedAt),
      reference: {
        remittance: remittance.reference,
        agencyCode: remittance.agencyCode,
        bankLineId: line.lineId,
      },
      description: `Remittance ${remittance.reference} confirmed by the bank`,
    },
  });
  if (posted === 'duplicate') return { ...base, outcome: 'duplicate', target: remittance.reference };
  return {
    ...base,
    outcome,
    target: remittance.reference,
    expected: remittance.amount,
    confirmed: remittance.bankConfirmed + line.amount,
  };
}

function parse(body: { text: string } | unknown): BankLine[] {
  try {
    return typeof body === 'object' && body !== null && 'text' in body
      ? parseBankStatementCsv(String((body as { text: unknown }).text))
      : parseBankStatementJson(body);
  } catch (error) {
    if (error instanceof BankStatementError)
      throw new HttpProblem('malformed-bank-statement', error.message, {
        errors: error.problems.slice(0, 100).map((problem) => ({
          path: problem.line > 0 ? `line.${problem.line}` : 'statement',
          message: problem.problem,
        })),
      });
    throw error;
  }
}

export const handler = httpRoute(
  importBankStatementRoute,
  async ({ body }) => {
    const lines = parse(body);
    const importId = crockfordId('BS', 12);
    // Lines naming the same item or remittance settle one after another, in the statement's
    // order; different ones at once.
    const groups = new Map<string, { line: BankLine; target: BankLineTarget | null }[]>();
    for (const line of lines) {
      const target = bankLineTarget(line);
      const key = target ? (target.kind === 'item' ? target.itemCode : target.reference) : line.lineId;
      const group = groups.get(key);
      if (group) group.push({ line, target });
      else groups.set(key, [{ line, target }]);
    }
    const byLine = new Map<string, LineResult>();
    await boundedAll([...groups.values()], MATCHING_CONCURRENCY, async (group) => {
      for (const { line, target } of group) byLine.set(line.lineId, await matchLine(line, target, importId));
    });
    const results = lines.map((line) => byLine.get(line.lineId) as LineResult);
    const counts: Record<string, number> = {};
    for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
    return { status: 201, body: { importId, lines: lines.length, counts, results } };
  },
  { idempotencyStore, inProgressMs: functions.bankStatements.timeoutSeconds * 1000 },
);
