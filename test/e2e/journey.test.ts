/**
 * The journey as its users see it, over HTTP only: a paper dossier registered at the post,
 * picked up with cash, handed over, accepted under the code the agency assigns, its result
 * made ready and collected, then a delivery refused for wrong ID digits, refused again for
 * money left unpaid, and accepted. After every step the dossier's status is the same on
 * GET /v1/dossiers, on the citizen's tracking (by the dossier code, the post's PG reference
 * and the item code alike) and in the agency's monthly statement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVnd } from '../../functions/documents/item-label.ts';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const OFFICE = DEMO.postOfficeCode;
const PHONE = '0912345678';
const ID_NUMBER = '001203004567';
const SEAL = 'NP-2611-000123';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-journey-'));
let runtime: RunningRuntime;
let staff: string;
let agency: string;
let finance: string;
let scanNumber = 0;
/** Each step a second after the last, from when the runtime was up. */
let clockMs = Date.now();
const tick = () => {
  clockMs += 1_000;
  return new Date(clockMs).toISOString();
};

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
  staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  agency = await runtime.token('agency', { agencyCode: AGENCY });
  finance = await runtime.token('finance');
  clockMs = Date.now();
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Refs {
  readonly consignmentRef: string;
  dossierCode: string | null;
  readonly inbound: string;
  outbound: string;
}

/** The status on every view: the dossier, the tracking by each reference the citizen holds, the statement. */
async function expectStatus(refs: Refs, status: string): Promise<void> {
  const dossier = await call('GET', `/v1/dossiers/${refs.consignmentRef}`, agency);
  expect(dossier.status).toBe(200);
  expect(dossier.json.dossier.status).toBe(status);
  const trackingRefs = [refs.consignmentRef, refs.inbound, ...(refs.dossierCode ? [refs.dossierCode] : [])];
  for (const ref of trackingRefs) {
    const tracked = await call('GET', `/v1/track/${ref}?phoneLast4=${PHONE.slice(-4)}`, '');
    expect(tracked.status, `${ref}: ${JSON.stringify(tracked.json)}`).toBe(200);
    expect(tracked.json.status).toBe(status);
    expect(tracked.json.statusText).toEqual(expect.any(String));
    expect(JSON.stringify(tracked.json)).not.toContain('Nguyễn Văn An');
  }
  const wrongPhone = await call('GET', `/v1/track/${refs.consignmentRef}?phoneLast4=0000`, '');
  expect(wrongPhone.status).toBe(404);
  const period = localDate(new Date()).slice(0, 7);
  await eventually(async () => {
    const statement = await call(
      'GET',
      `/v1/finance/reconciliations?agencyCode=${AGENCY}&period=${period}&format=json`,
      finance,
    );
    return statement.status === 200 && statement.json.dossiers[status] === 1 ? true : undefined;
  }, 30_000);
}

const scan = (itemCode: string, type: string, extra: Json = {}) => ({
  scanId: `journey-${++scanNumber}-${Date.now().toString(36)}`,
  itemCode,
  type,
  occurredAt: tick(),
  postOfficeCode: OFFICE,
  staffId: 'nv-an',
  ...extra,
});

async function confirmManifest(kind: string, itemCode: string) {
  const manifest = await call('POST', '/v1/manifests', staff, {
    kind,
    agencyCode: AGENCY,
    postOfficeCode: OFFICE,
    itemCodes: [itemCode],
  });
  expect(manifest.status).toBe(201);
  // The agency signs for what it receives; the post for the results it collects.
  const signer = kind === 'handover-to-agency' ? agency : staff;
  const confirmed = await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, signer, {
    itemCodesReceived: [itemCode],
    signedBy: 'Lê Thị Mai',
    signedAt: tick(),
  });
  expect(confirmed.status).toBe(200);
  return manifest.json.manifestId as string;
}

