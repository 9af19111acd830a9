/**
 * `Idempotency-Key` for POSTs (API.md): the same key with the same body returns the first
 * answer; the same key with a different body is a 409. Keys are scoped to the caller and
 * the route, so two agencies can never collide. A key whose request is still running is
 * a 409 too; one whose request died (past the function's timeout) can be taken over.
 */
import { canonicalJson, sha256 } from '../../domain/canonical.ts';

export { canonicalJson, sha256 };

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9._:-]{8,128}$/;
/** How long an answer is replayed for a key. */
export const IDEMPOTENCY_RETENTION_SECONDS = 24 * 60 * 60;

export interface StoredAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'completed'; readonly fingerprint: string; readonly answer: StoredAnswer }
  | { readonly kind: 'in-progress'; readonly fingerprint: string };

export interface IdempotencyStore {
  /** Claims the key for this request unless an unexpired record holds it. */
  claim(
    key: string,
    fingerprint: string,
    nowMs: number,
    inProgressUntilMs: number,
  ): Promise<IdempotencyClaim>;
  complete(key: string, fingerprint: string, answer: StoredAnswer, nowMs: number): Promise<void>;
  /** Lets a later retry run again (the request failed with a server error). */
  release(key: string): Promise<void>;
}

export const requestFingerprint = (routeKey: string, path: string, body: unknown): string =>
  sha256(`${routeKey}\n${path}\n${canonicalJson(body)}`);

export const scopedIdempotencyKey = (subject: string, routeKey: string, key: string): string =>
  `${sha256(subject)}:${routeKey}:${key}`;
