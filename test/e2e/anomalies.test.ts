/**
 * The supervisors' queue over HTTP: a flagged delivery is listed for the item's office, applied
 * once by one of its supervisors; bad input (an unknown anomaly, a second resolution, another
 * office's anomaly, a staff member resolving or unlocking, a promised date in the past) is a
 * clear problem+json and changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const OFFICE = DEMO.postOfficeCode;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-anomalies-'));
let runtime: RunningRuntime;
let agency: string;
let staff: string;
let supervisor: string;
let otherSupervisor: string;
let counter = 0;

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

/** A problem+json answer with this status and a stable type. */
function expectProblem(answer: { status: number; json: Json }, status: number, type: string): void {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect(answer.json.type).toBe(`https://bcci-bridge.vn/problems/${type}`);
  expect(answer.json.detail ?? answer.json.title).toEqual(expect.any(String));
}

async function register(overrides: Json = {}) {
  counter += 1;
  return call('POST', '/v1/dossiers', agency, {
    ...dossierRequest({
      dossierCode: `${AGENCY}-${localDate(new Date()).slice(2).replaceAll('-', '')}-${String(counter).padStart(4, '0')}`,
      fees: [],
    }),
    agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
    applicant: {
      fullName: 'Trần Thị Bình',
      phone: '0987000111',
      address: { line: '3 Hàng Bài', communeCode: '00004', provinceCode: '01' },
    },
    exemption: 'full',
    ...overrides,
  });
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  supervisor = await runtime.token('postal-supervisor', { postOfficeCode: OFFICE });
  otherSupervisor = await runtime.token('postal-supervisor', { postOfficeCode: 'BC-HCM-01' });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the anomaly queue', () => {
  it('lists a delivery scanned before anyone went out, applies it once, and refuses bad resolutions', async () => {
    const registered = await register();
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    const { dossierCode } = registered.json.dossier;
    const itemCode: string = registered.json.items[0].itemCode;
    expect((await call('POST', `/v1/dossiers/${dossierCode}/result-ready`, agency, {})).status).toBe(200);
    const manifest = await call('POST', '/v1/manifests', staff, {
      kind: 'collect-from-agency',
      agencyCode: AGENCY,
      postOfficeCode: OFFICE,
      itemCodes: [itemCode],
    });
    await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, staff, {
      itemCodesReceived: [itemCode],
      signedBy: 'Lê Văn Tâm',
    });
    const flagged = await call('POST', '/v1/scans', staff, {
      scans: [
        {
          scanId: `anomaly-${Date.now().toString(36)}`,
          itemCode,
          type: 'delivered',
          occurredAt: new Date().toISOString(),
          postOfficeCode: OFFICE,
          proof: {
            recipientName: 'Trần Thị Bình',
            relation: 'authorised',
            idLast4: '1111',
            letterPhotoKey: `proofs/${itemCode}/letter.jpg`,
          },
        },
      ],
    });
    expect(flagged.json.results[0]).toMatchObject({ outcome: 'flagged', reason: 'before-out-for-delivery' });
    const open = await eventually(async () => {
      const listed = await call('GET', '/v1/anomalies', supervisor);
      return listed.json.anomalies?.length === 1 ? listed.json : undefined;
    }, 30_000);
    const anomaly = open.anomalies[0];
    expect(anomaly).toMatchObject({
      itemCode,
      status: 'open',
      reason: 'before-out-for-delivery',
      postOfficeCodes: [OFFICE],
    });

    const resolve = (
      anomalyId: string,
      token: string,
      body: Json = { action: 'apply', note: 'Quên quét phát' },
    ) => call('POST', `/v1/anomalies/${anomalyId}/resolve`, token, body);
    expectProblem(await resolve(anomaly.anomalyId.replace(/.{4}$/, '0000'), supervisor), 404, 'not-found');
    expectProblem(await resolve('not-an-anomaly', supervisor), 400, 'validation-failed');
    expectProblem(await resolve(anomaly.anomalyId, staff), 403, 'forbidden');
    expectProblem(await resolve(anomaly.anomalyId, otherSupervisor), 404, 'not-found');
    expectProblem(
      await resolve(anomaly.anomalyId, supervisor, { action: 'apply', note: '' }),
      400,
      'validation-failed',
    );
    expectProblem(
      await call('GET', `/v1/anomalies?postOfficeCode=${OFFICE}`, otherSupervisor),
      403,
      'forbidden',
    );
    expect((await call('GET', '/v1/anomalies', supervisor)).json.anomalies[0].status).toBe('open');
    expect((await call('GET', `/v1/items/${itemCode}`, staff)).json.status).toBe('collected');

    const applied = await resolve(anomaly.anomalyId, supervisor);
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    expect(applied.json).toMatchObject({
      anomaly: { status: 'applied', resolution: { action: 'apply', note: 'Quên quét phát' } },
      item: { itemCode, status: 'delivered' },
    });
    expectProblem(
      await resolve(anomaly.anomalyId, supervisor, { action: 'dismiss', note: 'Lần hai' }),
      409,
      'conflict',
    );
    expect((await call('GET', '/v1/anomalies?status=applied', supervisor)).json.anomalies).toHaveLength(1);
    await eventually(async () => {
      const dossier = await call('GET', `/v1/dossiers/${dossierCode}`, agency);
      return dossier.json.dossier.status === 'delivered' ? true : undefined;
    });
  });
});

