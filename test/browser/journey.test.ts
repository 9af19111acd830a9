/**
 * A dossier's whole journey through the console, in Chromium against the embedded runtime:
 * registered at the counter (the quote shown as it is filled in), picked up by a keyboard-wedge
 * scan, handed over on a record the agency confirms by scanning, accepted, result ready,
 * collected on a record the post confirms, delivered with the citizen's code; the finance
 * statement shows the money, and the citizen's page shows it delivered. Every page on the way
 * passes axe-core without a serious or critical violation and is photographed at phone and
 * desktop sizes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../infra/local/demo.ts';
import { launchChromium, newContext, screenshots, seriousViolations, signInAs } from '../support/browser.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const OFFICE = DEMO.postOfficeCode;
const AGENCY = DEMO.agencyCode;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-browser-journey-'));
let runtime: RunningRuntime;
let browser: Browser;
const contexts: BrowserContext[] = [];

const flat = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();
const vnd = (amount: number): string =>
  flat(new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' }).format(amount));
const inDays = (days: number): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
const todayCode = (): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' })
    .format(new Date())
    .slice(2)
    .replaceAll('-', '');

/**
 * A form control by the start of its label: a label that wraps its control also reads the
 * control's value or options, so the whole label text is not just the caption.
 */
const field = (page: Page, caption: string) =>
  page.getByLabel(new RegExp(`^${caption.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

/** axe-core finds nothing serious or critical, and the page is photographed at both sizes. */
async function checkPage(page: Page, name: string): Promise<void> {
  const violations = await seriousViolations(page);
  expect(violations, `${name}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  await screenshots(page, name);
}

async function contextFor(role: Parameters<typeof signInAs>[2] | null, tenant = {}): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  if (role) await signInAs(context, runtime, role, tenant);
  return context.newPage();
}

async function wedgeScan(page: Page, code: string): Promise<void> {
  const input = field(page, 'Mã bưu gửi');
  await input.pressSequentially(code);
  await input.press('Enter');
}

async function deliveryCodeSentFor(itemCode: string): Promise<string> {
  return eventually(async () => {
    try {
      const lines = readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8').split('\n');
      const sms = lines.filter((line) => line.includes(itemCode) && line.includes('Ma nhan'));
      return /Ma nhan: (\d{6})/.exec(sms.at(-1) ?? '')?.[1];
    } catch {
      return undefined;
    }
  }, 30_000);
}

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true, console: true });
  browser = await launchChromium();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Journey {
  staff: Page;
  ref: string;
  inbound: string;
  outbound: string;
  dueAtPickupShown: string;
  dossierCode: string;
}
const journey = {} as Journey;

async function signInThroughThePage(): Promise<Page> {
  const page = await contextFor(null);
  await page.goto(`${runtime.url}/scan`);
  await page.waitForURL(/\/sign-in/);
  await field(page, 'Vai trò').selectOption('postal-staff');
  await field(page, 'Bưu cục').selectOption(OFFICE);
  await checkPage(page, 'sign-in');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(/\/scan$/);
  return page;
}

async function registerAtTheCounter(page: Page): Promise<void> {
  await page.goto(`${runtime.url}/counter`);
  await field(page, 'Mã thủ tục').fill('1.001234');
  await field(page, 'Tên thủ tục').fill('Cấp đổi giấy phép lái xe');
  await field(page, 'Cơ quan giải quyết').selectOption(AGENCY);
  await field(page, 'Họ và tên').fill('Nguyễn Thị Hoa');
  await field(page, 'Điện thoại').fill('0912345678');
  await field(page, 'Địa chỉ').fill('12 Phan Đình Phùng');
  await field(page, 'Xã/phường').selectOption('00004');
  await page.getByRole('button', { name: 'Thêm khoản phí' }).click();
  await field(page, 'Tên khoản').fill('Lệ phí cấp đổi');
  await field(page, 'Số tiền (đồng)').fill('50000');
  // The quote follows the form as it is filled in.
  journey.dueAtPickupShown = flat(await page.getByTestId('due-at-pickup').textContent());
  expect(journey.dueAtPickupShown).not.toBe(vnd(0));
  await checkPage(page, 'counter');
  await page.getByRole('button', { name: 'Đăng ký hồ sơ' }).click();
  const done = page.getByRole('heading', { name: /Đã đăng ký hồ sơ/ });
  await done.waitFor();
  journey.ref = flat(await done.textContent()).replace('Đã đăng ký hồ sơ ', '');
  journey.inbound = flat(await page.getByTestId('item-inbound').textContent());
  journey.outbound = flat(await page.getByTestId('item-outbound').textContent());
  expect(journey.ref).toMatch(/^PG/);
}

