/**
 * The facts-to-ledger check end to end: a cash pickup booked by the running system, its
 * booking then removed from the books on purpose (as a lost message would have left them),
 * finance's check over HTTP finds it and books it again — the cashier's balance whole, no
 * second receipt — the monthly statement names the repair, and a second check changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { receiptSeries } from '../../functions/domain/money/receipts.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { counterPickupRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';
import { unbookFact } from '../support/unbook.ts';

const FEE_VND = 50_000;
/** Postage within one commune of Hà Nội, up to 100 g. */
const POSTAGE_VND = 26_000;
const PAID_VND = FEE_VND + POSTAGE_VND;
const OFFICE = DEMO.postOfficeCode;
const CASHIER = 'NV-CHECK';
const CASH_ACCOUNT = `staff-cash:${OFFICE}:${CASHIER}`;
/** The demo agency's own receipt series letters (reference data). */
const AGENCY_RECEIPT_LETTERS = 'HNTP';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-check-'));
let runtime: RunningRuntime;

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The runtime's own DynamoDB Local and table, as its start-up lines name them. */
function runtimeTable(): { client: DynamoDBDocumentClient; table: string } {
  const found = /DynamoDB\s+(http:\/\/\S+)\s+table (\S+)/.exec(runtime.output());
  if (!found) throw new Error(`no DynamoDB endpoint in the runtime's output:\n${runtime.output()}`);
  const client = new DynamoDBClient({
    endpoint: found[1],
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return { client: DynamoDBDocumentClient.from(client), table: found[2]! };
}

describe('the facts-to-ledger check', () => {
  it('repairs a deliberately removed booking, names it in the statement, and changes nothing the second time', async () => {
    const staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
    const finance = await runtime.token('finance');
    const call = (method: string, path: string, token: string, body?: unknown) =>
      callApi(runtime.url, method, path, token, body);
    const balance = async () =>
      (await call('GET', `/v1/finance/accounts/${CASH_ACCOUNT}`, finance)).json.balance;

    const registered = await call('POST', '/v1/dossiers', staff, counterPickupRequest(FEE_VND));
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    const itemCode = registered.json.items[0].itemCode as string;
    const pickedUpAt = new Date().toISOString();
    const scanId = `check-${itemCode}`;
    const sent = await call('POST', '/v1/scans', staff, {
      scans: [
        {
          scanId,
          itemCode,
          type: 'pickup',
          occurredAt: pickedUpAt,
          postOfficeCode: OFFICE,
          staffId: CASHIER,
          collected: { amount: PAID_VND, method: 'cash' },
        },
      ],
    });
    expect(sent.json.results[0].outcome, JSON.stringify(sent.json)).toBe('accepted');
    await eventually(async () => ((await balance()) === PAID_VND ? true : undefined), 60_000);
    const series = receiptSeries(AGENCY_RECEIPT_LETTERS, pickedUpAt);
    await eventually(async () =>
      (await call('GET', `/v1/receipts/${series}/1`, finance)).status === 200 ? true : undefined,
    );

    const { client, table } = runtimeTable();
    expect(await unbookFact(client, table, itemCode, scanId)).toBe(PAID_VND);
    expect(await balance()).toBe(0);

    const day = localDate(new Date(pickedUpAt));
    const check = await call('POST', '/v1/finance/collection-checks', finance, {
      postOfficeCode: OFFICE,
      day,
    });
    expect(check.status, JSON.stringify(check.json)).toBe(200);
    expect(check.json).toMatchObject({ checked: 1, truncated: false, next: null, unknownItems: [] });
    expect(check.json.repairs).toEqual([
      expect.objectContaining({
        itemCode,
        factId: scanId,
        amount: PAID_VND,
        fees: FEE_VND,
        trigger: 'request',
      }),
    ]);
    expect(await balance()).toBe(PAID_VND);
    // The collection kept its one receipt.
    expect((await call('GET', `/v1/receipts/${series}/2`, finance)).status).toBe(404);

    const statement = await call(
      'GET',
      `/v1/finance/reconciliations?agencyCode=${DEMO.agencyCode}&period=${day.slice(0, 7)}`,
      finance,
    );
    expect(statement.status, JSON.stringify(statement.json)).toBe(200);
    expect(statement.json.collectionRepairs).toEqual([expect.objectContaining({ itemCode, factId: scanId })]);

    const again = await call('POST', '/v1/finance/collection-checks', finance, {
      postOfficeCode: OFFICE,
      day,
    });
    expect(again.json).toMatchObject({ checked: 1, repairs: [] });
    expect(await balance()).toBe(PAID_VND);
    const refused = await call('POST', '/v1/finance/collection-checks', staff, {
      postOfficeCode: OFFICE,
      day,
    });
    expect(refused.status).toBe(403);
  }, 180_000);
});
