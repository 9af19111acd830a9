/**
 * `Idempotency-Key` for POSTs (API.md): the same key with the same body returns the first
 * answer; the same key with a different body is a 409. Keys are scoped to the caller and
 * the route, so two agencies can never collide. A key whose request is still running is
 * a 409 too; one whose request died (past the function's timeout) can be taken over.
 */
import { createHash } from 'node:crypto';
import { sha256 } from '../../domain/canonical.ts';

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

/**
 * The request's fingerprint: its route, path and body bytes as they arrived. Raw bytes, not
 * a canonical form of the parsed body: nothing recursive runs over what a caller sent, and a
 * retry sends the same bytes.
 */
export const requestFingerprint = (routeKey: string, path: string, rawBody: string | undefined): string =>
  createHash('sha256')
    .update(`${routeKey}\n${path}\n`)
    .update(rawBody ?? '')
    .digest('base64url');

/**
 * A key is the caller's own: scoped by the tenant (agency or post office) and the subject of
 * the token, and by the route, so no caller can ever be handed another's stored answer.
 */
export const scopedIdempotencyKey = (
  caller: { readonly subject: string; readonly agencyCode?: string; readonly postOfficeCode?: string } | null,
  routeKey: string,
  key: string,
): string => {
  const tenant = caller
    ? `${caller.agencyCode ?? '-'}|${caller.postOfficeCode ?? '-'}|${caller.subject}`
    : 'public';
  return `${sha256(tenant)}:${routeKey}:${key}`;
};
