/**
 * The embedded runtime as one piece: the HTTP API, the local AWS services, the queue and
 * stream pollers and the schedules, all built from one manifest. `npm start` runs it
 * (infra/local/main.ts); tests start it with a fixture manifest.
 *
 * The HTTP port is bound first, so that a taken port fails at once, before Java starts;
 * requests that arrive while the rest starts wait for it, like a cold start.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevIssuer, openDevIssuer } from '../../functions/commons/auth/dev-issuer.ts';
import { ENV } from '../manifest.ts';
import { consoleHandler } from './console.ts';
import { DEFAULT_DATA_DIR } from './constants.ts';
import { FunctionHost } from './functions.ts';
import { type LocalHttpServer, startHttpServer } from './http.ts';
import { type LocalManifest, systemManifest } from './local-manifest.ts';
import { type QueuePollers, startQueuePollers } from './queues.ts';
import { parseScheduleExpression, type RunningSchedules, startSchedules } from './schedules.ts';
import { seedLocalReferenceData } from './seed.ts';
import { applyEnv, type LocalServices, startLocalServices } from './services.ts';
import { type StreamPoller, startStreamPoller } from './stream.ts';
import { ClientThrottle, THROTTLE_ENV, throttleFromEnv } from './throttle.ts';

/** The repository root: function entries in the manifest are relative to it. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LocalRuntimeOptions {
  readonly manifest?: LocalManifest;
  /** The folder function entries are relative to; the repository root by default. */
  readonly rootDir?: string;
  readonly dataDir?: string;
  readonly inMemory?: boolean;
  /** The HTTP port: 3000 by default, 0 for any free port. */
  readonly port?: number;
  readonly hostname?: string;
  readonly dynamoPort?: number;
  readonly queuePort?: number;
  /** Run the manifest's schedules; true by default. */
  readonly schedules?: boolean;
  /** Seed the demo reference data (post offices, agencies) where missing; true by default. */
  readonly seed?: boolean;
  /** How long `stop()` lets requests and batches in flight finish; 15 s by default. */
  readonly drainTimeoutMs?: number;
  readonly log?: (line: string) => void;
  readonly logError?: (message: string, error: unknown) => void;
  /** Serve the web console (web/dist) at `/` beside the API; true by default. */
  readonly console?: boolean;
}

export interface LocalRuntime {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly services: LocalServices;
  readonly issuer: DevIssuer;
  readonly functions: FunctionHost;
  readonly schedules: RunningSchedules | undefined;
  /** Stops everything, the Java process included, and waits for it. */
  stop(): Promise<void>;
}

export const streamCheckpointFile = (dataDir: string): string => join(dataDir, 'stream-checkpoints.json');
export const queueBatchesInFlightFile = (dataDir: string): string =>
  join(dataDir, 'queue-batches-in-flight.json');
export const scheduleStateFile = (dataDir: string): string => join(dataDir, 'schedules.json');
export const DEFAULT_DRAIN_TIMEOUT_MS = 15_000;

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const manifest = options.manifest ?? systemManifest;
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  mkdirSync(dataDir, { recursive: true });

  const functions = new FunctionHost({ manifest, rootDir: options.rootDir ?? REPOSITORY_ROOT });
  checkSchedules(manifest, functions);
  const issuer = await openDevIssuer(dataDir);
  const readiness = startReadiness();

  const http: LocalHttpServer = await startHttpServer({
    functions,
    verifyToken: (token) => issuer.verify(token),
    port: options.port,
    hostname: options.hostname,
    throttle: new ClientThrottle(throttleFromEnv(process.env[THROTTLE_ENV])),
    ready: readiness.ready,
    log,
    logError,
    ...((options.console ?? true) ? { console: consoleHandler({ issuer }) } : {}),
  });

  const drainMs = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
  const parts: RunningParts = {};
  const stopAll = async (): Promise<void> => {
    // No new requests, polls or runs; what is in flight finishes (within the bound) while the
    // services it needs are still up. What the bound cuts short is redone at the next start.
    await Promise.allSettled([
      parts.queuePollers?.stop(),
      parts.streamPoller?.stop(),
      parts.schedules?.stop(),
      http.close(drainMs),
    ]);
    await parts.services?.stop();
  };

  let services: LocalServices;
  try {
    services = await startServices(options, { manifest, dataDir, httpUrl: http.url, log }, parts);
    startPollersAndSchedules(options, { functions, services, dataDir, drainMs, log, logError }, parts);
  } catch (error) {
    readiness.markFailed(error);
    await stopAll();
    throw error;
  }
  readiness.markReady();

  let stopping: Promise<void> | undefined;
  return {
    url: http.url,
    port: http.port,
    dataDir,
    services,
    issuer,
    functions,
    schedules: parts.schedules,
    stop: () => {
      stopping ??= stopAll();
      return stopping;
    },
  };
}

