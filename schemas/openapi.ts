/**
 * The OpenAPI 3.1 document, generated from the manifest's routes (paths, methods, roles)
 * and the zod contract (parameters, bodies, answers). Nothing in it is written by hand.
 */
import * as z from 'zod';
import { type RouteSpec, routeKey, routes, SERVICE_NAME } from '../infra/manifest.ts';
import { callbackEventCatalogue } from './callback-events.ts';
import { contract, type RouteContract } from './contract.ts';
import { PROBLEM_CONTENT_TYPE, PROBLEMS, ProblemSchema } from './problems.ts';

type JsonSchema = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/schemas/';
/** Marks references produced for request (input) schemas until they are resolved. */
const INPUT_MARK = '~input';
const COMMON_PROBLEM_STATUSES = [400, 401, 403, 413, 415, 500] as const;

const toJson = (
  schema: z.ZodType | z.core.$ZodRegistry<{ id?: string }>,
  io: 'input' | 'output',
  uriSuffix = '',
) =>
  z.toJSONSchema(schema as Parameters<typeof z.toJSONSchema>[0] & z.ZodType, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    uri: (id: string) => `${COMPONENT_PREFIX}${id}${uriSuffix}`,
  }) as JsonSchema;

const strip = (schema: JsonSchema): JsonSchema => {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
};

/**
 * Components from every schema with a `meta({ id })`. Where a schema reads differently on
 * the way in (defaults make fields optional) its input form is a separate `…Input` component.
 */
function buildComponents(): { schemas: Record<string, JsonSchema>; resolveInput: (text: string) => string } {
  const registry = z.globalRegistry as unknown as z.core.$ZodRegistry<{ id?: string }>;
  const output = (toJson(registry, 'output') as unknown as { schemas: Record<string, JsonSchema> }).schemas;
  const input = (toJson(registry, 'input', INPUT_MARK) as unknown as { schemas: Record<string, JsonSchema> })
    .schemas;
  const differs = new Set<string>();
  const resolveInput = (text: string): string =>
    text.replace(/#\/components\/schemas\/([A-Za-z0-9_.-]+)~input/g, (_match, id: string) =>
      differs.has(id) ? `${COMPONENT_PREFIX}${id}Input` : `${COMPONENT_PREFIX}${id}`,
    );
  // Two passes: a schema differs if its own text differs once references are made alike.
  const normalise = (schema: JsonSchema | undefined) =>
    JSON.stringify(strip(schema ?? {})).replaceAll(INPUT_MARK, '');
  for (const id of Object.keys(output)) {
    if (normalise(output[id]) !== normalise(input[id])) differs.add(id);
  }
  const schemas: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(output)) schemas[id] = strip(schema);
  for (const id of differs) {
    schemas[`${id}Input`] = JSON.parse(resolveInput(JSON.stringify(strip(input[id] ?? {})))) as JsonSchema;
  }
  return { schemas, resolveInput };
}

function inlineSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  resolveInput: (text: string) => string,
): JsonSchema {
  const suffix = io === 'input' ? INPUT_MARK : '';
  const { $defs: _defs, ...rest } = strip(toJson(schema, io, suffix));
  // Schemas with an id of their own are components already: point at them instead of `$defs`.
  const text = JSON.stringify(rest).replace(/"#\/\$defs\/([^"]+)"/g, (_match, id: string) =>
    JSON.stringify(`${COMPONENT_PREFIX}${id}${suffix}`),
  );
  return JSON.parse(resolveInput(text)) as JsonSchema;
}