async function pdfText(path: string, token: string): Promise<string> {
  const answer = await fetch(`${runtime.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(answer.status).toBe(200);
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(await answer.arrayBuffer())), {
    mergePages: true,
  });
  return text.replace(/\s+/g, ' ');
}

/** `2026-12-24` as the documents print it, `24/12/2026`. */
const dayText = (day: string) => day.split('-').reverse().join('/');

/**
 * The slip lists every line of the quote with its total and what is collected at pickup and at
 * delivery; the label and the worklist charge what it says; the promised date and the
 * province by name are on the slip, the promised date on the worklist too.
 */
async function expectDocumentsAgree(refs: Refs, quote: Json, promisedDate: string): Promise<void> {
  const slip = await pdfText(`/v1/dossiers/${refs.consignmentRef}/consignment-slip`, staff);
  for (const line of quote.lines as Json[]) {
    expect(slip).toContain(line.name);
    expect(slip).toContain(formatVnd(line.amount));
  }
  expect(slip).toContain(formatVnd(quote.total));
  expect(slip).toContain(`Thu khi nhận hồ sơ: ${formatVnd(quote.dueAtPickup)}`);
  expect(slip).toContain(`Thu khi phát kết quả: ${formatVnd(quote.dueAtDelivery)}`);
  expect(slip).toContain(`Ngày hẹn trả kết quả: ${dayText(promisedDate)}`);
  expect(slip).toContain('Thành phố Hà Nội (mã 01)');
  expect(slip).not.toContain(ID_NUMBER);
  const label = await pdfText(`/v1/items/${refs.outbound}/label`, staff);
  expect(label).toContain(formatVnd(quote.dueAtDelivery));
  expect(label).toContain('Thành phố Hà Nội');
  const item = await call('GET', `/v1/items/${refs.outbound}`, staff);
  const worklist = await eventually(async () => {
    const page = await call(
      'GET',
      `/v1/worklist?postOfficeCode=${OFFICE}&date=${localDate(new Date(item.json.dueAt))}`,
      staff,
    );
    return (page.json.entries as Json[]).find((entry) => entry.itemCode === refs.outbound);
  });
  expect(worklist.collectAmountVnd).toBe(quote.dueAtDelivery);
  expect(worklist.promisedDate).toBe(promisedDate);
}

/**
 * Each receipt, as JSON and as PDF, carries the e-receipt fields and the fee lines of the
 * quote collected at its moment, with the amounts the slip lists.
 */
async function expectReceiptsAgree(receipts: readonly Json[], quote: Json, slip: string): Promise<void> {
  for (const [receipt, collectAt] of [
    [receipts[0]!, 'pickup'],
    [receipts[1]!, 'delivery'],
  ] as const) {
    const shown = await call('GET', `/v1/receipts/${receipt.series}/${receipt.number}`, agency);
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      formSymbol: '01BLP0-001',
      agencyTaxCode: '0109876543',
      lookupCode: expect.stringMatching(/^[A-Z2-9]{10}$/),
      lookupUrl: expect.stringMatching(/^https?:\/\/.+\/bien-lai$/),
    });
    const pdf = await pdfText(`/v1/receipts/${receipt.series}/${receipt.number}?format=pdf`, agency);
    expect(pdf).toContain('Mẫu số: 01BLP0-001');
    expect(pdf).toContain(`Ký hiệu: ${receipt.series}`);
    expect(pdf).toContain('Mã số thuế: 0109876543');
    expect(pdf).toContain(`Mã tra cứu: ${shown.json.lookupCode}`);
    expect(pdf).toContain(`Địa chỉ tra cứu: ${shown.json.lookupUrl}`);
    const fees = (quote.lines as Json[]).filter(
      (line) => line.kind === 'fee' && line.collectAt === collectAt,
    );
    for (const line of fees) {
      expect(pdf).toContain(line.name);
      expect(pdf).toContain(formatVnd(line.amount));
      expect(slip).toContain(formatVnd(line.amount));
    }
    expect(pdf).toContain(`Tổng cộng ${formatVnd(shown.json.amount)}`);
  }
}

describe('a paper dossier from the post office counter to the citizen', () => {
  it('reads the same status everywhere at every step, and refuses wrong digits and unpaid money at the door', async () => {
    const promisedDate = localDate(new Date(Date.now() + 20 * 24 * 3_600_000));
    const registered = await call('POST', '/v1/dossiers', staff, {
      procedure: { code: '1.001234', name: 'Cấp đổi giấy phép lái xe' },
      agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
      documents: [{ name: 'Tờ khai đề nghị', kind: 'original', count: 1 }],
      applicant: {
        fullName: 'Nguyễn Văn An',
        phone: PHONE,
        idNumber: ID_NUMBER,
        address: { line: '12 Phan Đình Phùng', communeCode: '00004', provinceCode: '01' },
      },
      services: { pickup: true, return: true },
      fees: [
        { code: 'LP-NOP', name: 'Lệ phí nộp hồ sơ', amount: 50_000, collectAt: 'pickup' },
        { code: 'LP-TRA', name: 'Lệ phí cấp giấy', amount: 30_000, collectAt: 'delivery' },
      ],
      promisedDate,
    });
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    const quote = registered.json.dossier.quote;
    expect(registered.json.dossier.applicant.idNumber).toBeUndefined();
    const items = registered.json.items as Json[];
    const refs: Refs = {
      consignmentRef: registered.json.dossier.consignmentRef,
      dossierCode: null,
      inbound: items.find((item) => item.direction === 'inbound')?.itemCode,
      outbound: items.find((item) => item.direction === 'outbound')?.itemCode,
    };
    await expectStatus(refs, 'registered');

    const picked = await call('POST', '/v1/scans', staff, {
      scans: [
        scan(refs.inbound, 'pickup', {
          collected: { amount: quote.dueAtPickup, method: 'cash' },
          sealNumber: SEAL,
        }),
      ],
    });
    expect(picked.json.results[0]).toMatchObject({ outcome: 'accepted', itemStatus: 'picked-up' });
    await expectStatus(refs, 'in-pickup');

    const handover = await confirmManifest('handover-to-agency', refs.inbound);
    // The seal put on at pickup is on the handover record the agency signs, and on the slip.
    expect(await pdfText(`/v1/manifests/${handover}/document`, staff)).toContain(SEAL);
    expect(await pdfText(`/v1/dossiers/${refs.consignmentRef}/consignment-slip`, staff)).toContain(SEAL);
    await expectStatus(refs, 'handed-over');

    const dossierCode = `${AGENCY}-${localDate(new Date()).slice(2).replaceAll('-', '')}-0001`;
    const accepted = await call('POST', `/v1/dossiers/${refs.consignmentRef}/agency-decision`, agency, {
      decision: 'accepted',
      dossierCode,
      decidedAt: tick(),
    });
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    refs.dossierCode = dossierCode;
    await expectStatus(refs, 'accepted');

    const ready = await call('POST', `/v1/dossiers/${dossierCode}/result-ready`, agency, { readyAt: tick() });
    expect(ready.status).toBe(200);
    await expectStatus(refs, 'result-ready');

    await confirmManifest('collect-from-agency', refs.outbound);
    await expectStatus(refs, 'in-return');

    const out = await call('POST', '/v1/scans', staff, { scans: [scan(refs.outbound, 'out-for-delivery')] });
    expect(out.json.results[0].outcome).toBe('accepted');
    await expectDocumentsAgree(refs, quote, promisedDate);
    const atDoor = (idLast4: string, paid: number) =>
      scan(refs.outbound, 'delivered', {
        proof: { recipientName: 'Nguyễn Văn An', relation: 'self', idLast4 },
        ...(paid > 0 ? { collected: { amount: paid, method: 'cash' } } : {}),
      });
    const wrongDigits = await call('POST', '/v1/scans', staff, {
      scans: [atDoor('9999', quote.dueAtDelivery)],
    });
    expect(wrongDigits.json.results[0]).toEqual(
      expect.objectContaining({ outcome: 'rejected', reason: 'wrong-id-digits' }),
    );
    await expectStatus(refs, 'in-return');
    const unpaid = await call('POST', '/v1/scans', staff, { scans: [atDoor(ID_NUMBER.slice(-4), 0)] });
    expect(unpaid.json.results[0]).toEqual(
      expect.objectContaining({ outcome: 'rejected', reason: 'payment-due' }),
    );
    await expectStatus(refs, 'in-return');
    const delivered = await call('POST', '/v1/scans', staff, {
      scans: [atDoor(ID_NUMBER.slice(-4), quote.dueAtDelivery)],
    });
    expect(delivered.json.results[0]).toMatchObject({ outcome: 'accepted', itemStatus: 'delivered' });
    await expectStatus(refs, 'delivered');

    // The fees collected at each door are receipted in the agency's name and listed on the dossier.
    const receipts = await eventually(async () => {
      const view = await call('GET', `/v1/dossiers/${refs.consignmentRef}`, agency);
      return view.json.receipts?.length === 2 ? (view.json.receipts as Json[]) : undefined;
    }, 30_000);
    const feesAt = (collectAt: string) =>
      (quote.lines as Json[])
        .filter((line) => line.kind === 'fee' && line.collectAt === collectAt)
        .reduce((sum, line) => sum + line.amount, 0);
    expect(receipts.map((receipt) => receipt.amount)).toEqual([feesAt('pickup'), feesAt('delivery')]);
    expect(feesAt('pickup')).toBe(50_000);
    for (const receipt of receipts) {
      const shown = await call('GET', `/v1/receipts/${receipt.series}/${receipt.number}`, agency);
      expect(shown.status).toBe(200);
      expect(shown.json.amount).toBe(receipt.amount);
    }
    const slip = await pdfText(`/v1/dossiers/${refs.consignmentRef}/consignment-slip`, staff);
    await expectReceiptsAgree(receipts, quote, slip);
    const tracked = await call('GET', `/v1/track/${refs.outbound}?phoneLast4=${PHONE.slice(-4)}`, '');
    const steps = (tracked.json.timeline as Json[]).map((entry) => entry.step);
    expect(steps).toEqual(expect.arrayContaining(['Bưu điện đã nhận hồ sơ', 'Đã phát thành công']));
  });
});
