/**
 * A result sent again, over HTTP only: delivered but the wrong result (the agency pays), the
 * next one lost in transit (the post pays), the next one failed for a wrong address (the
 * citizen pays at the door). Each time the dossier, the tracking, the ledger, the worklist,
 * the slip and the monthly statement tell the same story, and bad requests get problem+json.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { account } from '../../functions/domain/money/ledger.ts';
import { s10Code } from '../../functions/domain/s10.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const OFFICE = DEMO.postOfficeCode;
const PHONE = '0912345678';
const ID_NUMBER = '001203004567';
/** Within one office's communes: the tariff's within-commune postage. */
const POSTAGE = 26_000;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-resend-'));
let runtime: RunningRuntime;
let staff: string;
let supervisor: string;
let otherOffice: string;
let agency: string;
let finance: string;
let scanNumber = 0;
/** Each step after the last and never before now: the resend records its result ready at the server's now. */
let clockMs = Date.now();
const tick = () => {
  clockMs = Math.max(clockMs + 1_000, Date.now());
  return new Date(clockMs).toISOString();
};

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

async function post(path: string, token: string, body: unknown, key?: string) {
  const answer = await fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
  return {
    status: answer.status,
    type: answer.headers.get('content-type'),
    json: (await answer.json()) as Json,
  };
}

const expectProblem = (
  answer: { status: number; type: string | null; json: Json },
  status: number,
  slug: string,
) => {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect(answer.type).toContain('application/problem+json');
  expect(answer.json.type).toBe(`https://bcci-bridge.vn/problems/${slug}`);
};

const scan = (itemCode: string, type: string, extra: Json = {}) => ({
  scanId: `resend-${++scanNumber}-${Date.now().toString(36)}`,
  itemCode,
  type,
  occurredAt: tick(),
  postOfficeCode: OFFICE,
  staffId: 'nv-an',
  ...extra,
});

async function collect(itemCode: string): Promise<void> {
  const manifest = await call('POST', '/v1/manifests', staff, {
    kind: 'collect-from-agency',
    agencyCode: AGENCY,
    postOfficeCode: OFFICE,
    itemCodes: [itemCode],
  });
  expect(manifest.status, JSON.stringify(manifest.json)).toBe(201);
  const confirmed = await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, staff, {
    itemCodesReceived: [itemCode],
    signedBy: 'Lê Thị Mai',
    signedAt: tick(),
  });
  expect(confirmed.status).toBe(200);
}

async function scans(...batch: Json[]): Promise<Json[]> {
  const answer = await call('POST', '/v1/scans', staff, { scans: batch });
  expect(answer.status).toBe(200);
  return answer.json.results;
}

const balance = async (accountId: string) =>
  (await call('GET', `/v1/finance/accounts/${accountId}`, finance)).json.balance as number;

