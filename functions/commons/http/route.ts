/**
 * The wrapper every HTTP function is built with: a middy composition read top to bottom.
 *
 *   logging and metrics (Powertools; traces come from Lambda's active tracing)
 *   → problem+json for every failure
 *   → authorisation from the manifest's roles for the route (the handler gets a caller)
 *   → request limits (size, content type) and JSON parsing
 *   → zod validation of path, query and body against the route's schemas
 *   → Idempotency-Key for the manifest's POSTs, held as long as the function's timeout
 *   → the route's own handler: parse → authorise → domain → answer
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { z } from 'zod';
import { functions, routeKey as keyOf, type RouteSpec, routes } from '../../../infra/manifest.ts';
import type { RouteInput } from '../../../schemas/routes.ts';
import { type Caller, hasAnyRole, readCaller } from '../auth/caller.ts';
import { logger, metrics } from '../powertools.ts';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_PATTERN,
  type IdempotencyStore,
  requestFingerprint,
  type StoredAnswer,
  scopedIdempotencyKey,
} from './idempotency.ts';
import { jsonDepth, MAX_JSON_DEPTH } from './json-limits.ts';
import { asProblem, type FieldError, HttpProblem, problemResponse } from './problem.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** Largest JSON body any route accepts. A batch of 500 scans is about 300 KB. */
export const MAX_JSON_BODY_BYTES = 1_048_576;

export interface HttpRequest<Params, Query, Body, Who = Caller> {
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  /** Who called, checked against the route's roles; null on public routes. */
  readonly caller: Who;
  readonly requestId: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The address the request came from, as API Gateway saw it. */
  readonly sourceIp: string;
}

