/**
 * Satisfaction and indicators end to end, over HTTP only, on the embedded runtime: a result
 * is delivered, the rating link arrives in the outbox, the citizen rates once (a second
 * rating and a forged token are refused), and the province's indicator report for the month
 * counts the dossier with its channel, its on-time figure and its rating. Bad input changes
 * nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  localDate,
  nextWorkingDayFrom,
} from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const HANOI = 'BC-HN-01';
const SAIGON = 'BC-HCM-01';
const CITIZEN_PROVINCE = '79';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-satisfaction-'));
let runtime: RunningRuntime;
let agency: string;
let staffHanoi: string;
let staffSaigon: string;
let observer: string;
let otherObserver: string;

const START_DAY = nextWorkingDayFrom(localDate(new Date(Date.now() - 14 * 24 * 3_600_000)));
const at = (offset: number, time: string) =>
  new Date(`${addWorkingDays(START_DAY, offset)}T${time}:00+07:00`).toISOString();
const PERIOD = addWorkingDays(START_DAY, 1).slice(0, 7);
let scanNumber = 0;
const scan = (
  itemCode: string,
  type: string,
  occurredAt: string,
  postOfficeCode: string,
  extra: Json = {},
) => ({
  scanId: `sat-${Date.now().toString(36)}-${++scanNumber}`,
  itemCode,
  type,
  occurredAt,
  postOfficeCode,
  ...extra,
});

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);
const outbox = (): string => {
  try {
    return readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8');
  } catch {
    return '';
  }
};
const rate = (code: string, body: unknown) =>
  fetch(`${runtime.url}/v1/track/${code}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function expectProblem(answer: Response, status: number, type: string) {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await answer.json()) as { type: string; status: number };
  expect(problem).toMatchObject({ type: `https://bcci-bridge.vn/problems/${type}`, status });
}

/** A return-only dossier delivered to the citizen in Saigon on the first attempt. */
async function deliveredDossier(): Promise<string> {
  const code = `${AGENCY}-${START_DAY.slice(2).replaceAll('-', '')}-0077`;
  const registered = await call('POST', '/v1/dossiers', agency, {
    ...dossierRequest({ dossierCode: code, promisedDate: localDate(new Date()) }),
    agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
    // Exempt, with no fees: nothing to collect at the door.
    exemption: 'full',
    fees: [],
  });
  expect(registered.status).toBe(201);
  const itemCode = registered.json.items[0].itemCode as string;
  expect(
    (await call('POST', `/v1/dossiers/${code}/result-ready`, agency, { readyAt: at(0, '08:30') })).status,
  ).toBe(200);
  const manifest = await call('POST', '/v1/manifests', staffHanoi, {
    kind: 'collect-from-agency',
    agencyCode: AGENCY,
    postOfficeCode: HANOI,
    itemCodes: [itemCode],
  });
  await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, staffHanoi, {
    itemCodesReceived: [itemCode],
    signedBy: 'Trần Văn Bình',
    signedAt: at(0, '09:00'),
  });
  await call('POST', '/v1/scans', staffHanoi, { scans: [scan(itemCode, 'depart', at(0, '10:00'), HANOI)] });
  await call('POST', '/v1/scans', staffSaigon, {
    scans: [
      scan(itemCode, 'arrive', at(1, '08:00'), SAIGON),
      scan(itemCode, 'out-for-delivery', at(1, '09:00'), SAIGON),
    ],
  });
  const deliveryCode = await eventually(async () => /Ma nhan: (\d{6})/.exec(outbox())?.[1], 30_000);
  const delivered = await call('POST', '/v1/scans', staffSaigon, {
    scans: [
      scan(itemCode, 'delivered', at(1, '10:05'), SAIGON, {
        proof: { recipientName: 'Nguyễn Thị Hoa', relation: 'self', otp: deliveryCode },
      }),
    ],
  });
  expect(delivered.json.results[0], JSON.stringify(delivered.json)).toMatchObject({
    outcome: 'accepted',
    itemStatus: 'delivered',
  });
  return code;
}

const report = (token: string, query: string) => call('GET', `/v1/reports/indicators?${query}`, token);

