/**
 * The HTTP API, locally: what API Gateway v2 does in front of the functions. Routes from the
 * manifest (path templates, `{name}` and greedy `{name+}`), the `$default` route for the rest,
 * the JWT authorizer on every non-public route, payload format 2.0 events, API Gateway's and
 * Lambda's limits (10 MB request body, 6 MB invocation payload, 30 s integration timeout), and
 * problem+json answers where API Gateway itself would answer.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type JWTPayload, errors as joseErrors } from 'jose';
import { PROBLEM_CONTENT_TYPE, PROBLEMS, type ProblemSlug, problemType } from '../../schemas/problems.ts';
import { routeKey } from '../manifest.ts';
import {
  DEFAULT_HTTP_PORT,
  LOCAL_ACCOUNT_ID,
  MAX_INTEGRATION_TIMEOUT_MS,
  MAX_LAMBDA_PAYLOAD_BYTES,
  MAX_REQUEST_BODY_BYTES,
} from './constants.ts';
import { PortInUseError } from './errors.ts';
import type { FunctionHost } from './functions.ts';
import type { LocalRouteSpec } from './local-manifest.ts';
import { ClientThrottle } from './throttle.ts';

export const LOCAL_API_ID = 'local';
export const DEFAULT_ROUTE_KEY = '$default';

// ---------------------------------------------------------------------------------------------
// Routes

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'parameter'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

export interface CompiledRoute {
  readonly spec: LocalRouteSpec;
  readonly routeKey: string;
  readonly segments: readonly Segment[];
}

export interface RouteMatch {
  readonly route: CompiledRoute;
  /** Absent, as in API Gateway's events, when the route has no parameters. */
  readonly pathParameters: Record<string, string> | undefined;
}

const SEGMENT_RANK = { literal: 2, parameter: 1, greedy: 0 } as const;

export function compileRoute(spec: LocalRouteSpec): CompiledRoute {
  const segments = spec.path
    .split('/')
    .slice(1)
    .map((part, index, parts): Segment => {
      const template = /^\{([A-Za-z0-9_.-]+)(\+)?\}$/.exec(part);
      if (!template) return { kind: 'literal', value: part };
      if (template[2]) {
        if (index !== parts.length - 1) throw new Error(`Greedy parameter must end the path: ${spec.path}`);
        return { kind: 'greedy', name: template[1]! };
      }
      return { kind: 'parameter', name: template[1]! };
    });
  return { spec, routeKey: routeKey(spec), segments };
}

export const compileRoutes = (routes: readonly LocalRouteSpec[]): CompiledRoute[] => routes.map(compileRoute);

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The path's segments as API Gateway sees them: split on `/`, then percent-decoded. */
export const pathSegments = (rawPath: string): string[] => rawPath.split('/').slice(1).map(safeDecode);

function matchSegments(
  route: CompiledRoute,
  segments: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of route.segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = segments.slice(index);
      if (rest.length === 0 || rest.join('/') === '') return undefined;
      parameters[segment.name] = rest.join('/');
      return parameters;
    }
    const value = segments[index];
    if (value === undefined) return undefined;
    if (segment.kind === 'literal' && segment.value !== value) return undefined;
    if (segment.kind === 'parameter') {
      if (value === '') return undefined;
      parameters[segment.name] = value;
    }
  }
  return segments.length === route.segments.length ? parameters : undefined;
}

/** Most specific first: a literal segment beats a parameter, which beats a greedy one. */
function moreSpecific(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index++) {
    const rankA = a.segments[index] ? SEGMENT_RANK[a.segments[index]!.kind] : -1;
    const rankB = b.segments[index] ? SEGMENT_RANK[b.segments[index]!.kind] : -1;
    if (rankA !== rankB) return rankB - rankA;
  }
  return 0;
}

export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  rawPath: string,
): RouteMatch | undefined {
  const segments = pathSegments(rawPath);
  const candidates: RouteMatch[] = [];
  for (const route of routes) {
    if (route.spec.method !== method) continue;
    const parameters = matchSegments(route, segments);
    if (parameters) {
      candidates.push({ route, pathParameters: Object.keys(parameters).length > 0 ? parameters : undefined });
    }
  }
  candidates.sort((a, b) => moreSpecific(a.route, b.route));
  return candidates[0];
}

