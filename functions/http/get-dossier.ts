/**
 * GET /v1/dossiers/{dossierRef} — a dossier, its items and its timeline, for those it belongs
 * to. The applicant's personal data goes out only once the read is in the audit trail, and
 * the ID number only to those who check it at delivery.
 */
import { getDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore } from '../adapters/index.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { auditPersonalDataReads } from '../commons/personal-data-audit.ts';
import { personalFieldsShown, withoutIdNumber } from '../domain/audit.ts';
import { dossierView } from '../domain/dossiers.ts';

export const handler = httpRoute(getDossierRoute, async ({ params, caller, requestId }) => {
  const found = await dossierStore().find(params.dossierRef);
  if (!found) throw new HttpProblem('not-found', `No dossier ${params.dossierRef}`);
  const { dossier, events } = found;
  assertCanAccess(
    caller,
    { agencyCode: dossier.agency.code, postOfficeCodes: dossier.postOfficeCodes },
    'dossier',
  );
  const items = await itemStore().snapshots(dossier.items.map((item) => item.itemCode));
  await auditPersonalDataReads(caller, getDossierRoute.key, requestId, [
    {
      consignmentRef: dossier.consignmentRef,
      dossierCode: dossier.dossierCode ?? null,
      fields: personalFieldsShown(dossier, caller.roles),
    },
  ]);
  const view = dossierView(dossier, events, items);
  return { status: 200, body: { ...view, dossier: withoutIdNumber(view.dossier, caller.roles) } };
});
