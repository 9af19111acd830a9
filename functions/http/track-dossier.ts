/**
 * GET /v1/track/{ref}?phoneLast4= — the citizen follows a dossier by its code, PG reference or
 * an item code (`trackDossier`); POST /v1/track/{ref}/rating — the citizen rates the service
 * with the link's token; POST /v1/track/{ref}/choice — chooses a delivery window or collection
 * at the office (`chooseDelivery`); POST /v1/track/{ref}/opt-out — stops notices but delivery
 * codes (`optOutOfNotices`).
 */
import {
  chooseDeliveryRoute,
  optOutRoute,
  rateDossierRoute,
  trackDossierRoute,
} from '../../schemas/routes.ts';
import {
  dossierStore,
  itemStore,
  notificationPreferences,
  ratingStore,
  trackingGuard,
} from '../adapters/index.ts';
import { chooseDelivery } from '../app/dossiers/choose-delivery.ts';
import { trackDossier } from '../app/dossiers/track-dossier.ts';
import { rateByLink } from '../app/indicators/rate-dossier.ts';
import { optOutOfNotices } from '../app/notifications/opt-out.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { publicRoute, routeTable } from '../commons/http/route.ts';
import { deliveryCodeSecret } from '../commons/secrets.ts';

const choose = publicRoute(chooseDeliveryRoute, async ({ params, body }) => {
  const outcome = await chooseDelivery(
    { dossiers: dossierStore(), items: itemStore(), linkSecret: deliveryCodeSecret },
    {
      dossierRef: params.ref,
      token: body.token,
      choice: body.kind === 'window' ? { kind: 'window', window: body.window } : { kind: 'held-at-office' },
    },
    systemNow(),
  );
  if (outcome.kind === 'invalid-token') {
    throw new HttpProblem('forbidden', 'This link is not valid for this dossier');
  }
  if (outcome.kind === 'refused') throw new HttpProblem(outcome.refusal);
  return {
    status: 200,
    body: { itemCode: outcome.itemCode, status: outcome.status, choice: outcome.choice },
  };
});

const optOut = publicRoute(optOutRoute, async ({ params, body }) => {
  const outcome = await optOutOfNotices(
    { dossiers: dossierStore(), preferences: notificationPreferences(), linkSecret: deliveryCodeSecret },
    { dossierRef: params.ref, token: body.token, optedOut: body.optedOut },
    systemNow(),
  );
  if (outcome.kind === 'invalid-token') {
    throw new HttpProblem('forbidden', 'This link is not valid for this dossier');
  }
  return { status: 200, body: { optedOut: outcome.optedOut } };
});

export const handler = routeTable(
  publicRoute(trackDossierRoute, async ({ params, query }) => {
    const tracked = await trackDossier(
      { dossiers: dossierStore(), items: itemStore(), guard: trackingGuard() },
      { ref: params.ref, phoneLast4: query.phoneLast4 },
    );
    if (!tracked) throw new HttpProblem('not-found', 'No dossier with this reference and phone number');
    return { status: 200, body: tracked };
  }),
  publicRoute(rateDossierRoute, async ({ params, body }) => {
    const outcome = await rateByLink(
      {
        dossiers: dossierStore(),
        items: itemStore(),
        ratings: ratingStore(),
        ratingSecret: deliveryCodeSecret,
      },
      { dossierRef: params.ref, token: body.token, score: body.score, comment: body.comment },
      new Date(),
    );
    if (outcome.kind === 'invalid-token') {
      throw new HttpProblem('forbidden', 'This rating link is not valid for this dossier');
    }
    if (outcome.kind === 'already-rated') throw new HttpProblem('already-rated');
    const { rating } = outcome;
    return {
      status: 201,
      body: {
        dossierCode: rating.dossierCode ?? rating.consignmentRef,
        score: rating.score,
        ratedAt: rating.ratedAt,
      },
    };
  }),
  choose,
  optOut,
);
