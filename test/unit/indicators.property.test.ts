/**
 * Indicator figures over random journeys (with their scans attached) and remittances equal
 * those recomputed from the journeys and remittances themselves, and the per-day counters do
 * not change when the stream delivers a contribution again, in any order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indicatorReportFor } from '../../functions/app/indicators/indicator-report.ts';
import { MemoryIndicatorStore } from '../../functions/app/indicators/memory.ts';
import { localDate } from '../../functions/domain/calendar/working-days.ts';
import { attachDocument } from '../../functions/domain/digitised-documents.ts';
import type { Dossier } from '../../functions/domain/dossiers.ts';
import {
  type Contribution,
  documentsContribution,
  GROUP_BY,
  type GroupBy,
  journeyContribution,
  NO_UNIT,
  ratingContribution,
  remittanceContribution,
} from '../../functions/domain/indicators.ts';
import type { ItemSnapshot } from '../../functions/domain/items/ingest.ts';
import { journeyEnd, rateDossier } from '../../functions/domain/satisfaction.ts';

const HOUR_MS = 3_600_000;
const BASE_MS = Date.parse('2026-10-25T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const legArbitrary = fc.record({
  startHours: fc.integer({ min: 0, max: 24 * 20 }),
  durationMinutes: fc.integer({ min: 10, max: 6 * 24 * 60 }),
  dueAfterMinutes: fc.option(fc.integer({ min: 0, max: 5 * 24 * 60 }), { nil: null }),
});

const journeyArbitrary = fc.record({
  pickup: fc.boolean(),
  back: fc.boolean(),
  province: fc.constantFrom('01', '79'),
  commune: fc.constantFrom('00004', '00008', '26743'),
  agency: fc.constantFrom('000.00.06.H26', '000.00.07.H57'),
  pickupOffice: fc.constantFrom('BC-HN-01', 'BC-HN-02'),
  deliveryOffice: fc.constantFrom('BC-HCM-01', 'BC-HN-01'),
  inbound: legArbitrary,
  outbound: legArbitrary,
  returned: fc.boolean(),
  failedAttempts: fc.integer({ min: 0, max: 2 }),
  inboundFeesVnd: fc.integer({ min: 0, max: 500_000 }),
  outboundFeesVnd: fc.integer({ min: 0, max: 500_000 }),
  promisedOffsetDays: fc.option(fc.integer({ min: -3, max: 3 }), { nil: null }),
  score: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  scans: fc.array(
    fc.record({
      afterHours: fc.integer({ min: 0, max: 24 * 40 }),
      office: fc.constantFrom('BC-HN-01', 'BC-HN-02'),
    }),
    { maxLength: 3 },
  ),
});
type Journey = (typeof journeyArbitrary extends fc.Arbitrary<infer T> ? T : never) & { readonly ref: string };

const leg = (journeyLeg: Journey['inbound']) => {
  const startMs = BASE_MS + journeyLeg.startHours * HOUR_MS;
  const endMs = startMs + journeyLeg.durationMinutes * 60_000;
  const dueMs = journeyLeg.dueAfterMinutes === null ? null : startMs + journeyLeg.dueAfterMinutes * 60_000;
  return { startMs, endMs, dueMs };
};

const services = (journey: Journey) => ({ pickup: journey.pickup || !journey.back, return: journey.back });

function snapshot(
  direction: 'inbound' | 'outbound',
  journey: Journey,
  facts: readonly { type: string; at: number }[],
  fields: Record<string, unknown>,
): ItemSnapshot {
  return {
    item: {
      itemCode: `${journey.ref}-${direction}`,
      direction,
      originOfficeCode: direction === 'inbound' ? journey.pickupOffice : 'BC-HN-09',
      destinationOfficeCode: direction === 'inbound' ? 'BC-HN-09' : journey.deliveryOffice,
      createdAt: iso(BASE_MS),
      failedAttempts: 0,
      ...fields,
    },
    facts: facts.map((fact, index) => ({
      factId: `${journey.ref}-${direction}-${index}`,
      type: fact.type,
      occurredAt: iso(fact.at),
      postOfficeCode: 'BC-HN-09',
      staffId: 'staff-1',
    })),
  } as unknown as ItemSnapshot;
}

/** The dossier and its items as the store would hold them at the journey's end. */
function materialise(journey: Journey) {
  const { pickup, return: back } = services(journey);
  const snapshots: ItemSnapshot[] = [];
  const inbound = leg(journey.inbound);
  const outbound = leg(journey.outbound);
  if (pickup) {
    snapshots.push(
      snapshot(
        'inbound',
        journey,
        [
          { type: 'pickup', at: inbound.startMs },
          { type: 'handed-over', at: inbound.endMs },
        ],
        {
          status: 'accepted',
          acceptedAt: iso(inbound.startMs),
          dueAt: inbound.dueMs === null ? null : iso(inbound.dueMs),
          feesAmountVnd: journey.inboundFeesVnd,
        },
      ),
    );
  }
  if (back) {
    const last = journey.returned ? 'returned-to-agency' : 'delivered';
    snapshots.push(
      snapshot(
        'outbound',
        journey,
        [
          { type: 'collected', at: outbound.startMs },
          ...(journey.returned ? [] : [{ type: 'delivered', at: outbound.endMs }]),
        ],
        {
          status: last,
          acceptedAt: iso(outbound.startMs),
          closedAt: iso(outbound.endMs),
          dueAt: outbound.dueMs === null ? null : iso(outbound.dueMs),
          failedAttempts: journey.failedAttempts,
          feesAmountVnd: journey.outboundFeesVnd,
        },
      ),
    );
  }
  const endMs = back ? outbound.endMs : inbound.endMs;
  const promisedDate =
    journey.promisedOffsetDays === null
      ? undefined
      : localDate(new Date(endMs + journey.promisedOffsetDays * 24 * HOUR_MS));
  const dossier = {
    consignmentRef: journey.ref,
    dossierCode: null,
    services: { pickup, return: back },
    agency: { code: journey.agency, name: 'Cơ quan' },
    applicant: {
      fullName: 'Nguyễn Thị Hoa',
      phone: '0912345678',
      address: { line: '1 Trần Phú', communeCode: journey.commune, provinceCode: journey.province },
    },
    ...(promisedDate ? { promisedDate } : {}),
  } as unknown as Dossier;
  return { dossier, snapshots, endMs, inbound, outbound, promisedDate };
}

