/**
 * Cash hand-ins. The counted cash moves from the staff member's cash in hand to the office;
 * the difference against what the ledger expected moves to the office's cash-variance
 * account (a shortage debits it, an overage credits it). Either way the staff member's
 * account goes down by exactly what was expected when the count began.
 */
import { account, type Transfer } from './ledger.ts';
import type { CashHandin } from './model.ts';

export function handinTransfers(handin: CashHandin): Transfer[] {
  const staff = account.staffCash(handin.postOfficeCode, handin.staffId);
  const reference = { handinId: handin.handinId };
  const transfers: Transfer[] = [];
  if (handin.counted > 0)
    transfers.push({
      transferId: `handin:${handin.handinId}`,
      debit: account.officeCash(handin.postOfficeCode),
      credit: staff,
      amount: handin.counted,
      kind: 'cash-handin',
      at: handin.at,
      reference,
      description: `Cash handed in by ${handin.staffId}, counted by ${handin.countedBy}`,
    });
  const variance = handin.counted - handin.expected;
  if (variance !== 0)
    transfers.push({
      transferId: `handin:${handin.handinId}:variance`,
      debit: variance < 0 ? account.cashVariance(handin.postOfficeCode) : staff,
      credit: variance < 0 ? staff : account.cashVariance(handin.postOfficeCode),
      amount: Math.abs(variance),
      kind: 'cash-variance',
      at: handin.at,
      reference,
      description: `${variance < 0 ? 'Short' : 'Over'} by ${Math.abs(variance)} đồng at the hand-in of ${handin.staffId}`,
    });
  return transfers;
}
