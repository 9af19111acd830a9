import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DevIssuer, openDevIssuer } from '../../functions/commons/auth/dev-issuer.ts';
import { MAX_REQUEST_BODY_BYTES } from '../../infra/local/constants.ts';
import { DEMO, demoTokenRequest } from '../../infra/local/demo.ts';
import { FunctionHost } from '../../infra/local/functions.ts';
import {
  buildHttpEvent,
  compileRoutes,
  isTextualContentType,
  type LocalHttpServer,
  matchRoute,
  renderClaims,
  requestTime,
  splitTarget,
  startHttpServer,
  toHttpReply,
} from '../../infra/local/http.ts';
import { REPOSITORY_ROOT } from '../../infra/local/runtime.ts';
import { fixtureManifest } from '../e2e/fixtures/manifest.ts';
import { eventsOf, resetRecorder } from '../e2e/fixtures/recorder.ts';

describe('route matching', () => {
  const routes = compileRoutes(fixtureManifest.routes);

  it('matches a template and gives its path parameters, percent-decoded', () => {
    const match = matchRoute(routes, 'GET', '/v1/things/abc%20d%C3%A9f');
    expect(match?.route.routeKey).toBe('GET /v1/things/{thingId}');
    expect(match?.pathParameters).toEqual({ thingId: 'abc déf' });
  });

  it('prefers a literal segment over a parameter', () => {
    const match = matchRoute(routes, 'GET', '/v1/things/special');
    expect(match?.route.routeKey).toBe('GET /v1/things/special');
    expect(match?.pathParameters).toBeUndefined();
  });

  it('gives a greedy parameter the rest of the path', () => {
    expect(matchRoute(routes, 'GET', '/v1/files/a/b/c.pdf')?.pathParameters).toEqual({ path: 'a/b/c.pdf' });
    expect(matchRoute(routes, 'GET', '/v1/files/')).toBeUndefined();
  });

  it('needs the method, every segment and no extra one', () => {
    expect(matchRoute(routes, 'DELETE', '/v1/things/1')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/things/')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/things/1/more')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/things')).toBeUndefined();
  });

  it('makes the route key exactly as the manifest does', () => {
    expect(matchRoute(routes, 'POST', '/v1/things')?.route.routeKey).toBe('POST /v1/things');
  });
});