const DOCUMENT_NAME = 'Tờ khai đề nghị';

/** The `dossier.documents-attached` events of a journey's scans, as the dossier records them, in order. */
function scanEvents(journey: Journey) {
  const { dossier } = materialise(journey);
  let current = {
    ...dossier,
    status: 'registered',
    documents: [{ name: DOCUMENT_NAME, kind: 'original', count: 1 }],
    eventSequence: 1,
    postOfficeCodes: [journey.pickupOffice],
  } as unknown as Dossier;
  const sorted = [...journey.scans].sort((left, right) => left.afterHours - right.afterHours);
  return sorted.map((scan, index) => {
    const change = attachDocument(
      current,
      {
        documentId: `${String(index).padStart(8, '0')}-0000-4000-8000-000000000000.pdf`,
        documentName: DOCUMENT_NAME,
        contentType: 'application/pdf',
        sizeBytes: 1000,
        sha256: 'a'.repeat(64),
        capturedAt: 'pickup',
        attachedBy: { subject: 'staff-1', postOfficeCode: scan.office },
      },
      new Date(BASE_MS + scan.afterHours * HOUR_MS),
    );
    if (!change) throw new Error('a new scan changes the dossier');
    current = change.dossier;
    return { dossier: current, event: change.event, scan, first: index === 0 };
  });
}

