/**
 * Callbacks to one-stop-shop systems (Standard Webhooks): which subscriptions an event goes
 * to, what the receiver gets, when a failed delivery is tried again, when an endpoint that
 * keeps failing is switched off, and which addresses callbacks may never be sent to.
 */
import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { DomainEvent } from './events.ts';
import { crockfordId } from './identifiers.ts';

/** About 1 min, 5 min, 30 min, 2 h, 6 h, 24 h: six retries after the first attempt. */
export const DEFAULT_BACKOFF_SECONDS: readonly number[] = [60, 300, 1800, 7200, 21_600, 86_400];
/**
 * An endpoint is disabled only once every attempt to it has failed for this long (five
 * days, as the major webhook services do); a single success starts the count again.
 */
export const DISABLE_AFTER_FAILING_SECONDS = 5 * 86_400;
/** After a day of nothing but failures, the owner is warned (once per failing spell). */
export const WARN_AFTER_FAILING_SECONDS = 86_400;
export const MAX_SUBSCRIPTIONS_PER_AGENCY = 20;
export const MAX_EVENT_FILTERS = 20;
/** How far back a replay may reach. */
export const MAX_REPLAY_DAYS = 30;
/** The longest an SQS message can stay invisible: longer waits take two receives. */
export const MAX_VISIBILITY_SECONDS = 43_200;

export interface Subscription {
  readonly webhookId: string;
  readonly agencyCode: string;
  readonly url: string;
  /** Event types, `prefix.*` patterns, or `*`. */
  readonly events: readonly string[];
  readonly secret: string;
  readonly status: 'active' | 'disabled';
  readonly consecutiveFailures: number;
  /** When the first of the failures in a row happened; absent while the endpoint answers. */
  readonly failingSince?: string;
  /** When the owner was warned of the current failing spell. */
  readonly warnedAt?: string;
  readonly contactEmail?: string;
  readonly createdAt: string;
  readonly disabledAt?: string;
}

export interface Delivery {
  readonly webhookId: string;
  readonly eventId: string;
  readonly agencyCode: string;
  /** The dossier and the event's number in it: one dossier's callbacks go out in this order. */
  readonly consignmentRef: string;
  readonly sequence: number;
  /** `webhook-id`: the same for every attempt, so receivers can drop repeats. */
  readonly messageId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  /** The exact body that is signed and sent. */
  readonly payload: string;
  readonly status: 'pending' | 'delivered' | 'dead';
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastResult?: string;
  readonly deliveredAt?: string;
}

export const newWebhookId = (): string => crockfordId('wh_', 16, true);

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export function matchesEvent(filters: readonly string[], eventType: string): boolean {
  return filters.some(
    (filter) =>
      filter === '*' ||
      filter === eventType ||
      (filter.endsWith('.*') && eventType.startsWith(filter.slice(0, -1))),
  );
}

/** The receiver's body: the event, with its per-dossier sequence number for ordering. */
export function callbackPayload(event: DomainEvent, sequence: number): string {
  return JSON.stringify({
    type: event.type,
    timestamp: event.occurredAt,
    data: {
      eventId: event.eventId,
      sequence,
      consignmentRef: event.consignmentRef,
      dossierCode: event.dossierCode,
      agencyCode: event.agencyCode,
      ...(event.itemCode ? { itemCode: event.itemCode } : {}),
      ...event.data,
    },
  });
}

export function newDelivery(
  subscription: Subscription,
  event: DomainEvent,
  sequence: number,
  now: Date,
): Delivery {
  return {
    webhookId: subscription.webhookId,
    eventId: event.eventId,
    agencyCode: subscription.agencyCode,
    consignmentRef: event.consignmentRef,
    sequence,
    messageId: `msg_${event.eventId}`,
    eventType: event.type,
    occurredAt: event.occurredAt,
    payload: callbackPayload(event, sequence),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.toISOString(),
  };
}

