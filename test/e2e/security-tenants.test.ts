/**
 * Tenant data stays put: every route of the manifest is called, over HTTP on the embedded
 * runtime, with the tokens of another agency and of another office. A route that addresses
 * a tenant's resource (a path parameter, or an agency or office in its query or body) must
 * answer 403 or 404; every other route may answer, but never with the owner's data. Routes
 * join by being in the manifest; one that a stranger's request cannot reach (its body does
 * not pass validation) fails here until the suite is given a body for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, type RouteSpec, routes } from '../../infra/manifest.ts';
import { conforming } from '../support/fuzz.ts';
import { dossierRequest } from '../support/http-event.ts';
import { type RunningRuntime, startRuntime } from '../support/runtime.ts';
import {
  expectNoServerFault,
  fillPath,
  jsonBodySchemaOf,
  keyOf,
  type OpenApiDocument,
  type OpenApiOperation,
  parametersOf,
  send,
} from '../support/security.ts';
import {
  OWNER,
  OWNER_ID_NUMBER,
  type OwnerResources,
  STRANGERS,
  seedOwner,
  tokenOf,
} from '../support/tenants.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-security-tenants-'));
let runtime: RunningRuntime;
let doc: OpenApiDocument;
let owner: OwnerResources;
const tried = new Set<string>();

/** Reference data (offices, agencies, the tariff) is the same for every tenant. */
const isSharedReference = (route: RouteSpec): boolean =>
  route.path.startsWith('/v1/reference/') || route.path === '/v1/finance/tariffs';

/** Fields of a query or body that name the tenant a request acts for. */
const TENANT_FIELDS = new Set(['agencyCode', 'postOfficeCode', 'provinceCode', 'itemCode', 'itemCodes']);

const today = new Date().toISOString().slice(0, 10);
/** A scan id as an upload would answer it: the stranger is refused before it is looked for. */
const STRANGER_DOCUMENT_ID = '00000000-0000-4000-8000-000000000001.pdf';

/** Bodies that pass validation, naming the owner's resources; other routes get a sampled one. */
function bodyFor(route: RouteSpec, operation: OpenApiOperation): unknown {
  const values = owner.values;
  const bodies: Record<string, unknown> = {
    'POST /v1/dossiers/{dossierRef}/result-ready': {},
    'POST /v1/dossiers/{dossierRef}/agency-decision': { decision: 'refused', reason: 'Thiếu giấy tờ' },
    'POST /v1/dossiers/{dossierRef}/cancel': { reason: 'Công dân rút hồ sơ' },
    'POST /v1/items/{itemCode}/proofs': { contentType: 'image/jpeg', kind: 'photo' },
    'POST /v1/items/{itemCode}/resend': { faultParty: 'post', reason: 'lost-in-transit' },
    'POST /v1/dossiers/{dossierRef}/digitised-documents/uploads': {
      documentName: 'Tờ khai đề nghị',
      contentType: 'application/pdf',
      sizeBytes: 1000,
    },
    'POST /v1/dossiers/{dossierRef}/digitised-documents': {
      documentId: STRANGER_DOCUMENT_ID,
      documentName: 'Tờ khai đề nghị',
      sha256: 'a'.repeat(64),
      capturedAt: 'counter',
    },
    'POST /v1/scans': {
      scans: [
        {
          scanId: 'stranger-scan-0001',
          itemCode: values.inboundItemCode,
          type: 'pickup',
          occurredAt: new Date().toISOString(),
          postOfficeCode: OWNER.citizenOffice,
        },
      ],
    },
    'POST /v1/manifests': {
      kind: 'handover-to-agency',
      agencyCode: OWNER.agencyCode,
      postOfficeCode: OWNER.agencyOffice,
      itemCodes: [values.inboundItemCode],
    },
    'POST /v1/manifests/{manifestId}/confirm': { itemCodesReceived: [], signedBy: 'Nguyễn Văn A' },
    'POST /v1/webhooks/{webhookId}/replay': { since: new Date(Date.now() - 3_600_000).toISOString() },
    'POST /v1/reconciliation/one-stop-shop': { agencyCode: OWNER.agencyCode, records: [] },
    'POST /v1/finance/cash-handins': {
      staffId: 'NV0042',
      postOfficeCode: OWNER.agencyOffice,
      amount: 10_000,
      countedBy: 'Trần Thị B',
    },
    'POST /v1/finance/remittances': { agencyCode: OWNER.agencyCode, periodStart: today, periodEnd: today },
    'POST /v1/receipts/{series}/{number}/void': { reason: 'Lập sai' },
    'POST /v1/dossiers': {
      procedure: { code: '1.001234', name: 'Cấp đổi giấy phép lái xe' },
      agency: { code: OWNER.agencyCode, name: 'Trung tâm Phục vụ hành chính công' },
      documents: [{ name: 'Tờ khai', kind: 'original', count: 1 }],
      applicant: {
        fullName: 'Lê Văn C',
        phone: '0987654321',
        address: { line: '1 Lê Lợi', communeCode: '26743', provinceCode: '79' },
      },
      services: { pickup: true, return: false },
      fees: [],
    },
  };
  if (keyOf(route) in bodies) return bodies[keyOf(route)];
  const schema = jsonBodySchemaOf(operation);
  return schema ? fc.sample(conforming(schema, doc), { numRuns: 1, seed: 7 })[0] : undefined;
}

