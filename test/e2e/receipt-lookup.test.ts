/**
 * The address printed on a receipt, over HTTP only: the lookup code read off the receipt's PDF
 * answers the receipt's own fields and nothing personal, a voided receipt says so, a forged
 * code is a 404 problem+json, and ten misses lock the client's address for an hour (a forged
 * X-Forwarded-For does not help).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_WRONG_GUESSES } from '../../functions/domain/tracking-guard.ts';
import { printedReceipt } from '../support/printed-receipt.ts';
import { callApi, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-receipt-lookup-'));
let runtime: RunningRuntime;

const lookUp = (code: string, headers: Record<string, string> = {}) =>
  fetch(`${runtime.url}/v1/receipt-lookup/${encodeURIComponent(code)}`, { headers });

beforeAll(async () => {
  runtime = await startRuntime({ dataDir, inMemory: true, console: true });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the receipt lookup address', () => {
  it('finds the printed receipt by its code, shows it voided once voided, and locks a guessing client', {
    timeout: 120_000,
  }, async () => {
    const receipt = await printedReceipt(runtime, 1);
    expect(receipt.lookupAddress).toBe(`${runtime.url}/bien-lai`);
    // The address is the console's page, served to anyone.
    const page = await fetch(receipt.lookupAddress);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');

    const found = await lookUp(receipt.lookupCode.toLowerCase());
    expect(found.status).toBe(200);
    const shown = (await found.json()) as Record<string, unknown>;
    expect(shown).toMatchObject({
      series: receipt.series,
      number: String(receipt.number).padStart(7, '0'),
      amount: receipt.amount,
      amountInWords: expect.stringMatching(/đồng$/),
      status: 'issued',
      voidedOn: null,
    });
    expect(JSON.stringify(shown)).not.toMatch(/Trần Văn Phúc|0966111222|Hàng Bài|NV01/);

    const finance = await runtime.token('finance');
    const voided = await callApi(
      runtime.url,
      'POST',
      `/v1/receipts/${receipt.series}/${receipt.number}/void`,
      finance,
      {
        reason: 'Lập nhầm số tiền',
      },
    );
    expect(voided.status).toBe(200);
    const afterVoid = (await (await lookUp(receipt.lookupCode)).json()) as Record<string, unknown>;
    expect(afterVoid).toMatchObject({
      status: 'voided',
      voidedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });

    const forged = await lookUp('ABCDEFGH23');
    expect(forged.status).toBe(404);
    expect(forged.headers.get('content-type')).toContain('application/problem+json');
    expect(((await forged.json()) as { type: string }).type).toBe(
      'https://bcci-bridge.vn/problems/not-found',
    );
    const malformed = await lookUp('<script>');
    expect(malformed.status).toBe(400);

    for (let miss = 1; miss < MAX_WRONG_GUESSES; miss += 1)
      expect((await lookUp(`ZZZZZZZZ${miss + 1}2`)).status).toBe(404);
    // Locked now: the right code gets the same answer as a forged one, whatever the client claims to be.
    expect((await lookUp(receipt.lookupCode)).status).toBe(404);
    expect((await lookUp(receipt.lookupCode, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(404);
  });
});
