/**
 * Every route of the manifest, tried over HTTP on the embedded runtime with input generated
 * from its own request schema in the OpenAPI document: hostile values (wrong types, missing
 * and extra fields, boundary lengths, control characters), deep nesting, huge bodies, wrong
 * content types, forged cursors and odd path segments. Every answer is 2xx or a 4xx
 * problem+json: never a 5xx, never a stack trace. A route joins by being in the manifest.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteSpec, routes } from '../../infra/manifest.ts';
import { deeplyNestedJson, deeplyNestedObjectJson, hostile, largest, nastyString } from '../support/fuzz.ts';
import { type RunningRuntime, startRuntime } from '../support/runtime.ts';
import {
  asQuery,
  expectNoServerFault,
  fillPath,
  jsonBodySchemaOf,
  keyOf,
  type OpenApiDocument,
  type OpenApiOperation,
  parametersOf,
  type RawRequest,
  send,
} from '../support/security.ts';
import { type OwnerResources, seedOwner, tokenOf } from '../support/tenants.ts';

/** Generated requests per route; raise it (BCCI_FUZZ_RUNS=500) for a deeper search. */
const RUNS = Number(process.env.BCCI_FUZZ_RUNS ?? 12);
/** Records every fault to this file instead of failing at the first (a search, not a test). */
const REPORT = process.env.BCCI_FUZZ_REPORT;
const SEED = process.env.BCCI_FUZZ_SEED ? Number(process.env.BCCI_FUZZ_SEED) : undefined;

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-security-inputs-'));
let runtime: RunningRuntime;
let doc: OpenApiDocument;
let owner: OwnerResources;
const tokens = new Map<RouteSpec, string>();
const exercised = new Map<string, number>();

const base64url = (text: string): string => Buffer.from(text).toString('base64url');

/** Cursors a client could forge: other partitions, other shapes, not base64 at all. */
const FORGED_CURSORS = [
  base64url(JSON.stringify({ pk: 'OFFICE#BC-LD-01', sk: 'X' })),
  base64url(JSON.stringify({ pk: 'AGENCY#000.00.01.H40', sk: 'ENTRY#1', gsi1pk: 'x', gsi1sk: 'y' })),
  base64url(JSON.stringify({ pk: 1, sk: { S: 'x' } })),
  base64url(JSON.stringify({ after: '9999', day: 'x', index: -1 })),
  base64url(JSON.stringify(['a'])),
  base64url('null'),
  base64url('{'),
  '!!!not-base64!!!',
  'A'.repeat(2000),
  base64url(JSON.stringify({ pk: 'x'.repeat(1500) })),
];

const ODD_SEGMENTS = [
  '..',
  '%2e%2e',
  'a'.repeat(3000),
  '%00',
  '%E0%A4%A',
  "' OR 1=1 --",
  '\u0024{jndi:ldap://x}',
  'PG0000000000Z0',
  'RR000000000VN',
  '000.00.06.H56-991399-0001',
];

async function call(route: RouteSpec, request: Omit<RawRequest, 'method'>, label: string): Promise<void> {
  const token = tokens.get(route);
  const headers = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...request.headers };
  const answer = await send(runtime.url, { ...request, method: route.method, headers });
  exercised.set(keyOf(route), (exercised.get(keyOf(route)) ?? 0) + 1);
  try {
    expectNoServerFault(answer, `${keyOf(route)} ${label}`);
  } catch (fault) {
    if (!REPORT) throw fault;
    appendFileSync(
      REPORT,
      `${JSON.stringify({ route: keyOf(route), label: label.slice(0, 300), status: answer.status, contentType: answer.contentType, text: answer.text.slice(0, 300) })}\n`,
    );
  }
}

