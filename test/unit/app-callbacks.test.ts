/** The callback use cases over in-memory ports: fan-out once per subscription, delivery with backoff. */
import { describe, expect, it } from 'vitest';
import { deliverCallback, NotYetDue } from '../../functions/app/callbacks/deliver-callback.ts';
import { fanOutCallbacks } from '../../functions/app/callbacks/fan-out-callbacks.ts';
import {
  MemoryCallbackRepository,
  MemoryDeliveryQueue,
  MemoryMessageControl,
  ScriptedSender,
} from '../../functions/app/callbacks/memory.ts';
import { MemoryOutbox } from '../../functions/app/notifications/memory.ts';
import type { Subscription } from '../../functions/domain/callbacks.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';

const AGENCY = '000.00.06.H56';
const NOW = new Date('2026-11-20T03:00:00.000Z');

const subscription = (
  webhookId: string,
  events: string[],
  extra: Partial<Subscription> = {},
): Subscription => ({
  webhookId,
  agencyCode: AGENCY,
  url: 'https://one-stop.example.vn/callbacks',
  events,
  secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
  status: 'active',
  consecutiveFailures: 0,
  contactEmail: 'it@one-stop.example.vn',
  createdAt: '2026-11-01T00:00:00.000Z',
  ...extra,
});

const event = (eventId: string, type = 'dossier.accepted'): DomainEvent => ({
  eventId,
  type,
  sequence: 2,
  occurredAt: NOW.toISOString(),
  consignmentRef: 'PG0000000000AA',
  dossierCode: `${AGENCY}-261120-0042`,
  agencyCode: AGENCY,
  data: {},
});

describe('fanOutCallbacks', () => {
  it('queues one delivery per active matching subscription, once however often the event comes', async () => {
    const callbacks = new MemoryCallbackRepository();
    callbacks.addSubscription(subscription('wh_all', ['*']));
    callbacks.addSubscription(subscription('wh_items', ['item.*']));
    callbacks.addSubscription(subscription('wh_off', ['dossier.*'], { status: 'disabled' }));
    const queue = new MemoryDeliveryQueue();
    const ports = { callbacks, queue };

    expect(await fanOutCallbacks(ports, event('PG0000000000AA-2'), NOW)).toBe(1);
    expect(await fanOutCallbacks(ports, event('PG0000000000AA-3'), NOW)).toBe(1);
    expect(queue.messages.map((message) => `${message.webhookId} ${message.eventId}`)).toEqual([
      'wh_all PG0000000000AA-2',
      'wh_all PG0000000000AA-3',
    ]);
    const payload = JSON.parse((await callbacks.delivery('wh_all', 'PG0000000000AA-3'))?.payload ?? '{}');
    expect(payload.data.sequence).toBe(2);

    // A retried batch queues again only what still waits for its first attempt.
    await callbacks.saveDelivery({
      ...(await callbacks.delivery('wh_all', 'PG0000000000AA-2'))!,
      attempts: 1,
    });
    expect(await fanOutCallbacks(ports, event('PG0000000000AA-2'), NOW)).toBe(0);
    expect(await fanOutCallbacks(ports, event('PG0000000000AA-3'), NOW)).toBe(1);
    expect(queue.messages).toHaveLength(3);
  });
});

