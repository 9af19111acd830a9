/**
 * A result sent again, charged to the party at fault: the rules as plain functions (the
 * ledger balances for every party, exemption and route), and the use case over in-memory ports.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryDossiers, MemoryItems, MemoryS10Series } from '../../functions/app/dossiers/memory.ts';
import { registerDossier } from '../../functions/app/dossiers/register-dossier.ts';
import { resendItem } from '../../functions/app/dossiers/resend-item.ts';
import type { Dossier } from '../../functions/domain/dossiers.ts';
import type { ItemRecord } from '../../functions/domain/items/items.ts';
import { worklistEntry } from '../../functions/domain/items/worklist.ts';
import { account, MemoryLedger } from '../../functions/domain/money/ledger.ts';
import { Reconciler } from '../../functions/domain/money/reconcile.ts';
import { postageFor, TARIFF_2025 } from '../../functions/domain/money/tariffs.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';
import { FAULT_PARTIES, RESEND_REASONS, resendResult } from '../../functions/domain/resend.ts';
import { s10Code } from '../../functions/domain/s10.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { AGENCY, dossierRequest } from '../support/http-event.ts';
import { placedReference } from '../support/memory-reference.ts';

const NOW = new Date('2026-11-20T03:00:00.000Z');
const LATER = new Date('2026-11-24T03:00:00.000Z');
const anyone = () => undefined;

function memoryPorts() {
  const items = new MemoryItems();
  const reference = placedReference(NOW, AGENCY);
  const dossiers = new MemoryDossiers(items);
  return {
    items,
    dossiers,
    reference,
    s10: new MemoryS10Series(),
    idDigitsKey: async () => 'unit-test-id-digits-key-000000000000',
  };
}

type Ports = ReturnType<typeof memoryPorts>;

async function registeredWithReturn(ports: Ports, exemption: 'none' | 'half' | 'full' = 'none') {
  const request = RegisterDossierSchema.parse(dossierRequest({ exemption }));
  const { dossier, items } = await registerDossier(ports, {
    request,
    registrant: { role: 'agency', agencyCode: AGENCY },
    contentHash: JSON.stringify(request),
    now: NOW,
  });
  const outbound = items.find((item) => item.direction === 'outbound') as { itemCode: string };
  return { dossierRef: dossier.dossierCode as string, itemCode: outbound.itemCode };
}

const setStatus = (ports: Ports, itemCode: string, status: string) => {
  const item = ports.items.items.get(itemCode);
  if (!item) throw new Error(`No item ${itemCode}`);
  ports.items.items.set(itemCode, { ...item, status } as ItemRecord);
};

const resend = (
  ports: Ports,
  itemCode: string,
  faultParty: 'citizen' | 'post' | 'agency',
  mayResend = anyone,
) =>
  resendItem(ports, {
    itemCode,
    faultParty,
    reason:
      faultParty === 'citizen' ? 'wrong-address' : faultParty === 'post' ? 'lost-in-transit' : 'wrong-result',
    mayResend,
    mayAccess: anyone,
    recordedBy: 'supervisor-1',
    now: LATER,
  });

describe('resendResult (the rules)', () => {
  const original = (status: string, collectAmountVnd: number, feesAmountVnd: number): ItemRecord =>
    ({
      itemCode: 'RK000000014VN',
      direction: 'outbound',
      consignmentRef: 'PG0000000000AA',
      dossierCode: `${AGENCY}-261120-0042`,
      agencyCode: AGENCY,
      originOfficeCode: 'BC-HN-01',
      destinationOfficeCode: 'BC-HCM-01',
      routeClass: 'special-cities',
      addressee: {
        name: 'A',
        phone: '0912345678',
        addressLine: 'x',
        communeCode: '26743',
        provinceCode: '79',
      },
      collectAmountVnd,
      feesAmountVnd,
      createdAt: NOW.toISOString(),
      status,
      dueAt: null,
      acceptedAt: null,
      closedAt: null,
      anomalies: 0,
      failedAttempts: 0,
      outForDeliveryFactId: null,
      factCount: 3,
      version: 3,
    }) as ItemRecord;
  const dossier = (exemption: 'none' | 'half' | 'full', weightGrams: number): Dossier =>
    ({
      consignmentRef: 'PG0000000000AA',
      dossierCode: `${AGENCY}-261120-0042`,
      status: 'in-return',
      agency: { code: AGENCY, name: 'Bộ phận một cửa' },
      exemption,
      quote: {
        currency: 'VND',
        tariffVersion: 'test',
        exemption,
        weightGrams,
        lines: [],
        dueAtPickup: 0,
        dueAtDelivery: 31_000,
        total: 31_000,
      },
      items: [{ itemCode: 'RK000000014VN', direction: 'outbound' }],
      eventSequence: 4,
      services: { pickup: false, return: true },
    }) as unknown as Dossier;

  it('balances the ledger and charges exactly the party at fault, for any route, weight and exemption', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FAULT_PARTIES),
        fc.constantFrom(...RESEND_REASONS),
        fc.constantFrom('none', 'half', 'full' as const),
        fc.constantFrom(
          'collected',
          'in-transit',
          'out-for-delivery',
          'delivery-failed',
          'delivered',
          'returned-to-agency',
        ),
        fc.integer({ min: 1, max: 2_000 }),
        fc.integer({ min: 0, max: 500_000 }),
        (faultParty, reason, exemption, status, weightGrams, fees) => {
          const before = original(status, fees + 31_000, fees);
          const change = resendResult({
            dossier: dossier(exemption, weightGrams),
            original: before,
            itemCode: 'RK000000028VN',
            faultParty,
            reason,
            recordedBy: 'sup',
            now: LATER,
          });
          const postage = postageFor(TARIFF_2025, 'special-cities', weightGrams);
          const ledger = new MemoryLedger();
          ledger.post(change.transfers ?? []);
          // Debits equal credits: the balances of all accounts sum to zero.
          expect([...ledger.allBalances().values()].reduce((sum, balance) => sum + balance, 0)).toBe(0);
          const revenue = 0 - ledger.balance(account.postageRevenue('BC-HCM-01'));
          expect(ledger.balance(account.resendCosts('BC-HCM-01'))).toBe(faultParty === 'post' ? postage : 0);
          expect(ledger.balance(account.agencyReceivables(AGENCY))).toBe(
            faultParty === 'agency' ? postage : 0,
          );
          expect(revenue).toBe(faultParty === 'citizen' ? 0 : postage);
          // Booked again: nothing moves twice.
          expect(ledger.post(change.transfers ?? []).posted).toBe(0);

          const added = change.items?.[0] as ItemRecord;
          const carried = status === 'delivered' ? 0 : before.collectAmountVnd;
          const citizenPostage =
            faultParty !== 'citizen'
              ? 0
              : exemption === 'full'
                ? 0
                : exemption === 'half'
                  ? Math.floor(postage / 2)
                  : postage;
          expect(added.collectAmountVnd).toBe(carried + citizenPostage);
          expect(added.feesAmountVnd).toBe(status === 'delivered' ? 0 : fees);
          expect(added.resendOf).toBe(before.itemCode);
          expect(change.updatedItems?.[0]).toMatchObject({
            resentAs: added.itemCode,
            version: before.version + 1,
          });
          expect(change.dossier.status).toBe('result-ready');
          expect(change.event).toMatchObject({
            type: 'dossier.resent',
            data: { faultParty, postageVnd: postage },
          });

          // The statement counts the resend against the party at fault.
          const reconciler = new Reconciler();
          for (const line of change.financeLines ?? []) reconciler.push(line);
          const { totals } = reconciler.finish();
          expect(totals.resends).toEqual({
            count: 1,
            citizenVnd: faultParty === 'citizen' ? citizenPostage : 0,
            postVnd: faultParty === 'post' ? postage : 0,
            agencyVnd: faultParty === 'agency' ? postage : 0,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an inbound item, a result not yet collected, and an item already sent again', () => {
    const attempt = (item: ItemRecord) => () =>
      resendResult({
        dossier: dossier('none', 100),
        original: item,
        itemCode: 'RK000000028VN',
        faultParty: 'post',
        reason: 'other',
        recordedBy: 's',
        now: LATER,
      });
    expect(attempt({ ...original('in-transit', 0, 0), direction: 'inbound' })).toThrow(/registered again/);
    expect(attempt(original('result-ready', 0, 0))).toThrow(/only a result the post has collected/);
    expect(attempt({ ...original('delivered', 0, 0), resentAs: 'RK000000028VN' })).toThrow(
      /already sent again/,
    );
  });
});

describe('resendItem (the use case)', () => {
  let ports: Ports;
  beforeEach(() => {
    ports = memoryPorts();
  });

  it('sends a returned result again at the citizen’s cost: due at delivery, the old item off the worklist', async () => {
    const { itemCode } = await registeredWithReturn(ports);
    const before = ports.items.items.get(itemCode) as ItemRecord;
    setStatus(ports, itemCode, 'returned-to-agency');
    const { resend: recorded, view } = await resend(ports, itemCode, 'citizen');
    const postage = postageFor(TARIFF_2025, before.routeClass, TARIFF_2025.defaultWeightGrams);
    expect(recorded).toMatchObject({
      faultParty: 'citizen',
      postageVnd: postage,
      citizenPostageVnd: postage,
    });
    expect(view.dossier.status).toBe('result-ready');
    const added = ports.items.items.get(recorded?.itemCode as string) as ItemRecord;
    expect(added).toMatchObject({ status: 'result-ready', resendOf: itemCode });
    expect(added.collectAmountVnd).toBe(before.collectAmountVnd + postage);
    expect(ports.items.items.get(itemCode)?.resentAs).toBe(added.itemCode);
    // The original is off every round; the new one waits for collection at the agency.
    expect(
      worklistEntry({ ...(ports.items.items.get(itemCode) as ItemRecord), status: 'delivery-failed' }),
    ).toBeNull();
    expect(worklistEntry(added)).toMatchObject({
      workKind: 'collection',
      collectAmountVnd: added.collectAmountVnd,
    });
    // The citizen pays at the door: nothing is booked until then.
    expect(ports.dossiers.ledger.allBalances().size).toBe(0);
    expect(ports.dossiers.financeLines).toEqual([
      expect.objectContaining({ kind: 'resend', faultParty: 'citizen' }),
    ]);
  });

  it('books the post’s own cost and the agency’s receivable once, balanced', async () => {
    const first = await registeredWithReturn(ports);
    setStatus(ports, first.itemCode, 'in-transit');
    const byPost = await resend(ports, first.itemCode, 'post');
    const postage = byPost.resend?.postageVnd as number;
    expect(ports.dossiers.ledger.balance(account.resendCosts('BC-HCM-01'))).toBe(postage);
    setStatus(ports, byPost.resend?.itemCode as string, 'delivered');
    const byAgency = await resend(ports, byPost.resend?.itemCode as string, 'agency');
    expect(ports.dossiers.ledger.balance(account.agencyReceivables(AGENCY))).toBe(
      byAgency.resend?.postageVnd,
    );
    expect([...ports.dossiers.ledger.allBalances().values()].reduce((sum, b) => sum + b, 0)).toBe(0);
    expect(ports.dossiers.ledger.balance(account.postageRevenue('BC-HCM-01'))).toBe(-2 * postage);
  });

  it('refuses an unknown item, a second resend, a state not resendable and another office, writing nothing', async () => {
    const { itemCode } = await registeredWithReturn(ports);
    await expect(resend(ports, s10Code('RK', 99_999_990), 'post')).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(resend(ports, itemCode, 'post')).rejects.toMatchObject({ kind: 'unprocessable' });
    setStatus(ports, itemCode, 'delivered');
    const other = () => {
      throw new DomainRefusal('forbidden', 'not your office');
    };
    await expect(resend(ports, itemCode, 'post', other)).rejects.toMatchObject({ kind: 'forbidden' });
    await resend(ports, itemCode, 'agency');
    const written = ports.dossiers.financeLines.length;
    await expect(resend(ports, itemCode, 'agency')).rejects.toMatchObject({ kind: 'conflict' });
    expect(ports.dossiers.financeLines.length).toBe(written);
  });
});
