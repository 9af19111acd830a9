/**
 * GET /v1/dossiers/{dossierRef} — a dossier, its items, its timeline and its fee receipts, for
 * those it belongs to. The applicant's personal data goes out only once the read is in the
 * audit trail; the ID number is never kept, and its masked form goes only to those who check
 * it at delivery.
 */
import { getDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, receiptStore } from '../adapters/index.ts';
import { readDossier } from '../app/dossiers/read-dossier.ts';
import { dossierAccess } from '../commons/auth/scope.ts';
import { httpRoute } from '../commons/http/route.ts';
import { auditPersonalDataReads } from '../commons/personal-data-audit.ts';
import { personalFieldsShown, withoutIdNumber } from '../domain/audit.ts';

export const handler = httpRoute(getDossierRoute, async ({ params, caller, requestId }) => {
  const { dossier, view, receipts } = await readDossier(
    { dossiers: dossierStore(), items: itemStore(), receipts: receiptStore() },
    params.dossierRef,
    dossierAccess(caller),
  );
  await auditPersonalDataReads(caller, getDossierRoute.key, requestId, [
    {
      consignmentRef: dossier.consignmentRef,
      dossierCode: dossier.dossierCode ?? null,
      fields: personalFieldsShown(dossier, caller.roles),
    },
  ]);
  return { status: 200, body: { ...view, dossier: withoutIdNumber(view.dossier, caller.roles), receipts } };
});
