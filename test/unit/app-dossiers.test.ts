/** The dossier use cases over in-memory ports: registration, result ready, decisions, withdrawal. */
import { beforeEach, describe, expect, it } from 'vitest';
import { cancelDossier } from '../../functions/app/dossiers/cancel-dossier.ts';
import { decideDossier } from '../../functions/app/dossiers/decide-dossier.ts';
import { markResultReady } from '../../functions/app/dossiers/mark-result-ready.ts';
import { MemoryDossiers, MemoryItems, MemoryS10Series } from '../../functions/app/dossiers/memory.ts';
import { registerDossier } from '../../functions/app/dossiers/register-dossier.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { s10Problem } from '../../schemas/s10.ts';
import { AGENCY, dossierRequest } from '../support/http-event.ts';
import { placedReference } from '../support/memory-reference.ts';

const NOW = new Date('2026-11-20T03:00:00.000Z');
const LATER = new Date('2026-11-21T03:00:00.000Z');
const anyone = () => undefined;
/** The pickup service only: the fees are paid at pickup. */
const PICKUP_ONLY = {
  services: { pickup: true, return: false },
  fees: [{ code: 'LPH-GPLX', name: 'Lệ phí cấp đổi', amount: 135000, collectAt: 'pickup' }],
};

function memoryPorts() {
  const items = new MemoryItems();
  const reference = placedReference(NOW, AGENCY);
  return {
    items,
    dossiers: new MemoryDossiers(items),
    reference,
    s10: new MemoryS10Series(),
    idDigitsKey: async () => 'unit-test-id-digits-key-000000000000',
  };
}

type Ports = ReturnType<typeof memoryPorts>;

const register = (ports: Ports, overrides: Record<string, unknown> = {}) => {
  const request = RegisterDossierSchema.parse(dossierRequest(overrides));
  return registerDossier(ports, {
    request,
    registrant: { role: 'agency', agencyCode: AGENCY },
    contentHash: JSON.stringify(request),
    now: NOW,
  });
};

/** Moves an item on, as the scans before the use case would have. */
const setStatus = (ports: Ports, itemCode: string, status: string) => {
  const item = ports.items.items.get(itemCode);
  if (!item) throw new Error(`No item ${itemCode}`);
  ports.items.items.set(itemCode, { ...item, status } as typeof item);
};

describe('registerDossier', () => {
  let ports: Ports;
  beforeEach(() => {
    ports = memoryPorts();
  });

  it('places the dossier, draws a valid S10 code per service, and recognises a repeat', async () => {
    const first = await register(ports, { services: { pickup: true, return: true } });
    expect(first.created).toBe(true);
    expect(first.items.map(({ direction, status }) => `${direction} ${status}`)).toEqual([
      'inbound requested',
      'outbound registered',
    ]);
    for (const { itemCode } of first.items) expect(s10Problem(itemCode)).toBeNull();
    const again = await register(ports, { services: { pickup: true, return: true } });
    expect(again.created).toBe(false);
    expect(again.dossier.consignmentRef).toBe(first.dossier.consignmentRef);
    expect(again.items).toEqual(first.items);
    expect(ports.dossiers.dossiers.size).toBe(1);
  });

  it('refuses the same code with other content, and a commune no office serves', async () => {
    await register(ports);
    await expect(register(ports, { procedure: { code: '2.000001', name: 'Khác' } })).rejects.toMatchObject({
      kind: 'conflict',
    });
    const elsewhere = {
      dossierCode: `${AGENCY}-261120-0043`,
      applicant: {
        fullName: 'Trần Văn An',
        phone: '0987654321',
        address: { line: 'x', communeCode: '99999', provinceCode: '79' },
      },
    };
    await expect(register(ports, elsewhere)).rejects.toThrow(/No post office serves commune 99999/);
  });
});

