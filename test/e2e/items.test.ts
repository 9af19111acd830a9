/**
 * Items end to end, over HTTP only, on the embedded runtime: an outbound item from
 * registration to delivery with the recipient's one-time code, another through two failed
 * attempts to its return to the agency, scans fired from several clients at once, and bad
 * input that changes nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spacedItemCode } from '../../functions/documents/item-label.ts';
import {
  addWorkingDays,
  localDate,
  nextWorkingDayFrom,
} from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { s10Code } from '../../schemas/s10.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const AGENCY = DEMO.agencyCode;
const HANOI = 'BC-HN-01';
const SAIGON = 'BC-HCM-01';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-items-'));
let runtime: RunningRuntime;
let agency: string;
let staffHanoi: string;
let staffSaigon: string;
let staffDalat: string;
let sequence = 0;

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

/** A moment on a working day `offset` working days after the first one two weeks ago, at hh:mm in Vietnam. */
const START_DAY = nextWorkingDayFrom(localDate(new Date(Date.now() - 14 * 24 * 3_600_000)));
const at = (offsetWorkingDays: number, time: string) =>
  new Date(`${addWorkingDays(START_DAY, offsetWorkingDays)}T${time}:00+07:00`).toISOString();

let scanNumber = 0;
const scan = (
  itemCode: string,
  type: string,
  occurredAt: string,
  postOfficeCode: string,
  extra: Json = {},
) => ({
  scanId: `e2e-${Date.now().toString(36)}-${++scanNumber}`,
  itemCode,
  type,
  occurredAt,
  postOfficeCode,
  ...extra,
});

/** A return-only dossier from the demo agency to a citizen served by the Saigon office, collected by Hà Nội. */
async function collectedOutboundItem(): Promise<string> {
  sequence += 1;
  const registered = await call('POST', '/v1/dossiers', agency, {
    ...dossierRequest({
      dossierCode: `${AGENCY}-${START_DAY.slice(2).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`,
    }),
    agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
    // A citizen exempt from postage, for a procedure without fees: nothing to collect at the door.
    exemption: 'full',
    fees: [],
  });
  expect(registered.status).toBe(201);
  const [item] = registered.json.items as { itemCode: string; direction: string; status: string }[];
  expect(item).toMatchObject({ direction: 'outbound', status: 'registered' });
  const itemCode = item!.itemCode;

  const ready = await call(
    'POST',
    `/v1/dossiers/${registered.json.dossier.dossierCode}/result-ready`,
    agency,
    {
      readyAt: at(0, '08:30'),
    },
  );
  expect(ready.status).toBe(200);
  expect(ready.json.items[0].status).toBe('result-ready');

  const manifest = await call('POST', '/v1/manifests', staffHanoi, {
    kind: 'collect-from-agency',
    agencyCode: AGENCY,
    postOfficeCode: HANOI,
    itemCodes: [itemCode],
  });
  expect(manifest.status).toBe(201);
  const confirmed = await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, staffHanoi, {
    itemCodesReceived: [itemCode],
    signedBy: 'Trần Văn Bình',
    signedAt: at(0, '09:00'),
  });
  expect(confirmed.status).toBe(200);
  expect(confirmed.json.missing).toEqual([]);
  return itemCode;
}

