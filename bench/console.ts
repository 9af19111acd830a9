/**
 * The web console in Debian's Chromium (the browser tests' launcher) against the embedded
 * runtime of the bench: what the round and scan pages load before they work (JavaScript,
 * gzip as served), the citizen's page whole transfer (one lookup included), the scan page's
 * time to interactive under Chromium's 4× CPU slowdown and DevTools' "Fast 3G" profile, and a
 * queue of 500 offline scans: how many requests carry it to the API and the longest task the
 * page ran meanwhile.
 */
import { spawnSync } from 'node:child_process';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../infra/constructs/bridge-function.ts';
import { DEMO } from '../infra/local/demo.ts';
import { launchChromium, newContext, serviceWorkerInControl } from '../test/support/browser.ts';
import { dossierRequest } from '../test/support/http-event.ts';
import type { BenchRuntime } from './lib/harness.ts';
import { round } from './lib/stats.ts';
import type { Benchmark, BenchmarkOutcome, Metric } from './lib/types.ts';

const KIB = 1024;
const OFFICE = DEMO.postOfficeCode;
/** DevTools' "Fast 3G": 562.5 ms latency, 1.6 Mbit/s down and 750 kbit/s up, at 90 %. */
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: 184_320, uploadThroughput: 86_400 };
const OFFLINE_SCANS = 500;

interface Transfer {
  readonly url: string;
  readonly type: string;
  readonly bytes: number;
}

/** Every response the page receives, with its encoded (on the wire) size, from the DevTools protocol. */
async function recordTransfers(page: Page): Promise<{ cdp: CDPSession; transfers: Transfer[] }> {
  const cdp = await page.context().newCDPSession(page);
  const transfers: Transfer[] = [];
  const seen = new Map<string, { url: string; type: string }>();
  await cdp.send('Network.enable');
  cdp.on('Network.responseReceived', (event) =>
    seen.set(event.requestId, { url: event.response.url, type: event.type }),
  );
  cdp.on('Network.loadingFinished', (event) => {
    const response = seen.get(event.requestId);
    if (response) transfers.push({ ...response, bytes: event.encodedDataLength });
  });
  return { cdp, transfers };
}

async function signedIn(context: BrowserContext, bench: BenchRuntime): Promise<void> {
  const token = await bench.token('postal-staff', { postOfficeCode: OFFICE });
  await context.addInitScript((value: string) => sessionStorage.setItem('bcci.session', value), token);
}

async function initialScript(context: BrowserContext, url: string, ready: string): Promise<number> {
  const page = await context.newPage();
  const { transfers } = await recordTransfers(page);
  await page.goto(url);
  await page.locator(ready).first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.close();
  return transfers
    .filter((transfer) => transfer.type === 'Script')
    .reduce((sum, transfer) => sum + transfer.bytes, 0);
}

async function citizenTransfer(context: BrowserContext, bench: BenchRuntime, ref: string): Promise<number> {
  const page = await context.newPage();
  const { transfers } = await recordTransfers(page);
  await page.goto(`${bench.url}/track/${ref}`);
  await page.getByLabel(/^4 số cuối/).fill('5678');
  await page.getByRole('button', { name: 'Xem' }).click();
  await page.locator('.tracking, [role=alert]').first().waitFor();
  await page.waitForLoadState('networkidle');
  await page.close();
  return transfers.reduce((sum, transfer) => sum + transfer.bytes, 0);
}

async function scanInteractiveMs(context: BrowserContext, bench: BenchRuntime): Promise<number> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${bench.url}/scan`, { timeout: 60_000 });
  const input = page.getByLabel(/^Mã bưu gửi/);
  await input.waitFor({ timeout: 60_000 });
  // Interactive: the input takes the scanner's keys.
  const interactiveAt = await page.evaluate(() => performance.now());
  await page.close();
  return interactiveAt;
}

async function registeredItems(
  bench: BenchRuntime,
  count: number,
): Promise<{ items: string[]; ref: string }> {
  const staff = await bench.token('postal-staff', { postOfficeCode: OFFICE });
  const items: string[] = [];
  let ref = '';
  for (let index = 0; index < count; index++) {
    const answer = await bench.call('POST', '/v1/dossiers', staff, {
      ...dossierRequest({ dossierCode: `${DEMO.agencyCode}-261120-${String(9000 + index)}`, fees: [] }),
      agency: { code: DEMO.agencyCode, name: 'Trung tâm Phục vụ hành chính công thành phố Hà Nội' },
      services: { pickup: true, return: false },
      applicant: {
        fullName: `Người gửi ${index + 1}`,
        phone: '0912345678',
        address: { line: `${index + 1} Phan Đình Phùng`, communeCode: '00004', provinceCode: '01' },
      },
    });
    if (answer.status !== 201)
      throw new Error(`registration answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    items.push(answer.json.items[0].itemCode as string);
    ref = answer.json.dossier.dossierCode as string;
  }
  return { items, ref };
}

