/**
 * The embedded runtime as the fault-injection suite drives it: started in its own process
 * group, killed outright (SIGKILL of the group) and started again on the same data folder,
 * and a client that behaves as a scanner or an agency system does when the server goes away
 * — it waits, and sends the same request again with the same Idempotency-Key.
 */
import type { Role } from '../../infra/manifest.ts';
import { type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field by the runner
export type Json = Record<string, any>;

/** How long one request is tried before the run is declared stuck. */
const REQUEST_DEADLINE_MS = 180_000;
const RETRY_PAUSE_MS = 300;
const ATTEMPT_TIMEOUT_MS = 40_000;

export interface SimRuntimeOptions {
  readonly dataDir: string;
  readonly inMemory: boolean;
  /** The environment of each start: the fault plan names the incarnation, so each start draws its own faults. */
  readonly env: (incarnation: number) => Record<string, string>;
}

export class SimRuntime {
  readonly #options: SimRuntimeOptions;
  #runtime: RunningRuntime | undefined;
  #ready: Promise<RunningRuntime>;
  incarnation = 0;
  retries = 0;
  /** What the runtimes before a restart printed. */
  #earlierOutput = '';
  readonly #tokens = new Map<string, string>();

  private constructor(options: SimRuntimeOptions, ready: Promise<RunningRuntime>) {
    this.#options = options;
    this.#ready = ready;
  }

  static async start(options: SimRuntimeOptions): Promise<SimRuntime> {
    const ready = startRuntime({
      dataDir: options.dataDir,
      inMemory: options.inMemory,
      ownProcessGroup: true,
      env: options.env(0),
    });
    const runtime = new SimRuntime(options, ready);
    runtime.#runtime = await ready;
    return runtime;
  }

  /** SIGKILL to the whole runtime, then a start on the same data folder; requests wait meanwhile. */
  async killAndRestart(): Promise<void> {
    const killed = this.#runtime;
    this.#earlierOutput += `${killed?.output() ?? ''}\n--- killed (SIGKILL) and started again ---\n`;
    this.#runtime = undefined;
    this.incarnation++;
    this.#ready = (async () => {
      await killed?.kill();
      return startRuntime({
        dataDir: this.#options.dataDir,
        inMemory: this.#options.inMemory,
        ownProcessGroup: true,
        env: this.#options.env(this.incarnation),
      });
    })();
    this.#runtime = await this.#ready;
  }

  async stop(): Promise<void> {
    const runtime = await this.#ready.catch(() => undefined);
    await runtime?.stop();
  }

  output(): string {
    return `${this.#earlierOutput}${this.#runtime?.output() ?? ''}`;
  }

  async token(role: Role, tenant: { agencyCode?: string; postOfficeCode?: string } = {}): Promise<string> {
    const key = `${role}:${tenant.agencyCode ?? ''}:${tenant.postOfficeCode ?? ''}`;
    let token = this.#tokens.get(key);
    if (!token) {
      token = await (await this.#ready).token(role, tenant);
      this.#tokens.set(key, token);
    }
    return token;
  }

  /**
   * One request, tried until the system answers it: through a restart (connection refused or
   * cut), a server error (an injected fault got through), or a request with the same key still
   * in progress. A 4xx other than that is the answer.
   */
  async call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<{ status: number; json: Json; attempts: number }> {
    const deadline = Date.now() + REQUEST_DEADLINE_MS;
    for (let attempt = 0; ; attempt++) {
      if (Date.now() > deadline)
        throw new Error(`${method} ${path}: no answer within ${REQUEST_DEADLINE_MS} ms`);
      if (attempt > 0) {
        this.retries++;
        await new Promise((wake) => setTimeout(wake, RETRY_PAUSE_MS));
      }
      const runtime = await this.#ready;
      let answer: Response;
      try {
        answer = await fetch(`${runtime.url}${path}`, {
          method,
          signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch {
        continue;
      }
      const text = await answer.text().catch(() => undefined);
      if (text === undefined) continue;
      const json = (text === '' ? {} : JSON.parse(text)) as Json;
      if (answer.status >= 500) continue;
      if (answer.status === 409 && String(json.type ?? '').endsWith('/idempotency-in-progress')) continue;
      return { status: answer.status, json, attempts: attempt + 1 };
    }
  }
}
