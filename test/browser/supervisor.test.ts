/**
 * The office supervisor's day in Chromium against the embedded runtime: two deliveries scanned
 * before anyone went out are flagged and wait in the anomalies queue, the supervisor applies
 * one and dismisses the other with notes (who, when and why stay on each), gives a late
 * delivery to a staff member by scanning its code (who then finds it on their round and
 * another staff member does not), counts a staff member's cash against what the ledger says
 * they hold, and sees the office's late items. A staff member opening the page is refused in
 * words. Each page passes axe-core without a serious or critical violation and is photographed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  localDate,
  nextWorkingDayFrom,
} from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import {
  DESKTOP,
  launchChromium,
  newContext,
  PHONE,
  screenshots,
  seriousViolations,
  signInAs,
} from '../support/browser.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

const AGENCY = DEMO.agencyCode;
const OFFICE = DEMO.postOfficeCode;
const CASHIER = 'nv-thu';
const ROUNDSMAN = 'nv-an';
const PICKUP_FEE_VND = 40_000;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-browser-supervisor-'));
let runtime: RunningRuntime;
let browser: Browser;
const contexts: BrowserContext[] = [];
let sequence = 0;

/** Two weeks back, on working days: the late delivery's result was ready and collected then. */
const PAST_DAY = nextWorkingDayFrom(localDate(new Date(Date.now() - 14 * 24 * 3_600_000)));
const pastAt = (offsetWorkingDays: number, time: string) =>
  new Date(`${addWorkingDays(PAST_DAY, offsetWorkingDays)}T${time}:00+07:00`).toISOString();

const flat = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();
const field = (scope: Page | Locator, caption: string) => scope.getByLabel(new RegExp(`^${caption}`));
const api = async (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);
const tokens = {
  agency: () => runtime.token('agency', { agencyCode: AGENCY }),
  staff: (subject?: string) =>
    runtime.token('postal-staff', { postOfficeCode: OFFICE, ...(subject ? { subject } : {}) }),
};

/** axe-core at phone and desktop sizes (a table wider than a phone scrolls), then the screenshots. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport);
    const violations = await seriousViolations(page);
    expect(violations, `${name} at ${viewport.width} px: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }
  await screenshots(page, name);
}

async function pageAs(role: 'postal-supervisor' | 'postal-staff', subject?: string): Promise<Page> {
  const context = await newContext(browser, DESKTOP);
  contexts.push(context);
  await signInAs(context, runtime, role, { postOfficeCode: OFFICE, ...(subject ? { subject } : {}) });
  return context.newPage();
}

/** A dossier whose result goes back by post, with nothing to pay, registered under the code of `day`. */
async function registerReturn(
  day: string,
  fullName: string,
): Promise<{ dossierCode: string; itemCode: string }> {
  sequence += 1;
  const registered = await api('POST', '/v1/dossiers', await tokens.agency(), {
    ...dossierRequest({
      dossierCode: `${AGENCY}-${day.slice(2).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`,
      fees: [],
    }),
    agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
    applicant: {
      fullName,
      phone: '0987000222',
      address: { line: '3 Hàng Bài', communeCode: '00004', provinceCode: '01' },
    },
    exemption: 'full',
  });
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  return { dossierCode: registered.json.dossier.dossierCode, itemCode: registered.json.items[0].itemCode };
}

/** The result made ready and collected from the agency on a handover record (at `at`, or now). */
async function collected(dossierCode: string, itemCode: string, at?: { readyAt: string; signedAt: string }) {
  const staff = await tokens.staff();
  const ready = await api('POST', `/v1/dossiers/${dossierCode}/result-ready`, await tokens.agency(), {
    ...(at ? { readyAt: at.readyAt } : {}),
  });
  expect(ready.status, JSON.stringify(ready.json)).toBe(200);
  const manifest = await api('POST', '/v1/manifests', staff, {
    kind: 'collect-from-agency',
    agencyCode: AGENCY,
    postOfficeCode: OFFICE,
    itemCodes: [itemCode],
  });
  expect(manifest.status, JSON.stringify(manifest.json)).toBe(201);
  const confirmed = await api('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, staff, {
    itemCodesReceived: [itemCode],
    signedBy: 'Lê Văn Tâm',
    ...(at ? { signedAt: at.signedAt } : {}),
  });
  expect(confirmed.json.missing, JSON.stringify(confirmed.json)).toEqual([]);
}

