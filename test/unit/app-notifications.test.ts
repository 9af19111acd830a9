/** Sending citizens' notifications over in-memory ports: once per event and channel. */
import { describe, expect, it } from 'vitest';
import {
  MemoryOutbox,
  MemoryPreferences,
  MemorySendOnceGuard,
} from '../../functions/app/notifications/memory.ts';
import { sendNotifications } from '../../functions/app/notifications/send-notifications.ts';
import { registerDossier } from '../../functions/domain/dossiers.ts';
import type { DomainEvent } from '../../functions/domain/events.ts';
import { toE164 } from '../../functions/domain/notifications.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { AGENCY, dossierRequest, PLACEMENT } from '../support/http-event.ts';
import { citizenItem } from '../support/items.ts';

const registration = registerDossier({
  request: RegisterDossierSchema.parse(dossierRequest()),
  registrant: { role: 'agency', agencyCode: AGENCY },
  consignmentRef: 'PG0000000000AA',
  contentHash: 'h',
  now: new Date('2026-11-20T03:00:00.000Z'),
  placement: PLACEMENT,
});

function ports() {
  const item = { ...citizenItem('outbound', 'BC-HN-01'), outForDeliveryFactId: 'scan-1' };
  const codes: string[] = [];
  /** 10:00 Vietnam time, outside quiet hours; tests move it. */
  const clock = { now: new Date('2026-11-20T03:00:00.000Z') };
  return {
    item: async (itemCode: string) => (itemCode === item.itemCode ? item : null),
    dossier: async (ref: string) =>
      ref === registration.dossier.consignmentRef ? registration.dossier : null,
    deliveryCode: async () => {
      codes.push('482913');
      return '482913';
    },
    outbox: new MemoryOutbox(),
    guard: new MemorySendOnceGuard(),
    preferences: new MemoryPreferences(),
    ratingLink: async (dossier: { consignmentRef: string }) =>
      `https://tracuu.example.vn/track/${dossier.consignmentRef}?rating=TOKEN`,
    choiceLink: async (dossier: { consignmentRef: string }) =>
      `https://tracuu.example.vn/track/${dossier.consignmentRef}?choice=TOKEN`,
    clock,
    now: () => clock.now,
    codes,
  };
}

