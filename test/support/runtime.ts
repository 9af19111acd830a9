/**
 * Runs the real embedded runtime (`npm start`'s entry) as a child process, for end-to-end
 * tests over HTTP. Every wait has a deadline; stopping waits for the process to exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { openDevIssuer } from '../../functions/commons/auth/dev-issuer.ts';
import type { Role } from '../../infra/manifest.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const START_DEADLINE_MS = 90_000;
const STOP_DEADLINE_MS = 30_000;

export interface RunningRuntime {
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  output(): string;
  /** Waits until the runtime's output matches `pattern` (after what it printed so far is looked at too). */
  waitForOutput(pattern: RegExp, deadlineMs: number): Promise<string>;
  token(
    role: Role,
    tenant?: { agencyCode?: string; postOfficeCode?: string; provinceCode?: string; subject?: string },
  ): Promise<string>;
  /** SIGINT, as Ctrl-C would send; answers the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL to the runtime's whole process group (DynamoDB Local's Java included), as `kill -9 -PGID`. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function waitForExit(child: ChildProcess, deadlineMs: number): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolveExit, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`process ${child.pid} did not exit in ${deadlineMs} ms`)),
      deadlineMs,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolveExit(code);
    });
  });
}

export async function startRuntime(options: {
  dataDir: string;
  inMemory?: boolean;
  /** Serve the web console beside the API (the browser tests); the API alone by default. */
  console?: boolean;
  port?: number;
  /** Extra environment for the runtime, e.g. a faster callback backoff. */
  env?: Record<string, string>;
  /** Its own process group, so that `kill()` can take the whole runtime down at once. */
  ownProcessGroup?: boolean;
  /** More options for `npm start`, e.g. `--demo`. */
  args?: readonly string[];
}): Promise<RunningRuntime> {
  const port = options.port ?? (await freePort());
  // Any free ports for DynamoDB Local and fauxqs: runtimes of parallel test runs never meet.
  const args = ['--import', 'tsx', 'infra/local/main.ts', '--data-dir', options.dataDir];
  args.push('--dynamo-port', '0', '--queue-port', '0');
  if (options.inMemory) args.push('--in-memory');
  if (!options.console) args.push('--api-only');
  args.push(...(options.args ?? []));
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // Tests send from one address far faster than a person: the per-client throttle is opened wide.
    env: { ...process.env, BRIDGE_THROTTLE: '100000,100000', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  if (options.ownProcessGroup) {
    // Its own group does not hear the test run's Ctrl-C: it goes when the test process goes.
    const killGroup = () => {
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    process.once('exit', killGroup);
    child.once('exit', () => process.removeListener('exit', killGroup));
  }
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_DEADLINE_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`runtime exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGINT');
      throw new Error(`runtime did not answer /health within ${START_DEADLINE_MS} ms:\n${output}`);
    }
    const healthy = await fetch(`${url}/health`)
      .then((answer) => answer.status === 200)
      .catch(() => false);
    if (healthy) break;
    await new Promise((wake) => setTimeout(wake, 250));
  }
  const issuer = await openDevIssuer(options.dataDir);
  return {
    url,
    dataDir: options.dataDir,
    child,
    output: () => output,
    waitForOutput: async (pattern, deadlineMs) => {
      const waitUntil = Date.now() + deadlineMs;
      for (;;) {
        const found = pattern.exec(output);
        if (found) return found[0];
        if (child.exitCode !== null) throw new Error(`runtime exited with ${child.exitCode}:\n${output}`);
        if (Date.now() > waitUntil)
          throw new Error(`runtime did not print ${pattern} within ${deadlineMs} ms`);
        await new Promise((wake) => setTimeout(wake, 250));
      }
    },
    token: (role, tenant = {}) => issuer.sign({ role, ...tenant }),
    stop: async () => {
      child.kill('SIGINT');
      return waitForExit(child, STOP_DEADLINE_MS);
    },
    kill: async () => {
      if (!options.ownProcessGroup)
        throw new Error('kill() needs a runtime started in its own process group');
      const exited = waitForExit(child, STOP_DEADLINE_MS);
      process.kill(-(child.pid ?? 0), 'SIGKILL');
      await exited;
    },
  };
}

/** Polls until `probe` answers something other than undefined, or the deadline passes. */
export async function eventually<T>(probe: () => Promise<T | undefined>, deadlineMs = 20_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${deadlineMs} ms`);
    await new Promise((wake) => setTimeout(wake, 200));
  }
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field and assert on them
type Answer = Record<string, any>;

/** One API call with a bearer token and a JSON body, answered as status and parsed JSON. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; json: Answer }> {
  const answer = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.status, json: (await answer.json()) as Answer };
}