/** The route's path with the owner's values (or sample ones) in its parameters. */
function ownPath(route: RouteSpec): string {
  return fillPath(route.path, { ...owner.values, series: 'HA26', number: '1', reference: 'RM2611ABCDEF' });
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Requests every route gets, whatever its schema. */
function fixedCases(route: RouteSpec, operation: OpenApiOperation): [string, Omit<RawRequest, 'method'>][] {
  const path = ownPath(route);
  const cases: [string, Omit<RawRequest, 'method'>][] = [
    ['unknown query parameters', { path, query: { zzz: 'x'.repeat(3000), '__proto__[x]': '1' } }],
    ['a repeated query parameter', { path, query: 'limit=1&limit=2&date=x&date=y' }],
    ['no token', { path, headers: { authorization: '' } }],
    ['a forged token', { path, headers: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' } }],
  ];
  for (const parameter of parametersOf(operation, 'path')) {
    for (const segment of ODD_SEGMENTS) {
      const odd = route.path.replace(`{${parameter.name}}`, segment);
      cases.push([`path ${parameter.name}=${segment.slice(0, 20)}`, { path: fillPath(odd, owner.values) }]);
    }
  }
  const today = new Date().toISOString().slice(0, 10);
  const sample: Record<string, string> = {
    ...owner.values,
    date: today,
    period: today.slice(0, 7),
    format: 'json',
  };
  const query = Object.fromEntries(
    parametersOf(operation, 'query')
      .filter((parameter) => sample[parameter.name] !== undefined)
      .map((parameter) => [parameter.name, sample[parameter.name]!]),
  );
  if (parametersOf(operation, 'query').some((parameter) => parameter.name === 'cursor')) {
    for (const cursor of FORGED_CURSORS) {
      cases.push([
        `forged cursor ${cursor.slice(0, 16)}`,
        { path, query: { ...query, from: today, to: today, cursor } },
      ]);
    }
  }
  if (route.method === 'POST' || route.method === 'PUT') {
    cases.push(...bodyCases(path));
    const schema = jsonBodySchemaOf(operation);
    if (schema) {
      const body = JSON.stringify(largest(schema, doc));
      cases.push(['the largest body its schema allows', { path, headers: JSON_HEADERS, body }]);
    }
  }
  return cases;
}

const IDEMPOTENT = { ...JSON_HEADERS, 'idempotency-key': 'security-suite-0001' };

function bodyCases(path: string): [string, Omit<RawRequest, 'method'>][] {
  const huge = JSON.stringify({ text: 'x'.repeat(1_200_000) });
  return [
    ['no body', { path, headers: JSON_HEADERS }],
    ['body null', { path, headers: JSON_HEADERS, body: 'null' }],
    ['body an array', { path, headers: JSON_HEADERS, body: '[1,2,3]' }],
    ['body a string', { path, headers: JSON_HEADERS, body: '"x"' }],
    ['malformed JSON', { path, headers: JSON_HEADERS, body: '{"a":' }],
    ['nested arrays 100,000 deep', { path, headers: JSON_HEADERS, body: deeplyNestedJson(100_000) }],
    ['nested objects 20,000 deep', { path, headers: JSON_HEADERS, body: deeplyNestedObjectJson(20_000) }],
    [
      'nested arrays 100,000 deep, idempotent',
      { path, headers: IDEMPOTENT, body: deeplyNestedJson(100_000) },
    ],
    [
      'nested objects 5,000 deep, idempotent',
      { path, headers: IDEMPOTENT, body: deeplyNestedObjectJson(5_000) },
    ],
    ['a 1.2 MB body', { path, headers: JSON_HEADERS, body: huge }],
    ['a 12 MB body', { path, headers: JSON_HEADERS, body: Buffer.alloc(12_000_000, 0x20) }],
    ['text/plain', { path, headers: { 'content-type': 'text/plain' }, body: '{}' }],
    ['application/xml', { path, headers: { 'content-type': 'application/xml' }, body: '<a/>' }],
    ['text/csv', { path, headers: { 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' }],
    ['multipart', { path, headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }],
    ['no content type', { path, headers: {}, body: '{}' }],
    ['JSON in UTF-16', { path, headers: { 'content-type': 'application/json; charset=utf-16' }, body: '{}' }],
    [
      'binary body',
      { path, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 255, 1]) },
    ],
    [
      'an invalid Idempotency-Key',
      { path, headers: { ...JSON_HEADERS, 'idempotency-key': 'é'.repeat(200) }, body: '{}' },
    ],
  ];
}

/** Path, query and body generated from the route's own schemas, broken here and there. */
function generated(route: RouteSpec, operation: OpenApiOperation): fc.Arbitrary<Omit<RawRequest, 'method'>> {
  const pathValues = Object.fromEntries(
    parametersOf(operation, 'path').map((parameter) => {
      const own = owner.values[parameter.name];
      const values = fc.oneof(
        hostile(parameter.schema, doc).map((value) =>
          typeof value === 'string' ? value : JSON.stringify(value),
        ),
        own ? fc.constant(own) : nastyString(),
      );
      return [parameter.name, values];
    }),
  );
  const queryShape = Object.fromEntries(
    parametersOf(operation, 'query').map((parameter) => [parameter.name, hostile(parameter.schema, doc)]),
  );
  const bodySchema = jsonBodySchemaOf(operation);
  return fc
    .record({
      params: fc.record(pathValues),
      query: fc.record(queryShape, { requiredKeys: [] }),
      body: bodySchema
        ? hostile(bodySchema, doc).map((value) => JSON.stringify(value))
        : fc.constant(undefined),
      idempotencyKey: fc.option(fc.stringMatching(/^[A-Za-z0-9]{16}$/), { nil: undefined }),
    })
    .map(({ params, query, body, idempotencyKey }) => ({
      path: fillPath(route.path, params as Record<string, string>),
      query: asQuery(query),
      headers: { ...JSON_HEADERS, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      ...(body === undefined ? {} : { body }),
    }));
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  doc = (await (await fetch(`${runtime.url}/v1/openapi.json`)).json()) as OpenApiDocument;
  owner = await seedOwner(runtime, '261102');
  for (const route of routes) {
    if (route.auth !== 'public') tokens.set(route, await tokenOf(runtime, route.auth[0]!));
  }
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('every route answers hostile input with 2xx or 4xx problem+json', () => {
  it('the OpenAPI document describes every route of the manifest', () => {
    const missing = routes.filter((route) => !doc.paths[route.path]?.[route.method.toLowerCase()]);
    expect(missing.map(keyOf)).toEqual([]);
  });

  for (const route of routes) {
    it(keyOf(route), async () => {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${keyOf(route)} is not in the OpenAPI document`).toBeDefined();
      for (const [label, request] of fixedCases(route, operation!)) await call(route, request, label);
      await fc.assert(
        fc.asyncProperty(generated(route, operation!), async (request) => {
          await call(
            route,
            request,
            `generated ${request.path} ${JSON.stringify(request.query)} ${String(request.body).slice(0, 200)}`,
          );
        }),
        { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
      );
    });
  }

  it('tried every route of the manifest', () => {
    const untried = routes.filter((route) => (exercised.get(keyOf(route)) ?? 0) < RUNS);
    expect(untried.map(keyOf)).toEqual([]);
  });
});
