/**
 * The finance page's month statement on demo data (`npm start -- --demo`, ten days of it): the
 * three charts drawn with the series they should have, their figures in words and in the
 * table beside them matching the statement the API answers, the table downloadable, no serious
 * or critical axe-core violation, and the page photographed at phone and desktop sizes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/calendar/working-days.ts';
import { launchChromium, newContext, screenshots, seriousViolations, signInAs } from '../support/browser.ts';
import { callApi, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = '000.00.06.H26';
const SEED_DEADLINE_MS = 420_000;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-browser-finance-'));
let runtime: RunningRuntime;
let browser: Browser;
let context: BrowserContext;
let period = '';
let statement: Json = {};

const flat = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();
const money = new Intl.NumberFormat('vi-VN', {
  style: 'currency',
  currency: 'VND',
  maximumFractionDigits: 0,
});
const vnd = (amount: number): string => flat(money.format(amount));

beforeAll(async () => {
  runtime = await startRuntime({
    dataDir,
    inMemory: true,
    console: true,
    args: ['--demo'],
    env: { BRIDGE_DEMO_DAYS: '10' },
  });
  await runtime.waitForOutput(/Seeded the demo month in/, SEED_DEADLINE_MS);
  const finance = await runtime.token('finance');
  // The month with the most of the ten days.
  period = addDays(localDate(new Date()), -5).slice(0, 7);
  const answer = await callApi(
    runtime.url,
    'GET',
    `/v1/finance/reconciliations?agencyCode=${AGENCY}&period=${period}&format=json`,
    finance,
  );
  expect(answer.status).toBe(200);
  statement = answer.json;
  browser = await launchChromium();
}, SEED_DEADLINE_MS + 60_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openStatement(): Promise<Page> {
  context = await newContext(browser, { width: 1280, height: 800 });
  await signInAs(context, runtime, 'finance');
  const page = await context.newPage();
  await page.goto(`${runtime.url}/finance`);
  const section = page.getByRole('region', { name: 'Bảng đối soát tháng' });
  await section.getByLabel('Cơ quan').selectOption(AGENCY);
  await section.getByLabel('Tháng').fill(period);
  await section.getByRole('button', { name: 'Xem' }).click();
  await page.getByTestId('statement-charts').waitFor({ timeout: 30_000 });
  return page;
}

describe("the finance page's charts", () => {
  it('draws collections by day and method, the on-time rate and the fees still to remit, with their figures', async () => {
    const days = statement.days as Json[];
    const cash = days.reduce((sum, day) => sum + day.collectedCashVnd, 0);
    const vietqr = days.reduce((sum, day) => sum + day.collectedVietqrVnd, 0);
    expect(cash).toBeGreaterThan(0);
    expect(vietqr).toBeGreaterThan(0);
    const page = await openStatement();

    const figures = page.getByTestId('statement-charts').locator('figure');
    await expect(figures.count()).resolves.toBe(3);
    const series = await figures.evaluateAll((all) =>
      all.map((figure) => figure.getAttribute('data-series')),
    );
    expect(series).toEqual([
      'Tiền mặt|VietQR',
      'Tỷ lệ đúng hạn',
      'Chưa chuyển|Đã chuyển, chờ ngân hàng xác nhận|Ngân hàng đã xác nhận',
    ]);
    // uPlot drew each one on a canvas of its own.
    const canvases = await figures
      .locator('canvas')
      .evaluateAll((all) => all.map((canvas) => (canvas as unknown as { width: number }).width));
    expect(canvases).toHaveLength(3);
    for (const width of canvases) expect(width).toBeGreaterThan(200);
    const collections = figures.nth(0).getByRole('img');
    expect(flat(await collections.getAttribute('aria-label'))).toContain(
      `Tiền mặt ${vnd(cash)}, VietQR ${vnd(vietqr)}`,
    );

    // The table beside the charts lists the same days and amounts as the statement.
    const table = page.getByRole('table', { name: /Số liệu theo ngày/ });
    const rows = (await table.locator('tbody tr').allTextContents()).map(flat);
    expect(rows).toHaveLength(days.length);
    for (const [index, day] of days.entries()) {
      const [year, month, date] = (day.day as string).split('-');
      expect(rows[index]).toContain(`${date}/${month}/${year}`);
      expect(rows[index]).toContain(vnd(day.collectedCashVnd));
      expect(rows[index]).toContain(vnd(day.collectedVietqrVnd));
    }
    const states = rows.map((row) => row.match(/Chưa chuyển|Đã chuyển, chờ|Ngân hàng đã xác nhận/)?.[0]);
    expect(states).toContain('Chưa chuyển');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      table.getByRole('button', { name: 'Tải CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('Ngày,Tiền mặt,VietQR,Phí thu hộ');
    expect(csv.trim().split('\r\n')).toHaveLength(days.length + 1);

    const violations = await seriousViolations(page);
    expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
    await screenshots(page, 'finance-charts');
  });
});
