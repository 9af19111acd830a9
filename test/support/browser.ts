/**
 * Browser tests drive Debian's Chromium (`/usr/bin/chromium`, installed by .ci/run when
 * missing) with playwright-core against the embedded runtime. One browser per test file; each
 * test works in its own context (its own storage, service workers and network state).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Role } from '../../infra/manifest.ts';
import type { RunningRuntime } from './runtime.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../browser/screenshots');
export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

/** Without the background-networking flags, Chromium keeps calling hosts this machine cannot reach. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--lang=vi-VN',
];

/** `extraArgs`: e.g. Chromium's fake camera (`--use-file-for-fake-video-capture=<y4m>`). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    timeout: 60_000,
  });
}

export async function newContext(browser: Browser, viewport: { width: number; height: number } = PHONE) {
  return browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
}

/** Signs the context in as the console's development sign-in would, before any page loads. */
export async function signInAs(
  context: BrowserContext,
  runtime: RunningRuntime,
  role: Role,
  tenant: { postOfficeCode?: string; agencyCode?: string; subject?: string } = {},
): Promise<void> {
  const token = await runtime.token(role, { ...tenant });
  await context.addInitScript((value: string) => sessionStorage.setItem('bcci.session', value), token);
}

/**
 * Waits until a service worker controls the page. Evaluated over the DevTools protocol: the
 * page's Content-Security-Policy forbids the eval that waitForFunction's polling needs.
 */
export async function serviceWorkerInControl(page: Page, timeoutMs = 30_000): Promise<void> {
  const inControl = await page.evaluate(`new Promise((resolve) => {
    const container = navigator.serviceWorker;
    if (!container) return resolve(false);
    if (container.controller) return resolve(true);
    container.addEventListener('controllerchange', () => resolve(true), { once: true });
    setTimeout(() => resolve(container.controller !== null), ${timeoutMs});
  })`);
  if (inControl !== true) throw new Error(`no service worker controlled the page within ${timeoutMs} ms`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { target: readonly string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated over CDP, so the page's Content-Security-Policy does not stop it.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: { run: () => Promise<{ violations: AxeViolation[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** The page at phone and desktop sizes, in test/browser/screenshots/<name>-phone.png and -desktop.png. */
export async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const files: string[] = [];
  for (const [size, viewport] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(viewport);
    const file = join(SCREENSHOT_DIR, `${name}-${size}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize(PHONE);
  return files;
}