async function quoteOnServer() {
  const staff = await runtime.token('postal-staff', { postOfficeCode: OFFICE });
  const view = await callApi(runtime.url, 'GET', `/v1/dossiers/${journey.ref}`, staff);
  return view.json.dossier.quote as { dueAtPickup: number; dueAtDelivery: number };
}

async function scanWith(
  page: Page,
  type: string,
  code: string,
  fill: Record<string, string> = {},
): Promise<string> {
  await page.goto(`${runtime.url}/scan`);
  await page.getByTestId('waiting').filter({ hasText: /^\d+$/ }).waitFor();
  const before = await page.locator('li.scan').count();
  await field(page, 'Loại quét').selectOption(type);
  for (const [label, value] of Object.entries(fill)) await field(page, label).fill(value);
  await wedgeScan(page, code);
  const scans = page.locator('li.scan');
  await expect
    .poll(
      async () => ((await scans.count()) > before ? scans.first().getAttribute('class') : 'scan waiting'),
      {
        timeout: 20_000,
      },
    )
    .not.toContain('waiting');
  return flat((await scans.first().locator('span').allTextContents()).join(' '));
}

async function drawUpRecord(page: Page, kind: string, itemCode: string): Promise<string> {
  await page.goto(`${runtime.url}/counter`);
  await field(page, 'Loại biên bản').selectOption(kind);
  await field(page, 'Cơ quan giao nhận').selectOption(AGENCY);
  await field(page, 'Các mã bưu gửi').fill(itemCode);
  await page.getByRole('button', { name: 'Lập biên bản' }).click();
  return flat(await page.getByTestId('manifest-id').textContent());
}

async function confirmRecord(page: Page, manifestId: string, itemCode: string): Promise<string> {
  await field(page, 'Số biên bản').fill(manifestId);
  await page.getByRole('button', { name: 'Mở biên bản' }).click();
  await wedgeScan(page, itemCode);
  await page.getByText(`${itemCode}: Đã nhận`).waitFor();
  await field(page, 'Người ký nhận').fill('Lê Thị Mai');
  await page.getByRole('button', { name: 'Ký biên bản' }).click();
  return flat(await page.getByTestId('handover-result').textContent());
}

async function agencyDecides(page: Page): Promise<void> {
  await field(page, 'Mã hồ sơ hoặc mã phiếu gửi (PG…)').fill(journey.ref);
  // The item changes hands when the record is signed; the page shows it once it is read back.
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Mở', exact: true }).click();
        await page.getByTestId('dossier-status').waitFor();
        return page.getByText(`${journey.inbound}: Đã giao cho cơ quan`).count();
      },
      { timeout: 20_000, interval: 1_000 },
    )
    .toBe(1);
  await field(page, 'Mã hồ sơ cơ quan cấp').fill(journey.dossierCode);
  await page.getByRole('button', { name: 'Tiếp nhận' }).click();
  await page.locator('section[aria-labelledby=dossier-title] .message').waitFor();
  expect(flat(await page.locator('section[aria-labelledby=dossier-title] .message').textContent())).toBe(
    'Đã tiếp nhận hồ sơ',
  );
  await expect.poll(() => page.getByTestId('dossier-status').textContent()).toBe('Cơ quan đã tiếp nhận');
  // The acceptance reaches the dossier's items from the table stream; until then the API
  // refuses a result (409), and the officer tries again.
  const message = page.locator('section[aria-labelledby=dossier-title] .message');
  await expect
    .poll(
      async () => {
        const [answer] = await Promise.all([
          page.waitForResponse((response) => response.url().endsWith('/result-ready')),
          page.getByRole('button', { name: 'Đã có kết quả' }).click(),
        ]);
        await expect.poll(async () => flat(await message.textContent())).not.toBe('Đã tiếp nhận hồ sơ');
        return `${answer.status()} ${flat(await message.textContent())}`;
      },
      { timeout: 20_000, interval: 1_000 },
    )
    .toBe('200 Đã báo có kết quả');
  await expect.poll(() => page.getByTestId('dossier-status').textContent()).toBe('Đã có kết quả');
}

async function statementShows(page: Page, cashVnd: number): Promise<void> {
  await page.goto(`${runtime.url}/finance`);
  await field(page, 'Cơ quan').first().selectOption(AGENCY);
  const cashRow = page.getByRole('row', { name: /^Đã thu bằng tiền mặt/ });
  // The ledger books a collection from the table stream: a moment after the scan.
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Xem', exact: true }).click();
        await page.getByTestId('statement').waitFor();
        return flat((await cashRow.locator('td').allTextContents()).join(' '));
      },
      { timeout: 30_000, interval: 1_000 },
    )
    .toBe(`Đã thu bằng tiền mặt ${vnd(cashVnd)}`);
}

