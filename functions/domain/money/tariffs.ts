/**
 * Postage tariffs, and the quote a dossier gets when it is registered: what the citizen
 * pays at pickup (the inbound item: postage for carrying the dossier, plus the agency's
 * fees collected then) and at delivery (the outbound item: postage for returning the
 * result, plus the fees billed on delivery).
 *
 * Postage is per one-way item, by route class and weight, in integer đồng. Policy
 * beneficiaries are exempted from postage in full or by half; the agency's fees are never
 * exempted. Some provinces charge a remittance charge per dossier for passing the collected
 * fees on to the agency; the citizen pays it once, with the first fees collected.
 */
import type { RouteClass } from '../calendar/working-days.ts';
import { DomainRefusal } from '../refusal.ts';
import { MAX_AMOUNT_VND } from './model.ts';

/** Fees collected in a period must reach the agency within this many working days after it ends. */
export const REMITTANCE_DUE_WORKING_DAYS = 3;

export type Exemption = 'none' | 'half' | 'full';
export type CollectionPoint = 'pickup' | 'delivery';
export type ItemDirection = 'inbound' | 'outbound';

/** One-way postage for each route class, integer đồng. */
export type PostageByRoute = Readonly<Record<RouteClass, number>>;

export interface Tariff {
  /** Names the tariff on every quote made with it. */
  readonly version: string;
  /** The first day (Vietnam time, `YYYY-MM-DD`) the tariff applies. */
  readonly effectiveFrom: string;
  /** Ascending weight tiers: an item pays the first tier its weight fits in. */
  readonly weightTiers: readonly { readonly upToGrams: number; readonly postage: PostageByRoute }[];
  /** Above the last tier: this much more for each further step of weight, or part of one. */
  readonly extraStep: { readonly grams: number; readonly postage: PostageByRoute };
  /** The heaviest item carried. */
  readonly maxWeightGrams: number;
  /** The weight a dossier is priced at when none is given: a dossier in an envelope. */
  readonly defaultWeightGrams: number;
  /** Charge per dossier for remitting collected fees, by province code; a province not listed charges nothing. */
  readonly remittanceChargeByProvince: Readonly<Record<string, number>>;
}

/** The tariff of the public-utility dossier service from 1 July 2025 (34 provinces, no districts). */
export const TARIFF_2025: Tariff = {
  version: '2025-07-01',
  effectiveFrom: '2025-07-01',
  weightTiers: [
    {
      upToGrams: 100,
      postage: {
        'within-commune': 26_000,
        'within-province': 30_000,
        'inter-province': 31_000,
        'special-cities': 33_000,
      },
    },
    {
      upToGrams: 250,
      postage: {
        'within-commune': 28_000,
        'within-province': 33_000,
        'inter-province': 35_000,
        'special-cities': 37_000,
      },
    },
    {
      upToGrams: 500,
      postage: {
        'within-commune': 31_000,
        'within-province': 37_000,
        'inter-province': 40_000,
        'special-cities': 42_000,
      },
    },
    {
      upToGrams: 1_000,
      postage: {
        'within-commune': 36_000,
        'within-province': 44_000,
        'inter-province': 49_000,
        'special-cities': 51_000,
      },
    },
    {
      upToGrams: 2_000,
      postage: {
        'within-commune': 45_000,
        'within-province': 56_000,
        'inter-province': 64_000,
        'special-cities': 67_000,
      },
    },
  ],
  extraStep: {
    grams: 500,
    postage: {
      'within-commune': 4_000,
      'within-province': 5_000,
      'inter-province': 7_000,
      'special-cities': 8_000,
    },
  },
  maxWeightGrams: 5_000,
  defaultWeightGrams: 100,
  remittanceChargeByProvince: {
    // Lâm Đồng
    '68': 5_000,
  },
};

/** One-way postage of an item by the tariff, before any exemption. */
export function postageFor(tariff: Tariff, routeClass: RouteClass, weightGrams: number): number {
  if (!Number.isInteger(weightGrams) || weightGrams <= 0) {
    throw new DomainRefusal(
      'unprocessable',
      `The weight must be a positive whole number of grams: ${weightGrams}`,
    );
  }
  if (weightGrams > tariff.maxWeightGrams) {
    throw new DomainRefusal(
      'unprocessable',
      `Tariff ${tariff.version} carries items up to ${tariff.maxWeightGrams} g; this one weighs ${weightGrams} g`,
    );
  }
  const tier = tariff.weightTiers.find((candidate) => weightGrams <= candidate.upToGrams);
  if (tier) return tier.postage[routeClass];
  const last = tariff.weightTiers.at(-1);
  if (!last) throw new Error(`Tariff ${tariff.version} has no weight tiers`);
  const steps = Math.ceil((weightGrams - last.upToGrams) / tariff.extraStep.grams);
  return last.postage[routeClass] + steps * tariff.extraStep.postage[routeClass];
}

