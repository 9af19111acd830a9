/**
 * A registered dossier as its items move: the status it records and announces, the promised
 * date and its risk, the ID number kept only as a digest, and a ready result without return.
 */
import { describe, expect, it } from 'vitest';
import {
  atRiskChange,
  type Dossier,
  dossierView,
  followItems,
  markResultReady,
  newConsignmentRef,
  registerDossier,
} from '../../functions/domain/dossiers.ts';
import { itemStatusEvent } from '../../functions/domain/events.ts';
import { type ItemRecord, withFacts } from '../../functions/domain/items/items.ts';
import type { ItemFact } from '../../functions/domain/items/lifecycle.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { dossierRequest, PLACEMENT } from '../support/http-event.ts';
import { citizenItem } from '../support/items.ts';

const NOW = new Date('2026-11-23T03:00:00Z'); // Monday 10:00 in Vietnam

function registered(overrides: Record<string, unknown> = {}) {
  return registerDossier({
    request: RegisterDossierSchema.parse(dossierRequest(overrides)),
    registrant: { role: 'agency', agencyCode: '000.00.06.H56' },
    consignmentRef: newConsignmentRef(),
    contentHash: 'hash',
    now: NOW,
    placement: PLACEMENT,
    idDigitsDigest: 'digest-of-4567',
  });
}

const moved = (item: ItemRecord, patch: Partial<ItemRecord>): ItemRecord => ({ ...item, ...patch });

describe('registration', () => {
  it('keeps a digest of the ID digits on the dossier and its outbound item, never the number', () => {
    const { dossier, items } = registered({
      applicant: { ...(dossierRequest().applicant as object), idNumber: '001203004567' },
    });
    expect(JSON.stringify(dossier)).not.toContain('001203004567');
    expect(dossier.idDigitsDigest).toBe('digest-of-4567');
    expect(items?.find((item) => item.direction === 'outbound')?.idDigitsDigest).toBe('digest-of-4567');
  });

  it('takes a promised date from today on, refuses one in the past', () => {
    expect(registered({ promisedDate: '2026-11-23' }).dossier.promisedDate).toBe('2026-11-23');
    expect(() => registered({ promisedDate: '2026-11-22' })).toThrow(DomainRefusal);
  });
});

describe('following the items', () => {
  it('records and announces each new status once, never going back', () => {
    const { dossier, items } = registered();
    const outbound = items?.[0] as ItemRecord;
    const ready = markResultReady(dossier, NOW) as { dossier: Dossier };
    expect(ready.dossier.status).toBe('result-ready');
    // The item's own result-ready fact comes after the dossier's: nothing new to announce.
    expect(followItems(ready.dossier, [moved(outbound, { status: 'result-ready' })], NOW)).toBeNull();
    expect(followItems(ready.dossier, [outbound], NOW)).toBeNull();
    const inReturn = followItems(ready.dossier, [moved(outbound, { status: 'in-transit' })], NOW);
    expect(inReturn?.event).toMatchObject({
      type: 'dossier.in-return',
      sequence: ready.dossier.eventSequence + 1,
      data: { status: 'in-return', previousStatus: 'result-ready' },
    });
    const done = followItems(inReturn!.dossier, [moved(outbound, { status: 'delivered' })], NOW);
    expect(done?.dossier.status).toBe('delivered');
    expect(done?.event.type).toBe('dossier.delivered');
  });

  it('passes the step its items jumped over: a result delivered before the stream saw it collected', () => {
    const { dossier, items } = registered();
    const outbound = items?.[0] as ItemRecord;
    const ready = (markResultReady(dossier, NOW) as { dossier: Dossier }).dossier;
    const delivered = [moved(outbound, { status: 'delivered' })];
    const first = followItems(ready, delivered, NOW);
    expect(first?.event).toMatchObject({ type: 'dossier.in-return', sequence: ready.eventSequence + 1 });
    const second = followItems(first!.dossier, delivered, NOW);
    expect(second?.event).toMatchObject({
      type: 'dossier.delivered',
      sequence: ready.eventSequence + 2,
      data: { status: 'delivered', previousStatus: 'in-return' },
    });
    expect(followItems(second!.dossier, delivered, NOW)).toBeNull();
  });

  it('shows the derived status on the dossier view before the stream records it', () => {
    const { dossier, items } = registered();
    const outbound = moved(items?.[0] as ItemRecord, { status: 'delivered' });
    expect(dossierView(dossier, [], [{ item: outbound, facts: [] }]).dossier.status).toBe('delivered');
  });

  it('lets an agency without postal return say its result is ready, and moves the promised date after', () => {
    const { dossier } = registered({ services: { pickup: false, return: true }, fees: [] });
    const pickupOnly = { ...dossier, services: { pickup: true, return: false } };
    const ready = markResultReady(pickupOnly, NOW, NOW, '2026-11-30');
    expect(ready?.dossier).toMatchObject({ status: 'result-ready', promisedDate: '2026-11-30' });
    const moved = markResultReady(ready!.dossier, NOW, NOW, '2026-12-02');
    expect(moved?.event.type).toBe('dossier.promised-date');
    expect(markResultReady(moved!.dossier, NOW, NOW, '2026-12-02')).toBeNull();
    expect(() => markResultReady(ready!.dossier, NOW, NOW, '2026-11-01')).toThrow(/before today/);
  });
});

describe('the promised date at risk', () => {
  it('fires once when the planned delivery lands after it, doubled for an appointment slip', () => {
    const { dossier, items } = registered({ promisedDate: '2026-11-24' });
    const outbound = items?.[0] as ItemRecord;
    const ready = markResultReady(dossier, NOW) as { dossier: Dossier };
    // Within the commune? No: Hà Nội to TP Hồ Chí Minh, J+3 from Monday: Thursday, after Tuesday.
    const risk = atRiskChange(ready.dossier, [moved(outbound, { status: 'result-ready' })], NOW);
    expect(risk?.event).toMatchObject({
      type: 'dossier.at-risk',
      data: { promisedDate: '2026-11-24', plannedDeliveryDate: '2026-11-26' },
    });
    expect(atRiskChange(risk!.dossier, [outbound], NOW)).toBeNull();
    const relaxed = { ...ready.dossier, promisedDate: '2026-11-26' };
    expect(atRiskChange(relaxed, [moved(outbound, { status: 'result-ready' })], NOW)).toBeNull();
    const withSlip = { ...relaxed, withAppointmentSlip: true };
    expect(
      atRiskChange(withSlip, [moved(outbound, { status: 'result-ready' })], NOW)?.event.data,
    ).toMatchObject({
      plannedDeliveryDate: '2026-12-01',
    });
  });
});

describe("an item's event", () => {
  it('carries the time of the fact that gave the status, not the time it was written', () => {
    const item = citizenItem('outbound', 'BC-HN-01');
    const facts: ItemFact[] = [
      {
        factId: 'a',
        type: 'result-ready',
        occurredAt: '2026-11-20T02:00:00.000Z',
        postOfficeCode: 'BC-HN-01',
      },
      { factId: 'b', type: 'delivered', occurredAt: '2026-11-20T05:00:00.000Z', postOfficeCode: 'BC-HN-01' },
    ];
    const { item: ready } = withFacts(item, facts);
    expect(ready.statusAt).toBe('2026-11-20T02:00:00.000Z');
    const event = itemStatusEvent(item, ready, '2026-11-23T03:00:00.000Z');
    expect(event).toMatchObject({ type: 'item.result-ready', occurredAt: '2026-11-20T02:00:00.000Z' });
  });
});
