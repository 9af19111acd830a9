/**
 * A paper dossier's way in, over HTTP only: registered by postal staff without a code,
 * picked up, handed over on a manifest the agency confirms (one item missing), then
 * accepted with the code the agency assigns, or refused and sent back; and withdrawal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const CITIZEN_OFFICE = 'BC-HCM-01';
const AGENCY_OFFICE = 'BC-HN-01';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-lifecycle-'));
let runtime: RunningRuntime;
let agency: string;
let citizenOfficeStaff: string;
let agencyOfficeStaff: string;

const START_DAY = localDate(new Date());
/** When the runtime was up: nothing in this file happens before, since a pickup cannot predate its registration. */
let startedMs = Date.now();
/** A moment of the story, `offset` days and `time` in: a day of the story lasts 72 s, after `startedMs`. */
const at = (offset: number, time: string) => {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return new Date(startedMs + (offset * 24 * 60 + hours * 60 + minutes) * 50).toISOString();
};
let scanNumber = 0;

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

/** A paper dossier registered at the citizen's office, picked up and carried to the agency's office. */
async function carriedPaperDossier(): Promise<{ ref: string; itemCode: string }> {
  const registered = await call('POST', '/v1/dossiers', citizenOfficeStaff, {
    ...dossierRequest({ dossierCode: undefined, services: { pickup: true, return: false }, fees: [] }),
    agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
  });
  expect(registered.status).toBe(201);
  const ref = registered.json.dossier.consignmentRef as string;
  const [item] = registered.json.items as Json[];
  expect(item).toMatchObject({ direction: 'inbound', status: 'requested' });
  const scan = (type: string, occurredAt: string, postOfficeCode: string) => ({
    scanId: `life-${Date.now().toString(36)}-${++scanNumber}`,
    itemCode: item!.itemCode,
    type,
    occurredAt,
    postOfficeCode,
  });
  const picked = await call('POST', '/v1/scans', citizenOfficeStaff, {
    scans: [scan('pickup', at(0, '09:00'), CITIZEN_OFFICE), scan('depart', at(0, '14:00'), CITIZEN_OFFICE)],
  });
  expect(picked.json.results.map((result: Json) => result.outcome)).toEqual(['accepted', 'accepted']);
  const arrived = await call('POST', '/v1/scans', agencyOfficeStaff, {
    scans: [scan('arrive', at(1, '10:00'), AGENCY_OFFICE)],
  });
  expect(arrived.json.results[0].outcome).toBe('accepted');
  return { ref, itemCode: item!.itemCode as string };
}