/** What has started so far, so that a failed start or a stop stops just that. */
interface RunningParts {
  services?: LocalServices;
  queuePollers?: QueuePollers;
  streamPoller?: StreamPoller;
  schedules?: RunningSchedules;
}

/** A wrong schedule expression or function name fails now, not at its first run. */
function checkSchedules(manifest: LocalManifest, functions: FunctionHost): void {
  for (const [name, schedule] of Object.entries(manifest.schedules)) {
    functions.spec(schedule.function);
    try {
      parseScheduleExpression(schedule.expression, schedule.timezone);
    } catch (error) {
      throw new Error(`Schedule ${name}: ${(error as Error).message}`);
    }
  }
}

/** A promise that requests wait on while the rest starts, settled once it has. */
function startReadiness(): {
  ready: Promise<void>;
  markReady: () => void;
  markFailed: (error: unknown) => void;
} {
  let markReady!: () => void;
  let markFailed!: (error: unknown) => void;
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    markReady = resolveReady;
    markFailed = rejectReady;
  });
  ready.catch(() => undefined);
  return { ready, markReady, markFailed };
}

/** DynamoDB Local and the queues, their endpoints given to the handlers, the demo data seeded. */
async function startServices(
  options: LocalRuntimeOptions,
  context: { manifest: LocalManifest; dataDir: string; httpUrl: string; log: (line: string) => void },
  parts: RunningParts,
): Promise<LocalServices> {
  const services = await startLocalServices({
    manifest: context.manifest,
    dataDir: context.dataDir,
    inMemory: options.inMemory ?? false,
    dynamoPort: options.dynamoPort,
    queuePort: options.queuePort,
  });
  parts.services = services;
  // The handlers run in this process: their SDK clients read the endpoints from here.
  // Labels print tracking links to this runtime's own tracking route; receipts the address of
  // the console's receipt lookup page, which this runtime serves.
  applyEnv({
    ...services.env,
    [ENV.trackingBaseUrl]: `${context.httpUrl}/v1`,
    [ENV.publicSiteUrl]: context.httpUrl,
  });
  if (options.seed ?? true) {
    const seeded = await seedLocalReferenceData(services);
    if (seeded.postOffices + seeded.agencies > 0) {
      context.log(
        `Seeded demo reference data: ${seeded.postOffices} post offices, ${seeded.agencies} agencies`,
      );
    }
  }
  return services;
}

/** The queue pollers, the stream poller (when the manifest has a consumer) and the schedules. */
function startPollersAndSchedules(
  options: LocalRuntimeOptions,
  context: {
    functions: FunctionHost;
    services: LocalServices;
    dataDir: string;
    drainMs: number;
    log: (line: string) => void;
    logError: (message: string, error: unknown) => void;
  },
  parts: RunningParts,
): void {
  const { functions, services, dataDir, drainMs, log, logError } = context;
  const inMemory = options.inMemory ?? false;
  parts.queuePollers = startQueuePollers({
    functions,
    queueEndpoint: services.queueEndpoint,
    queueUrls: services.queueUrls,
    stopGraceMs: drainMs,
    ...(inMemory ? {} : { inFlightFile: queueBatchesInFlightFile(dataDir) }),
    log,
    logError,
  });
  const { streamConsumer } = functions.manifest;
  if (streamConsumer) {
    parts.streamPoller = startStreamPoller({
      functions,
      consumer: streamConsumer,
      dynamoEndpoint: services.dynamoEndpoint,
      tableName: services.tableName,
      queueEndpoint: services.queueEndpoint,
      failuresQueueUrl: services.streamFailuresQueueUrl,
      ...(inMemory ? {} : { checkpointFile: streamCheckpointFile(dataDir) }),
      stopGraceMs: drainMs,
      log,
      logError,
    });
  }
  if (options.schedules ?? true) {
    parts.schedules = startSchedules({
      functions,
      stopGraceMs: drainMs,
      ...(inMemory ? {} : { stateFile: scheduleStateFile(dataDir) }),
      log,
      logError,
    });
  }
}