export interface HttpAnswer {
  readonly status: number;
  /** Serialised as JSON unless `rawBody` is given. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** A non-JSON answer (a PDF, a CSV): base64-encoded on the way out when binary. */
  readonly rawBody?: { readonly content: Buffer | string; readonly contentType: string };
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type RequestOf<R, Who = Caller> = HttpRequest<
  R extends { params: infer P } ? Infer<P> : undefined,
  R extends { query: infer Q } ? Infer<Q> : undefined,
  R extends { body: infer B } ? Infer<B> : undefined,
  Who
>;

/** A route's Lambda handler, labelled with the route it serves. */
export type RouteHandler = ((event: HttpEvent, context: Context) => Promise<HttpResult>) & {
  readonly routeKey: string;
};

export interface RouteOptions {
  /**
   * Where Idempotency-Keys are kept; the table's store unless given. Resolved lazily so that
   * routes without POST never touch the table.
   */
  readonly idempotencyStore?: () => IdempotencyStore;
  /** How long a claimed Idempotency-Key may stay in progress; the function's timeout unless given. */
  readonly inProgressMs?: number;
}

/** The table's Idempotency-Key store, loaded with the first key: a route that never sees one never loads the SDK. */
const tableIdempotencyStore = async (): Promise<IdempotencyStore> =>
  (await import('../../adapters/idempotency.ts')).idempotencyStore();

interface IdempotencySettings {
  readonly store: () => Promise<IdempotencyStore>;
  readonly inProgressMs: number;
}

/** Whether the route honours an Idempotency-Key and with what: from its spec in the manifest. */
function idempotencyOf(route: RouteSpec, options: RouteOptions): IdempotencySettings | null {
  if (route.method !== 'POST' || route.idempotencyKey === false) return null;
  const given = options.idempotencyStore;
  return {
    store: given ? async () => given() : tableIdempotencyStore,
    inProgressMs: options.inProgressMs ?? functions[route.function].timeoutSeconds * 1000,
  };
}

interface RouteState {
  caller: Caller | null;
  rawBody: unknown;
  /** The body's text as it arrived: what the Idempotency-Key fingerprint covers. */
  bodyText?: string;
  params: unknown;
  query: unknown;
  body: unknown;
  idempotency?: { key: string; fingerprint: string };
  replayed?: HttpResult;
}

type BridgeContext = Context & { route?: RouteState };
type Middleware = MiddlewareObj<HttpEvent, HttpResult, Error, BridgeContext>;

const state = (context: BridgeContext): RouteState => {
  context.route ??= { caller: null, rawBody: undefined, params: {}, query: {}, body: undefined };
  return context.route;
};

function findRoute(key: string): RouteSpec {
  const route = routes.find((candidate) => keyOf(candidate) === key);
  if (!route) throw new Error(`Route ${key} is not in the manifest`);
  return route;
}

/** Every failure becomes problem+json; nothing else (no stack trace) ever leaves. */
const problemErrors = (): Middleware => ({
  onError: (request) => {
    const error = request.error;
    const problem = asProblem(error);
    if (problem.status >= 500) {
      logger.error('request failed', { error, routeKey: request.event.routeKey });
    } else {
      logger.info('request refused', {
        problem: problem.slug,
        status: problem.status,
        detail: problem.message,
      });
    }
    metrics.addMetric(`problem_${problem.status}`, MetricUnit.Count, 1);
    request.response = problemResponse(problem, request.event.rawPath);
  },
});

/** The manifest names the roles each route allows; the authorizer has already checked the token. */
const authorize = (route: RouteSpec): Middleware => ({
  before: (request) => {
    if (route.auth === 'public') return;
    const caller = readCaller(request.event.requestContext.authorizer?.jwt?.claims);
    if (!caller) throw new HttpProblem('unauthorized', 'A valid bearer token is required');
    if (!hasAnyRole(caller, route.auth)) {
      throw new HttpProblem('forbidden', `This route is for: ${route.auth.join(', ')}`);
    }
    state(request.context).caller = caller;
  },
});

const decodeBody = (event: HttpEvent): string | undefined => {
  if (event.body === undefined || event.body === null) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

/** Size and content type first, then JSON parsing: cheap refusals before any work. */
const jsonBody = (input: RouteInput): Middleware => ({
  before: (request) => {
    const text = decodeBody(request.event);
    // No body at all: the route's schema says whether that is allowed.
    if (!input.body || text === undefined || text.length === 0) return;
    if (Buffer.byteLength(text, 'utf8') > MAX_JSON_BODY_BYTES) {
      throw new HttpProblem('payload-too-large', `The body may be at most ${MAX_JSON_BODY_BYTES} bytes`);
    }
    state(request.context).bodyText = text;
    const contentType = request.event.headers['content-type'] ?? '';
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
    if (mediaType && input.textBody === mediaType) {
      // A text body (a bank's CSV export) reaches the schema as `{ text }`.
      state(request.context).rawBody = { text };
      return;
    }
    if (mediaType !== 'application/json' && !mediaType?.endsWith('+json')) {
      throw new HttpProblem(
        'unsupported-media-type',
        `Expected application/json${input.textBody ? ` or ${input.textBody}` : ''}, got ${contentType || 'nothing'}`,
      );
    }
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      throw new HttpProblem(
        'json-too-deep',
        `JSON may nest objects and arrays at most ${MAX_JSON_DEPTH} deep`,
      );
    }
    try {
      state(request.context).rawBody = JSON.parse(text);
    } catch {
      throw new HttpProblem('malformed-json', 'The body is not valid JSON');
    }
  },
});

const fieldErrors = (where: string, error: z.ZodError): FieldError[] =>
  error.issues.slice(0, 100).map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

const validate = (input: RouteInput): Middleware => ({
  before: (request) => {
    const route = state(request.context);
    const errors: FieldError[] = [];
    const check = (where: string, schema: z.ZodType | undefined, input: unknown): unknown => {
      if (!schema) return input;
      const result = schema.safeParse(input);
      if (result.success) return result.data;
      errors.push(...fieldErrors(where, result.error));
      return undefined;
    };
    route.params = check('path', input.params, request.event.pathParameters ?? {});
    route.query = check('query', input.query, request.event.queryStringParameters ?? {});
    route.body = check('body', input.body, route.rawBody);
    if (errors.length > 0) {
      throw new HttpProblem('validation-failed', 'Some fields are missing or invalid', { errors });
    }
  },
});

const idempotency = (options: IdempotencySettings | null): Middleware => ({
  before: async (request) => {
    const header = request.event.headers[IDEMPOTENCY_KEY_HEADER];
    if (header === undefined || !options) return;
    if (!IDEMPOTENCY_KEY_PATTERN.test(header)) {
      throw new HttpProblem('validation-failed', 'Idempotency-Key must be 8 to 128 letters, digits or ._:-');
    }
    const routeState = state(request.context);
    const key = scopedIdempotencyKey(routeState.caller, request.event.routeKey, header);
    const fingerprint = requestFingerprint(
      request.event.routeKey,
      request.event.rawPath,
      routeState.bodyText,
    );
    const now = Date.now();
    const claim = await (await options.store()).claim(key, fingerprint, now, now + options.inProgressMs);
    if (claim.kind !== 'claimed' && claim.fingerprint !== fingerprint) {
      throw new HttpProblem(
        'idempotency-key-reused',
        'This Idempotency-Key was used with a different request',
      );
    }
    if (claim.kind === 'in-progress') {
      throw new HttpProblem('idempotency-in-progress', 'Retry once the first request has finished');
    }
    if (claim.kind === 'completed') {
      const replay: HttpResult = {
        statusCode: claim.answer.statusCode,
        headers: { ...claim.answer.headers, 'idempotent-replayed': 'true' },
        body: claim.answer.body,
      };
      // Not returned from here: the handler step answers with it, so the chain stays the same.
      routeState.replayed = replay;
      return;
    }
    routeState.idempotency = { key, fingerprint };
  },
  after: async (request) => {
    const claimed = state(request.context).idempotency;
    const response = request.response;
    if (!claimed || !response || !options) return;
    const answer: StoredAnswer = {
      statusCode: response.statusCode ?? 200,
      headers: Object.fromEntries(
        Object.entries(response.headers ?? {}).map(([name, value]) => [name, String(value)]),
      ),
      body: response.body ?? '',
    };
    await (await options.store()).complete(claimed.key, claimed.fingerprint, answer, Date.now());
  },
  onError: async (request) => {
    const claimed = state(request.context).idempotency;
    if (!claimed || !options) return;
    const problem = asProblem(request.error);
    if (problem.status < 500) {
      // A refusal is an answer too: the same request gets the same refusal.
      const answer = problemResponse(problem, request.event.rawPath);
      await (await options.store())
        .complete(claimed.key, claimed.fingerprint, answer as StoredAnswer, Date.now())
        .catch((storeError: unknown) => logger.warn('could not record idempotent refusal', { storeError }));
      return;
    }
    await (await options.store())
      .release(claimed.key)
      .catch((storeError: unknown) => logger.warn('could not release idempotency key', { storeError }));
  },
});

export function toResult(answer: HttpAnswer): HttpResult {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...answer.headers };
  if (answer.rawBody) {
    const binary = Buffer.isBuffer(answer.rawBody.content);
    return {
      statusCode: answer.status,
      headers: { ...headers, 'content-type': answer.rawBody.contentType },
      body: binary
        ? (answer.rawBody.content as Buffer).toString('base64')
        : (answer.rawBody.content as string),
      isBase64Encoded: binary,
    };
  }
  if (answer.body === undefined) return { statusCode: answer.status, headers };
  return {
    statusCode: answer.status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(answer.body),
  };
}

