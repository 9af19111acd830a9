/** GET /v1/worklist — an office's pickups and deliveries due on or before a day, the most overdue first. */
import { getWorklistRoute } from '../../schemas/routes.ts';
import { itemStore, referenceStore } from '../adapters/index.ts';
import { assertActsForOffice } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { endOfLocalDay } from '../domain/calendar/working-days.ts';
import { isLate } from '../domain/items/items.ts';
import { itemPaymentQr } from '../domain/money/vietqr.ts';

const encodeCursor = (key: Record<string, unknown> | undefined): string | null =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : null;

function decodeCursor(cursor: string | undefined): Record<string, string> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    const valid =
      typeof key === 'object' &&
      key !== null &&
      Object.values(key).every((value) => typeof value === 'string');
    if (valid) return key as Record<string, string>;
  } catch {
    // Falls through to the refusal below.
  }
  throw new HttpProblem('validation-failed', 'The cursor is not one this API gave out');
}

export const handler = httpRoute(getWorklistRoute, async ({ query, caller }) => {
  assertActsForOffice(caller, query.postOfficeCode);
  // Due on or before the end of that day in Vietnam.
  const dueBefore = endOfLocalDay(query.date).toISOString();
  const page = await itemStore().worklist(
    query.postOfficeCode,
    dueBefore,
    query.limit,
    decodeCursor(query.cursor),
  );
  const office = await referenceStore().postOffice(query.postOfficeCode);
  const now = new Date();
  const entries = page.entries.map((row) => ({
    itemCode: row.itemCode,
    kind: row.workKind,
    failedAttempts: row.failedAttempts,
    dueAt: row.dueAt,
    late: isLate({ dueAt: row.dueAt, closedAt: null, status: 'in-transit' }, now),
    dossierRef: row.dossierCode ?? row.consignmentRef,
    addressee: {
      name: row.addressee.name,
      phone: row.addressee.phone ?? '',
      addressLine: row.addressee.addressLine,
      communeCode: row.addressee.communeCode ?? '',
    },
    collectAmountVnd: row.collectAmountVnd,
    vietqr: itemPaymentQr(office?.collectionAccount, row.itemCode, row.collectAmountVnd),
  }));
  return {
    status: 200,
    body: {
      postOfficeCode: query.postOfficeCode,
      date: query.date,
      entries,
      nextCursor: encodeCursor(page.next),
    },
  };
});