// ---------------------------------------------------------------------------------------------
// Events

/**
 * Claims as API Gateway's JWT authorizer hands them to the function: every value a string,
 * an array as `[a b]`, an object as JSON, and null values left out.
 */
export function renderClaims(payload: JWTPayload): Record<string, string> {
  const scalar = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
      return String(value);
    return JSON.stringify(value);
  };
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === null || value === undefined) continue;
    claims[name] = Array.isArray(value) ? `[${value.map(scalar).join(' ')}]` : scalar(value);
  }
  return claims;
}

const TEXTUAL_CONTENT_TYPE =
  /^(text\/[^;]+|application\/([a-z0-9.+-]*\+)?(json|xml)|application\/(x-www-form-urlencoded|javascript|ecmascript|graphql|x-ndjson|yaml|x-yaml))\s*(;|$)/i;

/** Text bodies reach the function as UTF-8 text; anything else base64-encoded. */
export const isTextualContentType = (contentType: string | undefined): boolean =>
  contentType !== undefined && TEXTUAL_CONTENT_TYPE.test(contentType.trim());

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's `requestContext.time`. */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(
    date.getUTCMinutes(),
  )}:${pad(date.getUTCSeconds())} +0000`;
}

/** An id shaped like API Gateway's (`JKJaXmPLvHcESHA=`). */
export const newRequestId = (): string => randomBytes(10).toString('base64');

const traceId = (epochMs: number): string =>
  `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

export interface HttpRequestFacts {
  readonly method: string;
  /** The request target as received: path and query string. */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value… */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly httpVersion: string;
  readonly requestId: string;
  readonly timeEpoch: number;
  readonly localPort: number;
}

export interface EventTarget {
  readonly routeKey: string;
  readonly pathParameters: Record<string, string> | undefined;
  /** The verified token's payload; absent on routes without an authorizer. */
  readonly jwt?: JWTPayload;
}

export function splitTarget(url: string): { rawPath: string; rawQueryString: string } {
  // An absolute-form target (`http://host/path?x`) is reduced to its path.
  const target = /^[a-z]+:\/\//i.test(url) ? url.replace(/^[a-z]+:\/\/[^/?#]*/i, '') || '/' : url;
  const withoutFragment = target.split('#')[0] ?? '';
  const queryAt = withoutFragment.indexOf('?');
  return queryAt === -1
    ? { rawPath: withoutFragment || '/', rawQueryString: '' }
    : {
        rawPath: withoutFragment.slice(0, queryAt) || '/',
        rawQueryString: withoutFragment.slice(queryAt + 1),
      };
}