/**
 * Postage after an exemption. A half exemption rounds down to the whole đồng, in the
 * beneficiary's favour: 26,001 đồng of postage is paid as 13,000.
 */
export function exemptPostage(postage: number, exemption: Exemption): number {
  switch (exemption) {
    case 'none':
      return postage;
    case 'half':
      return Math.floor(postage / 2);
    case 'full':
      return 0;
  }
}

export const remittanceChargeFor = (tariff: Tariff, provinceCode: string): number =>
  Object.hasOwn(tariff.remittanceChargeByProvince, provinceCode)
    ? (tariff.remittanceChargeByProvince[provinceCode] ?? 0)
    : 0;

/** Vietnamese names of the quote's lines, as printed on slips and receipts. */
export const QUOTE_LINE_NAMES = {
  postage: { inbound: 'Cước chuyển phát hồ sơ', outbound: 'Cước chuyển trả kết quả' },
  remittanceCharge: 'Phí chuyển tiền thu hộ',
} as const;

export const POSTAGE_LINE_CODE = 'postage';
export const REMITTANCE_CHARGE_LINE_CODE = 'remittance-charge';

/** Where each direction's item is paid for: the dossier at pickup, the result at delivery. */
const COLLECT_AT: Readonly<Record<ItemDirection, CollectionPoint>> = {
  inbound: 'pickup',
  outbound: 'delivery',
};

export interface QuoteItem {
  readonly itemCode: string;
  readonly direction: ItemDirection;
  readonly routeClass: RouteClass;
}

export interface QuoteFee {
  readonly code: string;
  readonly name: string;
  readonly amount: number;
  readonly collectAt: CollectionPoint;
}

export interface QuoteInput {
  /** {@link TARIFF_2025} when absent. */
  readonly tariff?: Tariff;
  /** At most one inbound item (the pickup service) and one outbound item (the return service). */
  readonly items: readonly QuoteItem[];
  /** The agency's fees and charges, receipted in the agency's name. */
  readonly fees: readonly QuoteFee[];
  readonly exemption: Exemption;
  /** What each of the dossier's items is priced at; the tariff's default weight when absent. */
  readonly weightGrams?: number;
  /** The province of the agency: it decides whether a remittance charge applies. */
  readonly agencyProvinceCode: string;
}

interface QuoteLineBase {
  readonly itemCode: string;
  readonly direction: ItemDirection;
  readonly code: string;
  /** Vietnamese, as printed. */
  readonly name: string;
  /** Integer đồng. */
  readonly amount: number;
  readonly collectAt: CollectionPoint;
}

export type QuoteLine =
  | (QuoteLineBase & {
      readonly kind: 'postage';
      readonly routeClass: RouteClass;
      /** The postage by the tariff, before the exemption. */
      readonly tariffAmount: number;
      readonly exemption: Exemption;
    })
  | (QuoteLineBase & { readonly kind: 'fee' | 'remittance-charge' });

export interface Quote {
  readonly currency: 'VND';
  readonly tariffVersion: string;
  readonly exemption: Exemption;
  readonly weightGrams: number;
  /** Item by item (inbound first): its postage, its fees in the order given, then any remittance charge. */
  readonly lines: readonly QuoteLine[];
  readonly perItem: readonly {
    readonly itemCode: string;
    readonly collectAt: CollectionPoint;
    /** Everything staff collect for the item: postage, fees, charges. */
    readonly collectAmountVnd: number;
    /** The agency's share of `collectAmountVnd`. */
    readonly feesAmountVnd: number;
  }[];
  readonly dueAtPickup: number;
  readonly dueAtDelivery: number;
  readonly total: number;
}

const sum = (amounts: readonly number[]): number => amounts.reduce((total, amount) => total + amount, 0);

