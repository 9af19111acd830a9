import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { routeKey, routes } from '../../infra/manifest.ts';
import { contract } from '../../schemas/contract.ts';
import { buildOpenApiDocument } from '../../schemas/openapi.ts';

describe('the contract', () => {
  it('describes every manifest route, and nothing else', () => {
    const manifestKeys = routes.map(routeKey).sort();
    expect(Object.keys(contract).sort()).toEqual(manifestKeys);
  });

  it('declares every path parameter of every route', () => {
    for (const route of routes) {
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      const entry = (contract as Record<string, { params?: { shape?: Record<string, unknown> } }>)[
        routeKey(route)
      ];
      expect(Object.keys(entry?.params?.shape ?? {}).sort(), routeKey(route)).toEqual(names.sort());
    }
  });
});

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has an operation for every route, secured unless public, with the roles it allows', () => {
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    for (const route of routes) {
      const operation = paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, routeKey(route)).toBeDefined();
      if (route.auth === 'public') {
        expect(operation?.security).toEqual([]);
      } else {
        expect(operation?.security).toEqual([{ bearer: [] }]);
        expect(operation?.['x-roles']).toEqual(route.auth);
      }
    }
  });

  it('gives every operation its own operationId', () => {
    const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
    const ids = Object.values(paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
    expect(ids.length).toBe(routes.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(paths['/v1/dossiers/{dossierRef}']?.get?.operationId).toBe('getDossiersByDossierRef');
  });

  it('resolves every reference to a component', () => {
    const text = JSON.stringify(document);
    const components = (document.components as { schemas: Record<string, unknown> }).schemas;
    const references = [...text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (match) => match[1]!,
    );
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) expect(components, reference).toHaveProperty(reference);
  });
});