export type AttemptVerdict =
  | { readonly kind: 'delivered'; readonly delivery: Delivery }
  | { readonly kind: 'retry'; readonly delivery: Delivery; readonly waitSeconds: number }
  | { readonly kind: 'dead'; readonly delivery: Delivery };

/** What one attempt's result means for the delivery. */
export function afterAttempt(
  delivery: Delivery,
  result: { readonly ok: boolean; readonly detail: string },
  now: Date,
  backoffSeconds: readonly number[] = DEFAULT_BACKOFF_SECONDS,
): AttemptVerdict {
  const attempts = delivery.attempts + 1;
  if (result.ok) {
    return {
      kind: 'delivered',
      delivery: {
        ...delivery,
        status: 'delivered',
        attempts,
        lastResult: result.detail,
        deliveredAt: now.toISOString(),
      },
    };
  }
  const waitSeconds = backoffSeconds[attempts - 1];
  if (waitSeconds === undefined) {
    return { kind: 'dead', delivery: { ...delivery, status: 'dead', attempts, lastResult: result.detail } };
  }
  const nextAttemptAt = new Date(now.getTime() + waitSeconds * 1000).toISOString();
  return {
    kind: 'retry',
    waitSeconds,
    delivery: { ...delivery, attempts, lastResult: result.detail, nextAttemptAt },
  };
}

/** How long an endpoint waits before it is warned about and disabled. */
export interface FailingPolicy {
  readonly warnAfterSeconds: number;
  readonly disableAfterSeconds: number;
}

export const DEFAULT_FAILING_POLICY: FailingPolicy = {
  warnAfterSeconds: WARN_AFTER_FAILING_SECONDS,
  disableAfterSeconds: DISABLE_AFTER_FAILING_SECONDS,
};

/**
 * What a failed attempt means for its endpoint, from when its failures in a row began:
 * nothing yet, warn the owner (once), or disable it. A short outage never disables.
 */
export function failingVerdict(
  subscription: Pick<Subscription, 'failingSince' | 'warnedAt'>,
  now: Date,
  policy: FailingPolicy = DEFAULT_FAILING_POLICY,
): 'failing' | 'warn' | 'disable' {
  if (!subscription.failingSince) return 'failing';
  const failingSeconds = (now.getTime() - Date.parse(subscription.failingSince)) / 1000;
  if (failingSeconds >= policy.disableAfterSeconds) return 'disable';
  const warned = subscription.warnedAt !== undefined && subscription.warnedAt >= subscription.failingSince;
  return failingSeconds >= policy.warnAfterSeconds && !warned ? 'warn' : 'failing';
}

/** Seconds from an environment variable: a whole number above zero, or the default. */
export function secondsSetting(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text && Number.isInteger(value) && value > 0 ? value : fallback;
}

export function parseBackoff(text: string | undefined): readonly number[] {
  if (!text) return DEFAULT_BACKOFF_SECONDS;
  const seconds = text.split(',').map((part) => Number(part.trim()));
  if (
    seconds.length === 0 ||
    seconds.length > 10 ||
    seconds.some((value) => !Number.isInteger(value) || value < 0)
  ) {
    throw new Error(`Callback backoff must be up to 10 whole numbers of seconds, got ${text}`);
  }
  return seconds;
}

/** Loopback, private, link-local, carrier-grade NAT and other non-public ranges. */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return NON_PUBLIC.check(mapped[1] as string, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why a callback URL is refused, or null. Outside local mode it must be https and must not
 * name a non-public address; the addresses a host name resolves to are checked separately.
 */
export function callbackUrlProblem(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not a URL';
  }
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed';
  if (allowPrivate)
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? null : 'must be http(s)';
  if (parsed.protocol !== 'https:') return 'must be https';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.endsWith('.internal') ||
    host.endsWith('.local')
  ) {
    return 'must be a public host';
  }
  if (isIP(host) !== 0 && isNonPublicAddress(host))
    return 'points to a private, loopback or link-local address';
  return null;
}
