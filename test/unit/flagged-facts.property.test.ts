/**
 * Flagged facts are quarantined: with them or without them, an item books the same money,
 * counts the same outcomes for the statement and shows the same public timeline; a flagged
 * fact a supervisor applies counts as if it had been sent in its place. Each flag says why.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Anomaly,
  acceptedFacts,
  raisedAnomalies,
  resolveAnomaly,
} from '../../functions/domain/items/anomalies.ts';
import { foldRecord, type ItemRecord, newItem, withFacts } from '../../functions/domain/items/items.ts';
import {
  type Direction,
  type FactType,
  foldItem,
  type ItemFact,
  RECORDED_FACT_TYPES,
  SCAN_TYPES,
} from '../../functions/domain/items/lifecycle.ts';
import {
  collectionPointOf,
  collectionTransfers,
  financeLinesOf,
} from '../../functions/domain/money/collections.ts';
import { validHistory } from '../support/item-histories.ts';

type PaidFact = ItemFact & { collected?: { amount: number; method: 'cash' | 'vietqr' }; staffId?: string };

const OFFICES = { originOfficeCode: 'BC-HN-01', destinationOfficeCode: 'BC-HCM-02' };

function itemFor(direction: Direction): ItemRecord {
  const origin = direction === 'inbound' ? OFFICES.originOfficeCode : OFFICES.destinationOfficeCode;
  const destination = direction === 'inbound' ? OFFICES.destinationOfficeCode : OFFICES.originOfficeCode;
  return newItem({
    itemCode: direction === 'inbound' ? 'RH000000014VN' : 'RK000000014VN',
    direction,
    consignmentRef: 'PG0000000000AB',
    dossierCode: null,
    agencyCode: '000.00.06.H56',
    originOfficeCode: origin,
    destinationOfficeCode: destination,
    routeClass: 'special-cities',
    addressee: { name: 'A', phone: null, addressLine: 'x', communeCode: null, provinceCode: '01' },
    collectAmountVnd: 56_000,
    feesAmountVnd: 25_000,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
}

/** Door scans at the office at that door, money at the collection point. */
function placed(item: ItemRecord, facts: readonly ItemFact[]): PaidFact[] {
  return facts.map((fact) => {
    const atDoor = ['pickup', 'pickup-failed', 'out-for-delivery', 'delivered', 'delivery-failed'].includes(
      fact.type,
    );
    const office = atDoor
      ? item.direction === 'inbound'
        ? item.originOfficeCode
        : item.destinationOfficeCode
      : fact.postOfficeCode;
    return {
      ...fact,
      postOfficeCode: office,
      source: RECORDED_FACT_TYPES.includes(fact.type as never) ? ('system' as const) : ('scan' as const),
      ...(fact.type === collectionPointOf(item.direction)
        ? { collected: { amount: 56_000, method: 'cash' as const }, staffId: 'nv01' }
        : {}),
    };
  });
}

/** What the item books and counts, and what the public sees, from the facts the fold accepts. */
function books(item: ItemRecord, facts: readonly PaidFact[]) {
  const state = foldRecord(item, facts);
  const accepted = acceptedFacts(state, facts);
  const payable = { ...item, dueAt: null };
  const paidSoFar = { fees: 0, postage: 0 };
  const transfers = accepted.flatMap((fact) => collectionTransfers(payable, fact, paidSoFar));
  const lines = accepted.flatMap((fact, index) =>
    financeLinesOf(
      payable,
      fact,
      accepted.slice(0, index).some((earlier) => earlier.type === fact.type),
    ),
  );
  const timeline = state.timeline.filter((entry) => !entry.anomaly);
  return { status: state.status, transfers, lines, timeline };
}

const ALL_TYPES: readonly FactType[] = [...SCAN_TYPES, ...RECORDED_FACT_TYPES];