async function pdfText(path: string, token: string): Promise<string> {
  const answer = await fetch(`${runtime.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/pdf');
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await answer.arrayBuffer())), {
    mergePages: true,
  });
  return text;
}

async function handOver(itemCodes: string[], received: string[], signedAt: string) {
  const manifest = await call('POST', '/v1/manifests', agencyOfficeStaff, {
    kind: 'handover-to-agency',
    agencyCode: AGENCY,
    postOfficeCode: AGENCY_OFFICE,
    itemCodes,
  });
  expect(manifest.status).toBe(201);
  const confirmed = await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, agency, {
    itemCodesReceived: received,
    signedBy: 'Lê Thị Mai',
    signedAt,
  });
  return { ...confirmed, manifestId: manifest.json.manifestId as string };
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  citizenOfficeStaff = await runtime.token('postal-staff', { postOfficeCode: CITIZEN_OFFICE });
  agencyOfficeStaff = await runtime.token('postal-staff', { postOfficeCode: AGENCY_OFFICE });
  startedMs = Date.now();
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a paper dossier handed over to the agency', () => {
  it('changes hands only where confirmed, records the lawful submission time, and is accepted under its new code', async () => {
    const first = await carriedPaperDossier();
    const second = await carriedPaperDossier();
    const signedAt = at(1, '15:30');
    const confirmed = await handOver(
      [first.itemCode, second.itemCode],
      [first.itemCode, 'RH999999908VN'],
      signedAt,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({
      received: [first.itemCode],
      missing: [second.itemCode],
      unexpected: ['RH999999908VN'],
    });

    // The missing item stays with the post, in transit; the received one is with the agency.
    const record = await pdfText(`/v1/manifests/${confirmed.manifestId}/document`, agency);
    expect(record).toContain('BIÊN BẢN GIAO NHẬN HỒ SƠ');
    expect(record).toContain('Thiếu');
    expect(record).toContain('Lê Thị Mai');
    const slip = await pdfText(`/v1/dossiers/${first.ref}/consignment-slip`, citizenOfficeStaff);
    expect(slip).toContain('PHIẾU GỬI HỒ SƠ');
    expect(slip).toContain('Nguyễn Thị Hoa');

    const missing = await call('GET', `/v1/items/${second.itemCode}`, agencyOfficeStaff);
    expect(missing.json.status).toBe('in-transit');
    const received = await call('GET', `/v1/items/${first.itemCode}`, agencyOfficeStaff);
    expect(received.json.status).toBe('handed-over');
    const firstView = await call('GET', `/v1/dossiers/${first.ref}`, agency);
    expect(firstView.json.dossier.submittedAt).toBe(signedAt);
    expect(
      (await call('GET', `/v1/dossiers/${second.ref}`, agency)).json.dossier.submittedAt,
    ).toBeUndefined();

    const code = `${AGENCY}-${START_DAY.slice(2).replaceAll('-', '')}-0101`;
    const noCode = await call('POST', `/v1/dossiers/${first.ref}/agency-decision`, agency, {
      decision: 'accepted',
    });
    expect(noCode.status).toBe(422);
    const accepted = await call('POST', `/v1/dossiers/${first.ref}/agency-decision`, agency, {
      decision: 'accepted',
      dossierCode: code,
      decidedAt: at(2, '09:00'),
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json.dossier).toMatchObject({ status: 'accepted', dossierCode: code });
    const byCode = await call('GET', `/v1/dossiers/${code}`, agency);
    expect(byCode.json.items).toEqual([
      { itemCode: first.itemCode, direction: 'inbound', status: 'accepted' },
    ]);
    // One timeline in the order things happened: the item's facts, the dossier's own events among them.
    const times = byCode.json.timeline.map((entry: Json) => Date.parse(entry.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const types: string[] = byCode.json.timeline.map((entry: Json) => entry.type);
    expect(types.filter((type) => type.startsWith('item.'))).toEqual([
      'item.pickup',
      'item.depart',
      'item.arrive',
      'item.handed-over',
      'item.accepted',
    ]);
    expect(types).toEqual(expect.arrayContaining(['dossier.registered', 'dossier.accepted']));
    // Their system says it received the first dossier at the time the record was signed, and knows one more.
    const unknown = `${AGENCY}-${START_DAY.slice(2).replaceAll('-', '')}-0999`;
    const reconciled = await call('POST', '/v1/reconciliation/one-stop-shop', agency, {
      agencyCode: AGENCY,
      records: [
        { dossierCode: code, status: 'accepted', statusAt: at(2, '09:00') },
        { dossierCode: unknown, status: 'received', statusAt: at(2, '10:00') },
      ],
    });
    expect(reconciled.status).toBe(201);
    expect(reconciled.json.missingHere.map((record: Json) => record.dossierCode)).toEqual([unknown]);
    expect(reconciled.json.statusMismatch).toEqual([]);
    expect(reconciled.json.matched).toBe(1);
    const stored = await call('GET', `/v1/reconciliation/one-stop-shop/${reconciled.json.reportId}`, agency);
    expect(stored.json).toEqual(reconciled.json);

    // The undecided one cannot be decided before it is handed over.
    const early = await call('POST', `/v1/dossiers/${second.ref}/agency-decision`, agency, {
      decision: 'refused',
      reason: 'Thiếu tờ khai',
    });
    expect(early.status).toBe(409);
  });

  it('sends a refused dossier back to the citizen on a new outbound item, ready for collection', async () => {
    const dossier = await carriedPaperDossier();
    await handOver([dossier.itemCode], [dossier.itemCode], at(1, '15:30'));
    const refused = await call('POST', `/v1/dossiers/${dossier.ref}/agency-decision`, agency, {
      decision: 'refused',
      reason: 'Hồ sơ thiếu bản sao chứng thực',
      decidedAt: at(2, '09:00'),
    });
    expect(refused.status).toBe(200);
    expect(refused.json.dossier.status).toBe('refused');
    const back = (refused.json.items as Json[]).find((item) => item.direction === 'outbound');
    expect(back).toMatchObject({ status: 'result-ready' });
    const item = await call('GET', `/v1/items/${back!.itemCode}`, agencyOfficeStaff);
    expect(item.json).toMatchObject({
      originOfficeCode: AGENCY_OFFICE,
      destinationOfficeCode: CITIZEN_OFFICE,
    });
  });
});

describe('withdrawal', () => {
  it('cancels a dossier nothing has moved for, and refuses once an item is picked up', async () => {
    const registered = await call('POST', '/v1/dossiers', agency, {
      ...dossierRequest({ dossierCode: `${AGENCY}-${START_DAY.slice(2).replaceAll('-', '')}-0201` }),
      agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
    });
    const cancelled = await call(
      'POST',
      `/v1/dossiers/${registered.json.dossier.dossierCode}/cancel`,
      agency,
      {
        reason: 'Công dân nhận trực tiếp',
      },
    );
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.dossier.status).toBe('cancelled');
    expect(cancelled.json.items[0].status).toBe('cancelled');

    const moving = await carriedPaperDossier();
    const refused = await call('POST', `/v1/dossiers/${moving.ref}/cancel`, citizenOfficeStaff, {
      reason: 'Đổi ý',
    });
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain(moving.itemCode);
  });
});
