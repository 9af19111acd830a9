/**
 * The console's lists in Chromium against the embedded runtime: the agency's dossiers by
 * status and date and a subscription's recent deliveries with a replay, the finance receipts
 * search downloaded as CSV, and the counter's search by phone. Each page passes axe-core
 * without a serious or critical violation and is photographed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../infra/local/demo.ts';
import { launchChromium, newContext, screenshots, seriousViolations, signInAs } from '../support/browser.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const AGENCY = DEMO.agencyCode;
const OFFICE = DEMO.postOfficeCode;
const PHONE = '0966111222';
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-browser-lists-'));
let runtime: RunningRuntime;
let browser: Browser;

/** The agency's callback receiver: refuses with 503 until it is up, then takes every delivery. */
const receiver = {
  up: false,
  refused: 0,
  /** The bodies taken once up. */
  taken: [] as string[],
  server: createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (receiver.up) receiver.taken.push(Buffer.concat(chunks).toString('utf8'));
      else receiver.refused += 1;
      response.writeHead(receiver.up ? 204 : 503).end();
    });
  }),
  url: '',
};
const contexts: BrowserContext[] = [];
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
const codes: string[] = [];

const flat = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();
const field = (page: Page | Locator, caption: string) => page.getByLabel(new RegExp(`^${caption}`));

async function checkPage(page: Page, name: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  await screenshots(page, name);
}

async function pageAs(role: Parameters<typeof signInAs>[2], tenant = {}): Promise<Page> {
  const context = await newContext(browser, { width: 1280, height: 800 });
  contexts.push(context);
  await signInAs(context, runtime, role, tenant);
  return context.newPage();
}

/** Two dossiers of the agency for one phone, one with a fee taken at pickup (a receipt), and a subscription. */
async function seed(): Promise<void> {
  const agency = await runtime.token('agency', { agencyCode: AGENCY });
  const staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  const hook = await callApi(runtime.url, 'POST', '/v1/webhooks', agency, {
    url: receiver.url,
    // A dossier's deliveries go out in order: no item event waits ahead of dossier.registered.
    events: ['dossier.*'],
  });
  expect(hook.status).toBe(201);
  for (const n of [1, 2]) {
    const base = dossierRequest({
      dossierCode: `${AGENCY}-${today.slice(2).replaceAll('-', '')}-${String(n).padStart(4, '0')}`,
      agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
      services: { pickup: true, return: false },
      fees: [{ code: 'LPH', name: 'Lệ phí', amount: 40_000, collectAt: 'pickup' }],
    });
    const registered = await callApi(runtime.url, 'POST', '/v1/dossiers', agency, {
      ...base,
      applicant: {
        fullName: `Trần Văn Phúc ${n}`,
        phone: PHONE,
        address: { line: '3 Hàng Bài', communeCode: '00004', provinceCode: '01' },
      },
    });
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    codes.push(registered.json.dossier.dossierCode);
    if (n === 1) {
      const itemCode = registered.json.items[0].itemCode;
      const picked = await callApi(runtime.url, 'POST', '/v1/scans', staff, {
        scans: [
          {
            scanId: `browser-lists-${itemCode}`,
            itemCode,
            type: 'pickup',
            occurredAt: new Date().toISOString(),
            postOfficeCode: OFFICE,
            staffId: 'NV01',
            collected: { amount: registered.json.dossier.quote.dueAtPickup, method: 'cash' },
          },
        ],
      });
      expect(picked.json.results[0].outcome, JSON.stringify(picked.json)).toBe('accepted');
    }
  }
}

/** The deliveries as the page shows them once its read of them has been answered. */
async function readDeliveries(page: Page): Promise<string[]> {
  const hooks = page.getByRole('region', { name: 'Gọi lại (webhook)' });
  await Promise.all([
    page.waitForResponse((response) => /\/v1\/webhooks\/[^/]+\/deliveries\?/.test(response.url())),
    hooks.getByRole('button', { name: 'Các lần gửi' }).click(),
  ]);
  const rows = hooks.locator('table').nth(1).locator('tbody tr');
  // The answer is drawn just after it arrives: wait for a row that is not the empty line.
  await rows
    .first()
    .filter({ hasNotText: 'Không có dữ liệu' })
    .waitFor({ timeout: 5_000 })
    .catch(() => undefined);
  return (await rows.allTextContents()).map(flat);
}

