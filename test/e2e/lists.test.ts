/**
 * The console's lists over HTTP on the embedded runtime: an agency's dossiers by date and
 * status, the counter's search by phone, a subscription's recent deliveries with a replay,
 * and the receipts search. Each is read a page at a time with sealed cursors, each limit is
 * refused past its bound, and another tenant reads nothing of the owner's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { AGENCY, dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';
import { OWNER, STRANGERS, tokenOf } from '../support/tenants.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-lists-'));
let runtime: RunningRuntime;
const TODAY = localDate(new Date());
const DAY_CODE = TODAY.slice(2).replaceAll('-', '');
const PHONE = '0977123456';

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);
const token = (role: 'agency' | 'postal-staff' | 'finance' | 'admin', tenant = {}) =>
  tokenOf(runtime, role, tenant);

const register = async (n: number, overrides: Record<string, unknown> = {}) => {
  const base = dossierRequest({ dossierCode: `${AGENCY}-${DAY_CODE}-${String(n).padStart(4, '0')}` });
  const answer = await call('POST', '/v1/dossiers', await token('agency'), {
    ...base,
    applicant: { ...(base.applicant as object), phone: PHONE },
    ...overrides,
  });
  expect(answer.status, JSON.stringify(answer.json)).toBe(201);
  return answer.json;
};

/** Every page of a list, following `next`. */
async function allPages(
  path: string,
  bearer: string,
  field: string,
): Promise<{ rows: Json[]; pages: number }> {
  const rows: Json[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= 20; pages += 1) {
    const answer = await call(
      'GET',
      `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      bearer,
    );
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    rows.push(...answer.json[field]);
    cursor = answer.json.next;
    if (!cursor) return { rows, pages };
  }
  throw new Error('more than 20 pages');
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  for (const n of [1, 2, 3]) await register(n);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("an agency's dossiers by date and status", () => {
  const path = (query: string) => `/v1/agencies/${AGENCY}/dossiers?from=${TODAY}&to=${TODAY}&${query}`;

  it('pages through the range newest first, and filters by status', async () => {
    const agency = await token('agency');
    const { rows, pages } = await allPages(path('limit=2'), agency, 'dossiers');
    expect(pages).toBe(2);
    const codes = rows.map((row) => row.dossierCode);
    expect(codes.slice(0, 3)).toEqual([3, 2, 1].map((n) => `${AGENCY}-${DAY_CODE}-000${n}`));
    expect(rows[0]).toMatchObject({ status: 'registered', phone: PHONE, agency: { code: AGENCY } });

    const cancelled = await call('POST', `/v1/dossiers/${codes[1]}/cancel`, agency, { reason: 'Rút hồ sơ' });
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200);
    const inStatus = await call('GET', path('status=cancelled'), agency);
    expect(inStatus.json.dossiers.map((row: Json) => row.dossierCode)).toEqual([codes[1]]);
    const stillRegistered = await call('GET', path('status=registered'), agency);
    expect(stillRegistered.json.dossiers.map((row: Json) => row.dossierCode)).not.toContain(codes[1]);
  });

  it('refuses a range over 31 days, a limit over 100, and a cursor of another query', async () => {
    const agency = await token('agency');
    const wide = await call('GET', `/v1/agencies/${AGENCY}/dossiers?from=2026-01-01&to=2026-02-15`, agency);
    expect(wide.status).toBe(400);
    expect((await call('GET', path('limit=101'), agency)).status).toBe(400);
    const first = await call('GET', path('limit=1'), agency);
    expect(first.json.next).toBeTruthy();
    const reused = await call(
      'GET',
      `${path('status=registered&limit=1')}&cursor=${first.json.next}`,
      agency,
    );
    expect(reused.status).toBe(400);
    expect(reused.json.type).toMatch(/invalid-cursor$/);
  });

  it("answers 403 to another agency, and lets finance read any agency's", async () => {
    const stranger = await token('agency', { agencyCode: STRANGERS.agencyCode });
    expect((await call('GET', path('limit=5'), stranger)).status).toBe(403);
    const finance = await call('GET', path('limit=5'), await token('finance'));
    expect(finance.json.dossiers.length).toBeGreaterThan(0);
  });
});

describe("the counter's search by phone", () => {
  it("finds the dossiers the caller's office serves, however the number is written, and audits the read", async () => {
    const staff = await token('postal-staff', { postOfficeCode: OWNER.citizenOffice });
    const { rows } = await allPages(`/v1/dossiers?phone=${PHONE}&limit=2`, staff, 'dossiers');
    expect(rows).toHaveLength(3);
    const international = await call('GET', `/v1/dossiers?phone=%2B84${PHONE.slice(1)}`, staff);
    expect(international.json.dossiers).toHaveLength(3);

    const audit = await call('GET', `/v1/audit?dossierRef=${rows[0]?.dossierCode}`, await token('admin'));
    expect(audit.json.entries.map((entry: Json) => entry.purpose)).toContain('GET /v1/dossiers');
  });

  it('gives staff of another office nothing, and refuses a limit over 100', async () => {
    const stranger = await token('postal-staff', { postOfficeCode: STRANGERS.postOfficeCode });
    const answer = await call('GET', `/v1/dossiers?phone=${PHONE}`, stranger);
    expect(answer.status).toBe(200);
    expect(answer.json.dossiers).toEqual([]);
    expect((await call('GET', `/v1/dossiers?phone=${PHONE}&limit=101`, stranger)).status).toBe(400);
    expect((await call('GET', '/v1/dossiers?phone=12345', stranger)).status).toBe(400);
  });
});

describe("a subscription's recent deliveries", () => {
  it('lists them a page at a time and replays one; another agency reads none', async () => {
    const agency = await token('agency');
    const subscribed = await call('POST', '/v1/webhooks', agency, {
      url: 'http://127.0.0.1:9/callbacks',
      // Only what this test causes: the other tests' dossiers keep moving meanwhile.
      events: ['dossier.registered'],
    });
    expect(subscribed.status, JSON.stringify(subscribed.json)).toBe(201);
    const webhookId = subscribed.json.id;
    await register(4);
    await register(5);
    const path = `/v1/webhooks/${webhookId}/deliveries?days=1`;
    const deliveries = await eventually(async () => {
      const { rows } = await allPages(`${path}&limit=1`, agency, 'deliveries');
      return rows.length >= 2 ? rows : undefined;
    });
    const [newest, older] = deliveries as [Json, Json];
    expect(newest).toMatchObject({ eventType: 'dossier.registered' });
    expect(newest.occurredAt >= older.occurredAt).toBe(true);
    expect(newest.payload).toBeUndefined();

    const eventId = newest.eventId;
    const replayed = await call('POST', `/v1/webhooks/${webhookId}/deliveries/${eventId}/replay`, agency);
    expect(replayed).toMatchObject({ status: 202, json: { replayed: 1, eventId } });

    const stranger = await token('agency', { agencyCode: STRANGERS.agencyCode });
    expect((await call('GET', path, stranger)).status).toBe(404);
    expect(
      (await call('POST', `/v1/webhooks/${webhookId}/deliveries/${eventId}/replay`, stranger)).status,
    ).toBe(404);
    expect((await call('GET', `${path.replace('days=1', 'days=31')}`, agency)).status).toBe(400);
  });
});

describe('the receipts search', () => {
  it('finds a receipt by dossier, by the agency’s days and by number; another agency sees none', async () => {
    const registered = await register(6, {
      services: { pickup: true, return: false },
      fees: [{ code: 'LPH', name: 'Lệ phí', amount: 50_000, collectAt: 'pickup' }],
    });
    const itemCode = registered.items[0].itemCode;
    const staff = await token('postal-staff', { postOfficeCode: OWNER.citizenOffice });
    const picked = await call('POST', '/v1/scans', staff, {
      scans: [
        {
          scanId: `lists-pickup-${itemCode}`,
          itemCode,
          type: 'pickup',
          occurredAt: new Date().toISOString(),
          postOfficeCode: OWNER.citizenOffice,
          staffId: 'NV0042',
          collected: { amount: registered.dossier.quote.dueAtPickup, method: 'cash' },
        },
      ],
    });
    expect(picked.json.results[0], JSON.stringify(picked.json)).toMatchObject({ outcome: 'accepted' });
    const finance = await token('finance');
    const dossierCode = registered.dossier.dossierCode;
    const [receipt] = await eventually(async () => {
      const answer = await call('GET', `/v1/receipts?dossierRef=${dossierCode}`, finance);
      return answer.json.receipts?.length > 0 ? answer.json.receipts : undefined;
    });
    expect(receipt).toMatchObject({ agencyCode: AGENCY, itemCode, amount: 50_000 });

    const byDays = await call('GET', `/v1/receipts?agencyCode=${AGENCY}&from=${TODAY}&to=${TODAY}`, finance);
    expect(byDays.json.receipts.map((row: Json) => row.number)).toContain(receipt.number);
    const byNumber = await call(
      'GET',
      `/v1/receipts?series=${receipt.series}&number=${receipt.number}`,
      finance,
    );
    expect(byNumber.json.receipts).toEqual([receipt]);

    const stranger = await token('agency', { agencyCode: STRANGERS.agencyCode });
    expect(
      (await call('GET', `/v1/receipts?agencyCode=${AGENCY}&from=${TODAY}&to=${TODAY}`, stranger)).status,
    ).toBe(403);
    const strangerByDossier = await call('GET', `/v1/receipts?dossierRef=${dossierCode}`, stranger);
    expect(strangerByDossier.json.receipts).toEqual([]);
    const strangerByNumber = await call(
      'GET',
      `/v1/receipts?series=${receipt.series}&number=${receipt.number}`,
      stranger,
    );
    expect(strangerByNumber.json.receipts).toEqual([]);
  });

  it('takes exactly one kind of search, a range of at most 31 days and a limit of at most 100', async () => {
    const finance = await token('finance');
    expect((await call('GET', '/v1/receipts', finance)).status).toBe(400);
    expect(
      (await call('GET', `/v1/receipts?agencyCode=${AGENCY}&from=2026-01-01&to=2026-03-01`, finance)).status,
    ).toBe(400);
    expect(
      (await call('GET', `/v1/receipts?agencyCode=${AGENCY}&from=${TODAY}&to=${TODAY}&limit=101`, finance))
        .status,
    ).toBe(400);
    expect(
      (await call('GET', `/v1/receipts?dossierRef=${AGENCY}-${DAY_CODE}-0001&series=HA26&number=1`, finance))
        .status,
    ).toBe(400);
  });
});