const intruder = fc.record({
  factId: fc.string({ minLength: 3, maxLength: 8 }).map((id) => `x-${id}`),
  type: fc.constantFrom(...ALL_TYPES),
  occurredAt: fc
    .integer({ min: Date.parse('2026-01-05T00:00:00Z'), max: Date.parse('2027-09-01T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString()),
  postOfficeCode: fc.constantFrom('BC-HN-01', 'BC-HCM-02', 'BC-LD-01'),
});

describe('flagged facts are quarantined', () => {
  it('a history with flagged facts books, counts and shows what the same history without them does', () => {
    fc.assert(
      fc.property(
        validHistory,
        fc.uniqueArray(intruder, { selector: (fact) => fact.factId, maxLength: 8 }),
        (valid, extra) => {
          const item = itemFor(valid.direction);
          const clean = placed(item, valid.facts);
          const intruders = placed(item, extra).map((fact) => ({
            ...fact,
            postOfficeCode: fact.postOfficeCode,
          }));
          const mixed = [
            ...clean,
            ...extra.map((fact, index) => ({ ...intruders[index]!, postOfficeCode: fact.postOfficeCode })),
          ];
          const state = foldRecord(item, mixed);
          const flagged = new Set(
            state.timeline.filter((entry) => entry.anomaly).map((entry) => entry.factId),
          );
          // Only histories where every intruder is flagged and every valid fact still counts.
          fc.pre(
            extra.every((fact) => flagged.has(fact.factId)) &&
              clean.every((fact) => !flagged.has(fact.factId)),
          );
          expect(books(item, mixed)).toEqual(books(item, clean));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('applying a fact flagged for its time equals having sent it in order', () => {
    fc.assert(
      fc.property(validHistory, fc.nat(), fc.integer({ min: 1, max: 72 }), (valid, pick, hoursEarlier) => {
        const item = itemFor(valid.direction);
        const inOrder = placed(item, valid.facts);
        fc.pre(inOrder.length >= 2);
        const index = 1 + (pick % (inOrder.length - 1));
        const moved = inOrder[index]!;
        const before = inOrder[index - 1]!;
        const early = {
          ...moved,
          occurredAt: new Date(Date.parse(before.occurredAt) - hoursEarlier * 3_600_000).toISOString(),
        };
        const sent = inOrder.map((fact) => (fact === moved ? early : fact));
        const flaggedState = foldRecord(item, sent);
        const flagged = flaggedState.timeline.filter((entry) => entry.anomaly);
        fc.pre(flagged.length === 1 && flagged[0]?.factId === moved.factId);
        const anomaly = raisedAnomalies(
          item,
          null,
          flaggedState,
          sent,
          new Date('2027-10-01T00:00:00Z'),
        )[0] as Anomaly;
        expect(anomaly.reason).toMatch(/^(before-|step-already-passed|too-few-attempts)/);
        const resolution = resolveAnomaly({
          anomaly,
          action: 'apply',
          note: 'Quét thiếu bước trước',
          resolver: { subject: 'gs01', role: 'postal-supervisor', postOfficeCode: 'BC-HN-01' },
          item: withFacts(item, sent).item,
          facts: sent,
          now: new Date('2027-10-01T00:00:00Z'),
        });
        const applied = books(resolution.item as ItemRecord, sent);
        const expected = books(item, inOrder);
        expect(resolution.item?.status).toBe(expected.status);
        expect(applied.status).toBe(expected.status);
        const money = (transfers: typeof applied.transfers) =>
          transfers
            .map(({ transferId, amount, debit, credit }) => ({ transferId, amount, debit, credit }))
            .sort((a, b) => a.transferId.localeCompare(b.transferId));
        expect(money(applied.transfers)).toEqual(money(expected.transfers));
        expect(applied.timeline.map((entry) => entry.factId).sort()).toEqual(
          expected.timeline.map((entry) => entry.factId).sort(),
        );
      }),
      { numRuns: 400 },
    );
  });
});

describe('each flag says why, in words', () => {
  const at = (hour: number, type: FactType, extra: Partial<ItemFact> = {}): ItemFact => ({
    factId: `${type}-${hour}`,
    type,
    occurredAt: new Date(Date.parse('2026-11-24T00:00:00Z') + hour * 3_600_000).toISOString(),
    postOfficeCode: 'BC-HN-01',
    source: 'scan',
    ...extra,
  });
  const route = { originOfficeCode: 'BC-HN-01', destinationOfficeCode: 'BC-HCM-02' };
  const reasonOf = (direction: Direction, facts: ItemFact[]) =>
    foldItem(direction, facts, { route }).timeline.at(-1)?.anomaly;

  it.each<[string, Direction, ItemFact[], string]>([
    ['a depart before the pickup', 'inbound', [at(1, 'depart')], 'before-pickup'],
    [
      'an agency decision before the handover',
      'inbound',
      [at(1, 'pickup'), at(2, 'accepted', { source: 'system' })],
      'before-handover',
    ],
    [
      'a pickup after the dossier left',
      'inbound',
      [at(1, 'pickup'), at(2, 'depart'), at(3, 'pickup')],
      'step-already-passed',
    ],
    [
      'a pickup by the office at the other end',
      'inbound',
      [at(1, 'pickup', { postOfficeCode: 'BC-HCM-02' })],
      'not-this-office',
    ],
    [
      'a delivery before the result is ready',
      'outbound',
      [at(1, 'out-for-delivery', { postOfficeCode: 'BC-HCM-02' })],
      'before-result-ready',
    ],
    [
      'a delivery before collection',
      'outbound',
      [at(1, 'result-ready', { source: 'system' }), at(2, 'delivered', { postOfficeCode: 'BC-HCM-02' })],
      'before-collection',
    ],
    [
      'a delivery with no one out for delivery',
      'outbound',
      [
        at(1, 'result-ready', { source: 'system' }),
        at(2, 'collected', { source: 'system' }),
        at(3, 'delivered', { postOfficeCode: 'BC-HCM-02' }),
      ],
      'before-out-for-delivery',
    ],
    [
      'a second delivery',
      'outbound',
      [
        at(1, 'result-ready', { source: 'system' }),
        at(2, 'collected', { source: 'system' }),
        at(3, 'out-for-delivery', { postOfficeCode: 'BC-HCM-02' }),
        at(4, 'delivered', { postOfficeCode: 'BC-HCM-02' }),
        at(5, 'delivered', { postOfficeCode: 'BC-HCM-02', factId: 'again' }),
      ],
      'after-final-state',
    ],
  ])('%s is flagged %s', (_what, direction, facts, reason) => {
    expect(reasonOf(direction, facts)).toBe(reason);
  });
});

describe('resolving an anomaly', () => {
  const item = itemFor('outbound');
  const facts: ItemFact[] = [
    {
      factId: 'rr',
      type: 'result-ready',
      occurredAt: '2026-11-24T01:00:00.000Z',
      postOfficeCode: 'BC-HCM-02',
      source: 'system',
    },
    {
      factId: 'dl',
      type: 'delivered',
      occurredAt: '2026-11-24T02:00:00.000Z',
      postOfficeCode: 'BC-HN-01',
      source: 'scan',
    },
  ];
  const state = foldRecord(item, facts);
  const [anomaly] = raisedAnomalies(item, null, state, facts, new Date('2026-11-24T03:00:00Z')) as [Anomaly];
  const base = {
    anomaly,
    note: 'Kiểm tra lại',
    item: withFacts(item, facts).item,
    facts,
    now: new Date('2026-11-24T04:00:00Z'),
  };
  const supervisor = { subject: 'gs01', role: 'postal-supervisor', postOfficeCode: 'BC-HN-01' };

  it('is raised once per flagged fact, open, for the offices of the item', () => {
    expect(anomaly).toMatchObject({
      status: 'open',
      reason: 'before-collection',
      factId: 'dl',
      postOfficeCodes: ['BC-HCM-02', 'BC-HN-01'],
    });
    expect(raisedAnomalies(item, state, state, facts, new Date())).toEqual([]);
  });

  it('dismissing closes it and says who, when and why, changing no item', () => {
    const dismissed = resolveAnomaly({ ...base, action: 'dismiss', resolver: supervisor });
    expect(dismissed.item).toBeUndefined();
    expect(dismissed.anomaly).toMatchObject({
      status: 'dismissed',
      resolution: {
        action: 'dismiss',
        note: 'Kiểm tra lại',
        resolvedBy: supervisor,
        resolvedAt: '2026-11-24T04:00:00.000Z',
      },
    });
  });

  it('applying moves the item as the fact says', () => {
    const applied = resolveAnomaly({ ...base, action: 'apply', resolver: supervisor });
    expect(applied.item?.status).toBe('delivered');
    expect(applied.item?.appliedFactIds).toEqual(['dl']);
    expect(applied.state?.timeline.at(-1)).toMatchObject({ factId: 'dl', applied: true });
  });

  it('refuses resolving twice, staff, another office, and an empty note', () => {
    const once = resolveAnomaly({ ...base, action: 'dismiss', resolver: supervisor }).anomaly;
    expect(() => resolveAnomaly({ ...base, anomaly: once, action: 'apply', resolver: supervisor })).toThrow(
      /already dismissed/,
    );
    expect(() =>
      resolveAnomaly({ ...base, action: 'apply', resolver: { ...supervisor, role: 'postal-staff' } }),
    ).toThrow(/Only a postal supervisor/);
    expect(() =>
      resolveAnomaly({ ...base, action: 'apply', resolver: { ...supervisor, postOfficeCode: 'BC-LD-01' } }),
    ).toThrow(/Nothing of that name at your office/);
    expect(() => resolveAnomaly({ ...base, action: 'apply', note: '  ', resolver: supervisor })).toThrow(
      /note/,
    );
  });
});
