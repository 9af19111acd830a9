/** The worklist as a view of the items: which entries a run of item changes writes and removes. */
import { describe, expect, it } from 'vitest';
import type { ItemRecord } from '../../functions/domain/items/items.ts';
import { worklistChanges, worklistEntry } from '../../functions/domain/items/worklist.ts';

const item = (overrides: Partial<ItemRecord> = {}): ItemRecord => ({
  itemCode: 'RH000000014VN',
  direction: 'inbound',
  consignmentRef: 'PG0000000000AB',
  dossierCode: '000.00.06.H56-261124-0001',
  agencyCode: '000.00.06.H56',
  originOfficeCode: 'BC-HCM-01',
  destinationOfficeCode: 'BC-HN-01',
  routeClass: 'special-cities',
  addressee: {
    name: 'Một cửa',
    phone: null,
    addressLine: '1 Lý Thái Tổ',
    communeCode: null,
    provinceCode: '01',
  },
  collectAmountVnd: 25_000,
  feesAmountVnd: 0,
  createdAt: '2026-11-24T01:00:00.000Z',
  status: 'requested',
  dueAt: '2026-11-25T08:00:00.000Z',
  acceptedAt: null,
  closedAt: null,
  anomalies: 0,
  failedAttempts: 0,
  outForDeliveryFactId: null,
  factCount: 0,
  version: 1,
  ...overrides,
});

const requested = item();
const pickedUp = item({ status: 'picked-up', version: 2, dueAt: '2026-11-27T08:00:00.000Z' });
const collected = item({
  itemCode: 'RK000000014VN',
  direction: 'outbound',
  status: 'collected',
  originOfficeCode: 'BC-HN-01',
  destinationOfficeCode: 'BC-HCM-01',
  dueAt: '2026-11-28T08:00:00.000Z',
});

describe('the worklist entry of an item', () => {
  it('is a pickup at the origin while requested, a delivery at the destination once collected, else none', () => {
    expect(worklistEntry(requested)).toMatchObject({
      postOfficeCode: 'BC-HCM-01',
      workKind: 'pickup',
      dueAt: requested.dueAt,
    });
    expect(worklistEntry(collected)).toMatchObject({ postOfficeCode: 'BC-HCM-01', workKind: 'delivery' });
    expect(worklistEntry(pickedUp)).toBeNull();
    expect(worklistEntry(item({ direction: 'outbound', status: 'registered', dueAt: null }))).toBeNull();
    expect(worklistEntry(null)).toBeNull();
  });

  it('shows what a page needs and nothing a scan changes in transit', () => {
    const entry = worklistEntry(collected);
    expect(Object.keys(entry ?? {})).not.toContain('status');
    expect(Object.keys(entry ?? {})).not.toContain('version');
  });
});

describe('worklist changes', () => {
  it('writes an entry for a new item waiting at an office', () => {
    expect(worklistChanges([{ before: null, after: requested }])).toEqual({
      put: [worklistEntry(requested)],
      remove: [],
    });
  });

  it('removes the entry of an item picked up', () => {
    expect(worklistChanges([{ before: requested, after: pickedUp }])).toEqual({
      put: [],
      remove: [worklistEntry(requested)],
    });
  });

  it('writes nothing for a change the entry does not show', () => {
    const inTransit = item({ ...collected, status: 'in-transit', version: 3 });
    expect(worklistChanges([{ before: collected, after: inTransit }])).toEqual({ put: [], remove: [] });
  });

  it('rewrites an entry in place when what it shows changes, and moves it when its due time does', () => {
    const failed = item({ ...collected, status: 'delivery-failed', failedAttempts: 1, version: 4 });
    expect(worklistChanges([{ before: collected, after: failed }])).toEqual({
      put: [worklistEntry(failed)],
      remove: [],
    });
    const later = item({ ...failed, dueAt: '2026-11-30T08:00:00.000Z', version: 5 });
    expect(worklistChanges([{ before: failed, after: later }])).toEqual({
      put: [worklistEntry(later)],
      remove: [worklistEntry(failed)],
    });
  });

  it('nets a run of changes of one item: from its entry before the first to its entry after the last', () => {
    expect(
      worklistChanges([
        { before: null, after: requested },
        { before: requested, after: pickedUp },
      ]),
    ).toEqual({ put: [], remove: [] });
    const failedPickup = item({ status: 'pickup-failed', failedAttempts: 1, version: 2 });
    expect(
      worklistChanges([
        { before: requested, after: failedPickup },
        { before: failedPickup, after: item({ ...failedPickup, status: 'picked-up', version: 3 }) },
      ]),
    ).toEqual({ put: [], remove: [worklistEntry(requested)] });
  });

  it('keeps items apart, and removes the entry of an item that was deleted', () => {
    const changes = worklistChanges([
      { before: null, after: requested },
      { before: null, after: collected },
      { before: collected, after: null },
    ]);
    expect(changes.put).toEqual([worklistEntry(requested)]);
    expect(changes.remove).toEqual([]);
    expect(worklistChanges([{ before: collected, after: null }]).remove).toEqual([worklistEntry(collected)]);
  });
});