function parameters(
  location: 'path' | 'query',
  schema: z.ZodType | undefined,
  resolveInput: (text: string) => string,
): JsonSchema[] {
  if (!schema) return [];
  const json = inlineSchema(schema, 'input', resolveInput);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function operation(
  route: RouteSpec,
  entry: RouteContract,
  resolveInput: (text: string) => string,
): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, schema] of Object.entries(entry.responses)) {
    responses[status] = {
      description: `Success (${status})`,
      content: {
        [entry.responseMediaType ?? 'application/json']: {
          schema: inlineSchema(schema, 'output', resolveInput),
        },
      },
    };
  }
  const problemStatuses = new Set<number>([
    ...(route.auth === 'public' ? [500] : COMMON_PROBLEM_STATUSES),
    ...(entry.problems ?? []),
  ]);
  for (const status of [...problemStatuses].sort((left, right) => left - right)) {
    const types = Object.entries(PROBLEMS)
      .filter(([, problem]) => problem.status === status)
      .map(([slug]) => slug);
    responses[String(status)] = {
      description: `Problem: ${types.join(', ')}`,
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: `${COMPONENT_PREFIX}Problem` } } },
    };
  }
  const headerParameters =
    route.method === 'POST'
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            description:
              'The same key with the same body returns the first answer; with a different body, a 409.',
            schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' },
          },
        ]
      : [];
  return {
    operationId: operationId(route),
    summary: entry.summary,
    tags: [entry.tag],
    ...(route.auth === 'public'
      ? { security: [] }
      : { security: [{ bearer: [] }], 'x-roles': [...route.auth] }),
    parameters: [
      ...parameters('path', entry.params, resolveInput),
      ...parameters('query', entry.query, resolveInput),
      ...headerParameters,
    ],
    ...(entry.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: inlineSchema(entry.body, 'input', resolveInput) },
              ...('textBody' in entry && entry.textBody
                ? { [entry.textBody]: { schema: { type: 'string' } } }
                : {}),
            },
          },
        }
      : {}),
    responses,
  };
}

/** Unique per operation, from its method and path: `GET /v1/dossiers/{dossierRef}` → `getDossiersByDossierRef`. */
export function operationId(route: Pick<RouteSpec, 'method' | 'path'>): string {
  const words = route.path
    .split('/')
    .filter((segment) => segment !== '' && segment !== 'v1')
    .map((segment) => {
      const parameter = /^\{([A-Za-z0-9_]+)\+?\}$/.exec(segment);
      const word = parameter ? `by-${parameter[1]}` : segment;
      return word
        .split(/[^A-Za-z0-9]+/)
        .filter((part) => part !== '')
        .map((part) => `${part[0]!.toUpperCase()}${part.slice(1)}`)
        .join('');
    });
  return `${route.method.toLowerCase()}${words.join('')}`;
}

/** Drops the components nothing refers to (input forms of answers, for instance). */
function referencedOnly(schemas: Record<string, JsonSchema>, paths: unknown): Record<string, JsonSchema> {
  const kept = new Set<string>();
  const pending = [JSON.stringify(paths)];
  for (let text = pending.pop(); text !== undefined; text = pending.pop()) {
    for (const match of text.matchAll(/#\/components\/schemas\/([A-Za-z0-9_.-]+)/g)) {
      const id = match[1] as string;
      if (kept.has(id) || !schemas[id]) continue;
      kept.add(id);
      pending.push(JSON.stringify(schemas[id]));
    }
  }
  return Object.fromEntries(Object.entries(schemas).filter(([id]) => kept.has(id)));
}

export function contractFor(route: Pick<RouteSpec, 'method' | 'path'>): RouteContract | undefined {
  return (contract as Record<string, RouteContract>)[routeKey(route)];
}

/** The callbacks a subscription receives, one per event type (Standard Webhooks headers). */
function webhooksOf(catalogue: Record<string, z.ZodType>): Record<string, JsonSchema> {
  return Object.fromEntries(
    Object.entries(catalogue).map(([type, schema]) => {
      const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id ?? type;
      return [
        type,
        {
          post: {
            summary: type,
            description:
              'Signed per the Standard Webhooks specification (webhook-id, webhook-timestamp, webhook-signature).',
            requestBody: {
              required: true,
              content: { 'application/json': { schema: { $ref: `${COMPONENT_PREFIX}${id}` } } },
            },
            responses: { '200': { description: 'Received; any 2xx will do. Other answers are retried.' } },
          },
        },
      ];
    }),
  );
}

export function buildOpenApiDocument(): JsonSchema {
  // Registered by import; referenced from every error answer.
  void ProblemSchema;
  const webhooks = webhooksOf(callbackEventCatalogue());
  const { schemas, resolveInput } = buildComponents();
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const entry = contractFor(route);
    if (!entry) throw new Error(`No contract for ${routeKey(route)}`);
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonSchema>)[route.method.toLowerCase()] = operation(
      route,
      entry,
      resolveInput,
    );
  }
  return {
    openapi: '3.1.0',
    info: {
      title: SERVICE_NAME,
      version: '1.0.0',
      description:
        "Carriage of administrative dossiers and results between Vietnam's public-utility post and the provinces' one-stop shops.",
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: '/' }],
    paths,
    webhooks,
    components: {
      schemas: referencedOnly(schemas, { paths, webhooks }),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Cognito in AWS; the dev issuer of `npm start` locally. Roles come from the token.',
        },
      },
    },
  };
}
