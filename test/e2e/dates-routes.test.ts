/**
 * No date from 2025 to 2035 makes a route that takes one throw, over HTTP: the worklist and the
 * route sheet of a day, the monthly statement (JSON, CSV, XLSX, PDF), a ledger account's entries
 * between two instants, a remittance of a period, and a dossier registered or made ready with a
 * promised date. Days past the holiday data (2031 on) are answered by the rules. Each answer is
 * a success or a problem+json, never a 5xx.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from '../support/http-event.ts';
import { type RunningRuntime, startRuntime } from '../support/runtime.ts';

const AGENCY = DEMO.agencyCode;
const OFFICE = DEMO.postOfficeCode;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-dates-'));
let runtime: RunningRuntime;
const tokens: Record<string, string> = {};
let sequence = 0;

/** Days the calendar finds hard (year ends, leap days, Tết, past the holiday data), then a sample of the rest. */
const EDGE_DAYS = [
  '2025-01-01',
  '2025-01-28',
  '2025-12-31',
  '2026-02-17',
  '2028-02-29',
  '2030-12-31',
  '2031-01-01',
  '2032-02-29',
  '2035-12-31',
];
const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2035-12-31T00:00:00Z');
const SAMPLED_DAYS = fc
  .sample(fc.integer({ min: FROM, max: TO }), { numRuns: 4, seed: 2035 })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));
const DAYS = [...EDGE_DAYS, ...SAMPLED_DAYS];

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  tokens.staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  tokens.supervisor = await runtime.token('postal-supervisor', { postOfficeCode: OFFICE });
  tokens.agency = await runtime.token('agency', { agencyCode: AGENCY });
  tokens.finance = await runtime.token('finance');
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function answer(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const type = response.headers.get('content-type') ?? '';
  const text = type.includes('json') ? await response.text() : '';
  if (!type.includes('json')) await response.arrayBuffer();
  expect(response.status, `${method} ${path} → ${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  if (response.status >= 400) expect(type, `${method} ${path}`).toContain('application/problem+json');
  return { status: response.status, type, text };
}

describe('every route that takes a date, from 2025 to 2035', () => {
  it.each(DAYS)('answers %s', async (day) => {
    const get = (path: string, token: string) => answer('GET', path, token);
    expect((await get(`/v1/worklist?date=${day}`, tokens.supervisor!)).status).toBe(200);
    const sheet = await get(`/v1/worklist/route-sheet?date=${day}`, tokens.staff!);
    expect([sheet.status, sheet.type]).toEqual([200, 'application/pdf']);
    const period = day.slice(0, 7);
    for (const format of ['', '&format=csv', '&format=xlsx', '&format=pdf']) {
      const statement = await get(
        `/v1/finance/reconciliations?agencyCode=${AGENCY}&period=${period}${format}`,
        tokens.finance!,
      );
      expect(statement.status, format).toBe(200);
    }
    const from = encodeURIComponent(`${day}T00:00:00+07:00`);
    const to = encodeURIComponent(`${day}T23:59:59+07:00`);
    expect(
      (await get(`/v1/finance/accounts/agency-fees:${AGENCY}/entries?from=${from}&to=${to}`, tokens.finance!))
        .status,
    ).toBe(200);
    const remitted = await answer('POST', '/v1/finance/remittances', tokens.finance!, {
      agencyCode: AGENCY,
      periodStart: day,
      periodEnd: day,
    });
    expect([201, 409, 422]).toContain(remitted.status);

    // A promised date: accepted from today on, refused with a problem before.
    sequence += 1;
    const registered = await answer('POST', '/v1/dossiers', tokens.agency!, {
      ...dossierRequest({
        dossierCode: `${AGENCY}-${localDate(new Date()).slice(2).replaceAll('-', '')}-${String(8000 + sequence)}`,
        fees: [],
        promisedDate: day,
      }),
      agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
      applicant: {
        fullName: 'Vũ Thị Mai',
        phone: '0987000555',
        address: { line: '9 Lý Thái Tổ', communeCode: '00004', provinceCode: '01' },
      },
    });
    const future = day >= localDate(new Date());
    expect(registered.status).toBe(future ? 201 : 422);
    if (!future) return;
    const { dossier } = JSON.parse(registered.text) as { dossier: { dossierCode: string } };
    const ready = await answer('POST', `/v1/dossiers/${dossier.dossierCode}/result-ready`, tokens.agency!, {
      promisedDate: day,
    });
    expect(ready.status).toBe(200);
  });
});
