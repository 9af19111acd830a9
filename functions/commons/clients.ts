/**
 * Where a function finds its resources: the names the stack (or the embedded runtime) puts
 * in its environment. Each AWS client lives in its own module, so that a function loads only
 * the SDK clients it uses.
 */
import { ENV, type QueueName } from '../../infra/manifest.ts';

export const isLocalRuntime = (): boolean => process.env[ENV.runtime] === 'local';

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

export const tableName = (): string => requiredEnv(ENV.tableName);
export const bucketName = (): string => requiredEnv(ENV.bucketName);
export const queueUrl = (queue: QueueName): string => requiredEnv(ENV.queueUrl(queue));
