/**
 * A short outage never costs a receiver its callbacks or its subscription: a verifying
 * receiver (Standard Webhooks signatures) is down while dozens of events of several dossiers
 * are due, comes back, and receives every event exactly once, each dossier's in sequence,
 * and the subscription stays active.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate, nextWorkingDayFrom } from '../../functions/domain/calendar/working-days.ts';
import { CallbackReceiver } from '../sim/receiver.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

const AGENCY = '000.00.06.H56';
const DOSSIERS = 8;
/** Each dossier: registered and result ready, for the dossier and for its item. */
const EVENTS_PER_DOSSIER = 4;
const DAY = nextWorkingDayFrom(localDate(new Date(Date.now() - 5 * 24 * 3_600_000)));

const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-outage-'));
const receiver = new CallbackReceiver();
let runtime: RunningRuntime;

beforeAll(async () => {
  await receiver.start();
  // Retries after 1, 2, 2, 3 … s (about half a minute in all): longer than the outage below.
  runtime = await startRuntime({
    dataDir,
    inMemory: true,
    env: { CALLBACK_BACKOFF_SECONDS: '1,2,2,3,3,3,3,3,3,3' },
  });
});

afterAll(async () => {
  await runtime?.stop();
  await receiver.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a receiver down while dozens of events are due', () => {
  it('gets every event once, in sequence per dossier, and keeps its subscription', async () => {
    const agency = await runtime.token('agency', { agencyCode: AGENCY });
    const call = (method: string, path: string, body?: unknown) =>
      callApi(runtime.url, method, path, agency, body);
    receiver.goDown(60 * 60 * 1000);
    const subscribed = await call('POST', '/v1/webhooks', {
      url: receiver.url,
      events: ['*'],
      contactEmail: 'ops@example.vn',
    });
    expect(subscribed.status).toBe(201);
    receiver.verifyWith(subscribed.json.secret);

    const refs: string[] = [];
    for (let index = 1; index <= DOSSIERS; index++) {
      const dossierCode = `${AGENCY}-${DAY.slice(2).replaceAll('-', '')}-${String(index).padStart(4, '0')}`;
      const registered = await call('POST', '/v1/dossiers', {
        ...dossierRequest({ dossierCode }),
        agency: { code: AGENCY, name: 'Trung tâm Phục vụ hành chính công' },
      });
      expect(registered.status).toBe(201);
      refs.push(registered.json.dossier.consignmentRef);
      const ready = await call('POST', `/v1/dossiers/${dossierCode}/result-ready`, {
        readyAt: `${DAY}T08:00:00+07:00`,
      });
      expect(ready.status).toBeLessThan(300);
    }
    // Down while the events fall due: every dossier's first callback is refused at least once.
    await eventually(async () => (receiver.refusedWhileDown >= DOSSIERS * 2 ? true : undefined), 60_000);
    receiver.goDown(0);

    const expected = DOSSIERS * EVENTS_PER_DOSSIER;
    await eventually(
      async () =>
        new Set(receiver.received.map((got) => got.webhookId)).size >= expected ? true : undefined,
      120_000,
    );
    // Nothing more arrives once everything is in.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(receiver.received).toHaveLength(expected);
    expect(new Set(receiver.received.map((got) => got.webhookId)).size).toBe(expected);
    expect(receiver.badSignatures).toBe(0);
    for (const ref of refs) {
      const arrived = receiver.received
        .filter((got) => got.consignmentRef === ref)
        .map((got) => got.sequence);
      expect(arrived, `callbacks of ${ref} in the order they arrived`).toEqual([1, 2, 3, 4]);
    }
    const listed = await call('GET', '/v1/webhooks');
    expect(listed.json.webhooks).toEqual([
      expect.objectContaining({ status: 'active', consecutiveFailures: 0 }),
    ]);
    expect(listed.json.webhooks[0].failingSince).toBeUndefined();
  }, 240_000);
});