describe('event building', () => {
  it('renders claims as API Gateway does: strings, arrays as [a b], nulls left out', () => {
    expect(
      renderClaims({
        sub: 'u1',
        'cognito:groups': ['agency', 'admin'],
        exp: 1_700_000_000,
        email_verified: true,
        address: { locality: 'Hà Nội' },
        gone: null,
      } as never),
    ).toEqual({
      sub: 'u1',
      'cognito:groups': '[agency admin]',
      exp: '1700000000',
      email_verified: 'true',
      address: '{"locality":"Hà Nội"}',
    });
  });

  it('joins repeated headers and query parameters with commas and lifts cookies out', () => {
    const event = buildHttpEvent(
      {
        method: 'GET',
        url: '/v1/things/7?tag=a&tag=b&q=x%20y&flag',
        rawHeaders: [
          'Host',
          'localhost:3000',
          'X-Multi',
          'one',
          'x-multi',
          'two',
          'Cookie',
          'a=1; b=2',
          'User-Agent',
          'ua/1',
        ],
        body: Buffer.alloc(0),
        sourceIp: '10.0.0.9',
        httpVersion: '1.1',
        requestId: 'req-1',
        timeEpoch: Date.UTC(2026, 2, 4, 19, 3, 58),
        localPort: 3000,
      },
      { routeKey: 'GET /v1/things/{thingId}', pathParameters: { thingId: '7' } },
    );
    expect(event.version).toBe('2.0');
    expect(event.rawPath).toBe('/v1/things/7');
    expect(event.rawQueryString).toBe('tag=a&tag=b&q=x%20y&flag');
    expect(event.queryStringParameters).toEqual({ tag: 'a,b', q: 'x y', flag: '' });
    expect(event.headers['x-multi']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers['x-forwarded-for']).toBe('10.0.0.9');
    expect(event.requestContext).toMatchObject({
      routeKey: 'GET /v1/things/{thingId}',
      stage: '$default',
      requestId: 'req-1',
      domainName: 'localhost',
      time: '04/Mar/2026:19:03:58 +0000',
      http: {
        method: 'GET',
        path: '/v1/things/7',
        protocol: 'HTTP/1.1',
        sourceIp: '10.0.0.9',
        userAgent: 'ua/1',
      },
    });
    expect('authorizer' in event.requestContext).toBe(false);
    expect(event.body).toBeUndefined();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('passes text bodies as text and anything else base64-encoded', () => {
    expect(isTextualContentType('application/json; charset=utf-8')).toBe(true);
    expect(isTextualContentType('application/problem+json')).toBe(true);
    expect(isTextualContentType('text/csv')).toBe(true);
    expect(isTextualContentType('application/pdf')).toBe(false);
    expect(isTextualContentType(undefined)).toBe(false);
    const facts = {
      method: 'POST',
      url: '/x',
      sourceIp: '127.0.0.1',
      httpVersion: '1.1',
      requestId: 'r',
      timeEpoch: 0,
      localPort: 1,
    };
    const binary = buildHttpEvent(
      { ...facts, rawHeaders: ['content-type', 'image/png'], body: Buffer.from([0, 255, 1]) },
      { routeKey: '$default', pathParameters: undefined },
    );
    expect(binary).toMatchObject({ body: 'AP8B', isBase64Encoded: true });
    const text = buildHttpEvent(
      { ...facts, rawHeaders: ['content-type', 'application/json'], body: Buffer.from('{"a":"é"}') },
      { routeKey: '$default', pathParameters: undefined },
    );
    expect(text).toMatchObject({ body: '{"a":"é"}', isBase64Encoded: false });
  });

  it('splits absolute and relative request targets', () => {
    expect(splitTarget('/a/b?c=d#frag')).toEqual({ rawPath: '/a/b', rawQueryString: 'c=d' });
    expect(splitTarget('http://host:3000/a?x')).toEqual({ rawPath: '/a', rawQueryString: 'x' });
    expect(splitTarget('')).toEqual({ rawPath: '/', rawQueryString: '' });
    expect(requestTime(Date.UTC(2020, 11, 1, 0, 0, 5))).toBe('01/Dec/2020:00:00:05 +0000');
  });

  it("maps a function's answer as payload format 2.0 does", () => {
    expect(toHttpReply({ ok: true })).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
    });
    expect(toHttpReply({ ok: true }).body.toString()).toBe('{"ok":true}');
    const reply = toHttpReply({ statusCode: 204, headers: { 'X-A': 1 }, cookies: ['s=1'] });
    expect(reply).toMatchObject({ statusCode: 204, headers: { 'x-a': '1' }, cookies: ['s=1'] });
    expect(() => toHttpReply({ statusCode: 'nope' })).toThrow(/statusCode/);
  });
});

