/** Secrets a function needs, read once and kept for five minutes (Powertools Parameters). */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { ENV } from '../../infra/manifest.ts';
import { requiredEnv } from './clients.ts';

const MIN_SECRET_LENGTH = 32;
const SECRET_MAX_AGE_SECONDS = 300;

/** The key that derives one-time delivery codes: given directly locally, from Secrets Manager in AWS. */
export async function deliveryCodeSecret(): Promise<string> {
  const secret =
    process.env[ENV.deliveryCodeSecret] ??
    (await getSecret<string>(requiredEnv(ENV.deliveryCodeSecretArn), { maxAge: SECRET_MAX_AGE_SECONDS }));
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`The delivery code secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return secret;
}
