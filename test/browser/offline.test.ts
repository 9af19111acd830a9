/**
 * The scan page offline: loaded once, the network goes away, 30 scans are made (some of them
 * the same code scanned twice), the page is reloaded with no network and the queue is still
 * there; the network comes back and every scan reaches the API exactly once, in one request.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../infra/local/demo.ts';
import {
  launchChromium,
  newContext,
  seriousViolations,
  serviceWorkerInControl,
  signInAs,
} from '../support/browser.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const OFFICE = DEMO.postOfficeCode;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-browser-offline-'));
let runtime: RunningRuntime;
let browser: Browser;
let staff: string;
const itemCodes: string[] = [];

async function registerDossiers(count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const registered = await callApi(runtime.url, 'POST', '/v1/dossiers', staff, {
      ...dossierRequest({ dossierCode: undefined, services: { pickup: true, return: false }, fees: [] }),
      agency: { code: DEMO.agencyCode, name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội' },
      applicant: {
        fullName: `Người gửi ${index + 1}`,
        phone: '0912345678',
        address: { line: `${index + 1} Phan Đình Phùng`, communeCode: '00004', provinceCode: '01' },
      },
    });
    expect(registered.status).toBe(201);
    itemCodes.push(registered.json.items[0].itemCode as string);
  }
}

async function scan(page: Page, type: string, code: string): Promise<void> {
  await page.getByLabel(/^Loại quét/).selectOption(type);
  const input = page.getByLabel(/^Mã bưu gửi/);
  // A keyboard-wedge scanner types the code, then Enter.
  await input.pressSequentially(code);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe('');
}

type Dataset = { dataset: Record<string, string | undefined> };

const waitingShown = (page: Page) => page.getByTestId('waiting').textContent();

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true, console: true });
  staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  await registerDossiers(10);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the scan page with no network', () => {
  it('keeps 30 scans through a reload while offline and sends each exactly once when the network is back', async () => {
    const context = await newContext(browser);
    await signInAs(context, runtime, 'postal-staff', { postOfficeCode: OFFICE });
    const page = await context.newPage();
    await page.goto(`${runtime.url}/scan`);
    await expect.poll(() => waitingShown(page)).toBe('0');
    // The service worker controls the page: the shell and the page's code come from its cache now.
    await serviceWorkerInControl(page);
    expect(await seriousViolations(page)).toEqual([]);

    await context.setOffline(true);
    await page.getByText('Mất mạng').waitFor();
    const made: { type: string; code: string }[] = [
      ...itemCodes.map((code) => ({ type: 'pickup', code })),
      ...itemCodes.slice(0, 5).map((code) => ({ type: 'pickup', code })),
      ...itemCodes.map((code) => ({ type: 'depart', code })),
      ...itemCodes.slice(0, 5).map((code) => ({ type: 'arrive', code })),
    ];
    expect(made).toHaveLength(30);
    for (const { type, code } of made) await scan(page, type, code);
    await expect.poll(() => waitingShown(page)).toBe('30');

    await page.reload();
    await expect.poll(() => waitingShown(page), { timeout: 20_000 }).toBe('30');
    await expect.poll(() => page.locator('li.scan.waiting').count(), { timeout: 20_000 }).toBe(30);
    const queued = await page
      .locator('li.scan.waiting')
      .evaluateAll((items) => items.map((item) => (item as unknown as Dataset).dataset.scanId ?? ''));
    expect(new Set(queued).size).toBe(30);

    const posts: number[] = [];
    page.on('requestfinished', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/v1/scans')) {
        posts.push((JSON.parse(request.postData() ?? '{}') as { scans: unknown[] }).scans.length);
      }
    });
    await context.setOffline(false);
    await expect.poll(() => waitingShown(page), { timeout: 30_000 }).toBe('0');
    expect(posts).toEqual([30]);

    const outcomes = await page.locator('li.scan').evaluateAll((items) =>
      items.map((item) => ({
        scanId: (item as unknown as Dataset).dataset.scanId ?? '',
        state: item.className,
      })),
    );
    expect(outcomes).toHaveLength(30);
    for (const outcome of outcomes) expect(outcome.state).toMatch(/scan (accepted|flagged)$/);

    // On the server: each scan once, in the timeline of its item.
    const onServer: string[] = [];
    for (const code of itemCodes) {
      const item = await callApi(runtime.url, 'GET', `/v1/items/${code}`, staff);
      expect(item.status).toBe(200);
      onServer.push(...(item.json.timeline as { scanId: string }[]).map((entry) => entry.scanId));
    }
    expect(onServer).toHaveLength(30);
    expect(new Set(onServer)).toEqual(new Set(queued));
    await context.close();
  });
});
