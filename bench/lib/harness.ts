/**
 * The embedded runtime, started in this process for the benchmarks, with three things added
 * from outside (no product code changes): every invocation is recorded (function, duration,
 * batch size, log output) and runs in an AsyncLocalStorage context that says which
 * invocation is running, so that DynamoDB requests and log lines can be put down to it; and
 * what the handlers write to stdout and stderr is counted (CloudWatch Logs would ingest it)
 * instead of printed.
 *
 * Powertools metrics are switched on (as in AWS), so that the handlers spend the time and
 * write the EMF lines they would in Lambda; the local runtime switches them off.
 *
 * Each benchmark gets a fresh runtime (an empty table, no other benchmark's stream backlog), on
 * the same ports and data folder every time: the handlers' modules stay loaded in this process
 * and keep the SDK clients (and the outbox path) they made on first use.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FunctionHost, InvocationOutcome } from '../../infra/local/functions.ts';
import { freePort } from '../../infra/local/ports.ts';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.ts';
import { localClientConfig } from '../../infra/local/services.ts';
import { ENV, queues, type Role, SERVICE_NAME, streamConsumer } from '../../infra/manifest.ts';

/** The functions that consume the table stream and the queues, from the manifest. */
export const CONSUMERS: readonly string[] = [
  ...new Set([streamConsumer.function, ...Object.values(queues).map((queue) => queue.consumer)]),
];

export interface Invocation {
  readonly id: string;
  readonly functionName: string;
  /** The first invocation of the function in this process: its module was imported then. */
  readonly cold: boolean;
  readonly startedAt: number;
  /** Queue and stream batches: how many records the event carried. */
  readonly records: number | undefined;
  /** The handler's own time, as Lambda bills it (the import of a cold start is not in it). */
  durationMs: number | undefined;
  status: InvocationOutcome['status'] | 'running';
  logBytes: number;
  logLines: number;
  /** The end of what it wrote, to explain a failure. */
  logTail: string;
}

export interface HttpAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field by the benchmarks
  readonly json: any;
}

export interface BenchRuntime {
  readonly runtime: LocalRuntime;
  readonly url: string;
  readonly invocations: readonly Invocation[];
  readonly errors: readonly string[];
  /** The invocation the calling code runs in, if any. */
  current(): Invocation | undefined;
  /** The document client the handlers share (created on first use, as in Lambda). */
  documentClient(): Promise<DynamoDBDocumentClient>;
  /** A client of the same DynamoDB Local that nothing observes. */
  readonly rawClient: DynamoDBClient;
  token(role: Role, tenant?: { agencyCode?: string; postOfficeCode?: string }): Promise<string>;
  call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer>;
  /** Waits until none of `functionNames` has run for `quietMs` (at most `limitMs`). */
  settle(functionNames: readonly string[], quietMs: number, limitMs: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((wake) => setTimeout(wake, ms));

/** The data folder and service ports every runtime of this process uses. */
let slot: Promise<{ dataDir: string; dynamoPort: number; queuePort: number }> | undefined;

/** Removes the data folder the runtimes shared; call once they are all stopped. */
export async function removeBenchRuntimeData(): Promise<void> {
  if (slot) rmSync((await slot).dataDir, { recursive: true, force: true });
}

export async function startBenchRuntime(log: (line: string) => void): Promise<BenchRuntime> {
  slot ??= (async () => ({
    dataDir: mkdtempSync(join(tmpdir(), 'bcci-bench-')),
    dynamoPort: await freePort(),
    queuePort: await freePort(),
  }))();
  const { dataDir, dynamoPort, queuePort } = await slot;
  const errors: string[] = [];
  // Every notice of a journey counts, at whatever hour the benchmark runs: quiet hours (21:00 to
  // 07:00 in Vietnam) would hold all but the delivery codes back past the measurement.
  process.env[ENV.quietHours] = 'off';
  const runtime = await startLocalRuntime({
    inMemory: true,
    dataDir,
    port: 0,
    hostname: '127.0.0.1',
    dynamoPort,
    queuePort,
    schedules: false,
    log: () => undefined,
    logError: (message, error) => {
      errors.push(`${message} ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
    },
  });
  log(`runtime up at ${runtime.url}, DynamoDB Local at ${runtime.services.dynamoEndpoint}`);
  // As in AWS (the local runtime switches metrics off): read when the Powertools singletons are made.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  process.env.POWERTOOLS_METRICS_NAMESPACE = SERVICE_NAME;

  const context = new AsyncLocalStorage<Invocation>();
  const invocations: Invocation[] = [];
  const functions: FunctionHost = runtime.functions;
  const invoke = functions.invoke.bind(functions);
  const seen = new Set<string>();
  functions.invoke = (name, event, options) => {
    const records = (event as { Records?: unknown[] } | null)?.Records;
    const invocation: Invocation = {
      id: `inv-${invocations.length + 1}`,
      functionName: name,
      cold: !seen.has(name),
      startedAt: Date.now(),
      records: Array.isArray(records) ? records.length : undefined,
      durationMs: undefined,
      status: 'running',
      logBytes: 0,
      logLines: 0,
      logTail: '',
    };
    seen.add(name);
    invocations.push(invocation);
    return context.run(invocation, async () => {
      const outcome = await invoke(name, event, options);
      invocation.durationMs = outcome.durationMs;
      invocation.status = outcome.status;
      return outcome;
    });
  };

  // Handler output is counted against its invocation and kept off the terminal.
  const streams = [process.stdout, process.stderr] as const;
  const originalWrites = streams.map((stream) => stream.write);
  for (const stream of streams) {
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const invocation = context.getStore();
      if (!invocation) return write(chunk, ...rest);
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      invocation.logBytes += Buffer.byteLength(text, 'utf8');
      invocation.logLines += text.split('\n').filter((line) => line.length > 0).length;
      invocation.logTail = (invocation.logTail + text).slice(-2_000);
      const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }

  const rawClient = new DynamoDBClient(localClientConfig(runtime.services.dynamoEndpoint));
  const call: BenchRuntime['call'] = async (method, path, token, body, headers = {}) => {
    const answer = await fetch(`${runtime.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // Not JSON (a PDF): the text stands.
    }
    return { status: answer.status, json };
  };

  return {
    runtime,
    url: runtime.url,
    invocations,
    errors,
    current: () => context.getStore(),
    documentClient: async () =>
      (await import('../../functions/commons/dynamodb-client.ts')).dynamoDocumentClient(),
    rawClient,
    token: (role, tenant = {}) => runtime.issuer.sign({ role, ...tenant }),
    call,
    settle: async (functionNames, quietMs, limitMs) => {
      const deadline = Date.now() + limitMs;
      for (;;) {
        const relevant = invocations.filter((invocation) => functionNames.includes(invocation.functionName));
        const running = relevant.some((invocation) => invocation.status === 'running');
        const last = Math.max(0, ...relevant.map((invocation) => invocation.startedAt));
        if (!running && Date.now() - last >= quietMs) return;
        if (Date.now() > deadline) {
          errors.push(`${functionNames.join(', ')} still busy after ${limitMs} ms`);
          return;
        }
        await sleep(100);
      }
    },
    stop: async () => {
      rawClient.destroy();
      await runtime.stop();
      streams.forEach((stream, index) => {
        stream.write = originalWrites[index] as typeof stream.write;
      });
    },
  };
}
