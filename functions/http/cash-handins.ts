/**
 * POST /v1/finance/cash-handins — a staff member hands in cash at the office. The ledger
 * says how much cash they hold from their collections; the counted cash moves to the
 * office, and any difference to the office's cash-variance account, so the staff member's
 * account is left with only what they collected after the count.
 */
import { functions } from '../../infra/manifest.ts';
import { recordCashHandinRoute } from '../../schemas/routes.ts';
import { financeStore, idempotencyStore, ledger, referenceStore } from '../adapters/index.ts';
import { assertActsForOffice } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { crockfordId } from '../domain/identifiers.ts';
import { handinTransfers } from '../domain/money/handins.ts';
import { account } from '../domain/money/ledger.ts';

export const handler = httpRoute(
  recordCashHandinRoute,
  async ({ body, caller }) => {
    if (!caller) throw new HttpProblem('unauthorized');
    assertActsForOffice(caller, body.postOfficeCode);
    if (!(await referenceStore().postOffice(body.postOfficeCode)))
      throw new HttpProblem('unknown-account', `No post office ${body.postOfficeCode}`);
    const staffAccount = account.staffCash(body.postOfficeCode, body.staffId);
    const held = await ledger().balance(staffAccount);
    if (held.debits === 0 && held.credits === 0)
      throw new HttpProblem(
        'unknown-account',
        `Staff ${body.staffId} has collected no cash at ${body.postOfficeCode}: account ${staffAccount} does not exist`,
      );
    const handin = {
      handinId: crockfordId('HI', 12),
      staffId: body.staffId,
      postOfficeCode: body.postOfficeCode,
      countedBy: body.countedBy,
      at: new Date().toISOString(),
      expected: held.balance,
      counted: body.amount,
      variance: body.amount - held.balance,
    };
    await financeStore().recordHandin(handin, handinTransfers(handin));
    return { status: 201, body: handin };
  },
  { idempotencyStore, inProgressMs: functions.cashHandins.timeoutSeconds * 1000 },
);
