/**
 * Global setup of the `integration` project: the local services (DynamoDB Local and fauxqs,
 * in memory, on free ports) started once per run, with the table, queues and bucket of the
 * system's manifest.
 *
 * Integration tests reach them with plain AWS SDK clients: the endpoints, names and dummy
 * credentials are written into `process.env` before the test workers start, so the SDK's
 * `AWS_ENDPOINT_URL_*` lookup and `requiredEnv(...)` find them. A test can also read them with
 * `inject('localServices')`.
 */
import type { TestProject } from 'vitest/node';
import { applyEnv, type LocalServices, startLocalServices } from '../../infra/local/services.ts';

export interface ProvidedLocalServices {
  readonly env: Readonly<Record<string, string>>;
  readonly dynamoEndpoint: string;
  readonly queueEndpoint: string;
  readonly s3Endpoint: string;
  readonly tableName: string;
  readonly bucketName: string;
  readonly queueUrls: Readonly<Record<string, string>>;
  readonly deadLetterQueueUrls: Readonly<Record<string, string>>;
  readonly streamFailuresQueueUrl: string;
  readonly outboxDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    localServices: ProvidedLocalServices;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  // In memory: nothing to clean between runs; the folder holds only the outbox and the dev key.
  const dataDir = mkdtempSync(join(tmpdir(), 'bcci-integration-'));
  let services: LocalServices;
  try {
    services = await startLocalServices({ dataDir, inMemory: true, dynamoPort: 0, queuePort: 0 });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const previous = Object.fromEntries(Object.keys(services.env).map((name) => [name, process.env[name]]));
  applyEnv(services.env);
  project.provide('localServices', {
    env: services.env,
    dynamoEndpoint: services.dynamoEndpoint,
    queueEndpoint: services.queueEndpoint,
    s3Endpoint: services.s3Endpoint,
    tableName: services.tableName,
    bucketName: services.bucketName,
    queueUrls: services.queueUrls,
    deadLetterQueueUrls: services.deadLetterQueueUrls,
    streamFailuresQueueUrl: services.streamFailuresQueueUrl,
    outboxDir: join(dataDir, 'outbox'),
  });
  return async () => {
    await services.stop();
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
