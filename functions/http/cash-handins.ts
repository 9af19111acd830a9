/** POST /v1/finance/cash-handins — a staff member hands in cash at the office (see app/money/hand-in-cash.ts). */
import { recordCashHandinRoute } from '../../schemas/routes.ts';
import { financeStore, ledger, referenceStore } from '../adapters/index.ts';
import { handInCash } from '../app/money/hand-in-cash.ts';
import { assertActsForOffice } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';

export const handler = httpRoute(recordCashHandinRoute, async ({ body, caller }) => {
  assertActsForOffice(caller, body.postOfficeCode);
  const books = {
    balance: (accountId: string) => ledger().balance(accountId),
    recordHandin: financeStore().recordHandin.bind(financeStore()),
  };
  const result = await handInCash(
    { offices: referenceStore(), books },
    { ...body, countedVnd: body.amount, now: systemNow() },
  );
  switch (result.outcome) {
    case 'unknown-office':
      throw new HttpProblem('unknown-account', `No post office ${body.postOfficeCode}`);
    case 'no-cash-account':
      throw new HttpProblem(
        'unknown-account',
        `Staff ${body.staffId} has collected no cash at ${body.postOfficeCode}: account ${result.accountId} does not exist`,
      );
    case 'handed-in':
      return { status: 201, body: result.handin };
  }
});
