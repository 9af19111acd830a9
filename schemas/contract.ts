/**
 * The HTTP contract: for every route in the manifest, what it takes and what it answers.
 * Handlers validate against these schemas and the OpenAPI document is generated from them,
 * so the two cannot disagree. A test checks that every manifest route has an entry here.
 */
import { z } from 'zod';
import {
  DossierRefParamsSchema,
  DossierViewSchema,
  RegisterDossierResponseSchema,
  RegisterDossierSchema,
} from './dossiers.ts';

export const HealthSchema = z
  .object({ status: z.literal('ok'), service: z.string(), time: z.string() })
  .meta({ id: 'Health' });

export interface RouteContract {
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Success status → schema of the JSON answer. */
  readonly responses: Readonly<Record<number, z.ZodType>>;
  /** Error statuses this route can answer besides the common ones (400, 401, 403, 413, 415, 500). */
  readonly problems?: readonly number[];
}

export const contract = {
  'GET /health': {
    summary: 'Liveness check',
    tag: 'System',
    responses: { 200: HealthSchema },
  },
  'GET /v1/openapi.json': {
    summary: 'This OpenAPI document',
    tag: 'System',
    responses: { 200: z.object({ openapi: z.string() }).loose() },
  },
  'POST /v1/dossiers': {
    summary: 'Register a dossier for postal pickup and/or postal return',
    tag: 'Dossiers',
    body: RegisterDossierSchema,
    responses: { 201: RegisterDossierResponseSchema, 200: RegisterDossierResponseSchema },
    problems: [409, 422],
  },
  'GET /v1/dossiers/{dossierRef}': {
    summary: 'A dossier with its items and merged timeline',
    tag: 'Dossiers',
    params: DossierRefParamsSchema,
    responses: { 200: DossierViewSchema },
    problems: [404],
  },
  'POST /v1/dossiers/{dossierRef}/result-ready': {
    summary: 'The result waits at the agency for postal collection',
    tag: 'Dossiers',
    params: DossierRefParamsSchema,
    responses: { 200: DossierViewSchema },
    problems: [404, 409, 422],
  },
} as const satisfies Record<string, RouteContract>;

export type ContractRouteKey = keyof typeof contract;
