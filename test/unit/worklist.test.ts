/** The worklist as a view of the items: which entries a run of item changes writes and removes. */
import { describe, expect, it } from 'vitest';
import { assignTasks } from '../../functions/app/items/assign-work.ts';
import type { ItemRecord } from '../../functions/domain/items/items.ts';
import { assignWork, worklistChanges, worklistEntry } from '../../functions/domain/items/worklist.ts';
import { MemoryItems } from '../support/memory-items.ts';

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

describe('a worklist fit for a round', () => {
  const citizen = {
    name: 'Nguyễn Văn An',
    phone: '0912345678',
    addressLine: '12 Phan Đình Phùng',
    communeCode: '00004',
    provinceCode: '01',
  };

  it('shows the citizen to visit for a pickup, not the agency the dossier goes to', () => {
    expect(worklistEntry(item({ sender: citizen }))).toMatchObject({ workKind: 'pickup', contact: citizen });
  });

  it('lists a result ready at the agency as a collection at its office', () => {
    const ready = item({
      itemCode: 'RK000000014VN',
      direction: 'outbound',
      status: 'result-ready',
      originOfficeCode: 'BC-HN-01',
      destinationOfficeCode: 'BC-HCM-01',
      dueAt: '2026-11-25T16:59:59.999Z',
    });
    expect(worklistEntry(ready)).toMatchObject({
      workKind: 'collection',
      postOfficeCode: 'BC-HN-01',
      contact: null,
      listAt: '2026-11-25T16:59:59.999Z',
    });
  });

  it('keeps an item out for delivery on the round of the day it went out, until its outcome', () => {
    const out = item({
      itemCode: 'RK000000014VN',
      direction: 'outbound',
      status: 'out-for-delivery',
      dueAt: '2026-11-27T16:59:59.999Z',
      outForDeliveryAt: '2026-11-24T01:00:00.000Z',
    });
    expect(worklistEntry(out)).toMatchObject({ workKind: 'delivery', listAt: '2026-11-24T01:00:00.000Z' });
    expect(worklistEntry({ ...out, status: 'delivered' })).toBeNull();
    const changes = worklistChanges([{ before: { ...out, status: 'in-transit' }, after: out }]);
    expect(changes.remove.map((entry) => entry.listAt)).toEqual(['2026-11-27T16:59:59.999Z']);
    expect(changes.put.map((entry) => entry.listAt)).toEqual(['2026-11-24T01:00:00.000Z']);
  });
});

describe('assigning tasks', () => {
  const waiting = item({ sender: undefined });

  it('gives pending work to staff of the office where it waits, and clears when the task changes', async () => {
    expect(assignWork(waiting, 'nv-an', 'BC-HCM-01')).toMatchObject({ item: { assignedStaffId: 'nv-an' } });
    expect(assignWork(waiting, 'nv-an', 'BC-HN-01')).toEqual({ refusal: 'not-your-office' });
    expect(assignWork(pickedUp, 'nv-an', 'BC-HCM-01')).toEqual({ refusal: 'nothing-to-do' });
    expect(assignWork(null, 'nv-an', null)).toEqual({ refusal: 'unknown-item' });
    const items = new MemoryItems();
    items.add(waiting);
    const results = await assignTasks(
      { items },
      [
        { itemCode: waiting.itemCode, staffId: 'nv-an' },
        { itemCode: 'RK999999995VN', staffId: 'nv-an' },
      ],
      'BC-HCM-01',
    );
    expect(results).toEqual([
      { itemCode: waiting.itemCode, outcome: 'assigned', staffId: 'nv-an' },
      { itemCode: 'RK999999995VN', outcome: 'refused', reason: 'unknown-item' },
    ]);
    expect(worklistEntry(items.items.get(waiting.itemCode) ?? null)?.assignedStaffId).toBe('nv-an');
  });
});