/**
 * Builds the Lambda handler of one route that needs a token. The route must be in the
 * manifest with its roles; its constant in `schemas/routes.ts` gives the schemas, so the
 * handler receives typed, validated input and the caller the roles let through.
 */
export function httpRoute<R extends RouteInput>(
  input: R,
  handler: (request: RequestOf<R>) => Promise<HttpAnswer>,
  options: RouteOptions = {},
): RouteHandler {
  const route = findRoute(input.key);
  if (route.auth === 'public') throw new Error(`Route ${input.key} is public: build it with publicRoute`);
  return buildRoute(
    route,
    input,
    handler as (request: RequestOf<R, Caller | null>) => Promise<HttpAnswer>,
    options,
  );
}

/** Builds the Lambda handler of a route the manifest makes public: no token, no caller. */
export function publicRoute<R extends RouteInput>(
  input: R,
  handler: (request: RequestOf<R, null>) => Promise<HttpAnswer>,
  options: RouteOptions = {},
): RouteHandler {
  const route = findRoute(input.key);
  if (route.auth !== 'public') throw new Error(`Route ${input.key} needs a token: build it with httpRoute`);
  return buildRoute(
    route,
    input,
    handler as (request: RequestOf<R, Caller | null>) => Promise<HttpAnswer>,
    options,
  );
}

function buildRoute<R extends RouteInput>(
  route: RouteSpec,
  input: R,
  handler: (request: RequestOf<R, Caller | null>) => Promise<HttpAnswer>,
  options: RouteOptions,
): RouteHandler {
  const wrapped = middy<HttpEvent, HttpResult, Error, BridgeContext>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(problemErrors())
    .use(authorize(route))
    .use(jsonBody(input))
    .use(validate(input))
    .use(idempotency(idempotencyOf(route, options)))
    .handler(async (event, context) => {
      const routeState = state(context);
      if (routeState.replayed) return routeState.replayed;
      // Validated against these very schemas by the `validate` step above.
      type Request = RequestOf<R, Caller | null>;
      const answer = await handler({
        params: routeState.params as Request['params'],
        query: routeState.query as Request['query'],
        body: routeState.body as Request['body'],
        caller: routeState.caller,
        requestId: event.requestContext.requestId,
        headers: event.headers,
        sourceIp: event.requestContext.http?.sourceIp ?? '',
      });
      metrics.addMetric(`answered_${Math.floor(answer.status / 100)}xx`, MetricUnit.Count, 1);
      return toResult(answer);
    });
  return Object.assign((event: HttpEvent, context: Context) => wrapped(event, context), {
    routeKey: input.key,
  });
}

/**
 * One function serving several routes: each route keeps its own wrapper (its roles,
 * its schemas); this picks the one API Gateway matched.
 */
export function routeTable(...handlers: readonly RouteHandler[]) {
  const byKey = new Map(handlers.map((handler) => [handler.routeKey, handler]));
  return async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    const handler = byKey.get(event.routeKey);
    if (!handler) {
      return problemResponse(
        new HttpProblem('route-not-found', `No route ${event.routeKey} here`),
        event.rawPath,
      );
    }
    return handler(event, context);
  };
}
