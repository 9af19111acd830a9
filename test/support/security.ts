/**
 * What the security suite needs beside the fuzzing arbitraries: each manifest route's
 * operation in the OpenAPI document, raw HTTP requests that may break every rule
 * (content types, bodies that are not JSON), and the check that an answer is never a
 * server fault: 2xx, or 4xx problem+json, and never a stack trace.
 */
import { expect } from 'vitest';
import { type RouteSpec, routeKey } from '../../infra/manifest.ts';
import type { JsonSchema, SchemaDocument } from './fuzz.ts';

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema: JsonSchema;
}

export interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>> };
}

export interface OpenApiDocument extends SchemaDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
}

export const operationOf = (doc: OpenApiDocument, route: RouteSpec): OpenApiOperation | undefined =>
  doc.paths[route.path]?.[route.method.toLowerCase()];

export const parametersOf = (operation: OpenApiOperation, where: 'path' | 'query'): OpenApiParameter[] =>
  (operation.parameters ?? []).filter((parameter) => parameter.in === where);

export const jsonBodySchemaOf = (operation: OpenApiOperation): JsonSchema | undefined =>
  operation.requestBody?.content['application/json']?.schema;

/** One raw request: nothing about it needs to be valid. */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>> | string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

export async function send(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const query =
    typeof request.query === 'string' ? request.query : new URLSearchParams(request.query ?? {}).toString();
  const answer = await fetch(`${baseUrl}${request.path}${query ? `?${query}` : ''}`, {
    method: request.method,
    // A connection per request: no request ever lands on a socket the server is closing.
    headers: { connection: 'close', ...request.headers },
    ...(request.body === undefined ? {} : { body: request.body }),
  }).catch((error: unknown) => {
    throw new Error(
      `${request.method} ${request.path}: no answer (${String((error as Error).cause ?? error)})`,
    );
  });
  const contentType = answer.headers.get('content-type') ?? '';
  const binary = /pdf|spreadsheet|octet-stream/.test(contentType);
  const text = binary ? '' : await answer.text();
  if (binary) await answer.arrayBuffer();
  return { status: answer.status, contentType, text };
}

/** Percent-encoding that never throws: a lone surrogate goes as the bytes of its UTF-16 unit (not UTF-8). */
const percentEncode = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return [...value]
      .map((char) => {
        try {
          return encodeURIComponent(char);
        } catch {
          const unit = char.charCodeAt(0);
          return `%${(0xe0 | (unit >> 12)).toString(16)}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16)}%${(0x80 | (unit & 0x3f)).toString(16)}`;
        }
      })
      .join('');
  }
};

/** `/v1/items/{itemCode}` with its parameters filled in, each percent-encoded. */
export const fillPath = (template: string, values: Readonly<Record<string, string>>): string =>
  template.replace(/\{(\w+)\+?\}/g, (_match, name: string) => percentEncode(values[name] ?? name));

/** Query values as a client would send them: strings as they are, anything else as JSON. */
export const asQuery = (values: unknown): Record<string, string> => {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return {};
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
};

const STACK_TRACE = /\n\s+at\s|node:internal|file:\/\/|\.[cm]?[tj]s:\d+:\d+|\/functions\/|\/node_modules\//;

/** Never a 5xx, never a stack trace; a refusal is problem+json with its status and stable type. */
export function expectNoServerFault(answer: RawAnswer, label: string): void {
  const summary = `${label} → ${answer.status} ${answer.text.slice(0, 300)}`;
  expect(answer.status, summary).toBeLessThan(500);
  expect(answer.status, summary).toBeGreaterThanOrEqual(200);
  expect(STACK_TRACE.test(answer.text), `stack trace in ${summary}`).toBe(false);
  if (answer.status >= 400) {
    expect(answer.contentType, summary).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(answer.text) as { type?: string; status?: number; title?: string };
    expect(problem.status, summary).toBe(answer.status);
    expect(problem.type, summary).toMatch(/^https:\/\/bcci-bridge\.vn\/problems\/[a-z0-9-]+$/);
    expect(typeof problem.title, summary).toBe('string');
  }
}

export const keyOf = routeKey;
