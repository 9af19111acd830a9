/**
 * POST /v1/reports/subscriptions — an observer (for their own province) or an admin
 * subscribes an address to the province's monthly indicator report, or removes it;
 * GET /v1/reports/subscriptions?provinceCode= — the addresses it goes to.
 */
import { listReportSubscriptionsRoute, subscribeToReportRoute } from '../../schemas/routes.ts';
import { reportSubscriptions } from '../adapters/index.ts';
import { subscribeToReport } from '../app/indicators/monthly-mail.ts';
import { assertReadsProvince } from '../commons/auth/scope.ts';
import { systemNow } from '../commons/clock.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { MAX_SUBSCRIPTIONS_PER_PROVINCE, type ReportSubscription } from '../domain/indicator-mail.ts';

const listOf = (provinceCode: string, subscriptions: readonly ReportSubscription[]) => ({
  provinceCode,
  subscriptions: subscriptions.map(({ email, subscribedBy, subscribedAt }) => ({
    email,
    subscribedBy,
    subscribedAt,
  })),
});

export const handler = routeTable(
  httpRoute(subscribeToReportRoute, async ({ body, caller }) => {
    assertReadsProvince(caller, body.provinceCode);
    const subscriptions = await subscribeToReport(
      reportSubscriptions(),
      { ...body, subscribedBy: caller.subject },
      systemNow(),
    );
    return { status: 200, body: listOf(body.provinceCode, subscriptions) };
  }),
  httpRoute(listReportSubscriptionsRoute, async ({ query, caller }) => {
    assertReadsProvince(caller, query.provinceCode);
    const subscriptions = await reportSubscriptions().list(
      query.provinceCode,
      MAX_SUBSCRIPTIONS_PER_PROVINCE,
    );
    return { status: 200, body: listOf(query.provinceCode, subscriptions) };
  }),
);