describe('bad input elsewhere', () => {
  it('refuses a promised date in the past, and an unlock by staff or of an item not locked', async () => {
    const yesterday = localDate(new Date(Date.now() - 2 * 24 * 3_600_000));
    expectProblem(await register({ promisedDate: yesterday }), 422, 'unprocessable');
    const registered = await register();
    const { dossierCode } = registered.json.dossier;
    const itemCode: string = registered.json.items[0].itemCode;
    expectProblem(
      await call('POST', `/v1/dossiers/${dossierCode}/result-ready`, agency, { promisedDate: yesterday }),
      422,
      'unprocessable',
    );
    expect((await call('GET', `/v1/dossiers/${dossierCode}`, agency)).json.dossier.status).toBe('registered');
    expectProblem(
      await call('POST', `/v1/items/${itemCode}/unlock`, staff, { note: 'Mở khóa' }),
      403,
      'forbidden',
    );
    expectProblem(
      await call('POST', `/v1/items/${itemCode}/unlock`, supervisor, { note: 'Mở khóa' }),
      409,
      'conflict',
    );
    expectProblem(
      await call('POST', `/v1/items/${itemCode}/unlock`, otherSupervisor, { note: 'x' }),
      404,
      'not-found',
    );
  });
});

describe('worklist assignments', () => {
  it("lets a supervisor give a task to staff, who then see only their own and the office's unassigned ones", async () => {
    const registered = await register();
    const { dossierCode } = registered.json.dossier;
    const itemCode: string = registered.json.items[0].itemCode;
    expect((await call('POST', `/v1/dossiers/${dossierCode}/result-ready`, agency, {})).status).toBe(200);
    const later = localDate(new Date(Date.now() + 15 * 24 * 3_600_000));
    const listed = (token: string, query = '') =>
      call('GET', `/v1/worklist?date=${later}${query}`, token).then(
        (answer) => answer.json.entries as Json[],
      );
    // The ready result is a collection at the agency's office, for everyone until assigned.
    const entry = await eventually(async () =>
      (await listed(staff)).find((candidate) => candidate.itemCode === itemCode),
    );
    expect(entry).toMatchObject({ kind: 'collection', collectAmountVnd: 0, assignedStaffId: null });

    const assign = (token: string, assignments: Json[]) =>
      call('POST', '/v1/worklist/assignments', token, { assignments });
    expectProblem(await assign(staff, [{ itemCode, staffId: 'nv-khac' }]), 403, 'forbidden');
    expect((await assign(otherSupervisor, [{ itemCode, staffId: 'nv-khac' }])).json.results).toEqual([
      { itemCode, outcome: 'refused', reason: 'not-your-office' },
    ]);
    const given = await assign(supervisor, [
      { itemCode, staffId: 'nv-khac' },
      { itemCode: 'RK999999995VN', staffId: 'nv-khac' },
    ]);
    expect(given.json.results).toEqual([
      { itemCode, outcome: 'assigned', staffId: 'nv-khac' },
      { itemCode: 'RK999999995VN', outcome: 'refused', reason: 'unknown-item' },
    ]);
    await eventually(async () =>
      (await listed(supervisor, '&staffId=nv-khac')).some((candidate) => candidate.itemCode === itemCode)
        ? true
        : undefined,
    );
    expect((await listed(staff)).map((candidate) => candidate.itemCode)).not.toContain(itemCode);
    expectProblem(await call('GET', `/v1/worklist?staffId=nv-khac`, staff), 403, 'forbidden');
  });
});

describe('postal return asked for after submission', () => {
  it('adds a priced outbound item once, is withdrawn before collection, and refuses what cannot be', async () => {
    const paper = await call('POST', '/v1/dossiers', staff, {
      ...dossierRequest({ dossierCode: undefined, services: { pickup: true, return: false }, fees: [] }),
      agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
      applicant: {
        fullName: 'Lê Văn Cường',
        phone: '0987000222',
        address: { line: '8 Tràng Thi', communeCode: '00004', provinceCode: '01' },
      },
    });
    expect(paper.status, JSON.stringify(paper.json)).toBe(201);
    const ref = paper.json.dossier.consignmentRef as string;
    const asked = await call('POST', `/v1/dossiers/${ref}/return`, agency, { action: 'register' });
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    expect(asked.json.dossier.services).toEqual({ pickup: true, return: true });
    expect(asked.json.dossier.quote.dueAtDelivery).toBeGreaterThan(0);
    const outbound = (asked.json.items as Json[]).filter((item) => item.direction === 'outbound');
    expect(outbound).toEqual([expect.objectContaining({ status: 'registered' })]);
    const again = await call('POST', `/v1/dossiers/${ref}/return`, agency, {});
    expect((again.json.items as Json[]).filter((item) => item.direction === 'outbound')).toHaveLength(1);

    const withdrawn = await call('POST', `/v1/dossiers/${ref}/return`, staff, {
      action: 'withdraw',
      reason: 'Công dân nhận tại quầy',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.dossier.services.return).toBe(false);
    expect(
      (withdrawn.json.items as Json[]).find((item) => item.itemCode === outbound[0]?.itemCode)?.status,
    ).toBe('cancelled');
    expect(withdrawn.json.timeline.map((entry: Json) => entry.type)).toEqual(
      expect.arrayContaining(['dossier.return-registered', 'dossier.return-withdrawn']),
    );

    const returnOnly = await register();
    expectProblem(
      await call('POST', `/v1/dossiers/${returnOnly.json.dossier.dossierCode}/return`, agency, {
        action: 'withdraw',
      }),
      409,
      'conflict',
    );
    expectProblem(
      await call('POST', `/v1/dossiers/PG0000000000ZZ/return`, agency, { action: 'register' }),
      404,
      'not-found',
    );
  });
});
