/**
 * POST /v1/finance/cash-handins — a staff member hands in cash at the office (see app/money/hand-in-cash.ts).
 * GET /v1/finance/cash-handins — an office's hand-ins of one month, newest first, a page at a time.
 */
import { listCashHandinsRoute, recordCashHandinRoute } from '../../schemas/routes.ts';
import { financeStore, ledger, referenceStore } from '../adapters/index.ts';
import { handInCash } from '../app/money/hand-in-cash.ts';
import { assertActsForOffice } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { openCursor, sealCursor } from '../commons/http/cursor.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { localDate } from '../domain/calendar/working-days.ts';

const record = httpRoute(recordCashHandinRoute, async ({ body, caller }) => {
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

const list = httpRoute(listCashHandinsRoute, async ({ query, caller }) => {
  const postOfficeCode = query.postOfficeCode ?? caller.postOfficeCode;
  if (!postOfficeCode)
    throw new HttpProblem('validation-failed', 'postOfficeCode is required for this caller');
  assertActsForOffice(caller, postOfficeCode);
  const month = query.month ?? localDate(systemNow()).slice(0, 7);
  // A cursor serves the office and month it was given for.
  const scope = `handins|${postOfficeCode}|${month}`;
  const position = await openCursor(scope, query.cursor);
  const page = await financeStore().handinsPage(
    postOfficeCode,
    month,
    query.limit,
    // Sealed by this route from a key DynamoDB gave it: well-formed by construction.
    position === undefined ? undefined : (JSON.parse(position) as Record<string, string>),
  );
  const next = page.next ? await sealCursor(scope, JSON.stringify(page.next)) : undefined;
  return { status: 200, body: { postOfficeCode, month, handins: page.handins, ...(next ? { next } : {}) } };
});

export const handler = routeTable(record, list);