describe('markResultReady', () => {
  it('changes the dossier once and records the fact on its outbound item once', async () => {
    const ports = memoryPorts();
    const { dossier, items } = await register(ports);
    const input = { dossierRef: dossier.dossierCode ?? '', mayAccess: anyone, readyAt: NOW, now: LATER };
    const view = await markResultReady(ports, input);
    expect(view.dossier.status).toBe('result-ready');
    await markResultReady(ports, input);
    const outbound = items.find((item) => item.direction === 'outbound')!;
    expect(ports.items.items.get(outbound.itemCode)?.status).toBe('result-ready');
    expect(ports.items.facts.get(outbound.itemCode)?.map((fact) => fact.type)).toEqual(['result-ready']);
    expect(ports.dossiers.events.get(dossier.consignmentRef)?.map((event) => event.type)).toEqual([
      'dossier.registered',
      'dossier.result-ready',
    ]);
  });

  it("stops at the caller's tenant before writing anything", async () => {
    const ports = memoryPorts();
    const { dossier } = await register(ports);
    const refuse = () => {
      throw new DomainRefusal('forbidden', 'another tenant');
    };
    await expect(
      markResultReady(ports, {
        dossierRef: dossier.consignmentRef,
        mayAccess: refuse,
        readyAt: NOW,
        now: LATER,
      }),
    ).rejects.toThrow('another tenant');
    expect(ports.dossiers.events.get(dossier.consignmentRef)).toHaveLength(1);
    await expect(
      markResultReady(ports, { dossierRef: 'PG0000000000ZZ', mayAccess: anyone, readyAt: NOW, now: LATER }),
    ).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('a dossier command meeting a concurrent change', () => {
  /** After each of the first `times` reads, another writer moves the stored dossier on. */
  const changeAfterReads = (ports: Ports, times: number) => {
    const find = ports.dossiers.find.bind(ports.dossiers);
    let reads = 0;
    ports.dossiers.find = async (ref: string) => {
      const found = await find(ref);
      if (found && reads++ < times) {
        const stored = ports.dossiers.dossiers.get(found.dossier.consignmentRef)!;
        ports.dossiers.dossiers.set(stored.consignmentRef, {
          ...stored,
          eventSequence: stored.eventSequence + 1,
        });
      }
      return found;
    };
    return () => reads;
  };

  it('reads the dossier again and succeeds when it changed between the read and the write', async () => {
    const ports = memoryPorts();
    const { dossier } = await register(ports);
    const reads = changeAfterReads(ports, 1);
    const view = await markResultReady(ports, {
      dossierRef: dossier.consignmentRef,
      mayAccess: anyone,
      readyAt: NOW,
      now: LATER,
    });
    expect(view.dossier.status).toBe('result-ready');
    expect(reads()).toBe(2);
    expect(ports.dossiers.events.get(dossier.consignmentRef)?.map((event) => event.type)).toEqual([
      'dossier.registered',
      'dossier.result-ready',
    ]);
  });

  it('answers a conflict, having written nothing, when the dossier keeps changing', async () => {
    const ports = memoryPorts();
    const { dossier } = await register(ports);
    const reads = changeAfterReads(ports, 100);
    await expect(
      markResultReady(ports, {
        dossierRef: dossier.consignmentRef,
        mayAccess: anyone,
        readyAt: NOW,
        now: LATER,
      }),
    ).rejects.toMatchObject({ kind: 'conflict' });
    expect(reads()).toBe(4);
    expect(ports.dossiers.events.get(dossier.consignmentRef)).toHaveLength(1);
  });
});

describe('decideDossier', () => {
  it('sends a refused dossier back on a return item: the inbound journey reversed, to the citizen', async () => {
    const ports = memoryPorts();
    const { dossier, items } = await register(ports, PICKUP_ONLY);
    const inbound = items[0]!;
    setStatus(ports, inbound.itemCode, 'handed-over');
    const decision = { decision: 'refused' as const, reason: 'Thiếu bản sao giấy khai sinh' };
    const input = {
      dossierRef: dossier.consignmentRef,
      mayAccess: anyone,
      decision,
      decidedAt: LATER,
      now: LATER,
    };
    const view = await decideDossier(ports, input);
    expect(view.dossier.status).toBe('refused');
    const returned = view.items.find((item) => item.direction === 'outbound')!;
    expect(s10Problem(returned.itemCode)).toBeNull();
    const returnItem = ports.items.items.get(returned.itemCode)!;
    const inboundItem = ports.items.items.get(inbound.itemCode)!;
    expect(returnItem).toMatchObject({
      originOfficeCode: inboundItem.destinationOfficeCode,
      destinationOfficeCode: inboundItem.originOfficeCode,
      addressee: { name: 'Nguyễn Thị Hoa', phone: '0912345678', communeCode: '26743' },
      status: 'result-ready',
      collectAmountVnd: 0,
    });
    expect(ports.items.facts.get(inbound.itemCode)?.map((fact) => fact.type)).toEqual(['refused']);
    // Said again: nothing more is drawn, changed or recorded.
    await decideDossier(ports, input);
    expect(ports.items.items.size).toBe(2);
    expect(ports.dossiers.events.get(dossier.consignmentRef)).toHaveLength(2);
  });

  it('refuses to decide on a dossier the post has not handed over', async () => {
    const ports = memoryPorts();
    const { dossier } = await register(ports, PICKUP_ONLY);
    const decision = { decision: 'accepted' as const };
    await expect(
      decideDossier(ports, {
        dossierRef: dossier.consignmentRef,
        mayAccess: anyone,
        decision,
        decidedAt: NOW,
        now: NOW,
      }),
    ).rejects.toMatchObject({ kind: 'conflict' });
  });
});

describe('cancelDossier', () => {
  it('withdraws a dossier before anything moved, each item recording it once; after a pickup it cannot', async () => {
    const ports = memoryPorts();
    const { dossier, items } = await register(ports, { services: { pickup: true, return: true } });
    const input = {
      dossierRef: dossier.consignmentRef,
      mayAccess: anyone,
      reason: 'Công dân rút hồ sơ',
      now: LATER,
    };
    expect((await cancelDossier(ports, input)).dossier.status).toBe('cancelled');
    await cancelDossier(ports, input);
    for (const { itemCode } of items) {
      expect(ports.items.facts.get(itemCode)?.map((fact) => fact.type)).toEqual(['cancelled']);
    }

    const other = memoryPorts();
    const moved = await register(other, PICKUP_ONLY);
    setStatus(other, moved.items[0]!.itemCode, 'picked-up');
    await expect(
      cancelDossier(other, { ...input, dossierRef: moved.dossier.consignmentRef }),
    ).rejects.toThrow(/Cannot cancel: .* is picked-up/);
  });
});
