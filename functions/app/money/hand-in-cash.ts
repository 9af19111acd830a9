/**
 * Hand in cash: a staff member hands in cash at the office. The ledger says how much cash
 * they hold from their collections; the counted cash moves to the office, and any
 * difference to the office's cash-variance account, so the staff member's account is left
 * with only what they collected after the count.
 */
import { crockfordId } from '../../domain/identifiers.ts';
import { handinTransfers } from '../../domain/money/handins.ts';
import { account } from '../../domain/money/ledger.ts';
import type { CashHandin } from '../../domain/money/model.ts';
import type { HandinBooks, OfficeDirectory } from './ports.ts';

export interface HandinRequest {
  readonly postOfficeCode: string;
  readonly staffId: string;
  readonly countedBy: string;
  /** The cash counted, VND. */
  readonly countedVnd: number;
  readonly now: Date;
}

export type HandinOutcome =
  | { readonly outcome: 'handed-in'; readonly handin: CashHandin }
  | { readonly outcome: 'unknown-office' }
  /** The staff member never collected cash at the office: their account does not exist. */
  | { readonly outcome: 'no-cash-account'; readonly accountId: string };

export async function handInCash(
  ports: { readonly offices: OfficeDirectory; readonly books: HandinBooks },
  request: HandinRequest,
): Promise<HandinOutcome> {
  if (!(await ports.offices.postOffice(request.postOfficeCode))) return { outcome: 'unknown-office' };
  const staffAccount = account.staffCash(request.postOfficeCode, request.staffId);
  const held = await ports.books.balance(staffAccount);
  if (held.debits === 0 && held.credits === 0) return { outcome: 'no-cash-account', accountId: staffAccount };
  const handin: CashHandin = {
    handinId: crockfordId('HI', 12),
    staffId: request.staffId,
    postOfficeCode: request.postOfficeCode,
    countedBy: request.countedBy,
    at: request.now.toISOString(),
    expected: held.balance,
    counted: request.countedVnd,
    variance: request.countedVnd - held.balance,
  };
  await ports.books.recordHandin(handin, handinTransfers(handin));
  return { outcome: 'handed-in', handin };
}