/** 500 scans made offline, then the network back: the requests that carry them, and the longest task. */
async function offlineQueue(context: BrowserContext, bench: BenchRuntime, items: readonly string[]) {
  const page = await context.newPage();
  await page.goto(`${bench.url}/scan`);
  await serviceWorkerInControl(page);
  await context.setOffline(true);
  await page.getByLabel(/^Loại quét/).selectOption('depart');
  const input = page.getByLabel(/^Mã bưu gửi/);
  for (let index = 0; index < OFFLINE_SCANS; index++) {
    await input.pressSequentially(items[index % items.length]!);
    await input.press('Enter');
  }
  await page.getByTestId('waiting').filter({ hasText: '500' }).waitFor({ timeout: 60_000 });
  await page.evaluate(`(() => {
    globalThis.longestTaskMs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) globalThis.longestTaskMs = Math.max(globalThis.longestTaskMs, entry.duration);
    }).observe({ type: 'longtask' });
  })()`);
  const requests: number[] = [];
  page.on('requestfinished', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/v1/scans')) {
      requests.push((JSON.parse(request.postData() ?? '{}') as { scans: unknown[] }).scans.length);
    }
  });
  const started = performance.now();
  await context.setOffline(false);
  await page.getByTestId('waiting').filter({ hasText: /^0$/ }).waitFor({ timeout: 120_000 });
  const syncMs = performance.now() - started;
  const longestTaskMs = (await page.evaluate('globalThis.longestTaskMs')) as number;
  await page.close();
  return { requests, syncMs, longestTaskMs };
}

function buildConsole(): void {
  const built = spawnSync(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts'],
    {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
    },
  );
  if (built.status !== 0) throw new Error(`the console did not build: ${built.stderr}`);
}

export const consoleBench: Benchmark = {
  id: 'console',
  title: 'Web console in Chromium (round, scan and citizen pages)',
  timeLimitMs: 600_000,
  async run({ runtime, log }): Promise<BenchmarkOutcome> {
    log('building the console');
    buildConsole();
    const bench = await runtime();
    const { items, ref } = await registeredItems(bench, 10);
    const browser = await launchChromium();
    const fresh = async (signIn: boolean) => {
      const context = await newContext(browser);
      if (signIn) await signedIn(context, bench);
      return context;
    };
    try {
      const scanJs = await initialScript(await fresh(true), `${bench.url}/scan`, 'input[name=itemCode]');
      const roundJs = await initialScript(await fresh(true), `${bench.url}/round`, 'h1');
      const citizen = await citizenTransfer(await fresh(false), bench, ref);
      const interactive = await scanInteractiveMs(await fresh(true), bench);
      log('500 scans offline');
      const queue = await offlineQueue(await fresh(true), bench, items);
      const metrics: Metric[] = [
        {
          id: 'scan-js',
          label: 'scan page: initial JavaScript, gzip as served',
          value: round(scanJs / KIB, 1),
          unit: 'KB',
          budget: { op: '<=', limit: 150 },
        },
        {
          id: 'round-js',
          label: 'round page: initial JavaScript, gzip as served',
          value: round(roundJs / KIB, 1),
          unit: 'KB',
          budget: { op: '<=', limit: 150 },
        },
        {
          id: 'citizen-transfer',
          label: 'citizen page: whole transfer, one lookup included',
          value: round(citizen / KIB, 1),
          unit: 'KB',
          budget: { op: '<=', limit: 60 },
        },
        {
          id: 'scan-interactive',
          label: 'scan page interactive, 4× CPU slowdown and Fast 3G, no cache',
          value: round(interactive, 0),
          unit: 'ms',
          budget: { op: '<=', limit: 3_000 },
        },
        {
          id: 'queue-requests',
          label: `${OFFLINE_SCANS} offline scans: POST /v1/scans requests to sync them`,
          value: queue.requests.length,
          unit: 'requests',
          budget: { op: '<=', limit: 2 },
        },
        {
          id: 'queue-sync',
          label: `${OFFLINE_SCANS} offline scans: from the network back to none waiting`,
          value: round(queue.syncMs, 0),
          unit: 'ms',
        },
        {
          id: 'queue-longest-task',
          label: `${OFFLINE_SCANS} offline scans: the page's longest task while syncing`,
          value: round(queue.longestTaskMs, 0),
          unit: 'ms',
          budget: { op: '<=', limit: 200 },
        },
      ];
      return {
        metrics,
        notes: [
          `Sizes are what the embedded runtime sends (gzip level 9, as CloudFront compresses), headers included; requests per sync: ${queue.requests.join(', ')} scans.`,
          'The citizen page registers no service worker, so a tracking link costs only the page and its lookup.',
        ],
      };
    } finally {
      await browser.close();
    }
  },
};