/** A payload format 2.0 event, as API Gateway would build it for this request. */
export function buildHttpEvent(
  request: HttpRequestFacts,
  target: EventTarget,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { rawPath: encodedPath, rawQueryString } = splitTarget(request.url);
  const rawPath = `/${pathSegments(encodedPath).join('/')}`;

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let index = 0; index + 1 < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index]!.toLowerCase();
    const value = request.rawHeaders[index + 1]!;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((cookie) => cookie.trim())
          .filter((cookie) => cookie.length > 0),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']},${request.sourceIp}`
    : request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= String(request.localPort);
  headers['x-amzn-trace-id'] ??= traceId(request.timeEpoch);

  let queryStringParameters: Record<string, string> | undefined;
  if (rawQueryString !== '') {
    queryStringParameters = {};
    for (const [name, value] of new URLSearchParams(rawQueryString)) {
      queryStringParameters[name] =
        queryStringParameters[name] === undefined ? value : `${queryStringParameters[name]},${value}`;
    }
  }

  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  // Public routes have no authorizer block, although the type says otherwise.
  const requestContext = {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: LOCAL_API_ID,
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: request.method,
      path: rawPath,
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: request.requestId,
    routeKey: target.routeKey,
    stage: '$default',
    time: requestTime(request.timeEpoch),
    timeEpoch: request.timeEpoch,
    ...(target.jwt
      ? {
          authorizer: {
            // API Gateway gives null scopes unless the route asks for authorization scopes.
            jwt: { claims: renderClaims(target.jwt), scopes: null },
          },
        }
      : {}),
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'];

  const hasBody = request.body.length > 0;
  const textual = isTextualContentType(headers['content-type']);
  return {
    version: '2.0',
    routeKey: target.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext,
    ...(hasBody ? { body: textual ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    ...(target.pathParameters ? { pathParameters: target.pathParameters } : {}),
    isBase64Encoded: hasBody && !textual,
  };
}

// ---------------------------------------------------------------------------------------------
// Responses

export interface HttpReply {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

/** What API Gateway makes of a function's answer (payload format 2.0). Throws on a malformed answer. */
export function toHttpReply(result: unknown): HttpReply {
  const structured =
    result !== null &&
    typeof result === 'object' &&
    !Array.isArray(result) &&
    'statusCode' in (result as object);
  if (!structured) {
    // Without a statusCode, the whole answer is the JSON body.
    const body = result === undefined ? '' : JSON.stringify(result);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(body),
    };
  }
  const answer = result as APIGatewayProxyStructuredResultV2;
  const statusCode = Number(answer.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new Error(`The function answered with an invalid statusCode: ${String(answer.statusCode)}`);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  if (answer.cookies !== undefined && !Array.isArray(answer.cookies))
    throw new Error('cookies must be an array');
  const rawBody = answer.body ?? '';
  if (typeof rawBody !== 'string') throw new Error('body must be a string');
  const body = answer.isBase64Encoded ? Buffer.from(rawBody, 'base64') : Buffer.from(rawBody, 'utf8');
  return { statusCode, headers, cookies: answer.cookies ?? [], body };
}

function problemReply(slug: ProblemSlug, detail: string, requestId: string, status?: number): HttpReply {
  const problem = {
    type: problemType(slug),
    title: PROBLEMS[slug].title,
    status: status ?? PROBLEMS[slug].status,
    detail,
    instance: `urn:request:${requestId}`,
  };
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' },
    cookies: [],
    body: Buffer.from(JSON.stringify(problem)),
  };
}

// ---------------------------------------------------------------------------------------------
// The server

export interface HttpServerOptions {
  readonly functions: FunctionHost;
  /** The JWT authorizer: verifies a token and returns its payload, or throws. */
  readonly verifyToken: (token: string) => Promise<JWTPayload>;
  /** 3000 by default; 0 for any free port. */
  readonly port?: number;
  /** 127.0.0.1 by default. */
  readonly hostname?: string;
  readonly maxBodyBytes?: number;
  /** Per-client throttling (by source address); the default limits when absent. */
  readonly throttle?: ClientThrottle;
  /** Requests wait for this before they are dispatched: the runtime finishing its start behind a bound port. */
  readonly ready?: Promise<void>;
  /** One line per request; console.log by default. */
  readonly log?: (line: string) => void;
  /** Function failures, with their stack; console.error by default. */
  readonly logError?: (message: string, error: unknown) => void;
  /** Serves what is not the API (the web console); answers false to leave a request to the API. */
  readonly console?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
}

export interface LocalHttpServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops taking requests and waits up to `graceMs` (2 s by default) for those in flight. */
  close(graceMs?: number): Promise<void>;
}

type BodyResult = { readonly ok: true; readonly body: Buffer } | { readonly ok: false };

/** Reads the body up to `limit` bytes; past it, stops reading and reports it too large. */
function readBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false });
  return new Promise((resolveBody, rejectBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult): void => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      request.removeListener('error', onError);
      resolveBody(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        chunks.length = 0;
        finish({ ok: false });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = (error: Error): void => {
      request.removeListener('data', onData);
      request.removeListener('end', onEnd);
      rejectBody(error);
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onError);
  });
}

/** How far past the body limit a refused body is still read and dropped before the connection goes. */
const DRAIN_FACTOR = 4;

/** Reads what is left of a body and drops it; past `limit` bytes, the connection is destroyed. */
function drainBody(request: IncomingMessage, limit: number): Promise<void> {
  if (request.readableEnded || request.destroyed) return Promise.resolve();
  return new Promise((resolveDrain) => {
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) request.destroy();
    });
    request.once('end', () => resolveDrain());
    request.once('close', () => resolveDrain());
    request.once('error', () => resolveDrain());
    request.resume();
  });
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  return token.length > 0 ? token : undefined;
}

