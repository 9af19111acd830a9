/**
 * GET /v1/agencies/{agencyCode}/dossiers — an agency's dossiers by registration date, in one
 * status if asked; GET /v1/dossiers?phone= — the dossiers of an applicant's phone that the
 * caller's office serves (the counter's search). Both read an index a page at a time, and
 * both hand out the applicant's name and phone: the reads are audited.
 */
import { findDossiersByPhoneRoute, listAgencyDossiersRoute } from '../../schemas/routes.ts';
import type { BucketPosition } from '../adapters/dynamodb/bucket-pages.ts';
import { dossierLists } from '../adapters/index.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { assertActsForAgency, canAccess } from '../commons/auth/scope.ts';
import { openPosition, sealPosition } from '../commons/http/cursor.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { auditPersonalDataReads } from '../commons/personal-data-audit.ts';
import { endOfLocalDay } from '../domain/calendar/working-days.ts';
import type { Dossier } from '../domain/dossiers.ts';

const startOfLocalDay = (day: string): Date => new Date(Date.parse(`${day}T00:00:00+07:00`));

const summary = (dossier: Dossier) => ({
  consignmentRef: dossier.consignmentRef,
  dossierCode: dossier.dossierCode,
  status: dossier.status,
  procedureName: dossier.procedure.name,
  agency: dossier.agency,
  applicantName: dossier.applicant.fullName,
  phone: dossier.applicant.phone,
  items: dossier.items.map(({ itemCode, direction }) => ({ itemCode, direction })),
  registeredAt: dossier.registeredAt,
  updatedAt: dossier.updatedAt,
  ...(dossier.submittedAt ? { submittedAt: dossier.submittedAt } : {}),
});

async function answer(
  caller: Caller,
  purpose: string,
  requestId: string,
  dossiers: readonly Dossier[],
  next: string | undefined,
) {
  await auditPersonalDataReads(
    caller,
    purpose,
    requestId,
    dossiers.map((dossier) => ({
      consignmentRef: dossier.consignmentRef,
      dossierCode: dossier.dossierCode,
      fields: ['name', 'phone'] as const,
    })),
  );
  return { status: 200, body: { dossiers: dossiers.map(summary), ...(next ? { next } : {}) } };
}

export const handler = routeTable(
  httpRoute(listAgencyDossiersRoute, async ({ params, query, caller, requestId }) => {
    assertActsForAgency(caller, params.agencyCode);
    const scope = `dossiers|${params.agencyCode}|${query.status ?? '*'}|${query.from}|${query.to}`;
    const page = await dossierLists().ofAgency(
      params.agencyCode,
      {
        fromAt: startOfLocalDay(query.from).toISOString(),
        toAt: endOfLocalDay(query.to).toISOString(),
        status: query.status,
      },
      query.limit,
      await openPosition<BucketPosition>(scope, query.cursor),
    );
    const next = await sealPosition(scope, page.next);
    return answer(caller, listAgencyDossiersRoute.key, requestId, page.dossiers, next);
  }),
  httpRoute(findDossiersByPhoneRoute, async ({ query, caller, requestId }) => {
    // The scope carries the caller's office: a cursor does not open another office's page.
    const scope = `dossiers-of-phone|${caller.postOfficeCode ?? caller.subject}|${query.phone}`;
    const page = await dossierLists().ofPhone(
      query.phone,
      query.limit,
      await openPosition<BucketPosition>(scope, query.cursor),
    );
    const served = page.dossiers.filter((dossier) =>
      canAccess(caller, { agencyCode: dossier.agency.code, postOfficeCodes: dossier.postOfficeCodes }),
    );
    const next = await sealPosition(scope, page.next);
    return answer(caller, findDossiersByPhoneRoute.key, requestId, served, next);
  }),
);
