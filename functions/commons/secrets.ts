/**
 * Secrets a function needs: given directly locally, from Secrets Manager in AWS, read on first
 * need and kept for five minutes.
 *
 * The Secrets Manager client loads with the first read. The functions that hold a secret need
 * it rarely (a delivery confirmed with a one-time code, an out-for-delivery message), and
 * loading the client with the module cost every cold start some 12–16 ms (bench/bundles.ts).
 */
import type * as ClientSecretsManager from '@aws-sdk/client-secrets-manager';
import { ENV } from '../../infra/manifest.ts';
import { requiredEnv } from './clients.ts';
import { requireSdk } from './sdk/require.ts';

const MIN_SECRET_LENGTH = 32;
export const SECRET_MAX_AGE_MS = 5 * 60_000;

let client: ClientSecretsManager.SecretsManagerClient | undefined;
/** By secret id: one entry per secret the function's environment names. */
const kept = new Map<string, { readonly text: Promise<string>; readonly untilMs: number }>();

async function readSecret(secretId: string): Promise<string> {
  const sdk: typeof ClientSecretsManager = requireSdk('@aws-sdk/client-secrets-manager');
  client ??= new sdk.SecretsManagerClient({});
  const answer = await client.send(new sdk.GetSecretValueCommand({ SecretId: secretId }));
  if (answer.SecretString === undefined) throw new Error(`Secret ${secretId} holds no text`);
  return answer.SecretString;
}

/** A secret's text: from memory when read in the last five minutes; a failed read is not kept. */
export function secretText(secretId: string, nowMs: number = Date.now()): Promise<string> {
  const held = kept.get(secretId);
  if (held && held.untilMs > nowMs) return held.text;
  const text = readSecret(secretId);
  kept.set(secretId, { text, untilMs: nowMs + SECRET_MAX_AGE_MS });
  text.catch(() => {
    if (kept.get(secretId)?.text === text) kept.delete(secretId);
  });
  return text;
}

/** The key that derives one-time delivery codes. */
export async function deliveryCodeSecret(): Promise<string> {
  const secret =
    process.env[ENV.deliveryCodeSecret] ?? (await secretText(requiredEnv(ENV.deliveryCodeSecretArn)));
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`The delivery code secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}

/** The key that authenticates pagination cursors (functions/commons/http/cursor.ts). */
export async function cursorSecret(): Promise<string> {
  const secret = process.env[ENV.cursorSecret] ?? (await secretText(requiredEnv(ENV.cursorSecretArn)));
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`The cursor secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}