function tokenFailure(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The bearer token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `The bearer token is not valid: ${error.message}`;
  if (error instanceof joseErrors.JOSEError)
    return 'The bearer token is not valid: its signature or format is wrong';
  return 'The bearer token is not valid';
}

export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  const { functions } = options;
  const routes = compileRoutes(functions.manifest.routes);
  const defaultFunction = functions.manifest.defaultRoute?.function;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES;
  const throttle = options.throttle ?? new ClientThrottle();
  const log = options.log ?? ((line: string) => console.log(line));
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  let listeningPort = 0;

  const send = (response: ServerResponse, reply: HttpReply, requestId: string, close = false): void => {
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(reply.headers)) response.setHeader(name, value);
    if (reply.cookies.length > 0) response.setHeader('set-cookie', [...reply.cookies]);
    response.setHeader('apigw-requestid', requestId);
    response.setHeader('content-length', reply.body.length);
    if (close) response.setHeader('connection', 'close');
    response.statusCode = reply.statusCode;
    response.end(reply.body);
  };

  const dispatch = async (request: IncomingMessage, response: ServerResponse): Promise<number> => {
    const timeEpoch = Date.now();
    const requestId = newRequestId();
    const method = (request.method ?? 'GET').toUpperCase();
    const { rawPath } = splitTarget(request.url ?? '/');

    const client = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!throttle.take(client)) {
      await drainBody(request, maxBodyBytes * DRAIN_FACTOR);
      const reply = problemReply(
        'too-many-requests',
        'Too many requests from this client: slow down',
        requestId,
      );
      reply.headers['retry-after'] = String(Math.max(1, throttle.retryAfterSeconds(client)));
      send(response, reply, requestId);
      return reply.statusCode;
    }
    const bodyResult = await readBody(request, maxBodyBytes);
    if (!bodyResult.ok) {
      const reply = problemReply(
        'payload-too-large',
        `The request body exceeds API Gateway's limit of ${maxBodyBytes} bytes`,
        requestId,
      );
      // The rest is read and dropped (up to a bound), so that the client finishes sending and
      // reads the answer rather than a broken pipe.
      await drainBody(request, maxBodyBytes * DRAIN_FACTOR);
      send(response, reply, requestId, true);
      return reply.statusCode;
    }
    if (options.ready) await options.ready;

    const match = matchRoute(routes, method, rawPath);
    const functionName = match?.route.spec.function ?? defaultFunction;
    if (!functionName) {
      const reply = problemReply('route-not-found', `No route matches ${method} ${rawPath}`, requestId);
      send(response, reply, requestId);
      return reply.statusCode;
    }

    let jwt: JWTPayload | undefined;
    if (match && match.route.spec.auth !== 'public') {
      const token = bearerToken(request.headers.authorization);
      let failure: string | undefined;
      if (!token) {
        failure = 'The Authorization header must carry a bearer token';
      } else {
        try {
          jwt = await options.verifyToken(token);
        } catch (error) {
          failure = tokenFailure(error);
        }
      }
      if (failure !== undefined) {
        const reply = problemReply('unauthorized', failure, requestId);
        reply.headers['www-authenticate'] = token
          ? `Bearer scope="" error="invalid_token" error_description="${failure}"`
          : 'Bearer';
        send(response, reply, requestId);
        return reply.statusCode;
      }
    }

    const event = buildHttpEvent(
      {
        method,
        url: request.url ?? '/',
        rawHeaders: request.rawHeaders,
        body: bodyResult.body,
        sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
        httpVersion: request.httpVersion,
        requestId,
        timeEpoch,
        localPort: listeningPort,
      },
      { routeKey: match?.route.routeKey ?? DEFAULT_ROUTE_KEY, pathParameters: match?.pathParameters, jwt },
    );
    const eventBytes = Buffer.byteLength(JSON.stringify(event));
    if (eventBytes > MAX_LAMBDA_PAYLOAD_BYTES) {
      const reply = problemReply(
        'payload-too-large',
        `The request, as a Lambda event, is ${eventBytes} bytes: over Lambda's ${MAX_LAMBDA_PAYLOAD_BYTES}-byte invocation limit`,
        requestId,
      );
      send(response, reply, requestId);
      return reply.statusCode;
    }

    const outcome = await functions.invoke(functionName, event, { timeoutMs: MAX_INTEGRATION_TIMEOUT_MS });
    let reply: HttpReply;
    if (outcome.status === 'timed-out') {
      log(`  ${functionName} timed out after ${outcome.timeoutMs} ms`);
      reply = problemReply(
        'gateway-timeout',
        `The function did not answer within ${outcome.timeoutMs} ms`,
        requestId,
      );
    } else if (outcome.status === 'failed') {
      logError(`  ${functionName} failed (request ${requestId}):`, outcome.error);
      reply = problemReply('internal', 'The function failed; the runtime log has the details', requestId);
    } else {
      try {
        reply = toHttpReply(outcome.result);
        if (reply.body.length > MAX_LAMBDA_PAYLOAD_BYTES) {
          throw new Error(
            `The answer is ${reply.body.length} bytes: over Lambda's ${MAX_LAMBDA_PAYLOAD_BYTES}-byte limit`,
          );
        }
      } catch (error) {
        logError(
          `  ${functionName} answered with something API Gateway cannot send (request ${requestId}):`,
          error,
        );
        reply = problemReply('internal', 'The function answered with a malformed response', requestId);
      }
    }
    try {
      send(response, reply, requestId);
    } catch (error) {
      // An invalid header name or value.
      logError(`  ${functionName}'s answer could not be sent (request ${requestId}):`, error);
      response.removeHeader('set-cookie');
      for (const name of response.getHeaderNames()) response.removeHeader(name);
      const fallback = problemReply('internal', 'The function answered with a malformed response', requestId);
      send(response, fallback, requestId);
      return fallback.statusCode;
    }
    return reply.statusCode;
  };

  const server = createServer((request, response) => {
    const started = Date.now();
    const method = request.method ?? 'GET';
    const { rawPath } = splitTarget(request.url ?? '/');
    const served = options.console ? options.console(request, response) : Promise.resolve(false);
    served
      .then((done) => (done ? response.statusCode : dispatch(request, response)))
      .then(
        (status) => log(`${method} ${rawPath} ${status} ${Date.now() - started}ms`),
        (error: unknown) => {
          logError(`${method} ${rawPath} failed in the runtime:`, error);
          if (!response.headersSent && !response.destroyed) {
            const requestId = newRequestId();
            send(
              response,
              problemReply('internal', 'The local runtime failed to handle the request', requestId),
              requestId,
              true,
            );
          } else {
            response.destroy();
          }
        },
      );
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    // What Node refuses before any handler runs (a request line or headers past its limit,
    // a malformed request) is answered as API Gateway would: problem+json.
    const requestId = newRequestId();
    const reply =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? problemReply('request-too-large', 'The request line and headers exceed the limit', requestId)
        : problemReply('malformed-request', 'The HTTP request could not be parsed', requestId);
    const head = [
      `HTTP/1.1 ${reply.statusCode} ${reply.statusCode === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`,
      ...Object.entries(reply.headers).map(([name, value]) => `${name}: ${value}`),
      `apigw-requestid: ${requestId}`,
      `content-length: ${reply.body.length}`,
      'connection: close',
    ];
    socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), reply.body]));
  });

  const requestedPort = options.port ?? DEFAULT_HTTP_PORT;
  await new Promise<void>((resolveListen, rejectListen) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      rejectListen(error.code === 'EADDRINUSE' ? new PortInUseError(requestedPort) : error);
    };
    server.once('error', onError);
    server.listen({ port: requestedPort, host: options.hostname ?? '127.0.0.1', exclusive: true }, () => {
      server.removeListener('error', onError);
      resolveListen();
    });
  });
  listeningPort = (server.address() as AddressInfo).port;
  const boundHost = options.hostname ?? '127.0.0.1';
  const urlHost =
    boundHost === '0.0.0.0' || boundHost === '::'
      ? 'localhost'
      : boundHost.includes(':')
        ? `[${boundHost}]`
        : boundHost;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${listeningPort}`,
    port: listeningPort,
    server,
    close: (graceMs = 2_000) => {
      closing ??= new Promise<void>((resolveClose) => {
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        // A keep-alive connection becomes idle when its request is answered: closed then, not at its timeout.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        sweep.unref();
        server.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolveClose();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