describe('deliverCallback', () => {
  const DAY_SECONDS = 86_400;
  const settings = {
    backoffSeconds: [60, 300],
    failing: { warnAfterSeconds: DAY_SECONDS, disableAfterSeconds: 5 * DAY_SECONDS },
    attemptHoldMs: 30_000,
  };
  const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

  async function setUp(answers: { ok: boolean; detail: string }[]) {
    const callbacks = new MemoryCallbackRepository();
    callbacks.addSubscription(subscription('wh_1', ['*']));
    const queue = new MemoryDeliveryQueue();
    await fanOutCallbacks({ callbacks, queue }, event('PG0000000000AA-2'), NOW);
    const ports = {
      callbacks,
      sender: new ScriptedSender(answers),
      message: new MemoryMessageControl(),
      queue,
      owners: new MemoryOutbox(),
      log: () => undefined,
    };
    return { ports, message: queue.messages[0]! };
  }

  it('makes an attempt whose holder crashed before saving its outcome once the hold is over', async () => {
    const { ports, message } = await setUp([{ ok: true, detail: 'HTTP 204' }]);
    const pending = await ports.callbacks.delivery('wh_1', message.eventId);
    // A worker claimed the attempt and died before it posted or saved anything.
    expect(await ports.callbacks.claimAttempt(pending!, NOW, settings.attemptHoldMs)).toBe(true);
    await expect(deliverCallback(ports, message, settings, NOW)).rejects.toBeInstanceOf(NotYetDue);
    expect(ports.message.waits).toEqual([settings.attemptHoldMs / 1000 + 1]);
    expect(ports.sender.posted).toHaveLength(0);
    const afterHold = new Date(NOW.getTime() + settings.attemptHoldMs + 1_000);
    expect(await deliverCallback(ports, message, settings, afterHold)).toBe('delivered');
    expect(ports.sender.posted).toHaveLength(1);
  });

  it('delivers once: a second copy of the message finds it delivered', async () => {
    const { ports, message } = await setUp([{ ok: true, detail: 'HTTP 204' }]);
    expect(await deliverCallback(ports, message, settings, NOW)).toBe('delivered');
    expect(await deliverCallback(ports, message, settings, NOW)).toBe('skipped');
    expect(ports.sender.posted).toHaveLength(1);
    expect(await ports.callbacks.delivery('wh_1', message.eventId)).toMatchObject({
      status: 'delivered',
      attempts: 1,
    });
  });

  it('waits on the backoff schedule, then dead-letters the message after the last attempt', async () => {
    const { ports, message } = await setUp([{ ok: false, detail: 'HTTP 503' }]);
    await expect(deliverCallback(ports, message, settings, NOW)).rejects.toThrow(NotYetDue);
    expect(ports.message.waits).toEqual([60]);
    // Received early: it waits the rest of its time, without an attempt.
    await expect(deliverCallback(ports, message, settings, new Date(NOW.getTime() + 10_000))).rejects.toThrow(
      /due in 50 s/,
    );
    expect(ports.sender.posted).toHaveLength(1);
    await expect(deliverCallback(ports, message, settings, later(60))).rejects.toThrow(NotYetDue);
    expect(await deliverCallback(ports, message, settings, later(360))).toBe('dead');
    expect(ports.message.deadLettered).toBe(true);
    expect(await ports.callbacks.delivery('wh_1', message.eventId)).toMatchObject({
      status: 'dead',
      attempts: 3,
    });
  });

  it('keeps an endpoint that failed many times in a short outage, and resets the spell on success', async () => {
    const { ports, message } = await setUp([{ ok: false, detail: 'HTTP 503' }]);
    for (let failure = 0; failure < 40; failure++)
      await ports.callbacks.recordOutcome(AGENCY, 'wh_1', false, later(failure).toISOString());
    await expect(deliverCallback(ports, message, settings, later(60))).rejects.toThrow(NotYetDue);
    const failing = await ports.callbacks.subscription(AGENCY, 'wh_1');
    expect(failing).toMatchObject({
      status: 'active',
      consecutiveFailures: 41,
      failingSince: NOW.toISOString(),
    });
    expect(ports.owners.sent).toEqual([]);
    await ports.callbacks.recordOutcome(AGENCY, 'wh_1', true, later(61).toISOString());
    expect((await ports.callbacks.subscription(AGENCY, 'wh_1'))?.failingSince).toBeUndefined();
  });

  it('warns the owner once after a day of failures, and disables the endpoint after five days', async () => {
    const { ports, message } = await setUp([{ ok: false, detail: 'HTTP 500' }]);
    await ports.callbacks.recordOutcome(AGENCY, 'wh_1', false, NOW.toISOString());
    await expect(deliverCallback(ports, message, settings, later(DAY_SECONDS))).rejects.toThrow(NotYetDue);
    await ports.callbacks.recordOutcome(AGENCY, 'wh_1', false, later(DAY_SECONDS + 10).toISOString());
    expect((await ports.callbacks.subscription(AGENCY, 'wh_1'))?.status).toBe('active');
    expect(ports.owners.sent.map((sent) => sent.notificationId)).toEqual([
      `wh_1:failing:${NOW.toISOString()}`,
    ]);
    await expect(deliverCallback(ports, message, settings, later(DAY_SECONDS + 60))).rejects.toThrow(
      NotYetDue,
    );
    expect(ports.owners.sent).toHaveLength(1);
    const fifthDay = DAY_SECONDS * 5 + 400;
    expect(await deliverCallback(ports, message, settings, later(fifthDay))).toBe('dead');
    expect((await ports.callbacks.subscription(AGENCY, 'wh_1'))?.status).toBe('disabled');
    expect(ports.owners.sent.map((sent) => sent.notificationId)).toEqual([
      `wh_1:failing:${NOW.toISOString()}`,
      `wh_1:disabled:${NOW.toISOString()}`,
    ]);
  });

  it('holds a later event of a dossier back while an earlier one is pending, then sends it', async () => {
    const callbacks = new MemoryCallbackRepository();
    callbacks.addSubscription(subscription('wh_1', ['*']));
    const queue = new MemoryDeliveryQueue();
    for (const id of ['PG0000000000AA-2', 'PG0000000000AA-3', 'PG0000000000AA-4'])
      await fanOutCallbacks({ callbacks, queue }, event(id), NOW);
    const sender = new ScriptedSender([
      { ok: false, detail: 'HTTP 503' },
      { ok: true, detail: 'HTTP 204' },
    ]);
    const ports = {
      callbacks,
      sender,
      message: new MemoryMessageControl(),
      queue,
      owners: new MemoryOutbox(),
      log: () => {},
    };
    const [second, third, fourth] = queue.messages as [
      (typeof queue.messages)[0],
      (typeof queue.messages)[0],
      (typeof queue.messages)[0],
    ];
    await expect(deliverCallback(ports, second, settings, NOW)).rejects.toThrow(NotYetDue);
    // Number 1 is retrying: numbers 2 and 3 wait until its next attempt is due, and look again.
    await expect(deliverCallback(ports, fourth, settings, later(1))).rejects.toThrow(/waits for number 1/);
    await expect(deliverCallback(ports, third, settings, later(1))).rejects.toThrow(/waits for number 1/);
    expect(ports.message.waits).toEqual([60, 60, 60]);
    expect(await deliverCallback(ports, second, settings, later(60))).toBe('delivered');
    // Number 1 done: number 2 is queued again at once.
    expect(queue.messages.at(-1)?.eventId).toBe(third.eventId);
    await expect(deliverCallback(ports, fourth, settings, later(61))).rejects.toThrow(/waits for number 2/);
    expect(await deliverCallback(ports, third, settings, later(61))).toBe('delivered');
    expect(await deliverCallback(ports, fourth, settings, later(62))).toBe('delivered');
    expect(sender.posted.map((delivery) => delivery.sequence)).toEqual([1, 1, 2, 3]);
  });

  it('lets later events go once an earlier one is dead (left for replay)', async () => {
    const callbacks = new MemoryCallbackRepository();
    callbacks.addSubscription(subscription('wh_1', ['*']));
    const queue = new MemoryDeliveryQueue();
    for (const id of ['PG0000000000AA-2', 'PG0000000000AA-3'])
      await fanOutCallbacks({ callbacks, queue }, event(id), NOW);
    const first = (await callbacks.delivery('wh_1', 'PG0000000000AA-2'))!;
    await callbacks.saveDelivery({ ...first, status: 'dead', attempts: 3 });
    const sender = new ScriptedSender([{ ok: true, detail: 'HTTP 204' }]);
    const ports = {
      callbacks,
      sender,
      message: new MemoryMessageControl(),
      queue,
      owners: new MemoryOutbox(),
      log: () => {},
    };
    expect(await deliverCallback(ports, queue.messages[1]!, settings, NOW)).toBe('delivered');
  });

  it('disables an endpoint whose every attempt has failed for five days and tells its owner once', async () => {
    const { ports, message } = await setUp([{ ok: false, detail: 'HTTP 500' }]);
    const since = new Date(NOW.getTime() - 5 * DAY_SECONDS * 1000).toISOString();
    await ports.callbacks.recordOutcome(AGENCY, 'wh_1', false, since);
    await expect(deliverCallback(ports, message, settings, NOW)).rejects.toThrow(NotYetDue);
    expect((await ports.callbacks.subscription(AGENCY, 'wh_1'))?.status).toBe('disabled');
    expect(ports.owners.sent.map((sent) => sent.notificationId)).toEqual([`wh_1:disabled:${since}`]);
    // The next attempt finds the endpoint disabled: kept pending for a replay, off the queue.
    expect(await deliverCallback(ports, message, settings, later(60))).toBe('held-for-replay');
    expect(ports.message.deadLettered).toBe(true);
    expect(ports.sender.posted).toHaveLength(1);
  });
});
