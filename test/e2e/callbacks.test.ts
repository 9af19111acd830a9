/**
 * Callbacks end to end, over HTTP only, on the embedded runtime, to real local receivers
 * that verify every Standard Webhooks signature: a return-by-post dossier's whole journey
 * in order, a receiver that fails twice before answering, and one that always fails until
 * a replay after the dead-letter queue.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  localDate,
  nextWorkingDayFrom,
} from '../../functions/domain/calendar/working-days.ts';
import { dossierRequest } from '../support/http-event.ts';
import { callApi, eventually, type RunningRuntime, startRuntime } from '../support/runtime.ts';

// biome-ignore lint/suspicious/noExplicitAny: answers are read field by field and checked by the assertions
type Json = Record<string, any>;

interface Received {
  readonly id: string;
  readonly type: string;
  readonly sequence: number;
  readonly data: Json;
}

/** A one-stop-shop system's endpoint: verifies each signature, answers as `answer` says. */
class Receiver {
  readonly received: Received[] = [];
  readonly attempts = new Map<string, number>();
  badSignatures = 0;
  secret = '';
  answer: (messageId: string, attempt: number) => number = () => 200;
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
        );
        let payload: Json;
        try {
          payload = new Webhook(this.secret).verify(body, headers) as Json;
        } catch {
          this.badSignatures += 1;
          response.writeHead(400).end();
          return;
        }
        const messageId = headers['webhook-id'] as string;
        const attempt = (this.attempts.get(messageId) ?? 0) + 1;
        this.attempts.set(messageId, attempt);
        const status = this.answer(messageId, attempt);
        if (status >= 200 && status < 300) {
          this.received.push({
            id: messageId,
            type: payload.type,
            sequence: payload.data.sequence,
            data: payload.data,
          });
        }
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/callbacks`;
  }

  types(): string[] {
    return [...this.received]
      .sort((left, right) => left.sequence - right.sequence)
      .map((entry) => entry.type);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

/** Longer than one delivery's seven attempts take, shorter than the failing endpoint's test. */
const DISABLE_AFTER_SECONDS = 30;
const dataDir = mkdtempSync(join(tmpdir(), 'bcci-e2e-callbacks-'));
const receivers: Receiver[] = [];
let runtime: RunningRuntime;
const START_DAY = nextWorkingDayFrom(localDate(new Date(Date.now() - 10 * 24 * 3_600_000)));
const at = (offset: number, time: string) =>
  new Date(`${addWorkingDays(START_DAY, offset)}T${time}:00+07:00`).toISOString();
let counter = 0;

const call = (method: string, path: string, token: string, body?: unknown) =>
  callApi(runtime.url, method, path, token, body);

async function subscribedReceiver(agencyToken: string, events: string[] = ['*']): Promise<Receiver> {
  const receiver = new Receiver();
  receivers.push(receiver);
  const url = await receiver.start();
  const subscribed = await call('POST', '/v1/webhooks', agencyToken, {
    url,
    events,
    contactEmail: 'ops@example.vn',
  });
  expect(subscribed.status).toBe(201);
  expect(subscribed.json.secret).toMatch(/^whsec_/);
  receiver.secret = subscribed.json.secret;
  (receiver as { webhookId?: string }).webhookId = subscribed.json.id;
  return receiver;
}

/** A return-only dossier of `agencyCode` for a citizen of Bến Thành (TP HCM). */
async function register(
  agencyCode: string,
  agencyToken: string,
): Promise<{ code: string; itemCode: string }> {
  counter += 1;
  const code = `${agencyCode}-${START_DAY.slice(2).replaceAll('-', '')}-${String(counter).padStart(4, '0')}`;
  const registered = await call('POST', '/v1/dossiers', agencyToken, {
    ...dossierRequest({ dossierCode: code }),
    agency: { code: agencyCode, name: 'Trung tâm Phục vụ hành chính công' },
    // A citizen exempt from postage, for a procedure without fees: nothing to collect at the door.
    exemption: 'full',
    fees: [],
  });
  expect(registered.status).toBe(201);
  return { code, itemCode: registered.json.items[0].itemCode };
}

const waitFor = (receiver: Receiver, type: string, count = 1) =>
  eventually(
    async () => (receiver.received.filter((entry) => entry.type === type).length >= count ? true : undefined),
    30_000,
  ).catch((error: unknown) => {
    throw new Error(
      `${String(error)}: waiting for ${type}; received ${receiver.types().join(', ')}\n${runtime.output().slice(-3000)}`,
    );
  });

beforeAll(async () => {
  runtime = await startRuntime({
    dataDir,
    inMemory: true,
    env: {
      CALLBACK_BACKOFF_SECONDS: '1,1,1,1,1,1',
      CALLBACK_WARN_AFTER_SECONDS: '5',
      CALLBACK_DISABLE_AFTER_SECONDS: String(DISABLE_AFTER_SECONDS),
    },
  });
});

afterAll(async () => {
  await runtime?.stop();
  await Promise.all(receivers.map((receiver) => receiver.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a return-by-post dossier', () => {
  it('is followed by its agency from registration to delivery, every callback signed and in order', async () => {
    const agencyCode = '000.00.06.H26';
    const agency = await runtime.token('agency', { agencyCode });
    const hanoi = await runtime.token('postal-staff', { postOfficeCode: 'BC-HN-01' });
    const saigon = await runtime.token('postal-staff', { postOfficeCode: 'BC-HCM-01' });
    const receiver = await subscribedReceiver(agency);
    const { code, itemCode } = await register(agencyCode, agency);
    await waitFor(receiver, 'dossier.registered');

    await call('POST', `/v1/dossiers/${code}/result-ready`, agency, { readyAt: at(0, '08:00') });
    await waitFor(receiver, 'item.result-ready');
    const manifest = await call('POST', '/v1/manifests', hanoi, {
      kind: 'collect-from-agency',
      agencyCode,
      postOfficeCode: 'BC-HN-01',
      itemCodes: [itemCode],
    });
    expect(manifest.status).toBe(201);
    const confirmed = await call('POST', `/v1/manifests/${manifest.json.manifestId}/confirm`, hanoi, {
      itemCodesReceived: [itemCode],
      signedBy: 'Trần Văn Bình',
      signedAt: at(0, '09:00'),
    });
    expect(confirmed.json.received).toEqual([itemCode]);
    await waitFor(receiver, 'item.collected');
    const scan = (type: string, when: string, office: string, extra: Json = {}) => ({
      scanId: `cb-${Date.now().toString(36)}-${++counter}`,
      itemCode,
      type,
      occurredAt: when,
      postOfficeCode: office,
      ...extra,
    });
    await call('POST', '/v1/scans', hanoi, { scans: [scan('depart', at(0, '10:00'), 'BC-HN-01')] });
    await waitFor(receiver, 'item.in-transit');
    await call('POST', '/v1/scans', saigon, {
      scans: [
        scan('arrive', at(1, '08:00'), 'BC-HCM-01'),
        scan('out-for-delivery', at(1, '09:00'), 'BC-HCM-01'),
      ],
    });
    await waitFor(receiver, 'item.out-for-delivery');
    const otp = await eventually(async () => {
      const lines = readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8').split('\n');
      return /Ma nhan: (\d{6})/.exec(lines.filter((line) => line.includes(itemCode)).join('\n'))?.[1];
    });
    const delivered = await call('POST', '/v1/scans', saigon, {
      scans: [
        scan('delivered', at(1, '10:00'), 'BC-HCM-01', {
          proof: { recipientName: 'Nguyễn Thị Hoa', relation: 'self', otp },
        }),
      ],
    });
    expect(delivered.json.results[0].outcome).toBe('accepted');
    await waitFor(receiver, 'item.delivered');

    await waitFor(receiver, 'dossier.delivered');

    const types = receiver.types();
    // A dossier's change and its item's come from different records of the table, so the stream may
    // carry them either way round; each one's own steps come in order.
    expect(types.filter((type) => type.startsWith('item.'))).toEqual([
      'item.registered',
      'item.result-ready',
      'item.collected',
      'item.in-transit',
      'item.out-for-delivery',
      'item.delivered',
    ]);
    expect(types.filter((type) => type.startsWith('dossier.'))).toEqual([
      'dossier.registered',
      'dossier.result-ready',
      'dossier.in-return',
      'dossier.delivered',
    ]);
    const sequences = [...receiver.received].map((entry) => entry.sequence).sort((a, b) => a - b);
    expect(sequences).toEqual(sequences.map((_, index) => index + 1));
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.received.every((entry) => entry.data.dossierCode === code)).toBe(true);
    expect(new Set(receiver.received.map((entry) => entry.id)).size).toBe(receiver.received.length);
  }, 120_000);
});

describe('a receiver that answers 500 twice, then 200', () => {
  it('gets each event exactly once, after the retries', async () => {
    const agencyCode = '000.00.01.H29';
    const agency = await runtime.token('agency', { agencyCode });
    const receiver = await subscribedReceiver(agency, ['dossier.*']);
    receiver.answer = (_id, attempt) => (attempt <= 2 ? 500 : 200);
    const dossiers = [await register(agencyCode, agency), await register(agencyCode, agency)];
    await waitFor(receiver, 'dossier.registered', 2);
    // Nothing more arrives: each event once, on its third attempt.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(receiver.received.map((entry) => entry.data.dossierCode).sort()).toEqual(
      dossiers.map((dossier) => dossier.code).sort(),
    );
    expect([...receiver.attempts.values()]).toEqual([3, 3]);
    expect(receiver.badSignatures).toBe(0);
  });
});

describe('a receiver that always fails', () => {
  it('ends in the dead-letter queue, and a replay delivers everything afterwards', async () => {
    const agencyCode = '000.00.01.H40';
    const agency = await runtime.token('agency', { agencyCode });
    const receiver = await subscribedReceiver(agency, ['dossier.registered']);
    receiver.answer = () => 503;
    const since = new Date(Date.now() - 60_000).toISOString();
    const { code } = await register(agencyCode, agency);
    // First attempt and six retries, then nothing more.
    await eventually(async () => ([...receiver.attempts.values()][0] === 7 ? true : undefined), 40_000);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect([...receiver.attempts.values()]).toEqual([7]);
    expect(receiver.received).toEqual([]);

    receiver.answer = () => 200;
    const webhookId = (receiver as { webhookId?: string }).webhookId;
    const replay = await call('POST', `/v1/webhooks/${webhookId}/replay`, agency, { since });
    expect(replay.status).toBe(202);
    expect(replay.json.replayed).toBe(1);
    await waitFor(receiver, 'dossier.registered');
    expect(receiver.received.map((entry) => entry.data.dossierCode)).toEqual([code]);
  });
});

describe('an endpoint that keeps failing', () => {
  it('is warned about, then disabled once every attempt has failed for the whole period, and its owner is told', async () => {
    const agencyCode = '000.00.06.H56';
    const agency = await runtime.token('agency', { agencyCode });
    const receiver = await subscribedReceiver(agency, ['dossier.registered']);
    receiver.answer = () => 500;
    const webhookId = (receiver as { webhookId?: string }).webhookId;
    const status = async () => {
      const answer = await call('GET', '/v1/webhooks', agency);
      return (answer.json.webhooks as Json[]).find((webhook) => webhook.id === webhookId);
    };
    // A new dossier every few seconds keeps deliveries failing for longer than the period.
    const listed = await eventually(
      async () => {
        const mine = await status();
        if (mine?.status === 'disabled') return mine;
        await register(agencyCode, agency);
        await new Promise((resolve) => setTimeout(resolve, 3000));
        return undefined;
      },
      4 * DISABLE_AFTER_SECONDS * 1000,
    ).catch(async (error: unknown) => {
      throw new Error(
        `${String(error)}; attempts ${JSON.stringify([...receiver.attempts])}; ${JSON.stringify(await status())}\n${runtime.output().slice(-2500)}`,
      );
    });
    expect(listed.consecutiveFailures).toBeGreaterThanOrEqual(2);
    expect(Date.parse(listed.disabledAt) - Date.parse(listed.failingSince)).toBeGreaterThanOrEqual(
      DISABLE_AFTER_SECONDS * 1000,
    );
    const outbox = () => readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8');
    expect(outbox()).toContain(`${webhookId}:failing:`);
    const email = await eventually(async () =>
      readFileSync(join(dataDir, 'outbox', 'notifications.jsonl'), 'utf8')
        .split('\n')
        .find((line) => line.includes(`${webhookId}:disabled`)),
    );
    expect(JSON.parse(email)).toMatchObject({ channel: 'email', to: 'ops@example.vn' });
    // Disabled: no more attempts once the ones under way have stopped.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const attempts = [...receiver.attempts.values()].reduce((sum, count) => sum + count, 0);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect([...receiver.attempts.values()].reduce((sum, count) => sum + count, 0)).toBe(attempts);
    await call('DELETE', `/v1/webhooks/${webhookId}`, agency);
  }, 180_000);
});

describe('subscriptions', () => {
  it('are listed without their secret, removed, and refuse non-http URLs', async () => {
    const agency = await runtime.token('agency', { agencyCode: '000.00.06.H56' });
    const receiver = await subscribedReceiver(agency);
    const listed = await call('GET', '/v1/webhooks', agency);
    expect(listed.json.webhooks).toHaveLength(1);
    expect(JSON.stringify(listed.json)).not.toContain(receiver.secret);
    const bad = await call('POST', '/v1/webhooks', agency, { url: 'ftp://example.vn/x', events: ['*'] });
    expect(bad.status).toBe(422);
    const removed = await call('DELETE', `/v1/webhooks/${listed.json.webhooks[0].id}`, agency);
    expect(removed.status).toBe(200);
    expect((await call('GET', '/v1/webhooks', agency)).json.webhooks).toEqual([]);
  });
});
