/**
 * Scanning with the camera, in Chromium against the embedded runtime: Chromium's fake camera
 * shows the Code 128 barcode of a real item, "Quét bằng máy ảnh" reads it (the
 * `barcode-detector` polyfill, loaded on the press), and the code goes the way of a
 * keyboard-wedge scan: kept in the queue, sent, and applied to the item on the server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../infra/local/demo.ts';
import { launchChromium, newContext, seriousViolations, signInAs } from '../support/browser.ts';
import { writeBarcodeVideo } from '../support/fake-camera.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const OFFICE = DEMO.postOfficeCode;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-browser-camera-'));
let runtime: RunningRuntime;
let browser: Browser;
let itemCode: string;

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true, console: true });
  const agency = await runtime.token('agency', { agencyCode: DEMO.agencyCode });
  const request = dossierRequest({
    dossierCode: `${DEMO.agencyCode}-261203-0901`,
    agency: { code: DEMO.agencyCode, name: 'Trung tâm Phục vụ hành chính công' },
    services: { pickup: true, return: false },
    fees: [],
    exemption: 'full',
  });
  const registered = await callApi(runtime.url, 'POST', '/v1/dossiers', agency, {
    ...request,
    applicant: {
      fullName: 'Đỗ Minh Châu',
      phone: '0911222333',
      address: { line: '8 Lý Thái Tổ', communeCode: '00004', provinceCode: '01' },
    },
  });
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  expect(registered.json.dossier.quote.dueAtPickup).toBe(0);
  itemCode = registered.json.items[0].itemCode;
  const video = join(dataDir, 'barcode.y4m');
  writeBarcodeVideo(video, itemCode);
  browser = await launchChromium([
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${video}`,
  ]);
});

afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the camera on the scan page', () => {
  it("reads a label's barcode and sends it as a scan, as a keyboard-wedge scan would be", async () => {
    const context = await newContext(browser);
    await context.grantPermissions(['camera'], { origin: runtime.url });
    await signInAs(context, runtime, 'postal-staff', { postOfficeCode: OFFICE });
    const page = await context.newPage();
    await page.goto(`${runtime.url}/scan`);
    const camera = page.getByRole('button', { name: 'Quét bằng máy ảnh' });
    expect(await seriousViolations(page)).toEqual([]);
    await camera.click();
    await page.getByRole('button', { name: 'Tắt máy ảnh' }).waitFor();

    const entry = page.locator('li.scan', { hasText: itemCode });
    await entry.first().waitFor({ timeout: 60_000 });
    await expect.poll(() => entry.first().getAttribute('class'), { timeout: 30_000 }).toBe('scan accepted');
    await page.getByRole('button', { name: 'Tắt máy ảnh' }).click();
    // The same code held in front of the camera counts once.
    expect(await entry.count()).toBe(1);

    const staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
    const item = await callApi(runtime.url, 'GET', `/v1/items/${itemCode}`, staff);
    expect(item.json.status).toBe('picked-up');
    expect(item.json.timeline).toHaveLength(1);
    await context.close();
  });
});