describe('the console, through a dossier’s journey', () => {
  it('carries a paper dossier from the counter to the citizen, every page agreeing', async () => {
    const staff = await signInThroughThePage();
    await registerAtTheCounter(staff);
    const quote = await quoteOnServer();
    expect(journey.dueAtPickupShown).toBe(vnd(quote.dueAtPickup));

    await staff.goto(`${runtime.url}/round`);
    // The pickup is due by the next working day; the worklist follows the table stream.
    await field(staff, 'Việc đến hạn đến hết ngày').fill(inDays(7));
    await expect
      .poll(
        async () => {
          await field(staff, 'Việc đến hạn đến hết ngày').fill(inDays(6));
          await field(staff, 'Việc đến hạn đến hết ngày').fill(inDays(7));
          return staff.getByText(journey.inbound).count();
        },
        { timeout: 20_000, interval: 1_000 },
      )
      .toBe(1);
    await checkPage(staff, 'round');

    const picked = await scanWith(staff, 'pickup', journey.inbound, {
      'Số tiền thu (đồng)': String(quote.dueAtPickup),
    });
    expect(picked).toContain('Đã nhận');
    await checkPage(staff, 'scan');

    const handover = await drawUpRecord(staff, 'handover-to-agency', journey.inbound);
    const agency = await contextFor('agency', { agencyCode: AGENCY });
    await agency.goto(`${runtime.url}/agency`);
    expect(await confirmRecord(agency, handover, journey.inbound)).toBe(
      'Đã nhận 1 · Thiếu 0 · Ngoài biên bản 0',
    );
    journey.dossierCode = `${AGENCY}-${todayCode()}-0001`;
    await agencyDecides(agency);
    await checkPage(agency, 'agency');

    const collection = await drawUpRecord(staff, 'collect-from-agency', journey.outbound);
    expect(await confirmRecord(staff, collection, journey.outbound)).toBe(
      'Đã nhận 1 · Thiếu 0 · Ngoài biên bản 0',
    );
    expect(await scanWith(staff, 'out-for-delivery', journey.outbound)).toContain('Đã nhận');
    const otp = await deliveryCodeSentFor(journey.outbound);
    const delivered = await scanWith(staff, 'delivered', journey.outbound, {
      'Số tiền thu (đồng)': String(quote.dueAtDelivery),
      'Người nhận': 'Nguyễn Thị Hoa',
      'Mã nhận (6 số)': otp,
    });
    expect(delivered).toContain('Đã nhận');
    expect(delivered).toContain('Đã phát');

    const finance = await contextFor('finance');
    await statementShows(finance, quote.dueAtPickup + quote.dueAtDelivery);
    await checkPage(finance, 'finance');

    const citizen = await contextFor(null);
    await citizen.goto(`${runtime.url}/track/${journey.dossierCode}`);
    await field(citizen, '4 số cuối điện thoại người gửi').fill('5678');
    await citizen.getByRole('button', { name: 'Xem' }).click();
    await citizen.locator('.tracking').waitFor();
    // The dossier reads delivered, and the delivery is a step, with its date, in the server's words.
    expect(flat(await citizen.locator('.tracking h2').textContent())).toBe('Đã trả kết quả');
    const steps = (await citizen.locator('.steps li').allTextContents()).map(flat);
    expect(steps.some((step) => /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4} ?Đã phát thành công$/.test(step))).toBe(
      true,
    );
    await checkPage(citizen, 'track');
  });

  it('shows the other pages without a serious accessibility violation', async () => {
    const supervisor = await contextFor('postal-supervisor', { postOfficeCode: OFFICE });
    for (const [path, name] of [
      ['/', 'home'],
      ['/supervisor', 'supervisor'],
    ] as const) {
      await supervisor.goto(`${runtime.url}${path}`);
      await supervisor.getByRole('heading', { level: 1 }).waitFor();
      await checkPage(supervisor, name);
    }
    const wrong = await contextFor(null);
    await wrong.goto(`${runtime.url}/track/${journey.dossierCode}`);
    await field(wrong, '4 số cuối điện thoại người gửi').fill('0000');
    await wrong.getByRole('button', { name: 'Xem' }).click();
    await wrong.getByRole('alert').waitFor();
    expect(flat(await wrong.getByRole('alert').textContent())).toBe(
      'Không tìm thấy hồ sơ với mã và số điện thoại này',
    );
  });
});
