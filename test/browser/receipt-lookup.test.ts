/**
 * The receipt lookup page in Chromium: the address and code read off a real receipt PDF
 * (`pdftotext`), the address opened as printed, the code typed, the receipt shown; a forged
 * code says nothing was found; a voided receipt says it was voided. axe-core finds no serious
 * violation, and the page is photographed at phone and desktop sizes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newContext, screenshots, seriousViolations } from '../support/browser.ts';
import { printedReceipt } from '../support/printed-receipt.ts';
import { callApi, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-browser-receipt-lookup-'));
let runtime: RunningRuntime;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true, console: true });
  browser = await launchChromium();
  context = await newContext(browser);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the receipt lookup page', () => {
  it('opens at the address printed on the receipt and shows the receipt for its code', async () => {
    const receipt = await printedReceipt(runtime, 1);
    expect(receipt.text).toContain('Địa chỉ tra cứu:');
    const page = await context.newPage();
    await page.goto(receipt.lookupAddress);
    await expect(
      page.getByRole('heading', { name: 'Tra cứu biên lai thu phí, lệ phí' }).isVisible(),
    ).resolves.toBe(true);
    const code = page.getByLabel('Mã tra cứu (in trên biên lai)');

    await code.fill('ABCDEFGH23');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Không tìm thấy biên lai với mã tra cứu này').waitFor();

    await code.fill(receipt.lookupCode);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByRole('heading', { name: 'Biên lai hợp lệ' }).waitFor();
    const shown = (await page.locator('.receipt-lookup').textContent()) ?? '';
    expect(shown).toContain(receipt.series);
    expect(shown).toContain(String(receipt.number).padStart(7, '0'));
    expect(shown.replace(/\s/g, ' ')).toContain('40.000');
    expect(shown).toContain('Bốn mươi nghìn đồng');
    expect(shown).not.toContain('Trần Văn Phúc');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshots(page, 'receipt-lookup');

    const finance = await runtime.token('finance');
    const voided = await callApi(
      runtime.url,
      'POST',
      `/v1/receipts/${receipt.series}/${receipt.number}/void`,
      finance,
      {
        reason: 'Lập nhầm',
      },
    );
    expect(voided.status).toBe(200);
    await page.goto(`${receipt.lookupAddress}?ma=${receipt.lookupCode}`);
    await page.getByRole('heading', { name: 'Biên lai đã bị hủy' }).waitFor();
    await screenshots(page, 'receipt-lookup-voided');
  });
});