describe('the HTTP server', () => {
  let dataDir: string;
  let issuer: DevIssuer;
  let server: LocalHttpServer;
  const lines: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bcci-http-'));
    issuer = await openDevIssuer(dataDir);
    server = await startHttpServer({
      functions: new FunctionHost({ manifest: fixtureManifest, rootDir: REPOSITORY_ROOT }),
      verifyToken: (token) => issuer.verify(token),
      port: 0,
      log: (line) => lines.push(line),
      logError: (message, error) =>
        errors.push(`${message} ${error instanceof Error ? error.stack : String(error)}`),
    });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => resetRecorder());

  const agencyToken = () => issuer.sign(demoTokenRequest('agency'));

  it('gives an authorised route the claims, path parameters and route key API Gateway would', async () => {
    const response = await fetch(`${server.url}/v1/things/d%C3%B4ssier-1?x=1&x=2`, {
      headers: { authorization: `Bearer ${await agencyToken()}`, 'X-Trace': 'a' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-function-name')).toBe('bcci-bridge-echo');
    const { event, remainingMs } = (await response.json()) as {
      event: APIGatewayProxyEventV2WithJWTAuthorizer;
      remainingMs: number;
    };
    expect(event.routeKey).toBe('GET /v1/things/{thingId}');
    expect(event.pathParameters).toEqual({ thingId: 'dôssier-1' });
    expect(event.queryStringParameters).toEqual({ x: '1,2' });
    expect(event.headers['x-trace']).toBe('a');
    const { claims, scopes } = event.requestContext.authorizer.jwt;
    expect(claims['cognito:groups']).toBe('[agency]');
    expect(claims['custom:agencyCode']).toBe(DEMO.agencyCode);
    expect(claims.exp).toMatch(/^\d+$/);
    expect(claims.sub).toBe(`dev-agency-${DEMO.agencyCode}`);
    expect(scopes).toBeNull();
    expect(remainingMs).toBeGreaterThan(0);
    expect(remainingMs).toBeLessThanOrEqual(3_000);
    expect(lines.some((line) => /^GET \/v1\/things\/d%C3%B4ssier-1 200 \d+ms$/.test(line))).toBe(true);
  });

  it('refuses a missing or foreign token with 401 problem+json without calling the function', async () => {
    const missing = await fetch(`${server.url}/v1/things/1`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(await missing.json()).toMatchObject({
      type: 'https://bcci-bridge.vn/problems/unauthorized',
      title: 'Unauthorized',
      status: 401,
    });

    const foreignDir = mkdtempSync(join(tmpdir(), 'bcci-http-foreign-'));
    try {
      const foreign = await openDevIssuer(foreignDir);
      const forged = await fetch(`${server.url}/v1/things/1`, {
        headers: { authorization: `Bearer ${await foreign.sign(demoTokenRequest('admin'))}` },
      });
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as { detail: string }).detail).toMatch(/not valid/);
    } finally {
      rmSync(foreignDir, { recursive: true, force: true });
    }
    const garbage = await fetch(`${server.url}/v1/things/1`, {
      headers: { authorization: 'Bearer not.a.jwt' },
    });
    expect(garbage.status).toBe(401);
    expect(eventsOf('echo')).toHaveLength(0);
  });

  it('serves a public route without a token, and sends unknown routes to the $default function', async () => {
    const special = await fetch(`${server.url}/v1/things/special`);
    expect(special.status).toBe(200);
    const unknown = await fetch(`${server.url}/nowhere/at/all?q=1`, { method: 'PATCH' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ routeKey: '$default', path: '/nowhere/at/all' });
    const [event] = eventsOf<APIGatewayProxyEventV2WithJWTAuthorizer>('fallback');
    expect(event?.requestContext.routeKey).toBe('$default');
    expect(event?.requestContext.http.method).toBe('PATCH');
  });

  it('answers 413 to a body over 10 MB without calling the function, declared or streamed', async () => {
    const token = await agencyToken();
    for (const declareLength of [true, false]) {
      const { status, body } = await postOversized(
        `${server.url}/v1/things`,
        MAX_REQUEST_BODY_BYTES + 1,
        declareLength,
        token,
      );
      expect(status).toBe(413);
      expect(JSON.parse(body)).toMatchObject({
        type: 'https://bcci-bridge.vn/problems/payload-too-large',
        status: 413,
      });
    }
    expect(eventsOf('echo')).toHaveLength(0);
    // The server is still there.
    expect((await fetch(`${server.url}/v1/things/special`)).status).toBe(200);
  });

  it('answers 500 problem+json without the error or its stack when the function throws', async () => {
    const response = await fetch(`${server.url}/v1/throws`);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ type: 'https://bcci-bridge.vn/problems/internal', status: 500 });
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('throws.ts');
    expect(errors.some((line) => line.includes('hunter2'))).toBe(true);
  });

  it('answers 504 when the function outlives its timeout', async () => {
    const response = await fetch(`${server.url}/v1/slow`);
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ type: 'https://bcci-bridge.vn/problems/gateway-timeout' });
  });

  it('hands binary bodies over base64-encoded and decodes a base64 answer, with its cookies', async () => {
    const response = await fetch(`${server.url}/v1/binary`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie: 'session=abc' },
      body: new Uint8Array([1, 2, 3, 250]),
    });
    expect(response.status).toBe(201);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([250, 3, 2, 1]);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    const [event] = eventsOf<APIGatewayProxyEventV2WithJWTAuthorizer>('binary');
    expect(event).toMatchObject({ isBase64Encoded: true, body: 'AQID+g==', cookies: ['session=abc'] });
  });
});

/** Posts `bytes` zero bytes, with or without a Content-Length, and returns the answer. */
function postOversized(
  url: string,
  bytes: number,
  declareLength: boolean,
  token: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest(
      url,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          ...(declareLength ? { 'content-length': String(bytes) } : {}),
        },
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    // Writing stops with the connection once the server has answered.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(256 * 1024);
    let sent = 0;
    const write = (): void => {
      while (sent < bytes && !answered && !request.destroyed) {
        const size = Math.min(chunk.length, bytes - sent);
        sent += size;
        if (!request.write(chunk.subarray(0, size))) {
          request.once('drain', write);
          return;
        }
      }
      if (sent >= bytes) request.end();
    };
    write();
  });
}