async function deliveryCodeSentFor(itemCode: string): Promise<string> {
  return eventually(async () => {
    try {
      const lines = readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8').split('\n');
      const sms = lines.filter((line) => line.includes(itemCode) && line.includes('Ma nhan'));
      return /Ma nhan: (\d{6})/.exec(sms.at(-1) ?? '')?.[1];
    } catch {
      return undefined;
    }
  }, 30_000).catch((error: unknown) => {
    let outbox = '(no outbox file)';
    try {
      outbox = readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8');
    } catch {}
    throw new Error(
      `no delivery code for ${itemCode}: ${String(error)}\noutbox:\n${outbox}\nruntime:\n${runtime.output().slice(-4000)}`,
    );
  });
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  staffHanoi = await runtime.token('postal-staff', { postOfficeCode: HANOI });
  staffSaigon = await runtime.token('postal-staff', { postOfficeCode: SAIGON });
  staffDalat = await runtime.token('postal-staff', { postOfficeCode: 'BC-LD-01' });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('an outbound item, registered to delivered', () => {
  it('is delivered against the one-time code sent to the recipient', async () => {
    const itemCode = await collectedOutboundItem();
    const moved = await call('POST', '/v1/scans', staffHanoi, {
      scans: [scan(itemCode, 'depart', at(0, '10:00'), HANOI)],
    });
    expect(moved.json.results[0]).toMatchObject({ outcome: 'accepted', itemStatus: 'in-transit' });
    const arrived = await call('POST', '/v1/scans', staffSaigon, {
      scans: [
        scan(itemCode, 'arrive', at(1, '08:00'), SAIGON),
        scan(itemCode, 'out-for-delivery', at(1, '09:00'), SAIGON),
      ],
    });
    expect(arrived.json.results.map((result: Json) => result.outcome)).toEqual(['accepted', 'accepted']);

    const code = await deliveryCodeSentFor(itemCode);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const proof = (otp: string) => ({ proof: { recipientName: 'Nguyễn Thị Hoa', relation: 'self', otp } });
    const refused = await call('POST', '/v1/scans', staffSaigon, {
      scans: [scan(itemCode, 'delivered', at(1, '10:00'), SAIGON, proof(wrongCode))],
    });
    expect(refused.json.results[0]).toMatchObject({ outcome: 'rejected', reason: 'wrong-delivery-code' });
    const delivered = await call('POST', '/v1/scans', staffSaigon, {
      scans: [
        scan(itemCode, 'delivered', at(1, '10:05'), SAIGON, {
          ...proof(code),
          location: { lat: 10.7721, lng: 106.6983 },
        }),
      ],
    });
    expect(delivered.json.results[0]).toMatchObject({ outcome: 'accepted', itemStatus: 'delivered' });

    const view = await call('GET', `/v1/items/${itemCode}`, staffSaigon);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({
      status: 'delivered',
      originOfficeCode: HANOI,
      destinationOfficeCode: SAIGON,
    });
    expect(view.json.timeline.map((entry: Json) => [entry.type, entry.emsevt])).toEqual([
      ['result-ready', 'XRR'],
      ['collected', 'EMA'],
      ['depart', 'EMC'],
      ['arrive', 'EMG'],
      ['out-for-delivery', 'EDG'],
      ['delivered', 'EMI'],
    ]);
    expect(view.json.timeline.at(-1)).toMatchObject({
      proof: { method: 'delivery-code' },
      location: { lat: 10.7721 },
    });
    expect(typeof view.json.dueAt).toBe('string');

    const label = await fetch(`${runtime.url}/v1/items/${itemCode}/label`, {
      headers: { authorization: `Bearer ${staffHanoi}` },
    });
    expect(label.status).toBe(200);
    expect(label.headers.get('content-type')).toBe('application/pdf');
    const { extractText, getDocumentProxy } = await import('unpdf');
    const pdf = await getDocumentProxy(new Uint8Array(await label.arrayBuffer()));
    const { text } = await extractText(pdf, { mergePages: true });
    expect(text).toContain(spacedItemCode(itemCode));
    expect(text).toContain('Nguyễn Thị Hoa');
  });
});

describe('an outbound item nobody receives', () => {
  it('goes back to the agency only after two failed attempts two working days apart', async () => {
    const itemCode = await collectedOutboundItem();
    const failure = { failure: { reason: 'addressee-absent', action: 'next-attempt' } };
    const first = await call('POST', '/v1/scans', staffSaigon, {
      scans: [
        scan(itemCode, 'arrive', at(1, '08:00'), SAIGON),
        scan(itemCode, 'out-for-delivery', at(1, '09:00'), SAIGON),
        scan(itemCode, 'delivery-failed', at(1, '11:00'), SAIGON, failure),
        scan(itemCode, 'returned-to-agency', at(1, '15:00'), SAIGON),
      ],
    });
    expect(first.json.results.map((result: Json) => result.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'flagged',
    ]);
    expect(first.json.results[3]).toMatchObject({
      reason: 'too-few-attempts',
      itemStatus: 'delivery-failed',
    });

    const second = await call('POST', '/v1/scans', staffSaigon, {
      scans: [
        scan(itemCode, 'out-for-delivery', at(3, '09:00'), SAIGON),
        scan(itemCode, 'delivery-failed', at(3, '11:00'), SAIGON, {
          failure: { reason: 'addressee-absent', action: 'return-to-agency' },
        }),
        scan(itemCode, 'returned-to-agency', at(3, '16:00'), SAIGON),
      ],
    });
    expect(second.json.results.map((result: Json) => result.outcome)).toEqual([
      'accepted',
      'accepted',
      'accepted',
    ]);
    const view = await call('GET', `/v1/items/${itemCode}`, agency);
    expect(view.json.status).toBe('returned-to-agency');
    // The early return stays on the timeline, flagged for a supervisor.
    expect(view.json.anomalies).toBe(1);
    const failures = view.json.timeline.filter((entry: Json) => entry.type === 'delivery-failed');
    expect(failures.map((entry: Json) => entry.failure.upuReason)).toEqual(['14', '14']);
    expect(failures.map((entry: Json) => entry.emsevt)).toEqual(['EMH', 'EMH']);
  });
});

describe('scans fired from several clients at once', () => {
  it('applies each scan exactly once', async () => {
    const itemCode = await collectedOutboundItem();
    const batch = [
      scan(itemCode, 'depart', at(0, '10:00'), HANOI),
      scan(itemCode, 'arrive', at(0, '11:00'), HANOI),
      scan(itemCode, 'depart', at(0, '12:00'), HANOI),
    ];
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call('POST', '/v1/scans', staffHanoi, { scans: batch })),
    );
    for (let index = 0; index < batch.length; index += 1) {
      const outcomes = answers.map((answer) => answer.json.results[index].outcome);
      expect(outcomes.filter((outcome) => outcome === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(4);
    }
    const view = await call('GET', `/v1/items/${itemCode}`, staffHanoi);
    expect(view.json.timeline.map((entry: Json) => entry.type)).toEqual([
      'result-ready',
      'collected',
      'depart',
      'arrive',
      'depart',
    ]);
  });
});

describe('bad scans', () => {
  it('get their own answers and change nothing else', async () => {
    const itemCode = await collectedOutboundItem();
    const good = scan(itemCode, 'depart', at(0, '10:00'), HANOI);
    const wrongCheckDigit = `${itemCode.slice(0, 10)}${(Number(itemCode[10]) + 1) % 10}VN`;
    const answer = await call('POST', '/v1/scans', staffHanoi, {
      scans: [
        { ...scan(wrongCheckDigit, 'depart', at(0, '10:00'), HANOI) },
        { ...scan(itemCode, 'teleported', at(0, '10:00'), HANOI) },
        { scanId: 'missing-fields-1', itemCode },
        scan(itemCode, 'depart', new Date(Date.now() + 3_600_000).toISOString(), HANOI),
        scan(s10Code('RK', 99_999_990), 'depart', at(0, '10:00'), HANOI),
        good,
        { ...good, occurredAt: at(0, '10:30') },
      ],
    });
    expect(answer.status).toBe(200);
    const results = answer.json.results as Json[];
    expect(results.map((result) => result.outcome)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'accepted',
      'rejected',
    ]);
    expect(results[0]!.reason).toMatch(/check digit/);
    expect(results[1]!.reason).toMatch(/type/);
    expect(results[2]!.reason).toMatch(/occurredAt/);
    expect(results[3]!.reason).toBe('occurred-in-future');
    expect(results[4]!.reason).toBe('unknown-item');
    expect(results[6]!.reason).toBe('scan-id-conflict');

    // Another office's staff cannot scan it; the item is as the one good scan left it.
    const foreign = await call('POST', '/v1/scans', staffDalat, {
      scans: [scan(itemCode, 'depart', at(0, '11:00'), 'BC-LD-01')],
    });
    expect(foreign.json.results[0]).toMatchObject({ outcome: 'rejected', reason: 'item-of-another-office' });
    const view = await call('GET', `/v1/items/${itemCode}`, staffHanoi);
    expect(view.json.timeline.map((entry: Json) => entry.type)).toEqual([
      'result-ready',
      'collected',
      'depart',
    ]);

    const tooMany = await call('POST', '/v1/scans', staffHanoi, {
      scans: Array.from({ length: 501 }, (_, index) =>
        scan(itemCode, 'arrive', at(0, '12:00'), HANOI, { scanId: `too-many-${index}` }),
      ),
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.type).toBe('https://bcci-bridge.vn/problems/validation-failed');
    const malformed = await fetch(`${runtime.url}/v1/items/RK12345678XVN`, {
      headers: { authorization: `Bearer ${staffHanoi}` },
    });
    expect(malformed.status).toBe(400);
    const unknown = await call('GET', `/v1/items/${s10Code('RK', 99_999_991)}`, staffHanoi);
    expect(unknown.status).toBe(404);
  });
});

describe('proof of delivery', () => {
  it('gives the delivering office a presigned upload that takes the photo', async () => {
    const itemCode = await collectedOutboundItem();
    const answer = await call('POST', `/v1/items/${itemCode}/proofs`, staffSaigon, {
      kind: 'photo',
      contentType: 'image/jpeg',
    });
    expect(answer.status).toBe(201);
    expect(answer.json.photoKey).toMatch(new RegExp(`^proofs/${itemCode}/photo-[0-9a-f-]+\\.jpg$`));
    const { url, method, fields } = answer.json.upload as { url: string; method: string; fields: Json };
    expect(method).toBe('POST');
    expect(fields).toMatchObject({ key: answer.json.photoKey, 'Content-Type': 'image/jpeg' });
    const policy = JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 5 * 1024 * 1024]);
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'image/jpeg' });
    expect(policy.conditions).toContainEqual({ key: answer.json.photoKey });
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value as string);
    form.append(
      'file',
      new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10])], { type: 'image/jpeg' }),
    );
    const upload = await fetch(url, { method: 'POST', body: form });
    expect(upload.status).toBe(204);
    const foreign = await call('POST', `/v1/items/${itemCode}/proofs`, staffHanoi, {
      kind: 'photo',
      contentType: 'image/jpeg',
    });
    expect(foreign.status).toBe(403);

    // Delivered with that photo: the agency and finance may download it for a few minutes, another office not.
    await call('POST', '/v1/scans', staffSaigon, {
      scans: [scan(itemCode, 'out-for-delivery', at(1, '09:00'), SAIGON)],
    });
    const code = await deliveryCodeSentFor(itemCode);
    const delivered = await call('POST', '/v1/scans', staffSaigon, {
      scans: [
        scan(itemCode, 'delivered', at(1, '10:00'), SAIGON, {
          proof: {
            recipientName: 'Nguyễn Thị Hoa',
            relation: 'self',
            otp: code,
            photoKey: answer.json.photoKey,
          },
        }),
      ],
    });
    expect(delivered.json.results[0].outcome).toBe('accepted');
    const file = (answer.json.photoKey as string).split('/').at(-1);
    const finance = await runtime.token('finance');
    for (const token of [agency, finance, staffSaigon]) {
      const link = await call('GET', `/v1/items/${itemCode}/proofs/${file}`, token);
      expect(link.status, JSON.stringify(link.json)).toBe(200);
      expect(new URL(link.json.url).searchParams.get('X-Amz-Expires')).toBe('300');
      const photo = await fetch(link.json.url);
      expect(photo.status).toBe(200);
      expect(new Uint8Array(await photo.arrayBuffer())).toEqual(
        new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
      );
    }
    expect((await call('GET', `/v1/items/${itemCode}/proofs/${file}`, staffDalat)).status).toBe(403);
    expect((await call('GET', `/v1/items/${itemCode}/proofs/photo-unknown.jpg`, agency)).status).toBe(404);
  });
});