/** Optional query fields a route needs together with a tenant field to pass validation. */
const QUERIES_WITH_TENANT: Record<string, Record<string, string>> = {
  'GET /v1/receipts': { from: today, to: today },
};

interface Plan {
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  /** The request names a tenant's resource: a stranger must get 403 or 404. */
  readonly addressesTenant: boolean;
}

function planFor(route: RouteSpec, operation: OpenApiOperation): Plan {
  const samples: Record<string, string> = {
    ...owner.values,
    series: 'HA26',
    number: '1',
    reference: 'RM2611ABCDEF',
    documentId: STRANGER_DOCUMENT_ID,
    date: today,
    period: today.slice(0, 7),
    provinceCode: OWNER.citizenProvince,
    from: today,
    to: today,
  };
  const pathParameters = parametersOf(operation, 'path');
  const queryParameters = parametersOf(operation, 'query').filter(
    (parameter) => parameter.required || TENANT_FIELDS.has(parameter.name),
  );
  const query = {
    ...Object.fromEntries(
      queryParameters.map((parameter) => [parameter.name, samples[parameter.name] ?? '']),
    ),
    ...QUERIES_WITH_TENANT[keyOf(route)],
  };
  const body = route.method === 'POST' || route.method === 'PUT' ? bodyFor(route, operation) : undefined;
  const bodyFields = body && typeof body === 'object' ? Object.keys(body) : [];
  const addressesTenant =
    !isSharedReference(route) &&
    (pathParameters.length > 0 ||
      queryParameters.some((parameter) => TENANT_FIELDS.has(parameter.name)) ||
      bodyFields.some((field) => TENANT_FIELDS.has(field)));
  return { path: fillPath(route.path, samples), query, body, addressesTenant };
}

