/**
 * The embedded runtime with a clock offset (`BRIDGE_CLOCK_OFFSET`, as `npm start --
 * --clock-offset`): the system's "now" is shifted, so the nightly reconciliation fires when the
 * shifted time reaches its hour (01:30 in Vietnam), a minute after the start, for the shifted
 * day before; and the API's times follow the same clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { DEMO } from '../../infra/local/demo.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-clock-'));
let runtime: RunningRuntime;
/** The nightly run comes this long after the start begins, by the shifted clock: an in-memory start has its schedules running within seconds. */
const LEAD_SECONDS = 60;
let offsetMs: number;
/** When the nightly run falls due, by the shifted clock. */
let runAtMs: number;

/** The next 01:30 in Vietnam (18:30 UTC) at least a day ahead, so the offset is days and hours. */
function nextNightlyRunMs(fromMs: number): number {
  const today = new Date(fromMs).toISOString().slice(0, 10);
  return Date.parse(`${today}T18:30:00Z`) + 2 * 86_400_000;
}

beforeAll(async () => {
  const startMs = Date.now();
  runAtMs = nextNightlyRunMs(startMs);
  const offsetSeconds = Math.round((runAtMs - startMs) / 1000) - LEAD_SECONDS;
  offsetMs = offsetSeconds * 1000;
  runtime = await startRuntime({
    dataDir,
    inMemory: true,
    env: { BRIDGE_CLOCK_OFFSET: `${offsetSeconds}s` },
  });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a clock offset', () => {
  it("shifts the API's now", async () => {
    const health = (await (await fetch(`${runtime.url}/health`)).json()) as { time: string };
    const shiftedMs = Date.parse(health.time) - Date.now();
    expect(Math.abs(shiftedMs - offsetMs)).toBeLessThan(60_000);
  });

  it('runs the nightly reconciliation when the shifted clock reaches 01:30, for the shifted day before', async () => {
    const finance = await runtime.token('finance');
    const nightlyDay = localDate(new Date(runAtMs - 86_400_000));
    const reportId = `nightly-${DEMO.agencyCode}-${nightlyDay}`;
    const report = await eventually(async () => {
      const answer = await callApi(
        runtime.url,
        'GET',
        `/v1/reconciliation/one-stop-shop/${reportId}`,
        finance,
      );
      return answer.status === 200 ? answer.json : undefined;
    }, 150_000);
    expect(report).toMatchObject({
      reportId,
      trigger: 'nightly',
      period: { from: nightlyDay, to: nightlyDay },
    });
    // Made by the shifted clock: days ahead of the real time.
    expect(Date.parse(report.createdAt) - Date.now()).toBeGreaterThan(offsetMs - 120_000);
  }, 240_000);
});
