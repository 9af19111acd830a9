/** Remittances of collected fees to agencies: made, with a transfer reference, and read. */
import { createRemittanceRoute, getRemittanceRoute } from '../../schemas/routes.ts';
import { financeStore, referenceStore } from '../adapters/index.ts';
import { remitFees } from '../app/money/remit-fees.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';

export const handler = routeTable(
  httpRoute(createRemittanceRoute, async ({ body, caller }) => {
    const result = await remitFees(
      { agencies: referenceStore(), books: financeStore() },
      { ...body, createdBy: caller.subject, now: systemNow() },
    );
    switch (result.outcome) {
      case 'unknown-agency':
        throw new HttpProblem('unknown-account', `No agency ${body.agencyCode}`);
      case 'already-remitted':
        throw new HttpProblem('already-remitted', result.detail);
      case 'remitted':
        return { status: 201, body: result.remittance };
    }
  }),
  httpRoute(getRemittanceRoute, async ({ params, caller }) => {
    const remittance = await financeStore().remittance(params.reference);
    if (!remittance) throw new HttpProblem('not-found', `No remittance ${params.reference}`);
    assertCanAccess(caller, { agencyCode: remittance.agencyCode, postOfficeCodes: [] }, 'remittance');
    return { status: 200, body: remittance };
  }),
);