/** The stranger roles a route lets in, or, for a route no tenant role may use, one refused stranger. */
function strangerRoles(route: RouteSpec): Role[] {
  if (route.auth === 'public') return [];
  const tenantRoles = (['agency', 'postal-staff', 'postal-supervisor', 'observer'] as const).filter((role) =>
    (route.auth as readonly Role[]).includes(role),
  );
  return tenantRoles.length > 0 ? tenantRoles : ['agency', 'postal-supervisor'];
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  doc = (await (await fetch(`${runtime.url}/v1/openapi.json`)).json()) as OpenApiDocument;
  owner = await seedOwner(runtime, '261103');
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("another agency's and another office's tokens never reach the owner's data", () => {
  for (const route of routes.filter((candidate) => candidate.auth !== 'public')) {
    it(keyOf(route), async () => {
      const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${keyOf(route)} is not in the OpenAPI document`).toBeDefined();
      const plan = planFor(route, operation!);
      for (const role of strangerRoles(route)) {
        const token = await tokenOf(runtime, role, STRANGERS);
        const answer = await send(runtime.url, {
          method: route.method,
          path: plan.path,
          query: plan.query,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          ...(plan.body === undefined ? {} : { body: JSON.stringify(plan.body) }),
        });
        const label = `${keyOf(route)} as a stranger ${role}`;
        expectNoServerFault(answer, label);
        // What the stranger sent (an id in the path) may come back in the refusal; nothing else may.
        const sent = `${plan.path} ${JSON.stringify(plan.query)} ${JSON.stringify(plan.body ?? null)}`;
        for (const secret of owner.secrets.filter(
          (candidate) => !sent.includes(candidate) && !sent.includes(encodeURIComponent(candidate)),
        )) {
          expect(answer.text.includes(secret), `${label} answered the owner's ${secret}`).toBe(false);
        }
        if (keyOf(route) === 'POST /v1/scans' && answer.status === 200) {
          // Each scan gets its own answer: a stranger's scan in the owner's office is refused.
          const results = (JSON.parse(answer.text) as { results: { outcome: string; itemStatus?: string }[] })
            .results;
          expect(
            results.map((result) => result.outcome),
            label,
          ).toEqual(['rejected']);
          expect(results[0]?.itemStatus, label).toBeUndefined();
        } else if (plan.addressesTenant) {
          expect([403, 404], `${label} → ${answer.status} ${answer.text.slice(0, 300)}`).toContain(
            answer.status,
          );
        }
      }
      tried.add(keyOf(route));
    });
  }

  it('tried every route of the manifest that takes a token', () => {
    const untried = routes.filter((route) => route.auth !== 'public' && !tried.has(keyOf(route)));
    expect(untried.map(keyOf)).toEqual([]);
  });
});

