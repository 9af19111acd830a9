/**
 * The Powertools singletons every function shares: one logger and one metrics.
 * Traces come from Lambda's active tracing (a segment per invocation) and every log line carries
 * its X-Ray trace id; the Powertools Tracer is left out because the X-Ray SDK it loads, and the
 * `fetch` stack its ESM import of `node:http` brings in, cost a cold start some 60 ms.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../infra/manifest.ts';

/** Keys whose values are personal data (Decree 13/2023 on personal data protection): never logged. */
const PERSONAL_DATA_KEYS = new Set([
  'fullname',
  'phone',
  'email',
  'idnumber',
  'idlast4',
  'address',
  'line',
  'recipientname',
  'otp',
  'authorization',
  'secret',
  'location',
]);

export const REDACTED = '[redacted]';

/** JSON replacer that masks personal data wherever it appears in a logged object. */
export function redactPersonalData(key: string, value: unknown): unknown {
  if (key !== '' && PERSONAL_DATA_KEYS.has(key.toLowerCase()) && value !== undefined && value !== null) {
    return REDACTED;
  }
  return value;
}

export const logger = new Logger({ serviceName: SERVICE_NAME, jsonReplacerFn: redactPersonalData });
export const metrics = new Metrics({ serviceName: SERVICE_NAME, namespace: METRICS_NAMESPACE });
