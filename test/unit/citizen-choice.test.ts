/**
 * The citizen's choice for the result: a delivery window or collection at the office. The
 * lifecycle with `held-at-office`, the checks of a window against the working-day calendar,
 * the worklist entry, the event callbacks carry, and the use case over in-memory ports (a
 * link's token, once, nothing written when refused).
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { chooseDelivery } from '../../functions/app/dossiers/choose-delivery.ts';
import { MemoryDossiers, MemoryItems, MemoryS10Series } from '../../functions/app/dossiers/memory.ts';
import { registerDossier } from '../../functions/app/dossiers/register-dossier.ts';
import { MemoryPreferences } from '../../functions/app/notifications/memory.ts';
import { optOutOfNotices } from '../../functions/app/notifications/opt-out.ts';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { type CitizenChoice, choiceFact, windowRefusal } from '../../functions/domain/citizen-choice.ts';
import { linkToken } from '../../functions/domain/citizen-links.ts';
import { dossierStatus } from '../../functions/domain/dossier-status.ts';
import { itemStatusEvent } from '../../functions/domain/events.ts';
import { type ItemRecord, withFacts } from '../../functions/domain/items/items.ts';
import {
  type FactType,
  foldItem,
  HOLD_AT_OFFICE_WORKING_DAYS,
  heldUntil,
  type ItemFact,
} from '../../functions/domain/items/lifecycle.ts';
import type { StoredFact } from '../../functions/domain/items/scans.ts';
import { worklistEntry } from '../../functions/domain/items/worklist.ts';
import { ratingToken } from '../../functions/domain/satisfaction.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { AGENCY, dossierRequest } from '../support/http-event.ts';
import { citizenItem } from '../support/items.ts';
import { placedReference } from '../support/memory-reference.ts';

const OFFICE = 'BC-HN-01';
let sequence = 0;
const fact = (type: FactType, occurredAt: string, extra: Partial<ItemFact> = {}): StoredFact => {
  sequence += 1;
  return {
    factId: `f${sequence}`,
    type,
    occurredAt,
    postOfficeCode: OFFICE,
    source: type === 'collected' || type.endsWith('-chosen') || type === 'result-ready' ? 'system' : 'scan',
    emsevt: 'X',
    receivedAt: occurredAt,
    contentHash: `h${sequence}`,
    ...extra,
  };
};

/** An outbound item ready at the agency on Thursday 5 November 2026, collected on Friday the 6th. */
const READY = '2026-11-05T02:00:00.000Z';
const COLLECTED = '2026-11-06T02:00:00.000Z';
const collectedItem = () => {
  const item = citizenItem('outbound', OFFICE);
  const facts = [fact('result-ready', READY), fact('collected', COLLECTED)];
  return { ...withFacts(item, facts), facts };
};

