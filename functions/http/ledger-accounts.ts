/** The ledger as finance reads it: an account's balance and entries, and the tariff in force. */

import { getAccountBalanceRoute, getTariffRoute, listAccountEntriesRoute } from '../../schemas/routes.ts';
import { MAX_ENTRY_RANGE_DAYS } from '../adapters/dynamodb/ledger-store.ts';
import { ledger, referenceStore } from '../adapters/index.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { openCursor, sealCursor } from '../commons/http/cursor.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { endOfLocalDay } from '../domain/calendar/working-days.ts';
import { type AccountRef, parseAccount } from '../domain/money/ledger.ts';
import { TARIFF_2025 } from '../domain/money/tariffs.ts';

/** The account, if it names a known office or agency; a 404 otherwise. */
async function knownAccount(id: string): Promise<AccountRef> {
  const ref = parseAccount(id);
  if (!ref)
    throw new HttpProblem(
      'unknown-account',
      `"${id}" is not a ledger account: expected e.g. staff-cash:BC-HN-01:NV0042, office-cash:BC-HN-01 or agency-fees:000.00.06.H26`,
    );
  const owner = ref.agencyCode
    ? await referenceStore().agency(ref.agencyCode)
    : await referenceStore().postOffice(ref.postOfficeCode ?? '');
  if (!owner)
    throw new HttpProblem(
      'unknown-account',
      `No ${ref.agencyCode ? `agency ${ref.agencyCode}` : `post office ${ref.postOfficeCode}`}: account "${id}" does not exist`,
    );
  return ref;
}

/** Finance reads every account; a supervisor the office's, an agency its own. */
function assertMayRead(caller: Caller, ref: AccountRef, id: string): void {
  if (caller.roles.includes('finance') || caller.roles.includes('admin')) return;
  if (caller.roles.includes('agency') && ref.agencyCode !== null && caller.agencyCode === ref.agencyCode)
    return;
  if (
    caller.roles.includes('postal-supervisor') &&
    ref.postOfficeCode !== null &&
    caller.postOfficeCode === ref.postOfficeCode
  )
    return;
  throw new HttpProblem('forbidden', `Account ${id} belongs to another tenant`);
}

const dayStart = (value: string): string => (value.length === 10 ? `${value}T00:00:00+07:00` : value);
const dayEnd = (value: string): string => (value.length === 10 ? endOfLocalDay(value).toISOString() : value);

export const handler = routeTable(
  httpRoute(getTariffRoute, async () => ({ status: 200, body: TARIFF_2025 })),
  httpRoute(getAccountBalanceRoute, async ({ params, caller }) => {
    const ref = await knownAccount(params.account);
    assertMayRead(caller, ref, params.account);
    return { status: 200, body: { account: params.account, ...(await ledger().balance(params.account)) } };
  }),
  httpRoute(listAccountEntriesRoute, async ({ params, query, caller }) => {
    const ref = await knownAccount(params.account);
    assertMayRead(caller, ref, params.account);
    const from = dayStart(query.from);
    const to = dayEnd(query.to);
    const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (span < 0) throw new HttpProblem('validation-failed', '`from` must not be after `to`');
    if (span > MAX_ENTRY_RANGE_DAYS)
      throw new HttpProblem('validation-failed', `At most ${MAX_ENTRY_RANGE_DAYS} days of entries at a time`);
    // A cursor serves the account and range it was given for.
    const scope = `entries|${params.account}|${from}|${to}`;
    const position = await openCursor(scope, query.cursor);
    const page = await ledger().entries(params.account, from, to, query.limit, position);
    const next = page.next ? await sealCursor(scope, page.next) : undefined;
    return {
      status: 200,
      body: { account: params.account, entries: page.entries, ...(next ? { next } : {}) },
    };
  }),
);
