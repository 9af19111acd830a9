/**
 * Per-client throttling of the local HTTP API: a token bucket per source address, refilled at
 * a steady rate up to a burst. A request that finds the bucket empty is answered 429 before
 * any function runs. Buckets of clients gone quiet are forgotten, and their number is bounded.
 */

export interface ThrottleLimits {
  /** Requests a second a client may keep up. */
  readonly ratePerSecond: number;
  /** Requests a client may send at once after a quiet spell. */
  readonly burst: number;
}

/** Generous for a person or a scanner; a guessing loop meets it within a second or two. */
export const DEFAULT_THROTTLE: ThrottleLimits = { ratePerSecond: 50, burst: 100 };
/** Clients remembered at once; past it, the longest-quiet are forgotten first. */
const MAX_CLIENTS = 10_000;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class ClientThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly limits: ThrottleLimits = DEFAULT_THROTTLE) {
    if (!(limits.ratePerSecond > 0) || !(limits.burst >= 1))
      throw new Error('Throttle limits must be positive');
  }

  /** Takes one request's token for `client`: false when it has none left. */
  take(client: string, nowMs: number = Date.now()): boolean {
    const bucket = this.buckets.get(client) ?? { tokens: this.limits.burst, updatedMs: nowMs };
    const refill = (Math.max(0, nowMs - bucket.updatedMs) / 1000) * this.limits.ratePerSecond;
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + refill);
    bucket.updatedMs = nowMs;
    // Re-inserted, so that the map's order is the order of last use.
    this.buckets.delete(client);
    this.buckets.set(client, bucket);
    if (this.buckets.size > MAX_CLIENTS) {
      const quietest = this.buckets.keys().next().value;
      if (quietest !== undefined) this.buckets.delete(quietest);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `client` has a token again. */
  retryAfterSeconds(client: string): number {
    const bucket = this.buckets.get(client);
    if (!bucket || bucket.tokens >= 1) return 0;
    return Math.ceil((1 - bucket.tokens) / this.limits.ratePerSecond);
  }
}

/** The environment variable that sets the limits: `rate,burst`. */
export const THROTTLE_ENV = 'BRIDGE_THROTTLE';

/** `BRIDGE_THROTTLE=rate,burst` (e.g. `50,100`), or the default. */
export function throttleFromEnv(value: string | undefined): ThrottleLimits {
  if (!value) return DEFAULT_THROTTLE;
  const [rate, burst] = value.split(',').map(Number);
  if (!rate || !burst || rate <= 0 || burst < 1) {
    throw new Error(`BRIDGE_THROTTLE must be "rate,burst" with positive numbers, got "${value}"`);
  }
  return { ratePerSecond: rate, burst };
}
