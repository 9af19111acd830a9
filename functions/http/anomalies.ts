/**
 * GET /v1/anomalies, POST /v1/anomalies/{anomalyId}/resolve, POST /v1/items/{itemCode}/unlock —
 * a supervisor's queue of flagged facts and the unlock of an item at the door.
 */
import { listAnomaliesRoute, resolveAnomalyRoute, unlockItemRoute } from '../../schemas/routes.ts';
import { anomalyStore, itemStore } from '../adapters/index.ts';
import { listAnomalies, resolveAnomalyCase, unlockItem } from '../app/anomalies/anomalies.ts';
import type { AnomalyPorts } from '../app/anomalies/ports.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import type { Resolver } from '../domain/items/anomalies.ts';

const ports = (): AnomalyPorts => ({ anomalies: anomalyStore(), items: itemStore() });

/** Who resolves: their strongest role here (a token may carry several), and their office. */
function resolverOf(caller: Caller | null): Resolver {
  if (!caller) throw new HttpProblem('unauthorized');
  const role = caller.roles.includes('admin')
    ? 'admin'
    : caller.roles.includes('postal-supervisor')
      ? 'postal-supervisor'
      : (caller.roles[0] ?? 'none');
  return { subject: caller.subject, role, postOfficeCode: caller.postOfficeCode ?? null };
}

export const handler = routeTable(
  httpRoute(listAnomaliesRoute, async ({ query, caller }) => {
    const resolver = resolverOf(caller);
    const postOfficeCode = query.postOfficeCode ?? resolver.postOfficeCode;
    if (!postOfficeCode)
      throw new HttpProblem('validation-failed', 'postOfficeCode is required for this caller');
    if (resolver.role !== 'admin' && postOfficeCode !== resolver.postOfficeCode)
      throw new HttpProblem('forbidden', "Only your own office's anomalies");
    const anomalies = await listAnomalies(ports(), {
      postOfficeCode,
      status: query.status,
      limit: query.limit,
    });
    return { status: 200, body: { postOfficeCode, status: query.status, anomalies } };
  }),
  httpRoute(resolveAnomalyRoute, async ({ params, body, caller }) => {
    const { anomaly, item } = await resolveAnomalyCase(ports(), {
      anomalyId: params.anomalyId,
      action: body.action,
      note: body.note,
      resolver: resolverOf(caller),
      now: new Date(),
    });
    return {
      status: 200,
      body: { anomaly, item: item ? { itemCode: item.itemCode, status: item.status } : null },
    };
  }),
  httpRoute(unlockItemRoute, async ({ params, body, caller }) => {
    const item = await unlockItem(ports(), {
      itemCode: params.itemCode,
      note: body.note,
      resolver: resolverOf(caller),
      now: new Date(),
    });
    return {
      status: 200,
      body: { itemCode: item.itemCode, status: item.status, proofLock: item.proofLock },
    };
  }),
);