/** The quote's lines, item by item: postage, the fees collected with it, any remittance charge. */
function quoteLines(
  tariff: Tariff,
  input: QuoteInput,
  items: readonly QuoteItem[],
  weightGrams: number,
): QuoteLine[] {
  const { exemption } = input;
  // The remittance charge rides with the first fees actually collected.
  const feesAt = (point: CollectionPoint) =>
    sum(input.fees.filter((fee) => fee.collectAt === point).map((fee) => fee.amount));
  const chargeAt: CollectionPoint | null =
    feesAt('pickup') > 0 ? 'pickup' : feesAt('delivery') > 0 ? 'delivery' : null;
  const remittanceCharge = chargeAt ? remittanceChargeFor(tariff, input.agencyProvinceCode) : 0;

  const lines: QuoteLine[] = [];
  for (const item of items) {
    const collectAt = COLLECT_AT[item.direction];
    const common = { itemCode: item.itemCode, direction: item.direction, collectAt };
    const tariffAmount = postageFor(tariff, item.routeClass, weightGrams);
    lines.push({
      ...common,
      kind: 'postage',
      code: POSTAGE_LINE_CODE,
      name: QUOTE_LINE_NAMES.postage[item.direction],
      amount: exemptPostage(tariffAmount, exemption),
      routeClass: item.routeClass,
      tariffAmount,
      exemption,
    });
    for (const fee of input.fees.filter((candidate) => candidate.collectAt === collectAt)) {
      lines.push({ ...common, kind: 'fee', code: fee.code, name: fee.name, amount: fee.amount });
    }
    if (remittanceCharge > 0 && chargeAt === collectAt) {
      lines.push({
        ...common,
        kind: 'remittance-charge',
        code: REMITTANCE_CHARGE_LINE_CODE,
        name: QUOTE_LINE_NAMES.remittanceCharge,
        amount: remittanceCharge,
      });
    }
  }
  return lines;
}

/** Refuses items and fees that cannot be quoted. */
function checkQuoteInput(items: readonly QuoteItem[], fees: readonly QuoteFee[]): void {
  if (items.length === 0)
    throw new DomainRefusal('unprocessable', 'A dossier to quote needs at least one item');
  if (new Set(items.map((item) => item.itemCode)).size !== items.length) {
    throw new DomainRefusal('unprocessable', 'The inbound and outbound items need different item codes');
  }
  for (const direction of ['inbound', 'outbound'] as const) {
    if (items.filter((item) => item.direction === direction).length > 1) {
      throw new DomainRefusal('unprocessable', `A dossier has at most one ${direction} item to quote`);
    }
  }
  for (const fee of fees) {
    if (!Number.isInteger(fee.amount) || fee.amount < 0 || fee.amount > MAX_AMOUNT_VND) {
      throw new DomainRefusal(
        'unprocessable',
        `Fee ${fee.code}: the amount must be a whole number of đồng from 0 to ${MAX_AMOUNT_VND}, not ${fee.amount}`,
      );
    }
    if (!items.some((item) => COLLECT_AT[item.direction] === fee.collectAt)) {
      throw new DomainRefusal(
        'unprocessable',
        `Fee ${fee.code} is collected at ${fee.collectAt}, but the dossier has no ${
          fee.collectAt === 'pickup' ? 'inbound item (pickup service)' : 'outbound item (return service)'
        }`,
      );
    }
  }
}

/** What a dossier costs the citizen, line by line, and where each line is paid. */
export function quoteDossier(input: QuoteInput): Quote {
  const tariff = input.tariff ?? TARIFF_2025;
  const weightGrams = input.weightGrams ?? tariff.defaultWeightGrams;
  const { exemption } = input;
  const items = [...input.items].sort(
    (left, right) => Number(left.direction === 'outbound') - Number(right.direction === 'outbound'),
  );
  checkQuoteInput(items, input.fees);

  const lines = quoteLines(tariff, input, items, weightGrams);

  const perItem = items.map((item) => {
    const own = lines.filter((line) => line.itemCode === item.itemCode);
    return {
      itemCode: item.itemCode,
      collectAt: COLLECT_AT[item.direction],
      collectAmountVnd: sum(own.map((line) => line.amount)),
      feesAmountVnd: sum(own.filter((line) => line.kind === 'fee').map((line) => line.amount)),
    };
  });
  const dueAt = (point: CollectionPoint) =>
    sum(perItem.filter((item) => item.collectAt === point).map((item) => item.collectAmountVnd));
  const dueAtPickup = dueAt('pickup');
  const dueAtDelivery = dueAt('delivery');
  for (const [point, due] of [
    ['pickup', dueAtPickup],
    ['delivery', dueAtDelivery],
  ] as const) {
    if (due > MAX_AMOUNT_VND) {
      throw new DomainRefusal(
        'unprocessable',
        `The amount due at ${point}, ${due} đồng, is more than the largest accepted amount of ${MAX_AMOUNT_VND}`,
      );
    }
  }
  return {
    currency: 'VND',
    tariffVersion: tariff.version,
    exemption,
    weightGrams,
    lines,
    perItem,
    dueAtPickup,
    dueAtDelivery,
    total: dueAtPickup + dueAtDelivery,
  };
}
