/**
 * GET /v1/worklist/route-sheet — the route sheet (PDF) of one staff member for one day: the
 * pickups, collections and deliveries given to them, whom to meet, where, what to collect and
 * the date promised to the citizen, with a box to sign at each stop. Staff print their own; a
 * supervisor any staff member's of the office.
 */
import { routeSheetRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, referenceStore } from '../adapters/index.ts';
import { staffRound } from '../app/items/route-sheet.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { assertActsForOffice } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { auditPersonalDataReads } from '../commons/personal-data-audit.ts';
import { warmUpItemLabels } from '../documents/item-label.ts';
import { ROUTE_SHEET_MAX_STOPS, type RouteStop, renderRouteSheet } from '../documents/route-sheet.ts';
import { endOfLocalDay, localDate } from '../domain/calendar/working-days.ts';
import { communeName } from '../domain/communes.ts';
import type { WorklistEntry } from '../domain/items/worklist.ts';

/** Dossiers read at once for their promised dates. */
const DOSSIER_READ_CONCURRENCY = 16;

// Fonts parsed while the function starts, not on the first sheet.
await warmUpItemLabels();

/** Whose round: staff their own only; a supervisor (or admin) anyone's, their own by default. */
function staffOf(caller: Caller, staffId: string | undefined): string {
  const supervises = caller.roles.includes('postal-supervisor') || caller.roles.includes('admin');
  if (!supervises && staffId && staffId !== caller.subject)
    throw new HttpProblem('forbidden', 'Only your own route sheet');
  return staffId ?? caller.subject;
}

/** Each dossier's promised date, read a wave at a time. */
async function promisedDates(refs: readonly string[]): Promise<Map<string, string | null>> {
  const distinct = [...new Set(refs)];
  const dates = new Map<string, string | null>();
  for (let start = 0; start < distinct.length; start += DOSSIER_READ_CONCURRENCY) {
    const wave = await Promise.all(
      distinct.slice(start, start + DOSSIER_READ_CONCURRENCY).map((ref) => dossierStore().find(ref)),
    );
    for (const found of wave)
      if (found) dates.set(found.dossier.consignmentRef, found.dossier.promisedDate ?? null);
  }
  return dates;
}

async function agencyNames(codes: readonly string[]): Promise<Map<string, string>> {
  const distinct = [...new Set(codes)];
  const agencies = await Promise.all(distinct.map((code) => referenceStore().agency(code)));
  return new Map(distinct.map((code, i) => [code, agencies[i]?.name ?? code]));
}

async function stopsOf(entries: readonly WorklistEntry[]): Promise<RouteStop[]> {
  const [promised, agencies] = await Promise.all([
    promisedDates(entries.map((entry) => entry.consignmentRef)),
    agencyNames(entries.filter((e) => e.workKind === 'collection').map((e) => e.agencyCode)),
  ]);
  return entries.map((entry) => {
    const contact = entry.contact ?? (entry.workKind === 'collection' ? null : entry.addressee);
    const agencyName = agencies.get(entry.agencyCode) ?? entry.agencyCode;
    return {
      kind: entry.workKind as RouteStop['kind'],
      itemCode: entry.itemCode,
      dossierRef: entry.dossierCode ?? entry.consignmentRef,
      name: contact?.name ?? agencyName,
      phone: contact?.phone ?? '',
      address: contact
        ? [contact.addressLine, contact.communeCode ? communeName(contact.communeCode) : null]
            .filter(Boolean)
            .join(', ')
        : 'Bộ phận một cửa',
      collectAmountVnd: entry.workKind === 'collection' ? 0 : entry.collectAmountVnd,
      dueAt: entry.dueAt,
      promisedDate: promised.get(entry.consignmentRef) ?? null,
      failedAttempts: entry.failedAttempts,
    };
  });
}

export const handler = httpRoute(routeSheetRoute, async ({ query, caller, requestId }) => {
  const postOfficeCode = query.postOfficeCode ?? caller.postOfficeCode;
  if (!postOfficeCode)
    throw new HttpProblem('validation-failed', 'postOfficeCode is required for this caller');
  assertActsForOffice(caller, postOfficeCode);
  const staffId = staffOf(caller, query.staffId);
  const date = query.date ?? localDate(new Date());
  const entries = await staffRound(
    { items: itemStore() },
    {
      postOfficeCode,
      dueBefore: endOfLocalDay(date).toISOString(),
      staffId,
      maxStops: ROUTE_SHEET_MAX_STOPS,
    },
  );
  await auditPersonalDataReads(
    caller,
    routeSheetRoute.key,
    requestId,
    entries
      .filter((entry) => entry.workKind !== 'collection')
      .map((entry) => ({
        consignmentRef: entry.consignmentRef,
        dossierCode: entry.dossierCode ?? null,
        fields: ['name', 'phone', 'address'] as const,
      })),
  );
  const office = await referenceStore().postOffice(postOfficeCode);
  const content = await renderRouteSheet({
    postOffice: { code: postOfficeCode, name: office?.name ?? postOfficeCode },
    staffId,
    date,
    stops: await stopsOf(entries),
    printedAt: new Date().toISOString(),
  });
  return {
    status: 200,
    rawBody: { content: Buffer.from(content), contentType: 'application/pdf' },
    headers: { 'content-disposition': `inline; filename="lo-trinh-${staffId}-${date}.pdf"` },
  };
});
