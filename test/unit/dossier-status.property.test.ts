/** A dossier's status as a function of its facts and its items' states, along random journeys. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DOSSIER_STATUS_RANK,
  type DossierFacts,
  type DossierStatus,
  dossierStatus,
  reachableStatuses,
  statusChangeEvent,
} from '../../functions/domain/dossier-status.ts';
import { type FactType, foldItem, type ItemFact } from '../../functions/domain/items/lifecycle.ts';
import { history, PATHS } from '../support/item-histories.ts';

const HOUR_MS = 3_600_000;

/** A dossier's journey: the inbound item's facts, then (with return, or after a refusal) the outbound item's. */
const journey = fc
  .record({
    pickup: fc.boolean(),
    returnService: fc.boolean(),
    inboundPath: fc.constantFrom(...PATHS.inbound),
    outboundPath: fc.constantFrom(...PATHS.outbound),
    startMs: fc.integer({ min: Date.parse('2026-01-05T00:00:00Z'), max: Date.parse('2027-06-01T00:00:00Z') }),
    gapsMs: fc.array(fc.integer({ min: 60_000, max: 30 * HOUR_MS }), { minLength: 1, maxLength: 5 }),
  })
  .filter(({ pickup, returnService }) => pickup || returnService)
  .map(({ pickup, returnService, inboundPath, outboundPath, startMs, gapsMs }) => {
    const inbound = pickup ? history('inbound', inboundPath, startMs, gapsMs) : [];
    const refused = inboundPath.includes('refused');
    const withdrawn = inboundPath.includes('cancelled');
    const outboundCarried = !withdrawn && (returnService || (pickup && refused));
    const outboundStart = Date.parse(inbound.at(-1)?.occurredAt ?? new Date(startMs).toISOString());
    // An accepted dossier's result waits for the agency; a refused one's papers go straight back.
    const path: readonly FactType[] = pickup && !returnService ? PATHS.outbound[0]! : outboundPath;
    const outbound = outboundCarried ? history('outbound', path, outboundStart, gapsMs) : [];
    return { services: { pickup, return: returnService }, inbound, outbound };
  });

function facts(
  services: DossierFacts['services'],
  inbound: readonly ItemFact[],
  outbound: readonly ItemFact[],
  received: number,
): DossierFacts {
  const all = [...inbound, ...outbound].slice(0, received);
  const inboundSoFar = all.filter((fact) => inbound.includes(fact));
  const outboundSoFar = all.filter((fact) => outbound.includes(fact));
  const items: DossierFacts['items'][number][] = [];
  if (services.pickup) items.push({ direction: 'inbound', status: foldItem('inbound', inboundSoFar).status });
  if (outbound.length > 0 && (services.return || outboundSoFar.length > 0))
    items.push({ direction: 'outbound', status: foldItem('outbound', outboundSoFar).status });
  return {
    services,
    cancelled: all.some((fact) => fact.type === 'cancelled'),
    resultReady: all.some((fact) => fact.type === 'result-ready'),
    items,
  };
}

describe('dossier status along its journey', () => {
  it('never moves back, stays within what its services reach, and announces each change once', () => {
    fc.assert(
      fc.property(journey, ({ services, inbound, outbound }) => {
        const reachable = reachableStatuses(services);
        let previous: DossierStatus = 'registered';
        const events: string[] = [];
        for (let received = 0; received <= inbound.length + outbound.length; received += 1) {
          const status = dossierStatus(facts(services, inbound, outbound, received));
          expect(reachable.has(status)).toBe(true);
          expect(DOSSIER_STATUS_RANK[status]).toBeGreaterThanOrEqual(DOSSIER_STATUS_RANK[previous]);
          const event = statusChangeEvent(previous, status);
          if (event) events.push(event.type);
          expect(event === null).toBe(status === previous);
          previous = status;
        }
        expect(new Set(events).size).toBe(events.length);
        const last = [...inbound, ...outbound].at(-1)?.type;
        const expected: Partial<Record<FactType, DossierStatus>> = {
          delivered: 'delivered',
          'returned-to-agency': 'returned-to-agency',
          cancelled: 'cancelled',
          accepted: 'accepted',
        };
        if (last && expected[last]) expect(previous).toBe(expected[last]);
      }),
      { numRuns: 400 },
    );
  });
});

describe('dossier status, case by case', () => {
  const item = (direction: 'inbound' | 'outbound', status: string) =>
    ({ direction, status }) as DossierFacts['items'][number];
  const both = { pickup: true, return: true };
  const of = (partial: Partial<DossierFacts>): DossierStatus =>
    dossierStatus({ services: both, cancelled: false, resultReady: false, items: [], ...partial });

  it.each([
    ['requested', 'registered'],
    ['pickup-failed', 'registered'],
    ['picked-up', 'in-pickup'],
    ['in-transit', 'in-pickup'],
    ['handed-over', 'handed-over'],
    ['accepted', 'accepted'],
    ['refused', 'refused'],
  ])('an inbound item %s reads %s while the result is not ready', (status, expected) => {
    expect(of({ items: [item('inbound', status), item('outbound', 'registered')] })).toBe(expected);
  });

  it.each([
    ['result-ready', 'result-ready'],
    ['collected', 'in-return'],
    ['in-transit', 'in-return'],
    ['out-for-delivery', 'in-return'],
    ['delivery-failed', 'in-return'],
    ['delivered', 'delivered'],
    ['returned-to-agency', 'returned-to-agency'],
  ])('an outbound item %s reads %s', (status, expected) => {
    expect(of({ items: [item('inbound', 'accepted'), item('outbound', status)] })).toBe(expected);
  });

  it('a refused dossier reads refused until its papers are collected', () => {
    const refused = item('inbound', 'refused');
    expect(of({ items: [refused, item('outbound', 'result-ready')] })).toBe('refused');
    expect(of({ items: [refused, item('outbound', 'collected')] })).toBe('in-return');
  });

  it('a return-only dossier starts registered and moves to result-ready', () => {
    const services = { pickup: false, return: true };
    expect(of({ services, items: [item('outbound', 'registered')] })).toBe('registered');
    expect(of({ services, items: [item('outbound', 'result-ready')] })).toBe('result-ready');
  });

  it('a dossier without return ends at accepted, or result-ready once the agency says so', () => {
    const services = { pickup: true, return: false };
    expect(of({ services, items: [item('inbound', 'accepted')] })).toBe('accepted');
    expect(of({ services, resultReady: true, items: [item('inbound', 'accepted')] })).toBe('result-ready');
    expect(reachableStatuses({ pickup: false, return: true }).has('in-pickup')).toBe(false);
  });

  it('a withdrawn dossier reads cancelled', () => {
    expect(of({ cancelled: true, items: [item('inbound', 'cancelled')] })).toBe('cancelled');
  });
});
