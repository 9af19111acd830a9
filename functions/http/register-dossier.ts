/** POST /v1/dossiers — an agency system or postal staff registers a dossier for postal carriage. */
import { functions } from '../../infra/manifest.ts';
import { registerDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, idempotencyStore, itemStore, referenceStore, s10Series } from '../adapters/index.ts';
import { assertActsForAgency } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { fingerprint } from '../domain/canonical.ts';
import {
  newConsignmentRef,
  publicDossier,
  type Registrant,
  registerDossier,
  registerOnce,
} from '../domain/dossiers.ts';
import { placeDossier } from '../domain/registration.ts';

const REGISTRANT_ROLES = ['agency', 'postal-staff', 'postal-supervisor', 'admin'] as const;

export const handler = httpRoute(
  registerDossierRoute,
  async ({ body, caller }) => {
    if (!caller) throw new HttpProblem('unauthorized');
    assertActsForAgency(caller, body.agency.code);
    const role = REGISTRANT_ROLES.find((candidate) => caller.roles.includes(candidate));
    if (!role) throw new HttpProblem('forbidden', 'This caller cannot register dossiers');
    const registrant: Registrant = {
      role,
      ...(caller.agencyCode ? { agencyCode: caller.agencyCode } : {}),
      ...(caller.postOfficeCode ? { postOfficeCode: caller.postOfficeCode } : {}),
    };
    const registration = registerDossier({
      request: body,
      registrant,
      consignmentRef: newConsignmentRef(),
      contentHash: fingerprint(body),
      now: new Date(),
      placement: await placeDossier(body, referenceStore(), s10Series()),
    });
    const { created, dossier } = await registerOnce(dossierStore(), registration);
    const items = created
      ? (registration.items ?? [])
      : await itemStore().getItems(dossier.items.map((item) => item.itemCode));
    return {
      status: created ? 201 : 200,
      body: {
        dossier: publicDossier(dossier),
        items: items.map(({ itemCode, direction, status }) => ({ itemCode, direction, status })),
      },
    };
  },
  { idempotencyStore, inProgressMs: functions.registerDossier.timeoutSeconds * 1000 },
);
