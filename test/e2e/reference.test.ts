/**
 * The reference-data routes over HTTP: an admin describes a post office and an agency, every
 * role reads them, nobody else writes them, and a dossier for a commune of the new office is
 * placed on it; an admin registers an agency system's machine client; every role reads the
 * tariff.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-reference-'));
let runtime: RunningRuntime;
let admin: string;
let staff: string;
let agency: string;

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  admin = await runtime.token('admin');
  staff = await runtime.token('postal-staff', { postOfficeCode: 'BC-HN-01' });
  agency = await runtime.token('agency', { agencyCode: '000.00.12.H99' });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('reference data', () => {
  it('is written by an admin, read by every role, and places dossiers', async () => {
    const office = { name: 'Bưu cục Ninh Bình', provinceCode: '37', communeCodes: ['14365'] };
    const put = await call('PUT', '/v1/reference/post-offices/BC-NB-01', admin, office);
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    expect(put.json).toMatchObject({ postOfficeCode: 'BC-NB-01', ...office });
    expect((await call('GET', '/v1/reference/post-offices/BC-NB-01', staff)).json).toMatchObject(office);
    const offices = await call('GET', '/v1/reference/post-offices', agency);
    expect((offices.json.postOffices as Json[]).map((entry) => entry.postOfficeCode)).toContain('BC-NB-01');

    const unknownOffice = await call('PUT', '/v1/reference/agencies/000.00.12.H99', admin, {
      name: 'UBND phường Hoa Lư',
      postOfficeCode: 'BC-XX-99',
    });
    expect(unknownOffice.status).toBe(422);
    const agencyPut = await call('PUT', '/v1/reference/agencies/000.00.12.H99', admin, {
      name: 'UBND phường Hoa Lư',
      postOfficeCode: 'BC-NB-01',
      receiptSeriesLetters: 'HLNB',
      receiptFormSymbol: '01BLP0-001',
      taxCode: '2700123456-002',
    });
    expect(agencyPut.status).toBe(200);
    // The e-receipt fields are bounded: a tax code of 10 digits (and a branch), a short form symbol.
    for (const bad of [
      { taxCode: '27001234' },
      { taxCode: '2700123456-0021' },
      { taxCode: `${'1'.repeat(10)}-${'2'.repeat(300)}` },
      { receiptFormSymbol: 'mẫu 01' },
      { receiptFormSymbol: '01BLP0-001-001' },
    ]) {
      const refused = await call('PUT', '/v1/reference/agencies/000.00.12.H99', admin, {
        name: 'UBND phường Hoa Lư',
        postOfficeCode: 'BC-NB-01',
        receiptSeriesLetters: 'HLNB',
        ...bad,
      });
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(refused.json.type).toMatch(/validation-failed$/);
    }
    const taken = await call('PUT', '/v1/reference/agencies/000.00.12.H98', admin, {
      name: 'UBND xã Gia Viễn',
      postOfficeCode: 'BC-NB-01',
      receiptSeriesLetters: 'HLNB',
    });
    expect(taken.status).toBe(409);
    expect((await call('GET', '/v1/reference/agencies/000.00.12.H99', agency)).json).toMatchObject({
      postOfficeCode: 'BC-NB-01',
      taxCode: '2700123456-002',
      receiptFormSymbol: '01BLP0-001',
    });

    expect((await call('PUT', '/v1/reference/post-offices/BC-NB-02', staff, office)).status).toBe(403);
    expect((await call('PUT', '/v1/reference/post-offices/BC-NB-02', admin, { name: '' })).status).toBe(400);
    expect((await call('GET', '/v1/reference/post-offices/BC-NB-09', staff)).status).toBe(404);
    expect((await call('GET', '/v1/reference/agencies/000.00.12.H97', staff)).status).toBe(404);

    const registered = await call('POST', '/v1/dossiers', agency, {
      ...dossierRequest({ dossierCode: '000.00.12.H99-261203-0001', fees: [] }),
      agency: { code: '000.00.12.H99', name: 'UBND phường Hoa Lư' },
      applicant: {
        fullName: 'Đinh Văn Hải',
        phone: '0912000333',
        address: { line: '5 Trần Hưng Đạo', communeCode: '14365', provinceCode: '37' },
      },
    });
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    const [item] = registered.json.items as Json[];
    const view = await call('GET', `/v1/items/${item?.itemCode}`, agency);
    expect(view.json).toMatchObject({ originOfficeCode: 'BC-NB-01', destinationOfficeCode: 'BC-NB-01' });
  });

  it("lists every agency, registers an agency system's client for an admin only, and shows the tariff", async () => {
    const office = { name: 'Bưu cục Tam Điệp', provinceCode: '37', communeCodes: ['14380'] };
    expect((await call('PUT', '/v1/reference/post-offices/BC-NB-03', admin, office)).status).toBe(200);
    const put = await call('PUT', '/v1/reference/agencies/000.00.12.H96', admin, {
      name: 'UBND phường Tam Điệp',
      postOfficeCode: 'BC-NB-03',
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const listed = await call('GET', '/v1/reference/agencies', staff);
    expect(listed.status).toBe(200);
    expect(listed.json.agencies as Json[]).toContainEqual(
      expect.objectContaining({
        agencyCode: '000.00.12.H96',
        name: 'UBND phường Tam Điệp',
        postOfficeCode: 'BC-NB-03',
      }),
    );

    const client = await call('PUT', '/v1/reference/agency-clients/4b1c2d3e5f6a7b8c9d0e1f2a3b', admin, {
      agencyCode: '000.00.12.H96',
    });
    expect(client.status, JSON.stringify(client.json)).toBe(200);
    expect(client.json).toMatchObject({
      clientId: '4b1c2d3e5f6a7b8c9d0e1f2a3b',
      agencyCode: '000.00.12.H96',
    });
    const read = await call('GET', '/v1/reference/agency-clients/4b1c2d3e5f6a7b8c9d0e1f2a3b', admin);
    expect(read.json).toMatchObject({ agencyCode: '000.00.12.H96', updatedAt: expect.any(String) });
    const problem = (answer: { status: number; json: Json }, status: number, type: string) => {
      expect(answer.status, JSON.stringify(answer.json)).toBe(status);
      expect(answer.json.type).toBe(`https://bcci-bridge.vn/problems/${type}`);
    };
    problem(
      await call('PUT', '/v1/reference/agency-clients/c9', admin, { agencyCode: '000.00.12.H95' }),
      422,
      'unprocessable',
    );
    problem(await call('GET', '/v1/reference/agency-clients/c9', admin), 404, 'not-found');
    problem(
      await call('GET', '/v1/reference/agency-clients/4b1c2d3e5f6a7b8c9d0e1f2a3b', agency),
      403,
      'forbidden',
    );
    problem(
      await call('PUT', '/v1/reference/agency-clients/c9', staff, { agencyCode: '000.00.12.H96' }),
      403,
      'forbidden',
    );
    problem(
      await call('PUT', '/v1/reference/agency-clients/bad%20id', admin, { agencyCode: '000.00.12.H96' }),
      400,
      'validation-failed',
    );
    // The forbidden and refused writes changed nothing.
    problem(await call('GET', '/v1/reference/agency-clients/c9', admin), 404, 'not-found');

    const tariff = await call('GET', '/v1/finance/tariffs', agency);
    expect(tariff.status).toBe(200);
    expect(tariff.json).toMatchObject({ version: expect.any(String), effectiveFrom: expect.any(String) });
  });
});
