/**
 * Scanning with the camera, in Chromium against the embedded runtime: Chromium's fake camera
 * shows the Code 128 barcode of a real item, "Quét bằng máy ảnh" reads it (the
 * `barcode-detector` polyfill, loaded on the press), and the code goes the way of a
 * keyboard-wedge scan: kept in the queue, sent, and applied to the item on the server. And the
 * round page's VietQR code for an item with money due: the worklist's payload, for the exact
 * amount, with the item code as the transfer's content.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVietqr } from '../../functions/domain/money/vietqr.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { launchChromium, newContext, screenshots, seriousViolations, signInAs } from '../support/browser.ts';
import { writeBarcodeVideo } from '../support/fake-camera.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const OFFICE = DEMO.postOfficeCode;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-browser-camera-'));
let runtime: RunningRuntime;
let browser: Browser;
let itemCode: string;
const MONTH_AHEAD = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
  new Date(Date.now() + 30 * 86_400_000),
);

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

describe('the field pages: the camera and the VietQR code', () => {
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

  it('shows a VietQR code for the exact amount of a pickup with money due', async () => {
    const agency = await runtime.token('agency', { agencyCode: DEMO.agencyCode });
    const registered = await callApi(runtime.url, 'POST', '/v1/dossiers', agency, {
      ...dossierRequest({
        dossierCode: `${DEMO.agencyCode}-261203-0902`,
        agency: { code: DEMO.agencyCode, name: 'Trung tâm Phục vụ hành chính công' },
        services: { pickup: true, return: false },
        fees: [{ code: 'LPH', name: 'Lệ phí', amount: 70_000, collectAt: 'pickup' }],
      }),
      applicant: {
        fullName: 'Vũ Thị Lan',
        phone: '0911222444',
        address: { line: '20 Hàng Gai', communeCode: '00004', provinceCode: '01' },
      },
    });
    expect(registered.status, JSON.stringify(registered.json)).toBe(201);
    const due: number = registered.json.dossier.quote.dueAtPickup;
    const code: string = registered.json.items[0].itemCode;
    expect(due).toBeGreaterThan(70_000);
    // The worklist follows the items through the table's stream: wait until it has this one.
    const staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
    const listed = await eventually(async () => {
      const worklist = await callApi(
        runtime.url,
        'GET',
        `/v1/worklist?postOfficeCode=${OFFICE}&date=${MONTH_AHEAD}`,
        staff,
      );
      return (worklist.json.entries as { itemCode: string; vietqr: string | null }[] | undefined)?.find(
        (row) => row.itemCode === code,
      );
    }, 30_000);
    expect(listed.vietqr).toBeTruthy();

    const context = await newContext(browser);
    await signInAs(context, runtime, 'postal-staff', { postOfficeCode: OFFICE });
    const page = await context.newPage();
    await page.goto(`${runtime.url}/round`);
    // A pickup falls due within the transit standard's days: the list up to a month ahead holds it.
    await page.getByLabel(/^Việc đến hạn đến hết ngày/).fill(MONTH_AHEAD);
    const entry = page.locator('ol.round li', { hasText: code });
    await entry.getByRole('button', { name: 'Mã VietQR' }).click();
    const qr = entry.getByRole('img', { name: /^Mã VietQR chuyển khoản/ });
    await qr.waitFor();
    const payload = (await qr.getAttribute('data-payload')) ?? '';
    expect(readVietqr(payload)).toMatchObject({ amount: due, content: code, crcValid: true });
    expect(await qr.locator('path').getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'round-vietqr');
    await context.close();
  });
});