async function statusEverywhere(ref: string, status: string): Promise<Json> {
  const dossier = await call('GET', `/v1/dossiers/${ref}`, agency);
  expect(dossier.json.dossier.status).toBe(status);
  const tracked = await call('GET', `/v1/track/${ref}?phoneLast4=${PHONE.slice(-4)}`, '');
  expect(tracked.json.status).toBe(status);
  return { dossier: dossier.json, tracked: tracked.json };
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  supervisor = await runtime.token('postal-supervisor', { postOfficeCode: OFFICE });
  otherOffice = await runtime.token('postal-supervisor', { postOfficeCode: 'BC-LD-01' });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  finance = await runtime.token('finance');
  clockMs = Date.now();
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a result sent again', () => {
  // Long because: one dossier's story through three resends, each view checked at each step
  // Some 45 s on a quiet machine: three resends, each followed through the stream.
  it('charges the agency, then the post, then the citizen, and every view agrees', {
    timeout: 240_000,
  }, async () => {
    const dossierCode = `${AGENCY}-${localDate(new Date()).slice(2).replaceAll('-', '')}-0777`;
    const registered = await call('POST', '/v1/dossiers', agency, {
      dossierCode,
      procedure: { code: '1.001234', name: 'Cấp đổi giấy phép lái xe' },
      agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
      documents: [{ name: 'Tờ khai đề nghị', kind: 'original', count: 1 }],
      applicant: {
        fullName: 'Nguyễn Văn An',
        phone: PHONE,
        idNumber: ID_NUMBER,
        address: { line: '12 Phan Đình Phùng', communeCode: '00004', provinceCode: '01' },
      },
      services: { pickup: false, return: true },
      fees: [{ code: 'LP-TRA', name: 'Lệ phí cấp giấy', amount: 30_000, collectAt: 'delivery' }],
    });
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    const first = registered.json.items[0].itemCode as string;
    expect(registered.json.dossier.quote.dueAtDelivery).toBe(POSTAGE + 30_000);
    const ready = await call('POST', `/v1/dossiers/${dossierCode}/result-ready`, agency, { readyAt: tick() });
    expect(ready.status).toBe(200);
    await collect(first);
    const atDoor = (itemCode: string, paid: number) =>
      scan(itemCode, 'delivered', {
        proof: { recipientName: 'Nguyễn Văn An', relation: 'self', idLast4: ID_NUMBER.slice(-4) },
        ...(paid > 0 ? { collected: { amount: paid, method: 'cash' } } : {}),
      });
    const delivered = await scans(scan(first, 'out-for-delivery'), atDoor(first, POSTAGE + 30_000));
    expect(delivered.map((result) => result.outcome)).toEqual(['accepted', 'accepted']);
    await eventually(async () => ((await statusEverywhere(dossierCode, 'delivered')) ? true : undefined));

    // The agency handed over the wrong result: sent again at the agency's cost.
    const wrongResult = { faultParty: 'agency', reason: 'wrong-result', note: 'Sai họ tên trên giấy phép' };
    const byAgency = await post(`/v1/items/${first}/resend`, supervisor, wrongResult, 'resend-agency-1');
    expect(byAgency.status, JSON.stringify(byAgency.json)).toBe(201);
    expect(byAgency.json.resend).toMatchObject({
      originalItemCode: first,
      faultParty: 'agency',
      postageVnd: POSTAGE,
      citizenPostageVnd: 0,
      carriedOverVnd: 0,
    });
    const second = byAgency.json.resend.itemCode as string;
    expect(second).not.toBe(first);
    // The same key and body: the first answer; the same key with another body, or no key: refused.
    const replayed = await post(`/v1/items/${first}/resend`, supervisor, wrongResult, 'resend-agency-1');
    expect(replayed.json).toEqual(byAgency.json);
    expectProblem(
      await post(
        `/v1/items/${first}/resend`,
        supervisor,
        { ...wrongResult, faultParty: 'post' },
        'resend-agency-1',
      ),
      409,
      'idempotency-key-reused',
    );
    expectProblem(
      await post(`/v1/items/${first}/resend`, supervisor, wrongResult),
      409,
      'item-already-resent',
    );
    expectProblem(
      await post(`/v1/items/${second}/resend`, supervisor, wrongResult),
      422,
      'item-not-resendable',
    );
    expectProblem(await post(`/v1/items/${second}/resend`, otherOffice, wrongResult), 403, 'forbidden');
    expectProblem(
      await post(`/v1/items/${s10Code('RK', 99_999_990)}/resend`, supervisor, wrongResult),
      404,
      'not-found',
    );
    expectProblem(
      await post(`/v1/items/${second}/resend`, supervisor, { faultParty: 'neighbour', reason: 'other' }),
      400,
      'validation-failed',
    );
    expect(await balance(account.agencyReceivables(AGENCY))).toBe(POSTAGE);

    const afterAgency = await statusEverywhere(dossierCode, 'result-ready');
    expect(afterAgency.dossier.dossier.resends).toHaveLength(1);
    expect(afterAgency.dossier.timeline.map((entry: Json) => entry.type)).toContain('dossier.resent');
    expect(afterAgency.tracked.timeline.map((entry: Json) => entry.step)).toContain(
      'Kết quả được gửi lại bằng bưu gửi mới',
    );

    // Lost on its way: the post carries the next one at its own cost.
    await collect(second);
    expect((await scans(scan(second, 'depart')))[0]?.outcome).toBe('accepted');
    const byPost = await post(`/v1/items/${second}/resend`, staff, {
      faultParty: 'post',
      reason: 'lost-in-transit',
    });
    expect(byPost.status, JSON.stringify(byPost.json)).toBe(201);
    const third = byPost.json.resend.itemCode as string;
    expect(await balance(account.resendCosts(OFFICE))).toBe(POSTAGE);

    // A wrong address given by the citizen: the citizen pays the new leg at the door.
    await collect(third);
    const failed = await scans(
      scan(third, 'out-for-delivery'),
      scan(third, 'delivery-failed', { failure: { reason: 'address-unknown', action: 'held-at-office' } }),
    );
    expect(failed.map((result) => result.outcome)).toEqual(['accepted', 'accepted']);
    const byCitizen = await post(`/v1/items/${third}/resend`, supervisor, {
      faultParty: 'citizen',
      reason: 'wrong-address',
    });
    expect(byCitizen.status, JSON.stringify(byCitizen.json)).toBe(201);
    expect(byCitizen.json.resend).toMatchObject({ citizenPostageVnd: POSTAGE, carriedOverVnd: 0 });
    const fourth = byCitizen.json.resend.itemCode as string;
    const slip = await fetch(`${runtime.url}/v1/dossiers/${dossierCode}/consignment-slip`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    const { extractText, getDocumentProxy } = await import('unpdf');
    const slipText = (
      await extractText(await getDocumentProxy(new Uint8Array(await slip.arrayBuffer())), {
        mergePages: true,
      })
    ).text;
    expect(slipText).toContain('Cước gửi lại kết quả');
    expect(slipText).toContain('26.000');
    // The commune by name, with the code a clerk needs.
    expect(slipText).toContain('Phường Ba Đình (mã 00004)');

    await collect(fourth);
    const dueAt = (await call('GET', `/v1/items/${fourth}`, staff)).json.dueAt as string;
    const days = [...new Set([localDate(new Date()), localDate(new Date(dueAt))])];
    const worklistEntry = await eventually(async () => {
      const entries: Json[] = [];
      for (const date of days)
        entries.push(
          ...(await call('GET', `/v1/worklist?postOfficeCode=${OFFICE}&date=${date}`, staff)).json.entries,
        );
      const codes = entries.map((entry) => entry.itemCode);
      // The items sent again are off the round; the new one is on it with its postage due.
      if (codes.includes(third)) return undefined;
      return entries.find((entry) => entry.itemCode === fourth && entry.kind === 'delivery');
    });
    expect(worklistEntry).toMatchObject({
      kind: 'delivery',
      collectAmountVnd: POSTAGE,
      addressee: { communeCode: '00004', communeName: 'Phường Ba Đình' },
    });
    const label = await fetch(`${runtime.url}/v1/items/${fourth}/label`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    const labelText = (
      await extractText(await getDocumentProxy(new Uint8Array(await label.arrayBuffer())), {
        mergePages: true,
      })
    ).text;
    expect(labelText).toContain('Phường Ba Đình');
    expect(labelText).toContain('26.000');
    const unpaid = await scans(scan(fourth, 'out-for-delivery'), atDoor(fourth, 0));
    expect(unpaid[1]).toMatchObject({ outcome: 'rejected', reason: 'payment-due' });
    expect((await scans(atDoor(fourth, POSTAGE)))[0]?.outcome).toBe('accepted');
    await eventually(async () => ((await statusEverywhere(dossierCode, 'delivered')) ? true : undefined));

    const statement = await eventually(async () => {
      const answer = await call(
        'GET',
        `/v1/finance/reconciliations?agencyCode=${AGENCY}&period=${localDate(new Date()).slice(0, 7)}&format=json`,
        finance,
      );
      return answer.json.amounts?.collected === 2 * POSTAGE + 30_000 ? answer.json : undefined;
    }, 30_000);
    expect(statement.resends).toBe(3);
    expect(statement.amounts).toMatchObject({
      resendPostageCitizen: POSTAGE,
      resendPostagePost: POSTAGE,
      resendPostageAgency: POSTAGE,
    });
  });
});