const remittanceArbitrary = fc.record({
  office: fc.constantFrom('BC-HN-01', 'BC-HN-02', 'BC-HCM-01'),
  agency: fc.constantFrom('000.00.06.H26', '000.00.07.H57'),
  amountVnd: fc.integer({ min: 1, max: 50_000_000 }),
  afterHours: fc.integer({ min: 0, max: 24 * 40 }),
});
type RemittanceCase = (typeof remittanceArbitrary extends fc.Arbitrary<infer T> ? T : never) & {
  readonly reference: string;
};
const OFFICE_PROVINCE: Readonly<Record<string, string>> = {
  'BC-HN-01': '01',
  'BC-HN-02': '01',
  'BC-HCM-01': '79',
};

const remittanceMade = (remittance: RemittanceCase) => ({
  reference: remittance.reference,
  agencyCode: remittance.agency,
  postOfficeCode: remittance.office,
  amount: remittance.amountVnd,
  createdAt: iso(BASE_MS + remittance.afterHours * HOUR_MS),
});

function contributionsOf(
  journeys: readonly Journey[],
  remittances: readonly RemittanceCase[] = [],
): Contribution[] {
  return [
    ...journeyContributionsOf(journeys),
    ...journeys.flatMap((journey) =>
      scanEvents(journey).map(({ dossier, event }) => documentsContribution(dossier, event)),
    ),
    ...remittances.map((remittance) =>
      remittanceContribution(remittanceMade(remittance), OFFICE_PROVINCE[remittance.office] ?? '00'),
    ),
  ];
}

function journeyContributionsOf(journeys: readonly Journey[]): Contribution[] {
  return journeys.flatMap((journey) => {
    const { dossier, snapshots, endMs } = materialise(journey);
    const end = journeyEnd(dossier, snapshots);
    if (!end) throw new Error(`journey ${journey.ref} did not end`);
    const counted = [journeyContribution(dossier, snapshots, end)];
    if (journey.score !== null && end.outcome !== 'returned-to-agency') {
      counted.push(
        ratingContribution(rateDossier(dossier, end, { score: journey.score }, new Date(endMs + HOUR_MS))),
      );
    }
    return counted;
  });
}

const mean = (total: number, count: number, digits: number) =>
  count === 0 ? null : Math.round((total / count) * 10 ** digits) / 10 ** digits;

const meanDays = (minutes: number, legs: number) =>
  legs === 0 ? null : Math.round((minutes / legs / 1440) * 100) / 100;

/** The figures of one group, straight from the journeys. */
function recompute(journeys: readonly Journey[]) {
  let transitMeasured = 0;
  let transitOnTime = 0;
  let promisedMeasured = 0;
  let promisedOnTime = 0;
  const pickupMinutes: number[] = [];
  const returnMinutes: number[] = [];
  let deliveries = 0;
  let firstAttempt = 0;
  let fees = 0;
  const scores: number[] = [];
  const minutes = (l: { startMs: number; endMs: number }) => Math.round((l.endMs - l.startMs) / 60_000);
  for (const journey of journeys) {
    const { inbound, outbound, promisedDate, endMs } = materialise(journey);
    const { pickup, return: back } = services(journey);
    const delivered = back && !journey.returned;
    const judged: boolean[] = [];
    if (pickup) {
      pickupMinutes.push(minutes(inbound));
      if (inbound.dueMs !== null) judged.push(inbound.endMs <= inbound.dueMs);
      fees += journey.inboundFeesVnd;
    }
    if (delivered) {
      returnMinutes.push(minutes(outbound));
      if (outbound.dueMs !== null) judged.push(outbound.endMs <= outbound.dueMs);
      deliveries += 1;
      if (journey.failedAttempts === 0) firstAttempt += 1;
      fees += journey.outboundFeesVnd;
    }
    if (judged.length > 0) {
      transitMeasured += 1;
      if (judged.every(Boolean)) transitOnTime += 1;
    }
    if (promisedDate) {
      promisedMeasured += 1;
      if (localDate(new Date(endMs)) <= promisedDate) promisedOnTime += 1;
    }
    if (journey.score !== null && !(back && journey.returned)) scores.push(journey.score);
  }
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    dossiers: journeys.length,
    byChannel: {
      pickupOnly: journeys.filter((j) => services(j).pickup && !services(j).return).length,
      returnOnly: journeys.filter((j) => !services(j).pickup && services(j).return).length,
      pickupAndReturn: journeys.filter((j) => services(j).pickup && services(j).return).length,
    },
    onTime: {
      transit: {
        measured: transitMeasured,
        onTime: transitOnTime,
        rate: mean(transitOnTime, transitMeasured, 4),
      },
      promisedDate: {
        measured: promisedMeasured,
        onTime: promisedOnTime,
        rate: mean(promisedOnTime, promisedMeasured, 4),
      },
    },
    meanDaysPerLeg: {
      pickup: meanDays(sum(pickupMinutes), pickupMinutes.length),
      return: meanDays(sum(returnMinutes), returnMinutes.length),
    },
    deliveries,
    firstAttemptDeliveryRate: mean(firstAttempt, deliveries, 4),
    returnedToAgency: journeys.filter((j) => services(j).return && j.returned).length,
    satisfaction: {
      ratings: scores.length,
      meanScore: mean(sum(scores), scores.length, 2),
      distribution: Object.fromEntries([1, 2, 3, 4, 5].map((s) => [s, scores.filter((x) => x === s).length])),
    },
    feesCollectedVnd: fees,
  };
}