describe('sendNotifications', () => {
  it('tells the citizen of a registration once, however often the event comes', async () => {
    const memory = ports();
    const { sent } = await sendNotifications(memory, registration.event as DomainEvent);
    expect(sent.map((notification) => notification.to)).toEqual(['+84912345678']);
    expect((await sendNotifications(memory, registration.event as DomainEvent)).sent).toEqual([]);
    expect(memory.outbox.sent).toHaveLength(1);
    expect(memory.codes).toEqual([]);
  });

  it('sends the rating link once when the dossier is delivered, whatever event repeats it', async () => {
    const memory = ports();
    const delivered: DomainEvent = {
      eventId: 'PG0000000000AA-7',
      type: 'dossier.delivered',
      sequence: 7,
      occurredAt: '2026-11-22T02:00:00.000Z',
      consignmentRef: 'PG0000000000AA',
      dossierCode: null,
      agencyCode: AGENCY,
      data: { status: 'delivered', previousStatus: 'in-return' },
    };
    const { sent } = await sendNotifications(memory, delivered);
    expect(sent.map((notification) => notification.template?.templateId)).toEqual(['rating-request']);
    expect(sent[0]?.text).toContain('https://tracuu.example.vn/track/PG0000000000AA?rating=TOKEN');
    expect(sent[0]?.to).toBe('+84912345678');
    expect((await sendNotifications(memory, { ...delivered, eventId: 'PG0000000000AA-8' })).sent).toEqual([]);
    const item: DomainEvent = {
      ...delivered,
      eventId: 'RK000000014VN-v7',
      type: 'item.delivered',
      itemCode: 'RK000000014VN',
      data: { direction: 'outbound', status: 'delivered' },
    };
    const itemNotices = (await sendNotifications(memory, item)).sent;
    expect(itemNotices.map((notification) => notification.template?.templateId)).toEqual(['delivered']);
  });

  it('sends the delivery code when the item goes out, and again after the carrier failed', async () => {
    const memory = ports();
    const event: DomainEvent = {
      eventId: 'RK000000014VN-v3',
      type: 'item.out-for-delivery',
      occurredAt: '2026-11-22T01:00:00.000Z',
      consignmentRef: 'PG0000000000AA',
      dossierCode: null,
      agencyCode: AGENCY,
      itemCode: 'RK000000014VN',
      data: {},
    };
    memory.outbox.failures = 1;
    await expect(sendNotifications(memory, event)).rejects.toThrow('carrier unavailable');
    expect(memory.guard.state.size).toBe(0);
    const [notification] = (await sendNotifications(memory, event)).sent;
    expect(notification?.text).toContain('482913');
    expect(memory.guard.state.get('RK000000014VN-v3:sms')).toBe('sent');
  });

  const outForDelivery: DomainEvent = {
    eventId: 'RK000000014VN-v3',
    type: 'item.out-for-delivery',
    occurredAt: '2026-11-22T01:00:00.000Z',
    consignmentRef: 'PG0000000000AA',
    dossierCode: null,
    agencyCode: AGENCY,
    itemCode: 'RK000000014VN',
    data: {},
  };

  it('holds a notice back in quiet hours until 07:00 Vietnam time, and sends it then', async () => {
    const memory = ports();
    memory.clock.now = new Date('2026-11-20T14:00:00.000Z'); // 21:00 in Vietnam
    const held = await sendNotifications(memory, registration.event as DomainEvent);
    expect(held.sent).toEqual([]);
    expect(held.deferredUntil?.toISOString()).toBe('2026-11-21T00:00:00.000Z');
    expect(memory.outbox.sent).toEqual([]);
    expect(memory.guard.state.size).toBe(0);
    memory.clock.now = new Date('2026-11-21T00:00:00.000Z'); // 07:00
    const later = await sendNotifications(memory, registration.event as DomainEvent);
    expect(later.sent).toHaveLength(1);
    expect(later.deferredUntil).toBeNull();
  });

  it('sends at any hour where quiet hours are turned off', async () => {
    const memory = { ...ports(), quietHours: false };
    memory.clock.now = new Date('2026-11-20T15:00:00.000Z'); // 22:00 in Vietnam
    const { sent, deferredUntil } = await sendNotifications(memory, registration.event as DomainEvent);
    expect(sent).toHaveLength(1);
    expect(deferredUntil).toBeNull();
  });

  it('sends a delivery code even in quiet hours', async () => {
    const memory = ports();
    memory.clock.now = new Date('2026-11-21T16:30:00.000Z'); // 23:30 in Vietnam
    const outcome = await sendNotifications(memory, outForDelivery);
    expect(outcome.sent).toHaveLength(1);
    expect(outcome.deferredUntil).toBeNull();
  });

  it('sends nothing but delivery codes to a citizen who opted out, and remembers it', async () => {
    const memory = ports();
    await memory.preferences.setOptedOut('+84912345678', true);
    await memory.preferences.setOptedOut('+84987654321', true);
    const registered = await sendNotifications(memory, registration.event as DomainEvent);
    expect(registered.sent).toEqual([]);
    expect(registered.optedOut.map((notification) => notification.to)).toEqual(['+84912345678']);
    expect(memory.guard.state.get(`${registration.event.eventId}:sms`)).toBe('sent');
    expect(memory.outbox.sent).toEqual([]);
    const item = await memory.item('RK000000014VN');
    if (item?.addressee.phone) await memory.preferences.setOptedOut(toE164(item.addressee.phone), true);
    expect((await sendNotifications(memory, outForDelivery)).sent).toHaveLength(1);
  });

  it('fails an event that names an unknown dossier, so that the queue retries it', async () => {
    const memory = ports();
    const event = { ...(registration.event as DomainEvent), consignmentRef: 'PG0000000000ZZ' };
    await expect(sendNotifications(memory, event)).rejects.toThrow(/unknown dossier/);
  });
});
