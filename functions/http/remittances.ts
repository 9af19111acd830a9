/** Remittances of collected fees to agencies: made, with a transfer reference, and read. */
import { functions } from '../../infra/manifest.ts';
import { createRemittanceRoute, getRemittanceRoute } from '../../schemas/routes.ts';
import { financeStore, idempotencyStore, referenceStore } from '../adapters/index.ts';
import { reconcileDays } from '../app/money/compute-statement.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { feesCollectedNet } from '../domain/money/reconcile.ts';
import {
  newRemittanceReference,
  remittanceDays,
  remittanceOf,
  remittanceTransfer,
} from '../domain/money/remittances.ts';
import { DomainRefusal } from '../domain/refusal.ts';

export const handler = routeTable(
  httpRoute(
    createRemittanceRoute,
    async ({ body, caller }) => {
      if (!caller) throw new HttpProblem('unauthorized');
      const agency = await referenceStore().agency(body.agencyCode);
      if (!agency) throw new HttpProblem('unknown-account', `No agency ${body.agencyCode}`);
      const now = new Date();
      const days = remittanceDays(body.periodStart, body.periodEnd, now);
      const { totals } = await reconcileDays(financeStore(), agency.agencyCode, days);
      const remittance = remittanceOf({
        reference: newRemittanceReference(body.periodStart),
        agencyCode: agency.agencyCode,
        postOfficeCode: agency.postOfficeCode,
        periodStart: body.periodStart,
        periodEnd: body.periodEnd,
        fees: feesCollectedNet(totals),
        now,
        createdBy: caller.subject,
      });
      try {
        await financeStore().recordRemittance(remittance, days, remittanceTransfer(remittance));
      } catch (error) {
        if (error instanceof DomainRefusal && error.kind === 'conflict')
          throw new HttpProblem('already-remitted', error.message);
        throw error;
      }
      return { status: 201, body: remittance };
    },
    { idempotencyStore, inProgressMs: functions.remittances.timeoutSeconds * 1000 },
  ),
  httpRoute(getRemittanceRoute, async ({ params, caller }) => {
    if (!caller) throw new HttpProblem('unauthorized');
    const remittance = await financeStore().remittance(params.reference);
    if (!remittance) throw new HttpProblem('not-found', `No remittance ${params.reference}`);
    assertCanAccess(caller, { agencyCode: remittance.agencyCode, postOfficeCodes: [] }, 'remittance');
    return { status: 200, body: remittance };
  }),
);