/** A scan or a remittance as the report should count it: where, when, how much. */
interface ExtraFact {
  readonly province: string;
  readonly day: string;
  readonly keys: Readonly<Record<GroupBy, string>>;
  readonly digitisedDossiers: number;
  readonly digitisedDocuments: number;
  readonly feesRemittedVnd: number;
}

function extraFacts(journeys: readonly Journey[], remittances: readonly RemittanceCase[]): ExtraFact[] {
  const scans = journeys.flatMap((journey) =>
    [...journey.scans]
      .sort((left, right) => left.afterHours - right.afterHours)
      .map((scan, index) => ({
        province: journey.province,
        day: localDate(new Date(BASE_MS + scan.afterHours * HOUR_MS)),
        keys: { office: scan.office, agency: journey.agency, commune: journey.commune },
        digitisedDossiers: index === 0 ? 1 : 0,
        digitisedDocuments: 1,
        feesRemittedVnd: 0,
      })),
  );
  const remitted = remittances.map((remittance) => ({
    province: OFFICE_PROVINCE[remittance.office] ?? '00',
    day: localDate(new Date(BASE_MS + remittance.afterHours * HOUR_MS)),
    keys: { office: remittance.office, agency: remittance.agency, commune: NO_UNIT },
    digitisedDossiers: 0,
    digitisedDocuments: 0,
    feesRemittedVnd: remittance.amountVnd,
  }));
  return [...scans, ...remitted];
}

/** A group's figures from its journeys and its scans and remittances. */
function recomputeAll(journeys: readonly Journey[], facts: readonly ExtraFact[]) {
  const sum = (pick: (fact: ExtraFact) => number) => facts.reduce((total, fact) => total + pick(fact), 0);
  return {
    ...recompute(journeys),
    feesRemittedVnd: sum((fact) => fact.feesRemittedVnd),
    digitised: {
      dossiers: sum((fact) => fact.digitisedDossiers),
      documents: sum((fact) => fact.digitisedDocuments),
    },
  };
}

const keyOf = (journey: Journey, groupBy: GroupBy): string => {
  if (groupBy === 'agency') return journey.agency;
  if (groupBy === 'commune') return journey.commune;
  return services(journey).return ? journey.deliveryOffice : journey.pickupOffice;
};

const journeysArbitrary = fc
  .array(journeyArbitrary, { minLength: 1, maxLength: 25 })
  .map((list) => list.map((journey, index) => ({ ...journey, ref: `PG${String(index).padStart(12, '0')}` })));

