/**
 * Match a bank statement: each line is settled against what it names. A credit carrying
 * an item code confirms that item's VietQR payment, a debit carrying a remittance
 * reference confirms the remittance; each is matched, partial or overpaid against what
 * was expected. Lines naming nothing known are unmatched, lines matched before are
 * duplicates, and nothing is posted twice: a bank line confirms at most one payment or
 * remittance, once.
 */
import { boundedAll } from '../../domain/bounded.ts';
import { crockfordId } from '../../domain/identifiers.ts';
import {
  type BankLine,
  type BankLineTarget,
  bankLineTarget,
  settle,
} from '../../domain/money/bank-statements.ts';
import { account } from '../../domain/money/ledger.ts';
import type { BankBooks } from './ports.ts';

/** Lines matched at once: each takes a few reads and one transaction. */
const MATCHING_CONCURRENCY = 16;

export type Outcome = 'matched' | 'partial' | 'overpaid' | 'unmatched' | 'duplicate';

export interface LineResult {
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
  store: BankBooks,
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
  if (await store.bankLineKnown(line.lineId)) return { ...base, outcome: 'duplicate' };
  if (!target) return { ...base, outcome: 'unmatched', reason: 'Names no item code or remittance reference' };
  return target.kind === 'item'
    ? matchItemPayment(store, line, target.itemCode, importId, base)
    : matchRemittance(store, line, target.reference, importId, base);
}

type LineBase = Pick<LineResult, 'lineNumber' | 'lineId' | 'bookedAt' | 'amount' | 'direction' | 'reference'>;

/** A credit naming an item confirms that item's VietQR payment. */
async function matchItemPayment(
  store: BankBooks,
  line: BankLine,
  itemCode: string,
  importId: string,
  base: LineBase,
): Promise<LineResult> {
  const target = { itemCode };
  const payments = (await store.paymentsOf(target.itemCode)).filter((payment) => payment.method === 'vietqr');
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

/** A debit naming a remittance confirms it left the account. */
async function matchRemittance(
  store: BankBooks,
  line: BankLine,
  reference: string,
  importId: string,
  base: LineBase,
): Promise<LineResult> {
  const target = { reference };
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

export interface StatementMatch {
  readonly importId: string;
  readonly results: readonly LineResult[];
  readonly counts: Readonly<Record<string, number>>;
}

/** Matches every line of a statement already read and checked. */
export async function matchBankStatement(
  store: BankBooks,
  lines: readonly BankLine[],
): Promise<StatementMatch> {
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
    for (const { line, target } of group)
      byLine.set(line.lineId, await matchLine(store, line, target, importId));
  });
  const results = lines.map((line) => byLine.get(line.lineId) as LineResult);
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return { importId, results, counts };
}
