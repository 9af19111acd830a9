/** The agency's decision on a dossier the post handed over, and a citizen's withdrawal. */
import { functions } from '../../infra/manifest.ts';
import { agencyDecisionRoute, cancelDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, idempotencyStore, itemStore, s10Series } from '../adapters/index.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import {
  cancelDossier,
  decideDossier,
  dossierFact,
  dossierView,
  type Registration,
} from '../domain/dossiers.ts';
import { recordFact } from '../domain/items/ingest.ts';
import { type ItemRecord, newItem, SERVICE_LETTERS } from '../domain/items/items.ts';
import { MAX_CLOCK_SKEW_MS, MAX_SCAN_AGE_MS } from '../domain/items/scans.ts';

const options = { idempotencyStore, inProgressMs: functions.dossierDecisions.timeoutSeconds * 1000 };

async function loadDossier(dossierRef: string, caller: Caller) {
  const found = await dossierStore().find(dossierRef);
  if (!found) throw new HttpProblem('not-found', `No dossier ${dossierRef}`);
  assertCanAccess(
    caller,
    { agencyCode: found.dossier.agency.code, postOfficeCodes: found.dossier.postOfficeCodes },
    'dossier',
  );
  const snapshots = await itemStore().snapshots(found.dossier.items.map((item) => item.itemCode));
  return { ...found, snapshots };
}

/** The item that carries a refused dossier's papers back, when the citizen asked for no postal return. */
async function returnItemFor(
  inbound: ItemRecord,
  applicant: {
    fullName: string;
    phone: string;
    address: { line: string; communeCode: string; provinceCode: string };
  },
  now: Date,
) {
  return newItem({
    itemCode: await s10Series().allocate(inbound.destinationOfficeCode, SERVICE_LETTERS.outbound),
    direction: 'outbound',
    consignmentRef: inbound.consignmentRef,
    dossierCode: inbound.dossierCode,
    agencyCode: inbound.agencyCode,
    originOfficeCode: inbound.destinationOfficeCode,
    destinationOfficeCode: inbound.originOfficeCode,
    routeClass: inbound.routeClass,
    addressee: {
      name: applicant.fullName,
      phone: applicant.phone,
      addressLine: applicant.address.line,
      communeCode: applicant.address.communeCode,
      provinceCode: applicant.address.provinceCode,
    },
    collectAmountVnd: 0,
    feesAmountVnd: 0,
    createdAt: now.toISOString(),
  });
}

async function answer(change: Registration | null, found: Awaited<ReturnType<typeof loadDossier>>) {
  const dossier = change?.dossier ?? found.dossier;
  const events = change ? [...found.events, change.event] : found.events;
  const snapshots = await itemStore().snapshots(dossier.items.map((item) => item.itemCode));
  return { status: 200, body: dossierView(dossier, events, snapshots) };
}

export const handler = routeTable(
  httpRoute(
    agencyDecisionRoute,
    async ({ params, body, caller }) => {
      if (!caller) throw new HttpProblem('unauthorized');
      const found = await loadDossier(params.dossierRef, caller);
      const now = new Date();
      const decidedAt = body.decidedAt ? new Date(body.decidedAt) : now;
      if (
        decidedAt.getTime() > now.getTime() + MAX_CLOCK_SKEW_MS ||
        decidedAt.getTime() < now.getTime() - MAX_SCAN_AGE_MS
      ) {
        throw new HttpProblem(
          'validation-failed',
          'decidedAt must be within the last 30 days and not in the future',
        );
      }
      const inbound = found.snapshots.find((snapshot) => snapshot.item.direction === 'inbound')?.item;
      const alreadyDecided = found.dossier.status === body.decision;
      const needsReturnItem =
        body.decision === 'refused' &&
        !alreadyDecided &&
        !found.dossier.items.some((item) => item.direction === 'outbound');
      const change = alreadyDecided
        ? null
        : decideDossier({
            dossier: found.dossier,
            inbound,
            decision: body,
            now,
            ...(needsReturnItem && inbound
              ? { returnItem: await returnItemFor(inbound, found.dossier.applicant, now) }
              : {}),
          });
      if (change) await dossierStore().recordChange(change);
      const dossier = change?.dossier ?? found.dossier;
      // Facts after the dossier's own change, each recorded once: a retry completes what a failure left.
      if (inbound) {
        await recordFact(itemStore(), inbound.itemCode, (item) =>
          dossierFact(item, body.decision, body.decision, decidedAt, now),
        );
      }
      const outbound = dossier.items.find((item) => item.direction === 'outbound');
      if (body.decision === 'refused' && outbound) {
        await recordFact(itemStore(), outbound.itemCode, (item) =>
          dossierFact(item, 'result-ready', 'result-ready', decidedAt, now),
        );
      }
      return answer(change, found);
    },
    options,
  ),
  httpRoute(
    cancelDossierRoute,
    async ({ params, body, caller }) => {
      if (!caller) throw new HttpProblem('unauthorized');
      const found = await loadDossier(params.dossierRef, caller);
      const now = new Date();
      const change = cancelDossier(
        found.dossier,
        found.snapshots.map((snapshot) => snapshot.item),
        body.reason,
        now,
      );
      if (change) await dossierStore().recordChange(change);
      for (const { item } of found.snapshots) {
        await recordFact(itemStore(), item.itemCode, (current) =>
          dossierFact(current, 'cancelled', 'cancelled', now, now),
        );
      }
      return answer(change, found);
    },
    options,
  ),
);
