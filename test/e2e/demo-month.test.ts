/**
 * `npm start -- --demo` over HTTP: a month of dossiers across the demo agencies in various
 * statuses, registered on many past days; the past month's statement with collections by day
 * in cash and by VietQR, remittances made and fees still due; late items; and seeding again
 * (a plain restart, then a restart told that the seeding never finished, which replays every
 * step) doubles nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '../../functions/domain/calendar/working-days.ts';
import { demoStateFile } from '../../infra/local/demo-month.ts';
import { DEMO_AGENCIES } from '../../infra/local/demo-reference.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

/** Seeding a month waits for the ledger to book it: minutes on a busy two-core machine. */
const SEED_DEADLINE_MS = 600_000;
const SEEDED = /Seeded the demo month in [\d.]+ s: \d+ dossiers/;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-demo-'));
let runtime: RunningRuntime | undefined;

async function start(): Promise<RunningRuntime> {
  runtime = await startRuntime({ dataDir, args: ['--demo'] });
  return runtime;
}

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every dossier of an agency registered in the last 31 days, page by page. */
async function dossiersOf(running: RunningRuntime, agencyCode: string, today: string): Promise<Json[]> {
  const token = await running.token('finance');
  const found: Json[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const query = `from=${addDays(today, -30)}&to=${today}&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await callApi(running.url, 'GET', `/v1/agencies/${agencyCode}/dossiers?${query}`, token);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    found.push(...(answer.json.dossiers as Json[]));
    cursor = answer.json.next;
    if (!cursor) break;
  }
  return found;
}

async function statementOf(running: RunningRuntime, agencyCode: string, period: string): Promise<Json> {
  const token = await running.token('finance');
  const answer = await callApi(
    running.url,
    'GET',
    `/v1/finance/reconciliations?agencyCode=${agencyCode}&period=${period}&format=json`,
    token,
  );
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json;
}

/**
 * A runtime just restarted on a month of data reads it cold (DynamoDB Local's JVM, the function's
 * first import): on a busy machine the first lists can pass the function's 10 s timeout. The
 * test waits for one to answer before it compares anything.
 */
async function warm(running: RunningRuntime, today: string): Promise<void> {
  const token = await running.token('finance');
  const path = `/v1/agencies/${DEMO_AGENCIES[0]?.agencyCode}/dossiers?from=${addDays(today, -30)}&to=${today}&limit=20`;
  await eventually(
    async () => ((await callApi(running.url, 'GET', path, token)).status === 200 ? true : undefined),
    180_000,
  );
}

/** What seeding twice must not change: every agency's dossiers, and the money of its statements. */
async function snapshot(running: RunningRuntime, today: string): Promise<Json> {
  await warm(running, today);
  const months = [...new Set([addDays(today, -28).slice(0, 7), today.slice(0, 7)])];
  const shot: Json = {};
  for (const { agencyCode } of DEMO_AGENCIES) {
    const dossiers = await dossiersOf(running, agencyCode, today);
    shot[agencyCode] = {
      dossiers: dossiers.map((dossier) => `${dossier.dossierCode} ${dossier.status}`).sort(),
      statements: [] as Json[],
    };
    for (const period of months) {
      const statement = await statementOf(running, agencyCode, period);
      shot[agencyCode].statements.push({
        amounts: statement.amounts,
        remittances: statement.remittances.map((remittance: Json) => remittance.reference).sort(),
        handins: statement.cashHandins.length,
        items: statement.items,
      });
    }
  }
  return shot;
}

const lastDayOfMonth = (day: string): string => {
  let last = day;
  while (addDays(last, 1).slice(0, 7) === day.slice(0, 7)) last = addDays(last, 1);
  return last;
};

let today = '';
let first: Json = {};

describe('npm start -- --demo', () => {
  beforeAll(async () => {
    const running = await start();
    await running.waitForOutput(SEEDED, SEED_DEADLINE_MS);
    today = localDate(new Date());
    first = await snapshot(running, today);
  }, SEED_DEADLINE_MS + 120_000);

  it('seeds a month of dossiers across the agencies, in various statuses, on many past days', async () => {
    const all = DEMO_AGENCIES.flatMap(({ agencyCode }) => first[agencyCode].dossiers as string[]);
    expect(all.length).toBeGreaterThanOrEqual(60);
    const statuses = new Set(all.map((line) => line.split(' ')[1]));
    expect(statuses.size).toBeGreaterThanOrEqual(5);
    for (const status of ['delivered', 'in-return', 'returned-to-agency'])
      expect(statuses, status).toContain(status);
    for (const { agencyCode } of DEMO_AGENCIES) {
      const codes = first[agencyCode].dossiers as string[];
      expect(codes.length, agencyCode).toBeGreaterThanOrEqual(10);
      // The code carries the day of registration: they spread over the month.
      const days = new Set(codes.map((line) => line.split('-')[1]));
      expect(days.size, agencyCode).toBeGreaterThanOrEqual(10);
    }
  });

  it("shows the past month's collections by day in cash and by VietQR, remittances made and fees still due", async () => {
    const running = runtime as RunningRuntime;
    const pastMonth = addDays(today, -14).slice(0, 7);
    const statement = await statementOf(running, '000.00.06.H26', pastMonth);
    const days = statement.days as Json[];
    expect(days.filter((day) => day.collectedCashVnd > 0).length).toBeGreaterThanOrEqual(3);
    expect(days.filter((day) => day.collectedVietqrVnd > 0).length).toBeGreaterThanOrEqual(3);
    expect(days.reduce((sum, day) => sum + day.collectedCashVnd, 0)).toBe(statement.amounts.collectedCash);
    expect(statement.onTimeRate).toBeGreaterThan(0);
    expect(statement.onTimeRate).toBeLessThan(1);
    expect(statement.amounts.bankConfirmedVietqr).toBeGreaterThan(0);
    // Remittances: the older weeks remitted (some confirmed by the bank), the latest days' fees due.
    const remittances = DEMO_AGENCIES.flatMap(({ agencyCode }) =>
      (first[agencyCode].statements as Json[]).flatMap((shot) => shot.remittances as string[]),
    );
    expect(remittances.length).toBeGreaterThanOrEqual(4);
    const thisMonth = await statementOf(running, '000.00.06.H26', today.slice(0, 7));
    const owed = [statement, thisMonth].flatMap((one) => one.discrepancies as Json[]);
    expect(owed.map((discrepancy) => discrepancy.kind)).toContain('fees-not-remitted');
    const finance = await running.token('finance');
    // Finance remits the days left due: the last eight, within one month.
    const dueFrom = addDays(today, -8);
    const periodEnd =
      dueFrom.slice(0, 7) === today.slice(0, 7) ? addDays(today, -1) : lastDayOfMonth(dueFrom);
    const remit = await callApi(running.url, 'POST', '/v1/finance/remittances', finance, {
      agencyCode: '000.00.06.H26',
      periodStart: dueFrom,
      periodEnd,
    });
    expect(remit.status, JSON.stringify(remit.json)).toBe(201);
    expect(remit.json.amount).toBeGreaterThan(0);
    first = await snapshot(running, today);
  });

  it('leaves items late past their due time', async () => {
    const running = runtime as RunningRuntime;
    const staff = await running.token('postal-supervisor', { postOfficeCode: 'BC-HN-01' });
    const open = (first['000.00.06.H26'].dossiers as string[]).filter((line) =>
      ['result-ready', 'in-return'].includes(line.split(' ')[1] as string),
    );
    const dossiers = await dossiersOf(running, '000.00.06.H26', today);
    let late = 0;
    for (const line of open) {
      const dossier = dossiers.find((one) => one.dossierCode === line.split(' ')[0]);
      const outbound = (dossier?.items as Json[]).find((item) => item.direction === 'outbound');
      const item = await callApi(running.url, 'GET', `/v1/items/${outbound?.itemCode}`, staff);
      if (item.json.late === true) late += 1;
    }
    expect(late).toBeGreaterThan(0);
  });

  it(
    'adds nothing when started again, nor when a seeding cut short is run again',
    async () => {
      await runtime?.stop();
      const again = await start();
      await again.waitForOutput(/The demo month was seeded before/, SEED_DEADLINE_MS);
      expect(await snapshot(again, today)).toEqual(first);
      await again.stop();
      // As if the first seeding had stopped before its end: every step is played again.
      const state = JSON.parse(readFileSync(demoStateFile(dataDir), 'utf8')) as Json;
      writeFileSync(demoStateFile(dataDir), JSON.stringify({ anchorAt: state.anchorAt, days: state.days }));
      const replayed = await start();
      // Every step played again, and nothing new: no dossier, scan, remittance, bank line or hand-in.
      const seeded = await replayed.waitForOutput(/Seeded the demo month in [^\n]*/, SEED_DEADLINE_MS);
      expect(seeded).toMatch(
        /: 0 dossiers, 0 scans, 0 remittances, 0 bank statement lines matched, 0 cash hand-ins$/,
      );
      expect(await snapshot(replayed, today)).toEqual(first);
    },
    2 * SEED_DEADLINE_MS,
  );
});
