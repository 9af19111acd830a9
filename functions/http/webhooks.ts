/** Callback subscriptions of agency systems: subscribe, list, remove, replay. */
import { lookup } from 'node:dns/promises';
import {
  deleteWebhookRoute,
  listWebhookDeliveriesRoute,
  listWebhooksRoute,
  replayWebhookDeliveryRoute,
  replayWebhookRoute,
  subscribeWebhookRoute,
} from '../../schemas/routes.ts';
import type { BucketPosition } from '../adapters/dynamodb/bucket-pages.ts';
import { MAX_REPLAY_DELIVERIES_PER_DAY } from '../adapters/dynamodb/callback-store.ts';
import { callbackStore } from '../adapters/index.ts';
import { callbackDeliveryQueue } from '../adapters/sqs/callback-deliveries.ts';
import { replayDeliveries } from '../app/callbacks/replay-deliveries.ts';
import type { Caller } from '../commons/auth/caller.ts';
import { isLocalRuntime } from '../commons/clients.ts';
import { systemNow } from '../commons/clock.ts';
import { openPosition, sealPosition } from '../commons/http/cursor.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { localDate } from '../domain/calendar/working-days.ts';
import {
  callbackUrlProblem,
  type Delivery,
  isNonPublicAddress,
  MAX_REPLAY_DAYS,
  MAX_SUBSCRIPTIONS_PER_AGENCY,
  newWebhookId,
  newWebhookSecret,
  type Subscription,
} from '../domain/callbacks.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

function agencyOf(caller: Caller): string {
  if (!caller.agencyCode) throw new HttpProblem('forbidden', 'Your token names no agency');
  return caller.agencyCode;
}

/** Vietnam's dates from today back, `days` of them, newest first. */
const lastDays = (now: Date, days: number): string[] =>
  Array.from({ length: days }, (_, back) => localDate(new Date(now.getTime() - back * DAY_MS)));

const deliverySummary = (stored: Delivery) => {
  const {
    webhookId: _w,
    agencyCode: _a,
    payload: _p,
    claimedUntil: _c,
    ...delivery
  } = stored as Delivery & {
    claimedUntil?: number;
  };
  return delivery;
};

async function ownSubscription(caller: Caller, webhookId: string): Promise<Subscription> {
  const subscription = await callbackStore().subscription(agencyOf(caller), webhookId);
  if (!subscription) throw new HttpProblem('not-found', `No subscription ${webhookId}`);
  return subscription;
}

/** One delivery made pending again and queued: the sender signs and sends it afresh. */
async function requeue(delivery: Delivery, now: Date): Promise<void> {
  await callbackStore().saveDelivery({
    ...delivery,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
  });
  await callbackDeliveryQueue.queueDelivery({
    agencyCode: delivery.agencyCode,
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
  });
}

const visible = ({
  secret: _secret,
  webhookId,
  agencyCode: _agency,
  contactEmail: _contact,
  ...rest
}: Subscription) => ({
  id: webhookId,
  ...rest,
});

async function refuseNonPublic(url: string): Promise<void> {
  const local = isLocalRuntime();
  const problem = callbackUrlProblem(url, local);
  if (problem) throw new HttpProblem('unprocessable', `The callback URL ${problem}`);
  if (local) return;
  const addresses = await lookup(new URL(url).hostname, { all: true }).catch(() => []);
  if (addresses.length === 0) throw new HttpProblem('unprocessable', 'The callback host does not resolve');
  if (addresses.some(({ address }) => isNonPublicAddress(address))) {
    throw new HttpProblem(
      'unprocessable',
      'The callback host resolves to a private, loopback or link-local address',
    );
  }
}

export const handler = routeTable(
  httpRoute(subscribeWebhookRoute, async ({ body, caller }) => {
    const agencyCode = agencyOf(caller);
    await refuseNonPublic(body.url);
    if ((await callbackStore().subscriptions(agencyCode)).length >= MAX_SUBSCRIPTIONS_PER_AGENCY) {
      throw new HttpProblem(
        'unprocessable',
        `An agency has at most ${MAX_SUBSCRIPTIONS_PER_AGENCY} subscriptions`,
      );
    }
    const subscription: Subscription = {
      webhookId: newWebhookId(),
      agencyCode,
      url: body.url,
      events: [...new Set(body.events)],
      secret: newWebhookSecret(),
      status: 'active',
      consecutiveFailures: 0,
      ...(body.contactEmail ? { contactEmail: body.contactEmail } : {}),
      createdAt: systemNow().toISOString(),
    };
    await callbackStore().putSubscription(subscription);
    return { status: 201, body: { ...visible(subscription), secret: subscription.secret } };
  }),
  httpRoute(listWebhooksRoute, async ({ caller }) => {
    const subscriptions = await callbackStore().subscriptions(agencyOf(caller));
    return { status: 200, body: { webhooks: subscriptions.map(visible) } };
  }),
  httpRoute(deleteWebhookRoute, async ({ params, caller }) => {
    if (!(await callbackStore().deleteSubscription(agencyOf(caller), params.webhookId))) {
      throw new HttpProblem('not-found', `No subscription ${params.webhookId}`);
    }
    return { status: 200, body: { deleted: true as const } };
  }),
  httpRoute(replayWebhookRoute, async ({ params, body, caller }) => {
    const subscription = await ownSubscription(caller, params.webhookId);
    const now = systemNow();
    const since = new Date(body.since);
    if (since.getTime() < now.getTime() - MAX_REPLAY_DAYS * DAY_MS || since > now) {
      throw new HttpProblem('validation-failed', `since must be within the last ${MAX_REPLAY_DAYS} days`);
    }
    const outcome = await replayDeliveries(
      { callbacks: callbackStore(), queue: callbackDeliveryQueue, maxPerDay: MAX_REPLAY_DELIVERIES_PER_DAY },
      subscription,
      since,
      now,
    );
    return { status: 202, body: outcome };
  }),
  httpRoute(listWebhookDeliveriesRoute, async ({ params, query, caller }) => {
    const subscription = await ownSubscription(caller, params.webhookId);
    const now = systemNow();
    const scope = `deliveries|${subscription.webhookId}|${localDate(now)}|${query.days}`;
    const page = await callbackStore().recentDeliveries(
      subscription.webhookId,
      lastDays(now, query.days),
      query.limit,
      await openPosition<BucketPosition>(scope, query.cursor),
    );
    const next = await sealPosition(scope, page.next);
    return {
      status: 200,
      body: { deliveries: page.deliveries.map(deliverySummary), ...(next ? { next } : {}) },
    };
  }),
  httpRoute(replayWebhookDeliveryRoute, async ({ params, caller }) => {
    const subscription = await ownSubscription(caller, params.webhookId);
    const delivery = await callbackStore().delivery(subscription.webhookId, params.eventId);
    if (!delivery) throw new HttpProblem('not-found', `No delivery of event ${params.eventId}`);
    // The owner has fixed the endpoint: it is active again.
    await callbackStore().putSubscription({ ...subscription, status: 'active', consecutiveFailures: 0 });
    await requeue(delivery, systemNow());
    return { status: 202, body: { replayed: 1 as const, eventId: delivery.eventId } };
  }),
);