/** A delivery scanned before the item went out for delivery: flagged, not applied. */
async function flaggedDelivery(fullName: string): Promise<string> {
  const { dossierCode, itemCode } = await registerReturn(localDate(new Date()), fullName);
  await collected(dossierCode, itemCode);
  const scanned = await api('POST', '/v1/scans', await tokens.staff(), {
    scans: [
      {
        scanId: `supervisor-flagged-${itemCode}`,
        itemCode,
        type: 'delivered',
        occurredAt: new Date().toISOString(),
        postOfficeCode: OFFICE,
        proof: {
          recipientName: fullName,
          relation: 'authorised',
          idLast4: '1111',
          letterPhotoKey: `proofs/${itemCode}/letter.jpg`,
        },
      },
    ],
  });
  expect(scanned.json.results[0], JSON.stringify(scanned.json)).toMatchObject({
    outcome: 'flagged',
    reason: 'before-out-for-delivery',
  });
  return itemCode;
}

/** A dossier picked up with its fee paid in cash to the cashier: the cashier now holds the fee. */
async function cashPickup(): Promise<number> {
  sequence += 1;
  const today = localDate(new Date());
  const registered = await api('POST', '/v1/dossiers', await tokens.agency(), {
    ...dossierRequest({
      dossierCode: `${AGENCY}-${today.slice(2).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`,
      services: { pickup: true, return: false },
      fees: [{ code: 'LPH', name: 'Lệ phí', amount: PICKUP_FEE_VND, collectAt: 'pickup' }],
    }),
    agency: { code: AGENCY, name: 'UBND phường Ba Đình' },
    applicant: {
      fullName: 'Phạm Thị Thu',
      phone: '0987000333',
      address: { line: '5 Hàng Bài', communeCode: '00004', provinceCode: '01' },
    },
  });
  expect(registered.status, JSON.stringify(registered.json)).toBe(201);
  const itemCode = registered.json.items[0].itemCode;
  const picked = await api('POST', '/v1/scans', await tokens.staff(CASHIER), {
    scans: [
      {
        scanId: `supervisor-cash-${itemCode}`,
        itemCode,
        type: 'pickup',
        occurredAt: new Date().toISOString(),
        postOfficeCode: OFFICE,
        staffId: CASHIER,
        collected: { amount: registered.json.dossier.quote.dueAtPickup, method: 'cash' },
      },
    ],
  });
  expect(picked.json.results[0].outcome, JSON.stringify(picked.json)).toBe('accepted');
  return registered.json.dossier.quote.dueAtPickup;
}

let late: { itemCode: string; dossierCode: string };
/** What the cashier took at the pickup: postage and the fee. */
let cashVnd = 0;
const vnd = (amountVnd: number) =>
  new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 })
    .format(amountVnd)
    .replace(/\s/g, '');
const flagged: string[] = [];

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true, console: true });
  browser = await launchChromium();
  flagged.push(await flaggedDelivery('Trần Thị Bình'), await flaggedDelivery('Lê Văn Cường'));
  late = await registerReturn(PAST_DAY, 'Ngô Thị Dung');
  await collected(late.dossierCode, late.itemCode, {
    readyAt: pastAt(0, '08:30'),
    signedAt: pastAt(0, '09:00'),
  });
  cashVnd = await cashPickup();
  expect(cashVnd).toBeGreaterThan(PICKUP_FEE_VND);
  flagged.push(await flaggedDelivery('Đỗ Văn Hải'));
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The queue's card of one item, once the page lists it. */
async function anomalyCard(page: Page, itemCode: string): Promise<Locator> {
  const queue = page.getByRole('region', { name: 'Bất thường cần xử lý' });
  const card = queue.getByRole('listitem', { name: `Bất thường của bưu gửi ${itemCode}` });
  await eventually(async () => {
    if (await card.isVisible()) return true;
    await queue.getByRole('button', { name: 'Tải lại' }).click();
    return (
      (await card.waitFor({ timeout: 2_000 }).then(
        () => true,
        () => false,
      )) || undefined
    );
  }, 30_000);
  return card;
}

