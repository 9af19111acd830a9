/**
 * The local HTTP API's own refusals, before any function runs: per-client throttling (429),
 * and requests Node itself cannot take (a request line or headers past the limit), all
 * answered with problem+json as the rest of the API.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDevIssuer } from '../../functions/commons/auth/dev-issuer.ts';
import { FunctionHost } from '../../infra/local/functions.ts';
import { type LocalHttpServer, startHttpServer } from '../../infra/local/http.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';
import { ClientThrottle, throttleFromEnv } from '../../infra/local/throttle.ts';
import { fixtureManifest } from '../e2e/fixtures/manifest.ts';
import { eventsOf, resetRecorder } from '../e2e/fixtures/recorder.ts';

describe('ClientThrottle', () => {
  it('lets a client burst, then keep up the rate, and keeps clients apart', () => {
    const throttle = new ClientThrottle({ ratePerSecond: 2, burst: 3 });
    const at = 1_000_000;
    expect([1, 2, 3, 4].map(() => throttle.take('a', at))).toEqual([true, true, true, false]);
    expect(throttle.retryAfterSeconds('a')).toBe(1);
    expect(throttle.take('b', at)).toBe(true);
    expect(throttle.take('a', at + 499)).toBe(false);
    expect(throttle.take('a', at + 500)).toBe(true);
    // A quiet spell refills up to the burst, never past it.
    expect([1, 2, 3, 4].map(() => throttle.take('a', at + 60_000))).toEqual([true, true, true, false]);
  });

  it('reads its limits from BRIDGE_THROTTLE, refusing nonsense', () => {
    expect(throttleFromEnv('5,10')).toEqual({ ratePerSecond: 5, burst: 10 });
    expect(throttleFromEnv(undefined).ratePerSecond).toBeGreaterThan(0);
    expect(() => throttleFromEnv('fast')).toThrow(/BRIDGE_THROTTLE/);
  });
});

describe('the local HTTP API', () => {
  let dataDir: string;
  let server: LocalHttpServer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bcci-throttle-'));
    const issuer = await openDevIssuer(dataDir);
    server = await startHttpServer({
      functions: new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT }),
      verifyToken: (token) => issuer.verify(token),
      port: 0,
      throttle: new ClientThrottle({ ratePerSecond: 0.001, burst: 3 }),
      log: () => undefined,
      logError: () => undefined,
    });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a request past the limits of Node itself with problem+json', async () => {
    const answer = await fetch(`${server.url}/v1/things/special?q=${'x'.repeat(20_000)}`);
    expect(answer.status).toBe(431);
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await answer.json()).toMatchObject({
      status: 431,
      type: expect.stringMatching(/request-too-large$/),
    });
  });

  it('answers 429 problem+json, with Retry-After, once a client has used its burst', async () => {
    resetRecorder();
    const statuses: number[] = [];
    let refused: Response | undefined;
    for (let request = 0; request < 4; request++) {
      const answer = await fetch(`${server.url}/v1/things/special`);
      statuses.push(answer.status);
      if (answer.status === 429) refused = answer;
      else await answer.arrayBuffer();
    }
    // The oversized request above was refused before any token was taken.
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(refused?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused?.json()).toMatchObject({
      status: 429,
      type: expect.stringMatching(/too-many-requests$/),
    });
    expect(eventsOf('echo')).toHaveLength(3);
  });
});
