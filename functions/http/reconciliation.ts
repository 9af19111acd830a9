/** Reconciliation of delivery confirmations with one-stop-shop systems: run one, read the reports. */
import {
  getReconciliationReportRoute,
  listReconciliationReportsRoute,
  reconcileOneStopShopRoute,
} from '../../schemas/routes.ts';
import { reconciliationStore } from '../adapters/index.ts';
import { reconcile } from '../app/money/reconcile-one-stop-shop.ts';
import { assertActsForAgency } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';

export const handler = routeTable(
  httpRoute(reconcileOneStopShopRoute, async ({ body, caller }) => {
    assertActsForAgency(caller, body.agencyCode);
    try {
      await reconciliationStore().keepPushed(body.agencyCode, body.records);
      const report = await reconcile(reconciliationStore(), {
        ...body,
        trigger: 'request',
        now: systemNow(),
      });
      return { status: 201, body: report };
    } catch (error) {
      if (error instanceof RangeError) throw new HttpProblem('validation-failed', error.message);
      throw error;
    }
  }),
  httpRoute(getReconciliationReportRoute, async ({ params, caller }) => {
    const report = await reconciliationStore().report(params.reportId);
    if (!report) throw new HttpProblem('not-found', `No report ${params.reportId}`);
    assertActsForAgency(caller, report.agencyCode);
    return { status: 200, body: report };
  }),
  httpRoute(listReconciliationReportsRoute, async ({ query, caller }) => {
    assertActsForAgency(caller, query.agencyCode);
    return { status: 200, body: { reports: await reconciliationStore().reports(query.agencyCode) } };
  }),
);