async function resolve(page: Page, itemCode: string, action: 'Áp dụng' | 'Bỏ qua', note: string) {
  const card = await anomalyCard(page, itemCode);
  await expect(flat(await card.textContent())).toContain('Báo phát khi bưu gửi chưa được đưa đi phát');
  await card.getByLabel(`Ghi chú xử lý bưu gửi ${itemCode}`).fill(note);
  await card.getByRole('button', { name: action }).click();
  await card.getByText(new RegExp(`^${action === 'Áp dụng' ? 'Đã áp dụng' : 'Đã bỏ qua'} bởi`)).waitFor();
  const text = flat(await card.textContent());
  expect(text).toContain(`dev-postal-supervisor-${OFFICE} (Trưởng bưu cục)`);
  expect(text).toContain(`Lý do: ${note}`);
  expect(text).toMatch(/bởi .+ lúc \d{2}:\d{2},? \d{2}\/\d{2}\/\d{4}\. Lý do/);
}

describe("the supervisor's day", () => {
  it('works the anomalies queue: applies one flagged delivery and dismisses another, each with a note', async () => {
    const page = await pageAs('postal-supervisor');
    await page.goto(`${runtime.url}/supervisor`);
    await resolve(page, flagged[0] as string, 'Áp dụng', 'Nhân viên quên quét đi phát, đã gọi xác nhận');
    await resolve(page, flagged[1] as string, 'Bỏ qua', 'Quét nhầm bưu gửi');
    const staff = await tokens.staff();
    await eventually(async () =>
      (await api('GET', `/v1/items/${flagged[0]}`, staff)).json.status === 'delivered' ? true : undefined,
    );
    expect((await api('GET', `/v1/items/${flagged[1]}`, staff)).json.status).toBe('collected');
    // The resolved ones are listed by their status, with who, when and why.
    const queue = page.getByRole('region', { name: 'Bất thường cần xử lý' });
    await field(queue, 'Trạng thái').selectOption('dismissed');
    await (await anomalyCard(page, flagged[1] as string)).getByText('Lý do: Quét nhầm bưu gửi').waitFor();
    await checkPage(page, 'supervisor-anomalies');
  });

  it('gives a late delivery to a staff member by scanning its code; they find it on their round, others do not', async () => {
    // The worklist is kept from the table stream: the late delivery is on it shortly after its collection.
    const onWorklist = async (subject: string) =>
      ((await api('GET', '/v1/worklist', await tokens.staff(subject))).json.entries as Json[]).some(
        (entry) => entry.itemCode === late.itemCode,
      );
    await eventually(async () => ((await onWorklist('nv-binh')) ? true : undefined), 30_000);
    const page = await pageAs('postal-supervisor');
    await page.goto(`${runtime.url}/supervisor`);
    const tasks = page.getByRole('region', { name: 'Giao việc cho nhân viên' });
    await tasks.locator('tbody tr', { hasText: late.itemCode }).waitFor();
    // A keyboard-wedge scanner types the code and Enter.
    await field(tasks, 'Mã bưu gửi').fill(late.itemCode.toLowerCase());
    await field(tasks, 'Mã bưu gửi').press('Enter');
    await expect(tasks.getByLabel(`Chọn ${late.itemCode}`).isChecked()).resolves.toBe(true);
    await field(tasks, 'Giao cho').fill(ROUNDSMAN);
    await tasks.getByRole('button', { name: 'Giao việc' }).click();
    await tasks.getByText(`${late.itemCode}: đã giao cho ${ROUNDSMAN}`).waitFor();
    expect(flat(await tasks.locator('tbody tr', { hasText: late.itemCode }).textContent())).toContain(
      ROUNDSMAN,
    );

    // Once the assignment reaches the worklist, only the staff member it was given to sees the task.
    await eventually(async () => ((await onWorklist('nv-binh')) ? undefined : true), 30_000);
    expect(await onWorklist(ROUNDSMAN)).toBe(true);
    const round = async (subject: string) => {
      const staffPage = await pageAs('postal-staff', subject);
      await staffPage.goto(`${runtime.url}/round`);
      await staffPage.getByRole('heading', { level: 1 }).waitFor();
      return staffPage;
    };
    const theirs = await round(ROUNDSMAN);
    const theirTask = theirs.locator('ol.round li', { hasText: late.itemCode });
    await theirTask.waitFor();
    expect(flat(await theirTask.textContent())).toContain('Trễ hạn');
    const others = await round('nv-binh');
    await others
      .getByText(/việc nào đến hạn|Trễ hạn|Nhận hồ sơ|Phát kết quả/)
      .first()
      .waitFor();
    await expect(others.locator('ol.round li', { hasText: late.itemCode }).count()).resolves.toBe(0);
    await checkPage(page, 'supervisor-tasks');
  });

  it("counts a staff member's cash against the ledger and lists the office's late items", async () => {
    const page = await pageAs('postal-supervisor');
    await page.goto(`${runtime.url}/supervisor`);
    const handin = page.getByRole('region', { name: 'Nộp tiền của nhân viên' });
    await field(handin, 'Mã nhân viên').fill(CASHIER);
    // The ledger books the collection from its queue: ask until it holds the postage and the fee.
    const expected = `Theosổ,${CASHIER}đanggiữ${vnd(cashVnd)}`;
    await eventually(async () => {
      await handin.getByRole('button', { name: 'Xem số tiền đang giữ' }).click();
      const line = handin.getByText(/^Theo sổ, /);
      const shown = await line.waitFor({ timeout: 2_000 }).then(
        () => line.textContent(),
        () => null,
      );
      return shown?.replace(/\s/g, '') === expected ? true : undefined;
    }, 30_000);
    // Ten thousand đồng short.
    await field(handin, 'Số tiền đếm được').fill(new Intl.NumberFormat('vi-VN').format(cashVnd - 10_000));
    await handin.getByRole('button', { name: 'Ghi nhận' }).click();
    const row = handin.locator('tbody tr', { hasText: CASHIER });
    await row.waitFor();
    const cells = (await row.locator('td').allTextContents()).map(flat);
    expect(cells[0]).toBe(CASHIER);
    expect(cells.slice(2, 5).map((cell) => cell.replace(/\s/g, ''))).toEqual([
      vnd(cashVnd),
      vnd(cashVnd - 10_000),
      vnd(-10_000),
    ]);

    // The month's hand-ins come from the API: still there after a reload.
    await page.reload();
    await handin.locator('tbody tr', { hasText: CASHIER }).waitFor();

    const lateItems = page.getByRole('region', { name: 'Bưu gửi trễ hạn' });
    const lateRow = lateItems.locator('tbody tr', { hasText: late.itemCode });
    await lateRow.waitFor();
    const lateText = flat(await lateRow.textContent());
    expect(lateText).toContain(late.dossierCode);
    expect(lateText).toContain('Phát kết quả');
    expect(lateText).toContain(ROUNDSMAN);
    await checkPage(page, 'supervisor-day');
  });

  it('tells a staff member who opens the page that only a supervisor may work it', async () => {
    const page = await pageAs('postal-staff');
    await page.goto(`${runtime.url}/supervisor`);
    await page.getByText(/^Trang này dành cho trưởng bưu cục/).waitFor();
    const queue = page.getByRole('region', { name: 'Bất thường cần xử lý' });
    await queue.getByText(/^Chỉ trưởng bưu cục của bưu cục này mới xử lý được bất thường/).waitFor();
    await expect(queue.getByRole('button', { name: 'Áp dụng' }).count()).resolves.toBe(0);
    // The API refuses the resolution itself, whatever a page shows.
    const supervisor = await runtime.token('postal-supervisor', { postOfficeCode: OFFICE });
    const open = await eventually(async () => {
      const listed = await api('GET', '/v1/anomalies?status=open', supervisor);
      return (listed.json.anomalies as Json[]).find((anomaly) => anomaly.itemCode === flagged[2]);
    }, 30_000);
    const refused = await api('POST', `/v1/anomalies/${open.anomalyId}/resolve`, await tokens.staff(), {
      action: 'apply',
      note: 'Thử',
    });
    expect(refused.status).toBe(403);
    await checkPage(page, 'supervisor-refused');
  });
});