async function store(contributions: readonly Contribution[]): Promise<MemoryIndicatorStore> {
  const counters = new MemoryIndicatorStore();
  for (const contribution of contributions) await counters.contribute(contribution);
  return counters;
}

const remittancesArbitrary = fc
  .array(remittanceArbitrary, { maxLength: 6 })
  .map((list) => list.map((remittance, index) => ({ ...remittance, reference: `RM2610${index}` })));

const endDay = (journey: Journey) => localDate(new Date(materialise(journey).endMs));

describe('indicator reports', () => {
  it('equal the figures recomputed from the journeys, their scans and the remittances, for every grouping, province and month', async () => {
    await fc.assert(
      fc.asyncProperty(journeysArbitrary, remittancesArbitrary, async (journeys, remittances) => {
        const counters = await store(contributionsOf(journeys, remittances));
        const facts = extraFacts(journeys, remittances);
        const months = new Set([
          ...journeys.map((journey) => endDay(journey).slice(0, 7)),
          ...facts.map((fact) => fact.day.slice(0, 7)),
        ]);
        for (const province of ['01', '79']) {
          for (const period of months) {
            const inScope = journeys.filter((j) => j.province === province && endDay(j).startsWith(period));
            const factsInScope = facts.filter((f) => f.province === province && f.day.startsWith(period));
            for (const groupBy of GROUP_BY) {
              const report = await indicatorReportFor(
                { indicators: counters },
                { provinceCode: province, period, groupBy },
              );
              const keys = [
                ...new Set([
                  ...inScope.map((j) => keyOf(j, groupBy)),
                  ...factsInScope.map((f) => f.keys[groupBy]),
                ]),
              ].sort();
              expect(report.groups.map((group) => group.key)).toEqual(keys);
              for (const group of report.groups) {
                const { key, ...figures } = group;
                expect(figures).toEqual(
                  recomputeAll(
                    inScope.filter((j) => keyOf(j, groupBy) === key),
                    factsInScope.filter((f) => f.keys[groupBy] === key),
                  ),
                );
              }
              expect(report.total).toEqual(recomputeAll(inScope, factsInScope));
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('keep the same per-day counters when the stream delivers contributions again, in any order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(journeysArbitrary, remittancesArbitrary).chain(([journeys, remittances]) => {
          const contributions = contributionsOf(journeys, remittances);
          return fc.tuple(
            fc.constant(contributions),
            fc.shuffledSubarray(contributions, {
              minLength: contributions.length,
              maxLength: contributions.length,
            }),
            fc.array(fc.constantFrom(...contributions), { maxLength: 40 }),
            fc.array(fc.nat(), { maxLength: 40 }),
          );
        }),
        async ([contributions, shuffled, repeats, positions]) => {
          const once = await store(contributions);
          const redelivered = [...shuffled];
          repeats.forEach((repeat, index) => {
            redelivered.splice((positions[index] ?? 0) % (redelivered.length + 1), 0, repeat);
          });
          const again = await store(redelivered);
          expect(new Map([...again.rows].sort())).toEqual(new Map([...once.rows].sort()));
          expect(again.counted).toEqual(once.counted);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('refuses a report that would read more daily rows than its limit, changing nothing', async () => {
    const counters = await store(
      contributionsOf(
        [0, 1, 2].map((index) => ({
          ...fc.sample(journeyArbitrary, { numRuns: 1, seed: index })[0]!,
          province: '01',
          ref: `PG${index}`,
        })),
      ),
    );
    const before = new Map(counters.rows);
    const period = [...counters.rows.values()][0]!.day.slice(0, 7);
    const rows = (await counters.dailyRows('01', period, 'office', 100)).rows.length;
    await expect(
      indicatorReportFor(
        { indicators: counters },
        { provinceCode: '01', period, groupBy: 'office' },
        rows - 1,
      ),
    ).rejects.toThrow(/more than/);
    expect(counters.rows).toEqual(before);
  });
});
