/**
 * Postage by route and weight, exemptions, the remittance charge, and the quote a dossier
 * gets at registration: worked examples, every refusal, and totals that add up exactly for
 * any dossier.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RouteClass } from '../../functions/domain/calendar/working-days.ts';
import { MAX_AMOUNT_VND } from '../../functions/domain/money/model.ts';
import {
  type Exemption,
  exemptPostage,
  postageFor,
  type QuoteFee,
  type QuoteInput,
  type QuoteItem,
  quoteDossier,
  REMITTANCE_DUE_WORKING_DAYS,
  remittanceChargeFor,
  TARIFF_2025,
  type Tariff,
} from '../../functions/domain/money/tariffs.ts';
import { DomainRefusal } from '../../functions/domain/refusal.ts';

const ROUTES: readonly RouteClass[] = [
  'within-commune',
  'within-province',
  'inter-province',
  'special-cities',
];
const INBOUND: QuoteItem = { itemCode: 'RH123456785VN', direction: 'inbound', routeClass: 'inter-province' };
const OUTBOUND: QuoteItem = {
  itemCode: 'RK123456785VN',
  direction: 'outbound',
  routeClass: 'within-province',
};
const LAM_DONG = '68';
const HA_NOI = '01';

const fee = (code: string, amount: number, collectAt: QuoteFee['collectAt']): QuoteFee => ({
  code,
  name: `Lệ phí ${code}`,
  amount,
  collectAt,
});

const refusal = (run: () => unknown): DomainRefusal => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainRefusal);
    expect((error as DomainRefusal).kind).toBe('unprocessable');
    return error as DomainRefusal;
  }
  throw new Error('Expected a refusal');
};

describe('postage by the 2025 tariff', () => {
  it('charges the published first tier, up to 100 g', () => {
    expect(ROUTES.map((route) => postageFor(TARIFF_2025, route, 100))).toEqual([
      26_000, 30_000, 31_000, 33_000,
    ]);
    expect(postageFor(TARIFF_2025, 'within-commune', 1)).toBe(26_000);
    expect(TARIFF_2025.version).toBe('2025-07-01');
    expect(TARIFF_2025.effectiveFrom).toBe('2025-07-01');
  });

  it('steps up by tier, then by each further 500 g or part of it, up to 5 kg', () => {
    const interProvince = (grams: number) => postageFor(TARIFF_2025, 'inter-province', grams);
    expect(interProvince(101)).toBe(35_000);
    expect(interProvince(250)).toBe(35_000);
    expect(interProvince(251)).toBe(40_000);
    expect(interProvince(1_000)).toBe(49_000);
    expect(interProvince(2_000)).toBe(64_000);
    expect(interProvince(2_001)).toBe(71_000);
    expect(interProvince(2_500)).toBe(71_000);
    expect(interProvince(2_501)).toBe(78_000);
    expect(interProvince(5_000)).toBe(64_000 + 6 * 7_000);
  });

  it('never charges less for a heavier item, nor for a longer route', () => {
    for (const route of ROUTES) {
      let previous = 0;
      for (let grams = 1; grams <= TARIFF_2025.maxWeightGrams; grams += 1) {
        const postage = postageFor(TARIFF_2025, route, grams);
        expect(Number.isInteger(postage)).toBe(true);
        expect(postage).toBeGreaterThanOrEqual(previous);
        previous = postage;
      }
    }
    for (const grams of [100, 250, 500, 1_000, 2_000, 5_000]) {
      const byRoute = ROUTES.map((route) => postageFor(TARIFF_2025, route, grams));
      expect([...byRoute].sort((a, b) => a - b)).toEqual(byRoute);
    }
  });

  it('refuses an item above 5,000 g, naming the limit', () => {
    const error = refusal(() => postageFor(TARIFF_2025, 'within-commune', 5_001));
    expect(error.message).toContain('5000 g');
    expect(error.message).toContain('5001 g');
  });

  it.each([0, -100, 99.5, Number.NaN])('refuses a weight of %d g', (grams) => {
    refusal(() => postageFor(TARIFF_2025, 'within-commune', grams));
  });
});

describe('exemptions and the remittance charge', () => {
  it('halves postage rounding down to the whole đồng, or waives it', () => {
    expect(exemptPostage(31_000, 'none')).toBe(31_000);
    expect(exemptPostage(31_000, 'half')).toBe(15_500);
    expect(exemptPostage(26_001, 'half')).toBe(13_000);
    expect(exemptPostage(1, 'half')).toBe(0);
    expect(exemptPostage(31_000, 'full')).toBe(0);
  });

  it('charges remittance only where the province has a charge', () => {
    expect(remittanceChargeFor(TARIFF_2025, LAM_DONG)).toBe(5_000);
    expect(remittanceChargeFor(TARIFF_2025, HA_NOI)).toBe(0);
    expect(remittanceChargeFor(TARIFF_2025, 'constructor')).toBe(0);
  });

  it('gives three working days to remit a period’s fees', () => {
    expect(REMITTANCE_DUE_WORKING_DAYS).toBe(3);
  });
});

describe('the quote at registration', () => {
  it('bills the dossier’s postage and pickup fees at pickup, the result’s at delivery', () => {
    const quote = quoteDossier({
      items: [OUTBOUND, INBOUND],
      fees: [fee('LP01', 50_000, 'pickup'), fee('LP02', 20_000, 'delivery'), fee('LP03', 15_000, 'pickup')],
      exemption: 'none',
      agencyProvinceCode: LAM_DONG,
    });
    expect(quote).toMatchObject({
      currency: 'VND',
      tariffVersion: '2025-07-01',
      exemption: 'none',
      weightGrams: 100,
    });
    expect(
      quote.lines.map(({ itemCode, kind, code, amount, collectAt }) => [
        itemCode,
        kind,
        code,
        amount,
        collectAt,
      ]),
    ).toEqual([
      ['RH123456785VN', 'postage', 'postage', 31_000, 'pickup'],
      ['RH123456785VN', 'fee', 'LP01', 50_000, 'pickup'],
      ['RH123456785VN', 'fee', 'LP03', 15_000, 'pickup'],
      ['RH123456785VN', 'remittance-charge', 'remittance-charge', 5_000, 'pickup'],
      ['RK123456785VN', 'postage', 'postage', 30_000, 'delivery'],
      ['RK123456785VN', 'fee', 'LP02', 20_000, 'delivery'],
    ]);
    expect(quote.lines[0]).toMatchObject({ name: 'Cước chuyển phát hồ sơ', direction: 'inbound' });
    expect(quote.lines[3]).toMatchObject({ name: 'Phí chuyển tiền thu hộ' });
    expect(quote.lines[4]).toMatchObject({ name: 'Cước chuyển trả kết quả', direction: 'outbound' });
    expect(quote.perItem).toEqual([
      { itemCode: 'RH123456785VN', collectAt: 'pickup', collectAmountVnd: 101_000, feesAmountVnd: 65_000 },
      { itemCode: 'RK123456785VN', collectAt: 'delivery', collectAmountVnd: 50_000, feesAmountVnd: 20_000 },
    ]);
    expect([quote.dueAtPickup, quote.dueAtDelivery, quote.total]).toEqual([101_000, 50_000, 151_000]);
  });

  it('halves postage but never the agency’s fees nor the remittance charge', () => {
    const quote = quoteDossier({
      items: [INBOUND, OUTBOUND],
      fees: [fee('LP01', 50_000, 'delivery')],
      exemption: 'half',
      weightGrams: 300,
      agencyProvinceCode: LAM_DONG,
    });
    expect(quote.lines.map(({ kind, amount }) => [kind, amount])).toEqual([
      ['postage', 20_000],
      ['postage', 18_500],
      ['fee', 50_000],
      ['remittance-charge', 5_000],
    ]);
    expect(quote.lines[0]).toMatchObject({
      tariffAmount: 40_000,
      exemption: 'half',
      routeClass: 'inter-province',
    });
    expect(quote.lines[1]).toMatchObject({ tariffAmount: 37_000, exemption: 'half' });
    expect([quote.dueAtPickup, quote.dueAtDelivery]).toEqual([20_000, 73_500]);
  });

  it('shows waived postage as lines of 0 đồng, saying why', () => {
    const quote = quoteDossier({
      items: [INBOUND, OUTBOUND],
      fees: [],
      exemption: 'full',
      agencyProvinceCode: HA_NOI,
    });
    expect(quote.lines).toEqual([
      expect.objectContaining({ kind: 'postage', amount: 0, tariffAmount: 31_000, exemption: 'full' }),
      expect.objectContaining({ kind: 'postage', amount: 0, tariffAmount: 30_000, exemption: 'full' }),
    ]);
    expect(quote.total).toBe(0);
  });

  it('charges no remittance without fees to remit, nor where the province charges none', () => {
    const noFees = quoteDossier({
      items: [INBOUND, OUTBOUND],
      fees: [fee('LP00', 0, 'pickup')],
      exemption: 'none',
      agencyProvinceCode: LAM_DONG,
    });
    expect(noFees.lines.some((line) => line.kind === 'remittance-charge')).toBe(false);
    const noCharge = quoteDossier({
      items: [INBOUND],
      fees: [fee('LP01', 50_000, 'pickup')],
      exemption: 'none',
      agencyProvinceCode: HA_NOI,
    });
    expect(noCharge.lines.some((line) => line.kind === 'remittance-charge')).toBe(false);
  });

  it('charges remittance at delivery when no fee is collected at pickup', () => {
    const quote = quoteDossier({
      items: [INBOUND, OUTBOUND],
      fees: [fee('LP00', 0, 'pickup'), fee('LP01', 40_000, 'delivery')],
      exemption: 'none',
      agencyProvinceCode: LAM_DONG,
    });
    const charges = quote.lines.filter((line) => line.kind === 'remittance-charge');
    expect(charges).toEqual([
      expect.objectContaining({ itemCode: OUTBOUND.itemCode, collectAt: 'delivery', amount: 5_000 }),
    ]);
  });

  it('prices by the tariff it is given', () => {
    const flat: Tariff = {
      ...TARIFF_2025,
      version: 'test-flat',
      weightTiers: [
        {
          upToGrams: 100,
          postage: { 'within-commune': 1, 'within-province': 3, 'inter-province': 5, 'special-cities': 7 },
        },
      ],
      maxWeightGrams: 100,
      remittanceChargeByProvince: { [HA_NOI]: 2_000 },
    };
    const quote = quoteDossier({
      tariff: flat,
      items: [INBOUND],
      fees: [fee('LP01', 10, 'pickup')],
      exemption: 'half',
      agencyProvinceCode: HA_NOI,
    });
    expect(quote.tariffVersion).toBe('test-flat');
    expect(quote.lines.map((line) => line.amount)).toEqual([2, 10, 2_000]);
    refusal(() =>
      quoteDossier({
        tariff: flat,
        items: [INBOUND],
        fees: [],
        exemption: 'none',
        weightGrams: 101,
        agencyProvinceCode: HA_NOI,
      }),
    );
  });

  it('refuses fees collected where the dossier has no item, naming the fee', () => {
    const atPickup = refusal(() =>
      quoteDossier({
        items: [OUTBOUND],
        fees: [fee('LP09', 1_000, 'pickup')],
        exemption: 'none',
        agencyProvinceCode: HA_NOI,
      }),
    );
    expect(atPickup.message).toContain('LP09');
    expect(atPickup.message).toContain('inbound');
    const atDelivery = refusal(() =>
      quoteDossier({
        items: [INBOUND],
        fees: [fee('LP07', 1_000, 'delivery')],
        exemption: 'none',
        agencyProvinceCode: HA_NOI,
      }),
    );
    expect(atDelivery.message).toContain('LP07');
    expect(atDelivery.message).toContain('outbound');
  });

  it.each([-1, 0.5, Number.NaN, MAX_AMOUNT_VND + 1])('refuses a fee of %d đồng', (amount) => {
    const error = refusal(() =>
      quoteDossier({
        items: [INBOUND],
        fees: [fee('LP01', amount, 'pickup')],
        exemption: 'none',
        agencyProvinceCode: HA_NOI,
      }),
    );
    expect(error.message).toContain('LP01');
  });

  it('refuses what cannot be one dossier’s quote', () => {
    const base: QuoteInput = { items: [INBOUND], fees: [], exemption: 'none', agencyProvinceCode: HA_NOI };
    refusal(() => quoteDossier({ ...base, items: [] }));
    refusal(() => quoteDossier({ ...base, items: [INBOUND, { ...INBOUND, itemCode: 'RH000000019VN' }] }));
    refusal(() => quoteDossier({ ...base, items: [INBOUND, { ...OUTBOUND, itemCode: INBOUND.itemCode }] }));
    refusal(() => quoteDossier({ ...base, weightGrams: 5_001 }));
    refusal(() => quoteDossier({ ...base, weightGrams: 0 }));
    const tooMuch = refusal(() => quoteDossier({ ...base, fees: [fee('LP01', MAX_AMOUNT_VND, 'pickup')] }));
    expect(tooMuch.message).toContain('pickup');
  });
});

describe('the quote adds up', () => {
  const arbitraryInput = fc.record({
    services: fc.constantFrom(['inbound'], ['outbound'], ['inbound', 'outbound']),
    inboundRoute: fc.constantFrom(...ROUTES),
    outboundRoute: fc.constantFrom(...ROUTES),
    exemption: fc.constantFrom<Exemption>('none', 'half', 'full'),
    weightGrams: fc.option(fc.integer({ min: 1, max: TARIFF_2025.maxWeightGrams }), { nil: undefined }),
    province: fc.constantFrom(LAM_DONG, HA_NOI, '79'),
    fees: fc.array(
      fc.record({
        amount: fc.oneof(fc.integer({ min: 0, max: 500_000 }), fc.integer({ min: 0, max: MAX_AMOUNT_VND })),
        collectAt: fc.constantFrom<QuoteFee['collectAt']>('pickup', 'delivery'),
      }),
      { maxLength: 6 },
    ),
  });

  it('every line counted once: lines, items, collection points and total agree', () => {
    fc.assert(
      fc.property(arbitraryInput, (generated) => {
        const items: QuoteItem[] = generated.services.map((direction) =>
          direction === 'inbound'
            ? { ...INBOUND, routeClass: generated.inboundRoute }
            : { ...OUTBOUND, routeClass: generated.outboundRoute },
        );
        const directions = new Set(generated.services);
        // Fees only where an item collects them.
        const fees = generated.fees
          .filter((f) => directions.has(f.collectAt === 'pickup' ? 'inbound' : 'outbound'))
          .map((f, index) => fee(`LP${index}`, f.amount, f.collectAt));
        const input: QuoteInput = {
          items,
          fees,
          exemption: generated.exemption,
          agencyProvinceCode: generated.province,
          ...(generated.weightGrams === undefined ? {} : { weightGrams: generated.weightGrams }),
        };
        let quote: ReturnType<typeof quoteDossier>;
        try {
          quote = quoteDossier(input);
        } catch (error) {
          // Only an amount due above the largest accepted amount may be refused.
          expect(error).toBeInstanceOf(DomainRefusal);
          const feesAt = (point: string) =>
            fees.filter((f) => f.collectAt === point).reduce((total, f) => total + f.amount, 0);
          expect(Math.max(feesAt('pickup'), feesAt('delivery'))).toBeGreaterThan(MAX_AMOUNT_VND - 200_000);
          return;
        }
        const sum = (amounts: readonly number[]) => amounts.reduce((total, amount) => total + amount, 0);
        const lineTotal = sum(quote.lines.map((line) => line.amount));
        expect(lineTotal).toBe(quote.total);
        expect(quote.dueAtPickup + quote.dueAtDelivery).toBe(quote.total);
        expect(quote.dueAtPickup).toBe(
          sum(quote.lines.filter((l) => l.collectAt === 'pickup').map((l) => l.amount)),
        );
        expect(quote.dueAtPickup).toBeLessThanOrEqual(MAX_AMOUNT_VND);
        expect(quote.dueAtDelivery).toBeLessThanOrEqual(MAX_AMOUNT_VND);
        expect(quote.perItem.map((item) => item.itemCode)).toEqual(items.map((item) => item.itemCode).sort());
        for (const item of quote.perItem) {
          const own = quote.lines.filter((line) => line.itemCode === item.itemCode);
          expect(own.every((line) => line.collectAt === item.collectAt)).toBe(true);
          expect(item.collectAmountVnd).toBe(sum(own.map((line) => line.amount)));
          expect(item.feesAmountVnd).toBe(
            sum(own.filter((line) => line.kind === 'fee').map((line) => line.amount)),
          );
        }
        // Every fee appears once, untouched by the exemption; every item has one postage line.
        expect(
          quote.lines
            .filter((line) => line.kind === 'fee')
            .map((line) => [line.code, line.amount])
            .sort(),
        ).toEqual(fees.map((f) => [f.code, f.amount]).sort());
        expect(quote.lines.filter((line) => line.kind === 'postage')).toHaveLength(items.length);
        for (const line of quote.lines) {
          expect(Number.isInteger(line.amount) && line.amount >= 0).toBe(true);
          if (line.kind === 'postage')
            expect(line.amount).toBe(exemptPostage(line.tariffAmount, generated.exemption));
        }
        const charges = quote.lines.filter((line) => line.kind === 'remittance-charge');
        const hasFees = fees.some((f) => f.amount > 0);
        expect(sum(charges.map((line) => line.amount))).toBe(
          hasFees ? remittanceChargeFor(TARIFF_2025, generated.province) : 0,
        );
        expect(charges.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1_000 },
    );
  });
});