describe('the lifecycle with the citizen choice', () => {
  it('keeps the status for a window and shows it on the worklist on that half-day', () => {
    const { item, facts } = collectedItem();
    const window = { day: '2026-11-10', part: 'afternoon' as const };
    const chosen = withFacts(item, [...facts, fact('window-chosen', '2026-11-06T03:00:00.000Z', { window })]);
    expect(chosen.item.status).toBe('collected');
    expect(chosen.item.deliveryWindow).toEqual(window);
    const entry = worklistEntry(chosen.item);
    expect(entry?.workKind).toBe('delivery');
    expect(entry?.deliveryWindow).toEqual(window);
    // 13:30 in Vietnam, the afternoon's start.
    expect(entry?.listAt).toBe('2026-11-10T06:30:00.000Z');
    expect(
      dossierStatus({
        services: { pickup: false, return: true },
        cancelled: false,
        resultReady: true,
        items: [chosen.item],
      }),
    ).toBe('in-return');
  });

  it('holds a collected result at the office until its deadline, then lets it go back to the agency', () => {
    const { item, facts } = collectedItem();
    const held = withFacts(item, [...facts, fact('hold-chosen', '2026-11-06T03:00:00.000Z')]);
    expect(held.item.status).toBe('held-at-office');
    // Within a commune the item is due the next working day (Monday the 9th); five working days after it.
    expect(held.item.heldUntil).toBe(heldUntil('2026-11-06T03:00:00.000Z', held.item.dueAt));
    expect(held.item.heldUntil).toBe('2026-11-16T16:59:59.999Z');
    const entry = worklistEntry(held.item);
    expect(entry).toMatchObject({
      workKind: 'held-at-office',
      postOfficeCode: OFFICE,
      dueAt: held.item.heldUntil,
    });
    expect(
      dossierStatus({
        services: { pickup: false, return: true },
        cancelled: false,
        resultReady: true,
        items: [held.item],
      }),
    ).toBe('in-return');

    const hold = fact('hold-chosen', '2026-11-06T03:00:00.000Z');
    const soon = withFacts(item, [...facts, hold, fact('returned-to-agency', '2026-11-16T09:00:00.000Z')]);
    expect(soon.item.status).toBe('held-at-office');
    expect(soon.state.timeline.at(-1)?.anomaly).toBe('before-hold-deadline');
    const late = withFacts(item, [...facts, hold, fact('returned-to-agency', '2026-11-17T02:00:00.000Z')]);
    expect(late.item.status).toBe('returned-to-agency');
    expect(late.state.anomalies).toBe(0);
  });

  it('starts the hold at the collection when it was chosen while the result waited at the agency', () => {
    const item = citizenItem('outbound', OFFICE);
    const facts = [
      fact('result-ready', READY),
      fact('hold-chosen', '2026-11-05T03:00:00.000Z'),
      fact('collected', COLLECTED),
    ];
    const beforeCollection = withFacts(item, facts.slice(0, 2));
    expect(beforeCollection.item.status).toBe('result-ready');
    expect(worklistEntry(beforeCollection.item)?.workKind).toBe('collection');
    const held = withFacts(item, facts);
    expect(held.item.status).toBe('held-at-office');
    expect(held.state.heldAt).toBe(COLLECTED);
    expect(held.item.acceptedAt).toBe(COLLECTED);
  });

  it('hands a held result over at the counter and flags a trip out for delivery', () => {
    const { item, facts } = collectedItem();
    const hold = fact('hold-chosen', '2026-11-06T03:00:00.000Z');
    const out = withFacts(item, [...facts, hold, fact('out-for-delivery', '2026-11-09T01:00:00.000Z')]);
    expect(out.item.status).toBe('held-at-office');
    expect(out.state.timeline.at(-1)?.anomaly).toBe('held-at-office');
    const counter = withFacts(item, [...facts, hold, fact('delivered', '2026-11-10T03:00:00.000Z')]);
    expect(counter.item.status).toBe('delivered');
    expect(worklistEntry(counter.item)).toBeNull();
  });

  it('takes one choice per item: a second is flagged, a choice once out for delivery too', () => {
    const { item, facts } = collectedItem();
    const window = { day: '2026-11-10', part: 'morning' as const };
    const twice = withFacts(item, [
      ...facts,
      fact('window-chosen', '2026-11-06T03:00:00.000Z', { window }),
      fact('hold-chosen', '2026-11-06T04:00:00.000Z'),
    ]);
    expect(twice.item.status).toBe('collected');
    expect(twice.state.timeline.at(-1)?.anomaly).toBe('step-already-passed');
    const late = withFacts(item, [
      ...facts,
      fact('out-for-delivery', '2026-11-09T01:00:00.000Z'),
      fact('hold-chosen', '2026-11-09T02:00:00.000Z'),
    ]);
    expect(late.item.status).toBe('out-for-delivery');
    expect(late.state.timeline.at(-1)?.anomaly).toBe('step-already-passed');
  });

  it('folds a held item the same whatever order and duplication its facts arrive in', () => {
    const { facts } = collectedItem();
    const history = [
      ...facts,
      fact('hold-chosen', '2026-11-06T03:00:00.000Z'),
      fact('depart', '2026-11-06T05:00:00.000Z'),
      fact('arrive', '2026-11-07T01:00:00.000Z'),
      fact('delivered', '2026-11-10T03:00:00.000Z'),
    ];
    const expected = foldItem('outbound', history);
    expect(expected.status).toBe('delivered');
    expect(expected.anomalies).toBe(0);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(history, { minLength: history.length, maxLength: history.length }),
        fc.subarray(history),
        (order, duplicates) => {
          expect(foldItem('outbound', [...order, ...duplicates])).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the dossier status a function of its items for any choice at any step', () => {
    const steps: FactType[] = [
      'result-ready',
      'collected',
      'depart',
      'arrive',
      'out-for-delivery',
      'delivered',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: steps.length }),
        fc.integer({ min: 0, max: steps.length }),
        fc.constantFrom<CitizenChoice>(
          { kind: 'held-at-office' },
          { kind: 'window', window: { day: '2026-11-20', part: 'morning' } },
        ),
        (reached, choiceAt, choice) => {
          const at = (index: number) => new Date(Date.parse(READY) + index * 3_600_000).toISOString();
          const history = steps.slice(0, reached).map((type, index) => fact(type, at(index * 2)));
          const choiceFactOf =
            choice.kind === 'window'
              ? fact('window-chosen', at(choiceAt * 2 - 1), { window: choice.window })
              : fact('hold-chosen', at(choiceAt * 2 - 1));
          const { item } = withFacts(citizenItem('outbound', OFFICE), [...history, choiceFactOf]);
          const status = dossierStatus({
            services: { pickup: false, return: true },
            cancelled: false,
            resultReady: reached > 0,
            items: [item],
          });
          const again = dossierStatus({
            services: { pickup: false, return: true },
            cancelled: false,
            resultReady: reached > 0,
            items: [{ direction: 'outbound', status: item.status }],
          });
          expect(status).toBe(again);
          if (item.status === 'held-at-office') expect(status).toBe('in-return');
          if (item.status === 'held-at-office') expect(item.heldUntil).not.toBeNull();
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a window against the calendar', () => {
  const NOW = new Date('2026-11-20T03:00:00.000Z'); // Friday 20 November 2026, 10:00 in Vietnam
  it('refuses a past day, a window already begun, a weekend, a holiday and a day too far ahead', () => {
    expect(windowRefusal({ day: '2026-11-19', part: 'afternoon' }, NOW)).toBe('window-in-the-past');
    expect(windowRefusal({ day: '2026-11-20', part: 'morning' }, NOW)).toBe('window-in-the-past');
    expect(windowRefusal({ day: '2026-11-20', part: 'afternoon' }, NOW)).toBeNull();
    expect(windowRefusal({ day: '2026-11-21', part: 'morning' }, NOW)).toBe('not-a-working-day');
    expect(windowRefusal({ day: '2026-11-23', part: 'morning' }, NOW)).toBeNull();
    expect(windowRefusal({ day: '2026-09-02', part: 'morning' }, new Date('2026-08-28T03:00:00.000Z'))).toBe(
      'not-a-working-day',
    );
    expect(windowRefusal({ day: '2027-01-20', part: 'morning' }, NOW)).toBe('window-too-far-ahead');
  });

  it('plans no fact for a refused choice, and one fact with its window for an accepted one', () => {
    const { item } = collectedItem();
    const now = new Date('2026-11-06T03:00:00.000Z');
    expect(choiceFact(item, { kind: 'window', window: { day: '2026-11-07', part: 'morning' } }, now)).toEqual(
      {
        refusal: 'not-a-working-day',
      },
    );
    const planned = choiceFact(item, { kind: 'window', window: { day: '2026-11-09', part: 'morning' } }, now);
    expect(planned).toMatchObject({
      fact: { type: 'window-chosen', window: { day: '2026-11-09', part: 'morning' } },
    });
    expect(choiceFact({ ...item, status: 'out-for-delivery' }, { kind: 'held-at-office' }, now)).toEqual({
      refusal: 'too-late-to-choose',
    });
    expect(choiceFact({ ...item, holdChosen: true }, { kind: 'held-at-office' }, now)).toEqual({
      refusal: 'already-chosen',
    });
    expect(HOLD_AT_OFFICE_WORKING_DAYS).toBeGreaterThanOrEqual(2);
  });
});

describe('the events of a choice', () => {
  it('announces a window as item.window-chosen and a hold as item.held-at-office', () => {
    const { item, facts } = collectedItem();
    const window = { day: '2026-11-10', part: 'afternoon' as const };
    const windowed = withFacts(item, [
      ...facts,
      fact('window-chosen', '2026-11-06T03:00:00.000Z', { window }),
    ]).item;
    const announced = itemStatusEvent(item, windowed, '2026-11-06T03:00:01.000Z');
    expect(announced?.type).toBe('item.window-chosen');
    expect(announced?.data).toMatchObject({ status: 'collected', deliveryWindow: window });
    const held = withFacts(item, [...facts, fact('hold-chosen', '2026-11-06T03:00:00.000Z')]).item;
    const holding = itemStatusEvent(item, held, '2026-11-06T03:00:01.000Z');
    expect(holding?.type).toBe('item.held-at-office');
    expect(holding?.data).toMatchObject({ previousStatus: 'collected', heldUntil: held.heldUntil });
    expect(
      itemStatusEvent(windowed, { ...windowed, version: windowed.version + 1 }, '2026-11-06T04:00:00.000Z'),
    ).toBeNull();
  });
});

const SECRET = 'unit-test-link-secret-0000000000000000';
const NOW = new Date('2026-11-20T03:00:00.000Z');

function memoryPorts() {
  const items = new MemoryItems();
  const reference = placedReference(NOW, AGENCY, 'Một cửa');
  return {
    items,
    dossiers: new MemoryDossiers(items),
    reference,
    s10: new MemoryS10Series(),
    idDigitsKey: async () => 'unit-test-id-digits-key-000000000000',
    linkSecret: async () => SECRET,
  };
}

describe('chooseDelivery and optOutOfNotices over in-memory ports', () => {
  let ports: ReturnType<typeof memoryPorts>;
  let consignmentRef: string;
  let outboundCode: string;
  beforeEach(async () => {
    ports = memoryPorts();
    const request = RegisterDossierSchema.parse(dossierRequest());
    const registered = await registerDossier(ports, {
      request,
      registrant: { role: 'agency', agencyCode: AGENCY },
      contentHash: JSON.stringify(request),
      now: NOW,
    });
    consignmentRef = registered.dossier.consignmentRef;
    outboundCode = registered.items.find((item) => item.direction === 'outbound')?.itemCode as string;
  });
  const dossierRef = `${AGENCY}-261120-0042`;
  const snapshot = () => ({
    item: ports.items.items.get(outboundCode) as ItemRecord,
    facts: ports.items.facts.get(outboundCode),
  });

  it('records a window once with the link token; refuses a forged token, a second choice and a bad day, writing nothing', async () => {
    const token = linkToken(SECRET, 'choice', consignmentRef);
    const before = snapshot();
    const forged = await chooseDelivery(
      ports,
      { dossierRef, token: 'A'.repeat(22), choice: { kind: 'held-at-office' } },
      NOW,
    );
    expect(forged).toEqual({ kind: 'invalid-token' });
    // The rating link's token opens the rating only.
    const rating = await chooseDelivery(
      ports,
      { dossierRef, token: ratingToken(SECRET, consignmentRef), choice: { kind: 'held-at-office' } },
      NOW,
    );
    expect(rating).toEqual({ kind: 'invalid-token' });
    const saturday = await chooseDelivery(
      ports,
      { dossierRef, token, choice: { kind: 'window', window: { day: '2026-11-21', part: 'morning' } } },
      NOW,
    );
    expect(saturday).toEqual({ kind: 'refused', refusal: 'not-a-working-day' });
    expect(snapshot()).toEqual(before);

    const window = { day: '2026-11-23', part: 'morning' as const };
    const chosen = await chooseDelivery(
      ports,
      { dossierRef, token, choice: { kind: 'window', window } },
      NOW,
    );
    expect(chosen).toMatchObject({
      kind: 'chosen',
      itemCode: outboundCode,
      status: 'registered',
      choice: { kind: 'window', window },
    });
    expect(snapshot().item.deliveryWindow).toEqual(window);
    const after = snapshot();
    const again = await chooseDelivery(ports, { dossierRef, token, choice: { kind: 'held-at-office' } }, NOW);
    expect(again).toEqual({ kind: 'refused', refusal: 'already-chosen' });
    expect(snapshot()).toEqual(after);
  });

  it('refuses a choice once the result is out for delivery', async () => {
    const token = linkToken(SECRET, 'choice', consignmentRef);
    const item = ports.items.items.get(outboundCode) as ItemRecord;
    ports.items.items.set(outboundCode, { ...item, status: 'out-for-delivery' });
    const late = await chooseDelivery(ports, { dossierRef, token, choice: { kind: 'held-at-office' } }, NOW);
    expect(late).toEqual({ kind: 'refused', refusal: 'too-late-to-choose' });
    expect(ports.items.facts.get(outboundCode)).toEqual([]);
  });

  it("opts the dossier's phone out with a link's token, never with the phone alone", async () => {
    const preferences = new MemoryPreferences();
    const optPorts = { dossiers: ports.dossiers, preferences, linkSecret: ports.linkSecret };
    const phoneOnly = await optOutOfNotices(
      optPorts,
      { dossierRef, token: '0912345678'.padEnd(22, '0'), optedOut: true },
      NOW,
    );
    expect(phoneOnly).toEqual({ kind: 'invalid-token' });
    expect(preferences.optedOutPhones.size).toBe(0);
    const byRatingLink = await optOutOfNotices(
      optPorts,
      { dossierRef, token: ratingToken(SECRET, consignmentRef), optedOut: true },
      NOW,
    );
    expect(byRatingLink).toEqual({ kind: 'recorded', optedOut: true });
    expect(await preferences.optedOut('+84912345678')).toBe(true);
    await optOutOfNotices(
      optPorts,
      { dossierRef, token: linkToken(SECRET, 'choice', consignmentRef), optedOut: false },
      NOW,
    );
    expect(await preferences.optedOut('+84912345678')).toBe(false);
    expect(localDate(NOW)).toBe('2026-11-20');
  });
});
