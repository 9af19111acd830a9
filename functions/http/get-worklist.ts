/**
 * GET /v1/worklist — an office's pickups, collections and deliveries due on or before a day,
 * the most overdue first; staff see their own tasks and those not yet given to anyone.
 * POST /v1/worklist/assignments — a supervisor gives tasks to staff, each answered on its own.
 */
import { assignWorkRoute, getWorklistRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, referenceStore } from '../adapters/index.ts';
import { assignTasks } from '../app/items/assign-work.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { assertActsForOffice } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { openCursor, sealCursor } from '../commons/http/cursor.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { auditPersonalDataReads } from '../commons/personal-data-audit.ts';
import { endOfLocalDay, localDate } from '../domain/calendar/working-days.ts';
import { communeName } from '../domain/communes.ts';
import { isLate } from '../domain/items/items.ts';
import type { WorklistEntry } from '../domain/items/worklist.ts';
import { itemPaymentQr } from '../domain/money/vietqr.ts';

/** A worklist cursor serves one office and one day (or its late tasks): the same query's next page. */
const cursorScope = (postOfficeCode: string, date: string, lateOnly: boolean): string =>
  lateOnly ? `worklist-late|${postOfficeCode}` : `worklist|${postOfficeCode}|${date}`;

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

/** The names of the agencies a page names, each read once. */
async function namesOfAgencies(codes: readonly (string | undefined)[]): Promise<Map<string, string>> {
  const distinct = [...new Set(codes.filter((code): code is string => Boolean(code)))];
  const agencies = await Promise.all(distinct.map((code) => referenceStore().agency(code)));
  return new Map(distinct.map((code, index) => [code, agencies[index]?.name ?? code]));
}

/** Dossiers read at once for their promised dates. */
const DOSSIER_READ_CONCURRENCY = 16;

/** The date each dossier of a page was promised to its citizen (ngày hẹn trả), by consignment reference. */
async function promisedDates(refs: readonly string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(refs)];
  const dates = new Map<string, string>();
  for (let start = 0; start < distinct.length; start += DOSSIER_READ_CONCURRENCY) {
    const wave = await Promise.all(
      distinct.slice(start, start + DOSSIER_READ_CONCURRENCY).map((ref) => dossierStore().find(ref)),
    );
    for (const found of wave)
      if (found?.dossier.promisedDate) dates.set(found.dossier.consignmentRef, found.dossier.promisedDate);
  }
  return dates;
}

/** Whose tasks a caller sees: a supervisor all (or one staff member's), staff their own and the unassigned. */
function visibleTo(caller: Caller, staffId: string | undefined): (entry: WorklistEntry) => boolean {
  const supervises = caller.roles.includes('postal-supervisor') || caller.roles.includes('admin');
  if (supervises) return staffId ? (entry) => entry.assignedStaffId === staffId : () => true;
  if (staffId && staffId !== caller.subject) throw new HttpProblem('forbidden', 'Only your own tasks');
  return (entry) => !entry.assignedStaffId || entry.assignedStaffId === caller.subject;
}

/** Each entry that names a citizen is a read of that dossier's personal data. */
async function auditCitizensNamed(caller: Caller, requestId: string, rows: readonly WorklistEntry[]) {
  await auditPersonalDataReads(
    caller,
    getWorklistRoute.key,
    requestId,
    rows
      .filter((row) => (row.contact ?? (row.workKind === 'collection' ? null : row.addressee))?.phone)
      .map((row) => ({
        consignmentRef: row.consignmentRef,
        dossierCode: row.dossierCode,
        fields: ['name', 'phone', 'address'] as const,
      })),
  );
}

const list = httpRoute(getWorklistRoute, async ({ query, caller, requestId }) => {
  // The caller's office and today, unless the query names others.
  const postOfficeCode = query.postOfficeCode ?? caller.postOfficeCode;
  if (!postOfficeCode)
    throw new HttpProblem('validation-failed', 'postOfficeCode is required for this caller');
  const date = query.date ?? localDate(systemNow());
  assertActsForOffice(caller, postOfficeCode);
  const now = systemNow();
  const lateOnly = query.late === 'true';
  // Due on or before the end of that day in Vietnam; the late tasks: due before now, any day.
  const dueBefore = lateOnly ? now.toISOString() : endOfLocalDay(date).toISOString();
  const scope = cursorScope(postOfficeCode, date, lateOnly);
  const page = await itemStore().worklist(
    postOfficeCode,
    dueBefore,
    query.limit,
    await openKey(scope, query.cursor),
  );
  const office = await referenceStore().postOffice(postOfficeCode);
  // An entry out for delivery sits at the start of its trip: listed by then, yet not late.
  const lateNow = (row: WorklistEntry) =>
    isLate({ dueAt: row.dueAt, closedAt: null, status: 'in-transit' }, now);
  const rows = page.entries
    .filter(visibleTo(caller, query.staffId))
    .filter((row) => !lateOnly || lateNow(row));
  await auditCitizensNamed(caller, requestId, rows);
  const agencyNames = await namesOfAgencies(rows.map((row) => row.agencyCode));
  const promised = await promisedDates(rows.map((row) => row.consignmentRef));
  const entries = rows.map((row) => {
    // Whom staff meet: the citizen at a pickup or a delivery, the agency's one-stop shop at a collection.
    const agencyName = agencyNames.get(row.agencyCode) ?? row.agencyCode;
    const contact = row.contact ?? (row.workKind === 'collection' ? null : row.addressee);
    return {
      itemCode: row.itemCode,
      kind: row.workKind,
      failedAttempts: row.failedAttempts,
      dueAt: row.dueAt,
      late: lateNow(row),
      dossierRef: row.dossierCode ?? row.consignmentRef,
      promisedDate: promised.get(row.consignmentRef) ?? null,
      agencyCode: row.agencyCode,
      assignedStaffId: row.assignedStaffId ?? null,
      deliveryWindow: row.deliveryWindow ?? null,
      addressee: contact
        ? {
            name: contact.name,
            phone: contact.phone ?? '',
            addressLine: contact.addressLine,
            communeCode: contact.communeCode ?? '',
            communeName: contact.communeCode ? communeName(contact.communeCode) : null,
          }
        : { name: agencyName, phone: '', addressLine: agencyName, communeCode: '', communeName: null },
      collectAmountVnd: row.workKind === 'collection' ? 0 : row.collectAmountVnd,
      vietqr:
        row.workKind === 'collection'
          ? null
          : itemPaymentQr(office?.collectionAccount, row.itemCode, row.collectAmountVnd),
    };
  });
  return {
    status: 200,
    body: {
      postOfficeCode,
      date,
      entries,
      nextCursor: await sealKey(scope, page.next),
    },
  };
});

const assign = httpRoute(assignWorkRoute, async ({ body, caller }) => {
  const officeCode = caller.roles.includes('admin') ? null : (caller.postOfficeCode ?? null);
  if (officeCode === null && !caller.roles.includes('admin'))
    throw new HttpProblem('forbidden', 'Your token names no post office');
  const results = await assignTasks({ items: itemStore() }, body.assignments, officeCode);
  return { status: 200, body: { results } };
});

export const handler = routeTable(list, assign);