/** The subscription's `dossier.registered` delivery is listed; replayed once the receiver is back, it is delivered. */
async function checksDeliveriesAndReplay(page: Page): Promise<void> {
  const hooks = page.getByRole('region', { name: 'Gọi lại (webhook)' });
  const rows = hooks.locator('table').nth(1).locator('tbody tr');
  const registered = rows.filter({ hasText: 'dossier.registered' }).first();
  const cells = async () => (await registered.locator('td').allTextContents()).map(flat);
  // Listed once fanned out, then tried once: the receiver refused it, and it is not due again for an hour.
  const [, eventId, , status, attempts] = await eventually(async () => {
    const texts = await readDeliveries(page);
    if (!texts.some((text) => text.includes('dossier.registered'))) return undefined;
    const shown = await cells();
    return Number(shown[4]) >= 1 ? shown : undefined;
  }, 30_000);
  expect([status, attempts]).toEqual(['Đang chờ gửi', '1']);
  expect(receiver.refused).toBeGreaterThan(0);
  receiver.up = true;
  const replay = rows
    .filter({ hasText: eventId as string })
    .getByRole('button', { name: 'Gửi lại sự kiện này' });
  await replay.click();
  await hooks.getByText(`Đã xếp gửi lại sự kiện ${eventId}`).waitFor();
  const delivered = await eventually(async () => {
    const texts = await readDeliveries(page);
    const line = texts.find((text) => text.includes(eventId as string));
    return line?.includes('Đã gửi được') ? line : undefined;
  }, 30_000);
  expect(delivered).toContain('dossier.registered');
  expect(receiver.taken.some((body) => body.includes('dossier.registered'))).toBe(true);
}

beforeAll(async () => {
  await new Promise<void>((listening) => receiver.server.listen(0, '127.0.0.1', listening));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/callbacks`;
  // A refused delivery is not tried again during the test: only the replay sends it again.
  runtime = await startRuntime({
    dataDir,
    inMemory: true,
    console: true,
    env: { CALLBACK_BACKOFF_SECONDS: '3600,3600,3600,3600,3600,3600' },
  });
  browser = await launchChromium();
  await seed();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await runtime?.stop();
  receiver.server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the console’s lists', () => {
  it("shows the agency's dossiers by status and date, and a subscription's deliveries with a replay", async () => {
    const page = await pageAs('agency', { agencyCode: AGENCY });
    await page.goto(`${runtime.url}/agency`);
    const dossiers = page.getByRole('region', { name: 'Hồ sơ theo trạng thái và ngày' });
    await dossiers.getByRole('button', { name: 'Xem' }).click();
    await dossiers.locator('tbody tr').nth(1).waitFor();
    const rows = (await dossiers.locator('tbody tr').allTextContents()).map(flat);
    expect(rows[0]).toContain(codes[1]);
    expect(rows[1]).toContain(codes[0]);

    const agency = await runtime.token('agency', { agencyCode: AGENCY });
    const cancelled = await callApi(runtime.url, 'POST', `/v1/dossiers/${codes[1]}/cancel`, agency, {
      reason: 'Công dân rút hồ sơ',
    });
    expect(cancelled.status, JSON.stringify(cancelled.json)).toBe(200);
    await field(dossiers, 'Trạng thái').selectOption('cancelled');
    await expect(field(dossiers, 'Trạng thái').inputValue()).resolves.toBe('cancelled');
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().includes('status=cancelled'), { timeout: 30_000 }),
      dossiers.getByRole('button', { name: 'Xem' }).click(),
    ]);
    expect(answer.status()).toBe(200);
    await expect
      .poll(async () => (await dossiers.locator('tbody tr').allTextContents()).map(flat), { timeout: 15_000 })
      .toEqual([expect.stringContaining(codes[1] as string)]);

    await checksDeliveriesAndReplay(page);
    await checkPage(page, 'agency-lists');
  });

  it('searches receipts by agency and day, and downloads the table as CSV', async () => {
    const page = await pageAs('finance');
    await page.goto(`${runtime.url}/finance`);
    const receipts = page.getByRole('region', { name: 'Biên lai' });
    await field(receipts, 'Cơ quan').selectOption(AGENCY);
    const found = await eventually(async () => {
      await receipts.getByRole('button', { name: 'Tìm' }).click();
      const texts = (await receipts.locator('tbody tr').allTextContents()).map(flat);
      return texts.some((text) => text.includes(codes[0] as string)) ? texts : undefined;
    }, 30_000);
    expect(found[0]).toContain('Trần Văn Phúc 1');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      receipts.getByRole('button', { name: 'Tải CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFKý hiệu,Số,Hồ sơ,Người nộp,Số tiền,Lập lúc,Trạng thái,Thao tác');
    expect(csv).toContain(codes[0]);
    await checkPage(page, 'finance-receipts');
  });

  it('finds dossiers by phone at the counter and opens one', async () => {
    const page = await pageAs('postal-staff', { postOfficeCode: OFFICE });
    await page.goto(`${runtime.url}/counter`);
    const find = page.getByRole('region', { name: 'Tìm hồ sơ' });
    await field(find, 'Mã hồ sơ, mã phiếu gửi').fill(PHONE);
    await find.getByRole('button', { name: 'Tìm' }).click();
    await find.locator('tbody tr').nth(1).waitFor();
    expect((await find.locator('tbody tr').allTextContents()).map(flat)).toEqual([
      expect.stringContaining(codes[1] as string),
      expect.stringContaining(codes[0] as string),
    ]);
    await find.locator('tbody tr').nth(1).getByRole('button', { name: 'Mở' }).click();
    await find.getByRole('heading', { level: 3, name: new RegExp(codes[0] as string) }).waitFor();
    await checkPage(page, 'counter-phone');
  });
});
