/**
 * Runs the manifest's functions in this process the way Lambda would call them: the module
 * named by the function's `entry` is imported once (a cold start), its `handler` is called
 * with the event and a Lambda `Context`, and an invocation that outlives the function's
 * timeout is abandoned and reported as timed out.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { SERVICE_NAME } from '../manifest.ts';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './constants.ts';
import { functionSpec, type LocalFunctionSpec, type LocalManifest } from './local-manifest.ts';

export type LambdaHandler = (event: unknown, context: Context, callback?: LambdaCallback) => unknown;
type LambdaCallback = (error?: unknown, result?: unknown) => void;

export type InvocationOutcome =
  | { readonly status: 'succeeded'; readonly result: unknown; readonly durationMs: number }
  | { readonly status: 'failed'; readonly error: unknown; readonly durationMs: number }
  | { readonly status: 'timed-out'; readonly timeoutMs: number; readonly durationMs: number };

export interface InvokeOptions {
  /** How long the caller waits, when shorter than the function's timeout (API Gateway's 30 s). */
  readonly timeoutMs?: number;
  /** Request id of the invocation; a fresh UUID otherwise. */
  readonly requestId?: string;
}

/** The deployed name of a function, as the Lambda context and ARNs show it. */
export const deployedFunctionName = (name: string): string => `${SERVICE_NAME}-${name}`;

export const functionArn = (name: string): string =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${deployedFunctionName(name)}`;

/** A Lambda `Context` whose remaining time counts down to `deadline` (epoch ms). */
export function createLambdaContext(
  name: string,
  spec: LocalFunctionSpec,
  deadline: number,
  requestId: string = randomUUID(),
): Context {
  const functionName = deployedFunctionName(name);
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = (method: string) => () => {
    throw new Error(`context.${method}() is deprecated and not supported: return a value or a promise`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(name),
    memoryLimitInMB: String(spec.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}

export interface FunctionHostOptions {
  readonly manifest: LocalManifest;
  /** The folder function entries are relative to: the repository root. */
  readonly rootDir: string;
}

export class FunctionHost {
  readonly manifest: LocalManifest;
  readonly rootDir: string;
  readonly #handlers = new Map<string, Promise<LambdaHandler>>();

  constructor(options: FunctionHostOptions) {
    this.manifest = options.manifest;
    this.rootDir = options.rootDir;
  }

  spec(name: string): LocalFunctionSpec {
    return functionSpec(this.manifest, name);
  }

  /** Imports the function's module once and returns its `handler`. */
  handler(name: string): Promise<LambdaHandler> {
    let loading = this.#handlers.get(name);
    if (!loading) {
      const file = resolve(this.rootDir, this.spec(name).entry);
      loading = import(pathToFileURL(file).href).then((module: Record<string, unknown>) => {
        if (typeof module.handler !== 'function')
          throw new Error(`${file} does not export a handler function`);
        return module.handler as LambdaHandler;
      });
      // A module that failed to load (a syntax error being fixed) is tried again next time.
      loading.catch(() => this.#handlers.delete(name));
      this.#handlers.set(name, loading);
    }
    return loading;
  }

  /** Calls the function; never throws: the outcome says what happened. */
  async invoke(name: string, event: unknown, options: InvokeOptions = {}): Promise<InvocationOutcome> {
    const requested = Date.now();
    const spec = this.spec(name);
    const functionTimeoutMs = spec.timeoutSeconds * 1000;
    let handler: LambdaHandler;
    try {
      // A cold start: as in Lambda, the module's initialisation does not count against the timeout.
      handler = await this.handler(name);
    } catch (error) {
      return { status: 'failed', error, durationMs: Date.now() - requested };
    }
    const started = Date.now();
    // The caller may give up sooner (API Gateway after 30 s) than the function's own clock, and
    // it has already waited for the cold start.
    const timeoutMs = Math.max(
      0,
      Math.min(functionTimeoutMs, (options.timeoutMs ?? Number.POSITIVE_INFINITY) - (started - requested)),
    );
    const context = createLambdaContext(name, spec, started + functionTimeoutMs, options.requestId);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timedOut = new Promise<'timed-out'>((resolveTimeout) => {
        timer = setTimeout(() => resolveTimeout('timed-out'), timeoutMs);
      });
      const outcome = await Promise.race([callHandler(handler, event, context), timedOut]);
      if (outcome === 'timed-out')
        return { status: 'timed-out', timeoutMs, durationMs: Date.now() - started };
      return { status: 'succeeded', result: outcome.result, durationMs: Date.now() - started };
    } catch (error) {
      return { status: 'failed', error, durationMs: Date.now() - started };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Supports async handlers and callback-style ones alike. */
function callHandler(handler: LambdaHandler, event: unknown, context: Context): Promise<{ result: unknown }> {
  return new Promise((resolveCall, rejectCall) => {
    let settled = false;
    const settle = (error: unknown, result?: unknown): void => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) rejectCall(error);
      else resolveCall({ result });
    };
    try {
      const returned = handler(event, context, (error, result) => settle(error, result));
      if (
        returned !== null &&
        typeof returned === 'object' &&
        typeof (returned as Promise<unknown>).then === 'function'
      ) {
        (returned as Promise<unknown>).then(
          (result) => settle(undefined, result),
          (error: unknown) => settle(error ?? new Error('The handler rejected without a reason')),
        );
      } else if (handler.length < 3) {
        settle(undefined, returned);
      }
    } catch (error) {
      settle(error);
    }
  });
}
