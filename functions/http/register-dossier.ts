/** POST /v1/dossiers — an agency system or postal staff registers a dossier for postal carriage. */
import { registerDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, referenceStore, s10Series } from '../adapters/index.ts';
import { registerDossier } from '../app/dossiers/register-dossier.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { assertActsForAgency } from '../commons/auth/scope.ts';
import { noteCalendarCoverage } from '../commons/calendar-coverage.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { deliveryCodeSecret } from '../commons/secrets.ts';
import { fingerprint } from '../domain/canonical.ts';
import type { Registrant } from '../domain/dossiers.ts';

const REGISTRANT_ROLES = ['agency', 'postal-staff', 'postal-supervisor', 'admin'] as const;

/** Who registers, as the domain names them: the first of the caller's roles that may. */
function registrantOf(caller: Caller): Registrant {
  const role = REGISTRANT_ROLES.find((candidate) => caller.roles.includes(candidate));
  if (!role) throw new HttpProblem('forbidden', 'This caller cannot register dossiers');
  return {
    role,
    ...(caller.agencyCode ? { agencyCode: caller.agencyCode } : {}),
    ...(caller.postOfficeCode ? { postOfficeCode: caller.postOfficeCode } : {}),
  };
}

export const handler = httpRoute(registerDossierRoute, async ({ body, caller }) => {
  assertActsForAgency(caller, body.agency.code);
  const registered = await registerDossier(
    {
      dossiers: dossierStore(),
      items: itemStore(),
      reference: referenceStore(),
      s10: s10Series(),
      idDigitsKey: deliveryCodeSecret,
    },
    { request: body, registrant: registrantOf(caller), contentHash: fingerprint(body), now: systemNow() },
    noteCalendarCoverage,
  );
  return {
    status: registered.created ? 201 : 200,
    body: { dossier: registered.dossier, items: registered.items },
  };
});