describe('Idempotency-Key is scoped by tenant and subject', () => {
  const post = async (path: string, token: string, key: string, body: unknown) => {
    const answer = await fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify(body),
    });
    return {
      status: answer.status,
      replayed: answer.headers.get('idempotent-replayed'),
      json: (await answer.json()) as Json,
    };
  };
  const registration = (dossierCode: string, agencyCode: string): Record<string, unknown> => ({
    ...dossierRequest({ dossierCode }),
    agency: { code: agencyCode, name: 'Trung tâm Phục vụ hành chính công' },
  });

  it('gives two agencies sending the same key each their own answer, and each its own replay', async () => {
    const key = 'shared-key-0000000001';
    const ownerToken = await tokenOf(runtime, 'agency');
    const strangerToken = await tokenOf(runtime, 'agency', STRANGERS);
    const ownerBody = registration(`${OWNER.agencyCode}-261104-0001`, OWNER.agencyCode);
    const strangerBody = registration(`${STRANGERS.agencyCode}-261104-0001`, STRANGERS.agencyCode);
    const first = await post('/v1/dossiers', ownerToken, key, ownerBody);
    const second = await post('/v1/dossiers', strangerToken, key, strangerBody);
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    expect(second.status, JSON.stringify(second.json)).toBe(201);
    expect(first.json.dossier.dossierCode).toBe(ownerBody.dossierCode);
    expect(second.json.dossier.dossierCode).toBe(strangerBody.dossierCode);
    expect(second.replayed).toBeNull();

    const again = await post('/v1/dossiers', strangerToken, key, strangerBody);
    expect(again).toMatchObject({ status: 201, replayed: 'true' });
    expect(again.json).toEqual(second.json);
    const reused = await post('/v1/dossiers', ownerToken, key, strangerBody);
    expect(reused.status).toBe(409);
    expect(reused.json.type).toMatch(/idempotency-key-reused$/);
  });

  it('is honoured by scans and proof uploads, per office', async () => {
    const key = 'shared-key-0000000002';
    const ownOffice = await tokenOf(runtime, 'postal-staff', { postOfficeCode: OWNER.citizenOffice });
    const otherOffice = await tokenOf(runtime, 'postal-staff', STRANGERS);
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const scan = (postOfficeCode: string) => ({
      scans: [
        {
          scanId: `idem-${postOfficeCode}`,
          itemCode: owner.values.inboundItemCode,
          type: 'depart',
          occurredAt,
          postOfficeCode,
        },
      ],
    });
    const ours = await post('/v1/scans', ownOffice, key, scan(OWNER.citizenOffice));
    const theirs = await post('/v1/scans', otherOffice, key, scan(STRANGERS.postOfficeCode));
    expect(ours.status).toBe(200);
    expect(theirs.status).toBe(200);
    expect(theirs.replayed).toBeNull();
    expect(theirs.json.results[0].scanId).toBe(`idem-${STRANGERS.postOfficeCode}`);
    const replay = await post('/v1/scans', ownOffice, key, scan(OWNER.citizenOffice));
    expect(replay).toMatchObject({ status: 200, replayed: 'true' });
    expect(replay.json).toEqual(ours.json);

    const deliveringOffice = await tokenOf(runtime, 'postal-staff', { postOfficeCode: OWNER.citizenOffice });
    const proof = { contentType: 'image/jpeg', kind: 'photo' };
    const path = `/v1/items/${owner.values.itemCode}/proofs`;
    const upload = await post(path, deliveringOffice, 'proof-key-000000001', proof);
    expect(upload.status, JSON.stringify(upload.json)).toBe(201);
    const uploadAgain = await post(path, deliveringOffice, 'proof-key-000000001', proof);
    expect(uploadAgain).toMatchObject({ status: 201, replayed: 'true' });
    expect(uploadAgain.json.photoKey).toBe(upload.json.photoKey);
  });
});

describe('public tracking', () => {
  const track = async (ref: string, phoneLast4: string) => {
    const answer = await fetch(`${runtime.url}/v1/track/${ref}?phoneLast4=${phoneLast4}`);
    return {
      status: answer.status,
      contentType: answer.headers.get('content-type'),
      json: (await answer.json()) as Json,
    };
  };
  /** The answer with the reference taken out: what tells one reference from another. */
  const shape = (answer: { status: number; contentType: string | null; json: Json }, ref: string) =>
    JSON.parse(JSON.stringify(answer).replaceAll(ref, '{ref}'));

  it('answers a wrong guess as an unknown reference, and locks the reference after ten', async () => {
    const ref = owner.values.dossierCode!;
    const unknownRef = `${OWNER.agencyCode}-261109-9999`;
    const phoneLast4 = owner.secrets[1]!.slice(-4);
    const wrong = phoneLast4 === '0000' ? '1111' : '0000';
    expect((await track(ref, phoneLast4)).status).toBe(200);

    const unknown = await track(unknownRef, wrong);
    for (let guess = 1; guess <= 10; guess++) {
      const answer = await track(ref, wrong);
      expect(shape(answer, ref)).toEqual(shape(unknown, unknownRef));
    }
    const locked = await track(ref, phoneLast4);
    expect(shape(locked, ref)).toEqual(shape(unknown, unknownRef));
    expect(locked.status).toBe(404);
  });
});

