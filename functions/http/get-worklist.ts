/** GET /v1/worklist — an office's pickups and deliveries due on or before a day, the most overdue first. */
import { getWorklistRoute } from '../../schemas/routes.ts';
import { itemStore, referenceStore } from '../adapters/index.ts';
import { assertActsForOffice } from '../commons/auth/scope.ts';
import { openCursor, sealCursor } from '../commons/http/cursor.ts';
import { httpRoute } from '../commons/http/route.ts';
import { auditPersonalDataReads } from '../commons/personal-data-audit.ts';
import { endOfLocalDay } from '../domain/calendar/working-days.ts';
import { isLate } from '../domain/items/items.ts';
import { itemPaymentQr } from '../domain/money/vietqr.ts';

/** A worklist cursor serves one office and one day: the same query's next page. */
const cursorScope = (postOfficeCode: string, date: string): string => `worklist|${postOfficeCode}|${date}`;

const sealKey = async (scope: string, key: Record<string, unknown> | undefined): Promise<string | null> =>
  key ? sealCursor(scope, JSON.stringify(key)) : null;

async function openKey(
  scope: string,
  cursor: string | undefined,
): Promise<Record<string, string> | undefined> {
  const position = await openCursor(scope, cursor);
  // Sealed by this route from a key DynamoDB gave it: well-formed by construction.
  return position === undefined ? undefined : (JSON.parse(position) as Record<string, string>);
}

export const handler = httpRoute(getWorklistRoute, async ({ query, caller, requestId }) => {
  assertActsForOffice(caller, query.postOfficeCode);
  // Due on or before the end of that day in Vietnam.
  const dueBefore = endOfLocalDay(query.date).toISOString();
  const scope = cursorScope(query.postOfficeCode, query.date);
  const page = await itemStore().worklist(
    query.postOfficeCode,
    dueBefore,
    query.limit,
    await openKey(scope, query.cursor),
  );
  // Each entry names its addressee: a read of that dossier's personal data.
  await auditPersonalDataReads(
    caller,
    getWorklistRoute.key,
    requestId,
    page.entries
      .filter((row) => row.addressee.phone)
      .map((row) => ({
        consignmentRef: row.consignmentRef,
        dossierCode: row.dossierCode,
        fields: ['name', 'phone', 'address'] as const,
      })),
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
      nextCursor: await sealKey(scope, page.next),
    },
  };
});
