/** The anomaly use cases over in-memory ports: raise, list, resolve once, and unlock an item at the door. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  listAnomalies,
  raiseItemAnomalies,
  resolveAnomalyCase,
  unlockItem,
} from '../../functions/app/anomalies/anomalies.ts';
import { MemoryAnomalies } from '../../functions/app/anomalies/memory.ts';
import { idDigitsDigest, MAX_WRONG_PROOF_TRIES } from '../../functions/domain/items/door.ts';
import { ingestScans } from '../../functions/domain/items/ingest.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import type { ScanInput } from '../../schemas/items.ts';
import { citizenItem } from '../support/items.ts';
import { MemoryItems } from '../support/memory-items.ts';

const SECRET = 'anomaly-test-delivery-code-secret-0000000';
const OFFICE = 'BC-HN-01';
const NOW = new Date('2026-01-06T06:00:00Z');
const supervisor = { subject: 'gs01', role: 'postal-supervisor', postOfficeCode: OFFICE };
const staff = { subject: 'nv01', role: 'postal-staff', postOfficeCode: OFFICE };
const otherOffice = { ...supervisor, postOfficeCode: 'BC-HCM-01' };

const citizen = citizenItem('outbound', OFFICE);
const item = { ...citizen, idDigitsDigest: idDigitsDigest(SECRET, citizen.consignmentRef, '001203004567') };

const system = (type: 'result-ready' | 'collected', hour: number) => ({
  factId: `system-${type}`,
  type,
  occurredAt: `2026-01-05T0${hour}:00:00.000Z`,
  postOfficeCode: OFFICE,
  source: 'system' as const,
  emsevt: 'X',
  receivedAt: `2026-01-05T0${hour}:00:00.000Z`,
  contentHash: type,
});
const scan = (
  scanId: string,
  type: ScanInput['type'],
  minute: number,
  extra: Partial<ScanInput> = {},
): ScanInput => ({
  scanId,
  itemCode: item.itemCode,
  type,
  occurredAt: new Date(Date.parse('2026-01-06T02:00:00Z') + minute * 60_000).toISOString(),
  postOfficeCode: OFFICE,
  ...extra,
});
const proof = (idLast4: string) => ({
  proof: { recipientName: 'Nguyễn Văn An', relation: 'self' as const, idLast4 },
});

let items: MemoryItems;
let ports: { items: MemoryItems; anomalies: MemoryAnomalies };
const send = async (scans: ScanInput[]) =>
  (
    await ingestScans(items, scans, {
      receivedAt: NOW,
      callerOfficeCode: OFFICE,
      deliveryCodeSecret: SECRET,
      pause: async () => undefined,
    })
  ).outcomes;
const refusalOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DomainRefusal);
  return (error as DomainRefusal).kind;
};

beforeEach(() => {
  items = new MemoryItems();
  items.add(item);
  items.facts.set(item.itemCode, [system('result-ready', 2), system('collected', 3)]);
  ports = { items, anomalies: new MemoryAnomalies(items) };
});

describe('anomalies', () => {
  it('a delivery scanned with no one out for delivery is flagged, listed, and applied by a supervisor', async () => {
    expect(await send([scan('deliver-01', 'delivered', 5, proof('4567'))])).toEqual([
      { outcome: 'flagged', reason: 'before-out-for-delivery', itemStatus: 'collected' },
    ]);
    const [raised] = await raiseItemAnomalies(ports, item.itemCode, NOW);
    expect(raised).toMatchObject({ status: 'open', reason: 'before-out-for-delivery', factId: 'deliver-01' });
    expect(await raiseItemAnomalies(ports, item.itemCode, NOW)).toHaveLength(1);
    expect(ports.anomalies.anomalies.size).toBe(1);
    const open = await listAnomalies(ports, { postOfficeCode: OFFICE, status: 'open', limit: 500 });
    expect(open.map((anomaly) => anomaly.anomalyId)).toEqual([raised!.anomalyId]);
    expect(await listAnomalies(ports, { postOfficeCode: 'BC-HCM-01', status: 'open', limit: 10 })).toEqual(
      [],
    );

    const { anomaly, item: moved } = await resolveAnomalyCase(ports, {
      anomalyId: raised!.anomalyId,
      action: 'apply',
      note: 'Nhân viên quên quét phát',
      resolver: supervisor,
      now: NOW,
    });
    expect(anomaly).toMatchObject({
      status: 'applied',
      resolution: { action: 'apply', resolvedBy: supervisor },
    });
    expect(moved?.status).toBe('delivered');
    expect(items.items.get(item.itemCode)?.status).toBe('delivered');
    expect(await listAnomalies(ports, { postOfficeCode: OFFICE, status: 'applied', limit: 10 })).toHaveLength(
      1,
    );
  });

  it('refuses an unknown anomaly, resolving twice, staff and another office, changing nothing', async () => {
    await send([scan('deliver-01', 'delivered', 5, proof('4567'))]);
    const [raised] = await raiseItemAnomalies(ports, item.itemCode, NOW);
    const input = { anomalyId: raised!.anomalyId, action: 'dismiss' as const, note: 'Quét nhầm', now: NOW };
    expect(
      await refusalOf(resolveAnomalyCase(ports, { ...input, anomalyId: 'AN-X', resolver: supervisor })),
    ).toBe('not-found');
    expect(await refusalOf(resolveAnomalyCase(ports, { ...input, resolver: staff }))).toBe('forbidden');
    expect(await refusalOf(resolveAnomalyCase(ports, { ...input, resolver: otherOffice }))).toBe('not-found');
    expect(ports.anomalies.anomalies.get(raised!.anomalyId)?.status).toBe('open');
    await resolveAnomalyCase(ports, { ...input, resolver: supervisor });
    expect(
      await refusalOf(resolveAnomalyCase(ports, { ...input, action: 'apply', resolver: supervisor })),
    ).toBe('conflict');
    expect(ports.anomalies.anomalies.get(raised!.anomalyId)?.status).toBe('dismissed');
    expect(items.items.get(item.itemCode)?.status).toBe('collected');
  });
});

describe('unlocking an item at the door', () => {
  it('needs a supervisor of its office and a lock; then the right digits deliver', async () => {
    await send([scan('trip-0001', 'out-for-delivery', 0)]);
    expect(
      await refusalOf(
        unlockItem(ports, { itemCode: item.itemCode, note: 'x', resolver: supervisor, now: NOW }),
      ),
    ).toBe('conflict');
    for (let attempt = 1; attempt <= MAX_WRONG_PROOF_TRIES; attempt += 1)
      await send([scan(`wrong-000${attempt}`, 'delivered', attempt, proof('0000'))]);
    expect(await send([scan('right-0001', 'delivered', 8, proof('4567'))])).toEqual([
      { outcome: 'rejected', reason: 'proof-locked' },
    ]);
    const version = items.items.get(item.itemCode)?.version;
    expect(
      await refusalOf(unlockItem(ports, { itemCode: item.itemCode, note: 'x', resolver: staff, now: NOW })),
    ).toBe('forbidden');
    expect(items.items.get(item.itemCode)?.version).toBe(version);
    const unlocked = await unlockItem(ports, {
      itemCode: item.itemCode,
      note: 'Người nhận xuất trình CCCD tại bưu cục',
      resolver: supervisor,
      now: NOW,
    });
    expect(unlocked.proofLock).toMatchObject({ wrongTries: 0, lockedAt: null, unlocked: { by: 'gs01' } });
    expect(await send([scan('right-0002', 'delivered', 9, proof('4567'))])).toEqual([
      { outcome: 'accepted', itemStatus: 'delivered' },
    ]);
    expect(items.items.get(item.itemCode)?.proofLock?.unlocked?.note).toBe(
      'Người nhận xuất trình CCCD tại bưu cục',
    );
  });
});
