/** POST /v1/dossiers — an agency system or postal staff registers a dossier for postal carriage. */
import { functions } from '../../infra/manifest.ts';
import { contract } from '../../schemas/contract.ts';
import { dossierStore, idempotencyStore } from '../adapters/index.ts';
import { assertActsForAgency } from '../commons/auth/scope.ts';
import { canonicalJson, sha256 } from '../commons/http/idempotency.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import {
  newConsignmentRef,
  publicDossier,
  type Registrant,
  registerDossier,
  registerOnce,
} from '../domain/dossiers.ts';

const REGISTRANT_ROLES = ['agency', 'postal-staff', 'postal-supervisor', 'admin'] as const;

export const handler = httpRoute(
  'POST /v1/dossiers',
  contract['POST /v1/dossiers'],
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
      contentHash: sha256(canonicalJson(body)),
      now: new Date(),
    });
    const { created, dossier } = await registerOnce(dossierStore(), registration);
    return { status: created ? 201 : 200, body: { dossier: publicDossier(dossier), items: [] } };
  },
  { idempotencyStore, inProgressMs: functions.registerDossier.timeoutSeconds * 1000 },
);