beforeAll(async () => {
  // The rating link is a notice like any other: held in quiet hours, which this runtime turns off.
  runtime = await startRuntime({ dataDir, inMemory: true, env: { NOTIFICATION_QUIET_HOURS: 'off' } });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  staffHanoi = await runtime.token('postal-staff', { postOfficeCode: HANOI });
  staffSaigon = await runtime.token('postal-staff', { postOfficeCode: SAIGON });
  observer = await runtime.token('observer', { provinceCode: CITIZEN_PROVINCE });
  otherObserver = await runtime.token('observer', { provinceCode: '01' });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a delivered dossier, rated once and counted in its province', () => {
  it('sends the rating link, takes one rating, refuses the rest, and reports it', async () => {
    const code = await deliveredDossier();
    const token = await eventually(
      async () => new RegExp(`${code}\\?rating=([A-Za-z0-9_-]{22})`).exec(outbox())?.[1],
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${outbox()}\n${runtime.output().slice(-3000)}`);
    });
    expect(outbox()).toContain('Moi danh gia dich vu ho so');

    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    await expectProblem(await rate(code, { token: forged, score: 5 }), 403, 'forbidden');
    await expectProblem(await rate(code, { token, score: 6 }), 400, 'validation-failed');
    await expectProblem(
      await rate(code, { token, score: 4, comment: 'tốt\u0007' }),
      400,
      'validation-failed',
    );

    const rated = await rate(code, { token, score: 4, comment: 'Bưu tá gọi trước, giao đúng hẹn.' });
    expect(rated.status).toBe(201);
    expect(await rated.json()).toMatchObject({ dossierCode: code, score: 4 });
    await expectProblem(await rate(code, { token, score: 1 }), 409, 'already-rated');

    const query = `provinceCode=${CITIZEN_PROVINCE}&period=${PERIOD}&groupBy=office`;
    const answer = await eventually(async () => {
      const found = await report(observer, query);
      return found.json.total?.satisfaction.ratings === 1 && found.json.total.dossiers === 1
        ? found
        : undefined;
    }, 30_000);
    expect(answer.status).toBe(200);
    expect(answer.json.groups).toHaveLength(1);
    expect(answer.json.groups[0]).toMatchObject({
      key: SAIGON,
      dossiers: 1,
      byChannel: { pickupOnly: 0, returnOnly: 1, pickupAndReturn: 0 },
      onTime: {
        transit: { measured: 1, onTime: 1, rate: 1 },
        promisedDate: { measured: 1, onTime: 1, rate: 1 },
      },
      deliveries: 1,
      firstAttemptDeliveryRate: 1,
      returnedToAgency: 0,
      satisfaction: { ratings: 1, meanScore: 4, distribution: { 1: 0, 4: 1 } },
    });
    const byAgency = await report(
      observer,
      `provinceCode=${CITIZEN_PROVINCE}&period=${PERIOD}&groupBy=agency`,
    );
    expect(byAgency.json.groups.map((group: Json) => group.key)).toEqual([AGENCY]);

    await expectProblem(
      await fetch(`${runtime.url}/v1/reports/indicators?${query}`, {
        headers: { authorization: `Bearer ${otherObserver}` },
      }),
      403,
      'forbidden',
    );
    await expectProblem(
      await fetch(`${runtime.url}/v1/reports/indicators?${query}`, {
        headers: { authorization: `Bearer ${agency}` },
      }),
      403,
      'forbidden',
    );
    // The refused attempts changed nothing: still one rating of 4.
    expect((await report(observer, query)).json.total.satisfaction).toMatchObject({
      ratings: 1,
      meanScore: 4,
    });
  });

  it('gives the report as CSV with Vietnamese headers, as XLSX and as a PDF', async () => {
    const query = `provinceCode=${CITIZEN_PROVINCE}&period=${PERIOD}&groupBy=office`;
    const get = (format: string) =>
      fetch(`${runtime.url}/v1/reports/indicators?${query}&format=${format}`, {
        headers: { authorization: `Bearer ${observer}` },
      });
    const csv = await get('csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('Bưu cục,Số hồ sơ,Chỉ nhận hồ sơ qua bưu chính');
    expect(lines[1]).toMatch(new RegExp(`^${SAIGON},1,0,1,0,1,`));
    expect(lines.at(-1)).toMatch(/^Tổng cộng,1,/);
    const xlsx = await get('xlsx');
    expect(xlsx.status).toBe(200);
    expect(new Uint8Array(await xlsx.arrayBuffer()).subarray(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const pdf = await get('pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const { extractText, getDocumentProxy } = await import('unpdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await pdf.arrayBuffer())), {
      mergePages: true,
    });
    expect(text).toContain(`tỉnh ${CITIZEN_PROVINCE}`);
    expect(text).toContain('Điểm hài lòng trung bình');
    expect(text).toContain(SAIGON);
  });
});