describe('personal data', () => {
  const get = async (path: string, token: string) => {
    const answer = await fetch(`${runtime.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: answer.status, json: (await answer.json()) as Json };
  };

  it('writes every read of a dossier to the audit trail, which admins read by dossier and by caller', async () => {
    const ref = owner.values.dossierCode!;
    const agency = await tokenOf(runtime, 'agency');
    const staff = await tokenOf(runtime, 'postal-staff', { postOfficeCode: OWNER.citizenOffice });
    const admin = await tokenOf(runtime, 'admin');
    expect((await get(`/v1/dossiers/${ref}`, agency)).status).toBe(200);
    expect((await get(`/v1/dossiers/${ref}`, staff)).status).toBe(200);

    const byDossier = await get(`/v1/audit?dossierRef=${ref}`, admin);
    expect(byDossier.status).toBe(200);
    const subjects = byDossier.json.entries.map((entry: Json) => entry.caller.subject);
    expect(subjects).toContain(`dev-agency-${OWNER.agencyCode}`);
    expect(subjects).toContain(`dev-postal-staff-${OWNER.citizenOffice}`);
    const agencyRead = byDossier.json.entries.find((entry: Json) => entry.caller.roles.includes('agency'));
    expect(agencyRead).toMatchObject({ dossierCode: ref, purpose: 'GET /v1/dossiers/{dossierRef}' });
    expect(agencyRead.fields).not.toContain('idNumber');
    const staffRead = byDossier.json.entries.find((entry: Json) =>
      entry.caller.roles.includes('postal-staff'),
    );
    expect(staffRead.fields).toContain('idNumber');

    const label = await fetch(`${runtime.url}/v1/items/${owner.values.itemCode}/label`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    expect(label.status).toBe(200);
    await label.arrayBuffer();
    const afterLabel = await get(`/v1/audit?dossierRef=${ref}`, admin);
    expect(afterLabel.json.entries[0]).toMatchObject({
      purpose: 'GET /v1/items/{itemCode}/label',
      caller: { subject: `dev-postal-staff-${OWNER.citizenOffice}` },
    });

    const byCaller = await get(`/v1/audit?caller=dev-agency-${OWNER.agencyCode}`, admin);
    expect(byCaller.json.entries.some((entry: Json) => entry.dossierCode === ref)).toBe(true);
    const page = await get(`/v1/audit?dossierRef=${ref}&limit=1`, admin);
    expect(page.json.entries).toHaveLength(1);
    const next = await get(`/v1/audit?dossierRef=${ref}&limit=1&cursor=${page.json.next}`, admin);
    expect(next.json.entries[0].auditId).not.toBe(page.json.entries[0].auditId);
    const foreign = await get(`/v1/audit?caller=someone&cursor=${page.json.next}`, admin);
    expect(foreign.status).toBe(400);
    expect((await get(`/v1/audit?dossierRef=${ref}`, agency)).status).toBe(403);
    expect((await get('/v1/audit', admin)).status).toBe(400);
  });

  it('keeps no ID number, and shows its masked form only to those who check it at delivery', async () => {
    const ref = owner.values.dossierCode!;
    const views = {
      agency: await get(`/v1/dossiers/${ref}`, await tokenOf(runtime, 'agency')),
      finance: await get(`/v1/dossiers/${ref}`, await tokenOf(runtime, 'finance')),
      staff: await get(
        `/v1/dossiers/${ref}`,
        await tokenOf(runtime, 'postal-staff', { postOfficeCode: OWNER.citizenOffice }),
      ),
    };
    for (const view of Object.values(views)) {
      expect(view.status).toBe(200);
      expect(view.json.dossier.applicant.idNumber).toBeUndefined();
      expect(JSON.stringify(view.json)).not.toContain(OWNER_ID_NUMBER);
    }
    expect(views.agency.json.dossier.applicant.idNumberMasked).toBeUndefined();
    expect(views.finance.json.dossier.applicant.idNumberMasked).toBeUndefined();
    // The province code at most: never the digits the door asks for.
    expect(views.staff.json.dossier.applicant.idNumberMasked).toBe(
      `${OWNER_ID_NUMBER.slice(0, 3)}${'•'.repeat(9)}`,
    );
  });
});
