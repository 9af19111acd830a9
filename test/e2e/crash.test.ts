/**
 * The embedded runtime killed outright while it books a batch of cash pickups: SIGKILL to its
 * whole process group (DynamoDB Local's Java included) once the first collections are in the
 * ledger and the rest are on their way, then a restart on the same data folder, and the
 * scanner sending every scan again. Every collection ends up booked exactly once — both
 * transfers of each pickup, one receipt per pickup, numbers without a gap — as finance reads
 * the ledger over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { receiptSeries } from '../../functions/domain/money/receipts.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { counterPickupRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const PICKUPS = 30;
const FEE_VND = 50_000;
/** Postage within one commune of Hà Nội, up to 100 g. */
const POSTAGE_VND = 26_000;
const OFFICE = DEMO.postOfficeCode;
const CASHIER = 'NV-CRASH';
const CASH_ACCOUNT = `staff-cash:${OFFICE}:${CASHIER}`;
/** The demo agency's own receipt series letters (reference data). */
const AGENCY_RECEIPT_LETTERS = 'HNTP';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-crash-'));
let runtime: RunningRuntime;
let staff: string;
let finance: string;

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

async function registerPickup(): Promise<string> {
  const registered = await call('POST', '/v1/dossiers', staff, counterPickupRequest(FEE_VND));
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  expect(registered.json.dossier.quote).toMatchObject({ dueAtPickup: FEE_VND + POSTAGE_VND });
  return registered.json.items[0].itemCode as string;
}

async function entriesOfCashier(): Promise<Json[]> {
  const today = localDate(new Date());
  const from = localDate(new Date(Date.now() - 2 * 86_400_000));
  const answer = await call(
    'GET',
    `/v1/finance/accounts/${CASH_ACCOUNT}/entries?from=${from}&to=${today}&limit=200`,
    finance,
  );
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  expect(answer.json.next).toBeUndefined();
  return answer.json.entries as Json[];
}

async function cashierBalance(): Promise<number> {
  const answer = await call('GET', `/v1/finance/accounts/${CASH_ACCOUNT}`, finance);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json.balance as number;
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, ownProcessGroup: true });
  staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  finance = await runtime.token('finance');
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a crash while cash pickups are being booked', () => {
  it('books every collection exactly once after a restart on the same data folder', async () => {
    const itemCodes: string[] = [];
    for (let index = 0; index < PICKUPS; index += 1) itemCodes.push(await registerPickup());
    // Picked up once registered: a pickup may not be dated before its registration.
    const pickedUpAt = new Date().toISOString();
    const scans = itemCodes.map((itemCode, index) => ({
      scanId: `crash-${index}-${itemCode}`,
      itemCode,
      type: 'pickup',
      occurredAt: pickedUpAt,
      postOfficeCode: OFFICE,
      staffId: CASHIER,
      collected: { amount: FEE_VND + POSTAGE_VND, method: 'cash' },
    }));
    const sent = await call('POST', '/v1/scans', staff, { scans });
    expect(sent.json.results.map((result: Json) => result.outcome)).toEqual(scans.map(() => 'accepted'));

    // The moment the ledger holds its first collection, the rest are queued or being booked.
    const bookedAtKill = await eventually(async () => {
      const balance = await cashierBalance();
      return balance > 0 ? balance : undefined;
    }, 120_000);
    await runtime.kill();
    const total = PICKUPS * (FEE_VND + POSTAGE_VND);
    expect(bookedAtKill).toBeLessThan(total);

    runtime = await startRuntime({ dataDir, ownProcessGroup: true });
    staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
    finance = await runtime.token('finance');
    // The scanner saw every answer, but sends everything again, as a scanner that lost them would.
    const resent = await call('POST', '/v1/scans', staff, { scans });
    expect(resent.json.results.map((result: Json) => result.outcome)).toEqual(scans.map(() => 'duplicate'));

    await eventually(async () => ((await cashierBalance()) === total ? true : undefined), 120_000);
    const entries = await entriesOfCashier();
    // Two transfers per pickup (fees to the agency, postage to the office), each once.
    expect(entries).toHaveLength(2 * PICKUPS);
    expect(new Set(entries.map((entry) => entry.transferId)).size).toBe(2 * PICKUPS);
    for (const scan of scans) {
      const ofScan = entries.filter((entry) => entry.reference.scanId === scan.scanId);
      expect(ofScan.map((entry) => [entry.kind, entry.amount]).sort(), scan.scanId).toEqual([
        ['collection-fees', FEE_VND],
        ['collection-postage', POSTAGE_VND],
      ]);
    }

    // One receipt per pickup, numbered 1…n without a gap: the one after the last does not exist.
    const series = receiptSeries(AGENCY_RECEIPT_LETTERS, pickedUpAt);
    const receipted: string[] = [];
    for (let number = 1; number <= PICKUPS; number += 1) {
      const receipt = await eventually(async () => {
        const answer = await call('GET', `/v1/receipts/${series}/${number}`, finance);
        return answer.status === 200 ? answer.json : undefined;
      }, 60_000);
      expect(receipt).toMatchObject({ amount: FEE_VND, method: 'cash', status: 'issued' });
      receipted.push(receipt.itemCode as string);
    }
    expect(receipted.sort()).toEqual([...itemCodes].sort());
    expect((await call('GET', `/v1/receipts/${series}/${PICKUPS + 1}`, finance)).status).toBe(404);
  }, 400_000);
});