describe('the worklist', () => {
  it("lists an office's deliveries due, the most overdue first", async () => {
    const itemCode = await collectedOutboundItem();
    const page = () =>
      call('GET', `/v1/worklist?postOfficeCode=${SAIGON}&date=${localDate(new Date())}`, staffSaigon);
    // The worklist is kept from the table stream: the collected item shows up there shortly after.
    const entries = await eventually(async () => {
      const list = await page();
      expect(list.status).toBe(200);
      const listed = list.json.entries as Json[];
      return listed.some((candidate) => candidate.itemCode === itemCode) ? listed : undefined;
    });
    const entry = entries.find((candidate) => candidate.itemCode === itemCode);
    expect(entry).toMatchObject({ kind: 'delivery', failedAttempts: 0, late: true });
    const dues = entries.map((candidate) => candidate.dueAt as string);
    expect([...dues].sort()).toEqual(dues);
    const foreign = await call(
      'GET',
      `/v1/worklist?postOfficeCode=${SAIGON}&date=${localDate(new Date())}`,
      staffHanoi,
    );
    expect(foreign.status).toBe(403);
    // The office and the day default from the token and today.
    const defaulted = await call('GET', '/v1/worklist', staffSaigon);
    expect(defaulted.json).toMatchObject({ postOfficeCode: SAIGON, date: localDate(new Date()) });
    expect((defaulted.json.entries as Json[]).map((candidate) => candidate.itemCode)).toContain(itemCode);

    // The office's late tasks alone, a page at a time, whatever day they fell due.
    const lateItems: Json[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 20; pages += 1) {
      const query: string = `/v1/worklist?late=true&limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const answer = await call('GET', query, staffSaigon);
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      expect((answer.json.entries as Json[]).length).toBeLessThanOrEqual(1);
      lateItems.push(...(answer.json.entries as Json[]));
      cursor = answer.json.nextCursor;
      if (!cursor) break;
    }
    expect(cursor).toBeNull();
    expect(lateItems.map((candidate) => candidate.itemCode)).toContain(itemCode);
    expect(lateItems.every((candidate) => candidate.late === true)).toBe(true);
    expect((await call('GET', '/v1/worklist?late=true', staffHanoi)).json.entries).not.toContainEqual(
      expect.objectContaining({ itemCode }),
    );
    expect((await call('GET', '/v1/worklist?late=maybe', staffSaigon)).status).toBe(400);
    expect((await call('GET', `/v1/worklist?late=true&postOfficeCode=${SAIGON}`, staffHanoi)).status).toBe(
      403,
    );
  });
});
