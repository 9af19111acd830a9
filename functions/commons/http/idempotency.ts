/**
 * `Idempotency-Key` for POSTs (API.md): the same key with the same body returns the first
 * answer; the same key with a different body is a 409. Keys are scoped to the caller and
 * the route, so two agencies can never collide. A key whose request is still running is
 * a 409 too; one whose request died (past the function's timeout) can be taken over.
 */
import { createHash } from 'node:crypto';

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
  claim(key: string, fingerprint: string, nowMs: number, inProgressUntilMs: number): Promise<IdempotencyClaim>;
  complete(key: string, fingerprint: string, answer: StoredAnswer, nowMs: number): Promise<void>;
  /** Lets a later retry run again (the request failed with a server error). */
  release(key: string): Promise<void>;
}

/** Stable JSON: object keys sorted, so that formatting does not change the fingerprint. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('base64url');

export const requestFingerprint = (routeKey: string, path: string, body: unknown): string =>
  sha256(`${routeKey}\n${path}\n${canonicalJson(body)}`);

export const scopedIdempotencyKey = (subject: string, routeKey: string, key: string): string =>
  `${sha256(subject)}:${routeKey}:${key}`;
