/**
 * POST /v1/dossiers/{dossierRef}/return — the citizen asks for postal return of the result
 * after submission (`action: "register"`), or withdraws it before the post collects the result
 * (`action: "withdraw"`).
 */
import { returnRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, referenceStore, s10Series } from '../adapters/index.ts';
import { changeReturn } from '../app/dossiers/dossier-return.ts';
import { dossierAccess } from '../commons/auth/scope.ts';
import { httpRoute } from '../commons/http/route.ts';

export const handler = httpRoute(returnRoute, async ({ params, body, caller }) => {
  const view = await changeReturn(
    { dossiers: dossierStore(), items: itemStore(), reference: referenceStore(), s10: s10Series() },
    {
      dossierRef: params.dossierRef,
      mayAccess: dossierAccess(caller),
      action: body.action,
      ...(body.reason ? { reason: body.reason } : {}),
      now: new Date(),
    },
  );
  return { status: 200, body: view };
});
