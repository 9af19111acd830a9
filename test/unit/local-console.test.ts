/** The embedded runtime's console handler: built files, the page fallback, and the dev sign-in. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDevIssuer } from '../../functions/commons/auth/dev-issuer.ts';
import { consoleHandler } from '../../infra/local/console.ts';

const root = mkdtempSync(join(tmpdir(), 'bcci-console-'));
const dist = join(root, 'dist');
let server: Server;
let base: string;
let verify: (token: string) => Promise<Record<string, unknown>>;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>shell</title>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log("app")');
  writeFileSync(join(root, 'secret.txt'), 'not served');
  const issuer = await openDevIssuer(join(root, 'data'));
  verify = async (token) => (await issuer.verify(token)) as Record<string, unknown>;
  const handle = consoleHandler({ issuer, distDir: dist });
  server = createServer((request, response) => {
    void handle(request, response).then((served) => {
      if (!served) response.writeHead(418).end('api');
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((closed) => server.close(closed));
  rmSync(root, { recursive: true, force: true });
});

describe('the console handler', () => {
  it('serves built files with long caching for hashed assets and security headers', async () => {
    const answer = await fetch(`${base}/assets/app-1234.js`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(answer.headers.get('cache-control')).toContain('immutable');
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await answer.text()).toBe('console.log("app")');
  });

  it('answers index.html for the pages the console routes in the browser', async () => {
    for (const path of ['/', '/scan', '/track/000.00.06.H26-261120-0042', '/agency?tab=webhooks']) {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status, path).toBe(200);
      expect(await answer.text()).toContain('<title>shell</title>');
    }
  });

  it('leaves the API to the runtime and never serves outside the build', async () => {
    expect((await fetch(`${base}/v1/worklist`)).status).toBe(418);
    expect((await fetch(`${base}/health`)).status).toBe(418);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    const escaped = await fetch(`${base}/%2e%2e/secret.txt`);
    expect(await escaped.text()).not.toContain('not served');
  });

  it('signs a dev token for the role, office and agency picked, and refuses an unknown role', async () => {
    const choices = (await (await fetch(`${base}/local/sign-in`)).json()) as { roles: string[] };
    expect(choices.roles).toContain('postal-staff');
    const signed = await fetch(`${base}/local/dev-token`, {
      method: 'POST',
      body: JSON.stringify({ role: 'postal-staff', postOfficeCode: 'BC-HCM-01' }),
    });
    const { token } = (await signed.json()) as { token: string };
    const claims = await verify(token);
    expect(claims['cognito:groups']).toEqual(['postal-staff']);
    expect(claims['custom:postOfficeCode']).toBe('BC-HCM-01');
    const refused = await fetch(`${base}/local/dev-token`, { method: 'POST', body: '{"role":"root"}' });
    expect(refused.status).toBe(400);
    const malformed = await fetch(`${base}/local/dev-token`, { method: 'POST', body: 'nope' });
    expect(malformed.status).toBe(400);
  });
});
