/**
 * The figures provinces report upward, kept as per-day counters: each journey's end, each
 * rating, each attachment of scans and each remittance adds one contribution to the day's
 * counters of its office, its agency and its commune. A contribution is keyed by what it
 * counts (the dossier's journey, the dossier's rating, the attachment's event, the
 * remittance), so a stream record delivered twice adds nothing the second time. A report sums a
 * month's days and derives rates and means from the sums; nothing is read record by record.
 */
import { localDate } from './calendar/working-days.ts';
import type { Dossier } from './dossiers.ts';
import type { ItemSnapshot } from './items/ingest.ts';
import { lastFact as factOf, type JourneyEnd, type Rating } from './satisfaction.ts';

export const GROUP_BY = ['office', 'agency', 'commune'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const COUNTERS = [
  'dossiers',
  'pickupOnly',
  'returnOnly',
  'pickupAndReturn',
  'transitMeasured',
  'transitOnTime',
  'promisedMeasured',
  'promisedOnTime',
  'pickupLegs',
  'pickupLegMinutes',
  'returnLegs',
  'returnLegMinutes',
  'deliveries',
  'firstAttemptDeliveries',
  'returnedToAgency',
  'feesCollectedVnd',
  'feesRemittedVnd',
  'digitisedDossiers',
  'digitisedDocuments',
  'ratings',
  'scoreSum',
  'score1',
  'score2',
  'score3',
  'score4',
  'score5',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counters = Readonly<Partial<Record<Counter, number>>>;

/**
 * What one journey's end, rating, attachment of scans or remittance adds to the day's counters
 * of its office, its agency and its commune.
 */
export interface Contribution {
  /** `journey#<ref>`, `rating#<ref>`, `documents#<event id>`, `remittance#<reference>`: counted once whatever the redelivery. */
  readonly contributionId: string;
  readonly provinceCode: string;
  /** Vietnam day the figures belong to: `YYYY-MM-DD`. */
  readonly day: string;
  readonly keys: Readonly<Record<GroupBy, string>>;
  readonly counters: Counters;
}

/** One day's counters of one office, agency or commune. */
export interface DailyAggregate {
  readonly provinceCode: string;
  readonly day: string;
  readonly groupBy: GroupBy;
  readonly key: string;
  readonly counters: Readonly<Record<Counter, number>>;
}

const MINUTE_MS = 60_000;
const minutesBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / MINUTE_MS));

interface Leg {
  readonly minutes: number;
  readonly onTime: boolean | null;
}

/** A leg from one fact to another of the same item, judged against the item's transit due time. */
function legOf(snapshot: ItemSnapshot | undefined, startType: string, endType: string): Leg | null {
  const start = factOf(snapshot, startType);
  const end = factOf(snapshot, endType);
  if (!snapshot || !start || !end) return null;
  const dueAt = snapshot.item.dueAt;
  return {
    minutes: minutesBetween(start.occurredAt, end.occurredAt),
    onTime: dueAt ? Date.parse(end.occurredAt) <= Date.parse(dueAt) : null,
  };
}

const channelCounter = (services: Dossier['services']): Counter =>
  services.pickup ? (services.return ? 'pickupAndReturn' : 'pickupOnly') : 'returnOnly';

function feesCollectedVnd(snapshots: readonly ItemSnapshot[]): number {
  let total = 0;
  for (const { item } of snapshots) {
    const collected = item.direction === 'inbound' ? item.acceptedAt !== null : item.status === 'delivered';
    if (collected) total += item.feesAmountVnd;
  }
  return total;
}

/** What a dossier's journey adds: channel, legs, on-time figures, delivery, fees. */
export function journeyContribution(
  dossier: Pick<Dossier, 'consignmentRef' | 'services' | 'applicant' | 'agency' | 'promisedDate'>,
  snapshots: readonly ItemSnapshot[],
  end: JourneyEnd,
): Contribution {
  const endedOn = localDate(new Date(end.endedAt));
  const promisedDate = dossier.promisedDate ?? null;
  const inbound = snapshots.find((snapshot) => snapshot.item.direction === 'inbound');
  const outbound = snapshots.filter((snapshot) => snapshot.item.direction === 'outbound').at(-1);
  const pickup = legOf(inbound, 'pickup', 'handed-over');
  const delivery = legOf(outbound, 'collected', 'delivered');
  const legs = [pickup, delivery].filter((leg): leg is Leg => leg !== null && leg.onTime !== null);
  const delivered = end.outcome === 'delivered' && outbound !== undefined;
  const counters: Partial<Record<Counter, number>> = {
    dossiers: 1,
    [channelCounter(dossier.services)]: 1,
    transitMeasured: legs.length > 0 ? 1 : 0,
    transitOnTime: legs.length > 0 && legs.every((leg) => leg.onTime) ? 1 : 0,
    promisedMeasured: promisedDate ? 1 : 0,
    promisedOnTime: promisedDate && endedOn <= promisedDate ? 1 : 0,
    pickupLegs: pickup ? 1 : 0,
    pickupLegMinutes: pickup?.minutes ?? 0,
    returnLegs: delivery ? 1 : 0,
    returnLegMinutes: delivery?.minutes ?? 0,
    deliveries: delivered ? 1 : 0,
    firstAttemptDeliveries: delivered && outbound.item.failedAttempts === 0 ? 1 : 0,
    returnedToAgency: end.outcome === 'returned-to-agency' ? 1 : 0,
    feesCollectedVnd: feesCollectedVnd(snapshots),
  };
  return {
    contributionId: `journey#${dossier.consignmentRef}`,
    provinceCode: dossier.applicant.address.provinceCode,
    day: endedOn,
    keys: {
      office: end.postOfficeCode,
      agency: dossier.agency.code,
      commune: dossier.applicant.address.communeCode,
    },
    counters,
  };
}

/** What a rating adds, on the day its dossier's journey ended (so a month's figures stay together). */
export function ratingContribution(rating: Rating): Contribution {
  return {
    contributionId: `rating#${rating.consignmentRef}`,
    provinceCode: rating.provinceCode,
    day: rating.journeyEndedOn,
    keys: { office: rating.postOfficeCode, agency: rating.agencyCode, commune: rating.communeCode },
    counters: { ratings: 1, scoreSum: rating.score, [`score${rating.score}` as Counter]: 1 },
  };
}

/** The group of a figure that belongs to no unit of the grouping: remittances are an agency's, not a commune's. */
export const NO_UNIT = 'none';

/**
 * What an attachment of scans adds, on its own day: its documents, and the dossier as a
 * digitised dossier when these are its first scans. Counted by the office that scanned.
 */
export function documentsContribution(
  dossier: Pick<Dossier, 'applicant' | 'agency' | 'postOfficeCodes'>,
  event: {
    readonly eventId: string;
    readonly occurredAt: string;
    readonly data: { readonly documents?: unknown; readonly firstOfDossier?: unknown };
  },
): Contribution {
  const documents = Array.isArray(event.data.documents)
    ? (event.data.documents as { attachedBy?: { postOfficeCode?: string | null } }[])
    : [];
  const office = documents[0]?.attachedBy?.postOfficeCode ?? dossier.postOfficeCodes[0] ?? NO_UNIT;
  return {
    contributionId: `documents#${event.eventId}`,
    provinceCode: dossier.applicant.address.provinceCode,
    day: localDate(new Date(event.occurredAt)),
    keys: { office, agency: dossier.agency.code, commune: dossier.applicant.address.communeCode },
    counters: {
      digitisedDocuments: documents.length,
      digitisedDossiers: event.data.firstOfDossier === true ? 1 : 0,
    },
  };
}

/** What a remittance adds, on the day it was made, to the remitting office and the agency paid. */
export function remittanceContribution(
  remittance: {
    readonly reference: string;
    readonly agencyCode: string;
    readonly postOfficeCode: string;
    readonly amount: number;
    readonly createdAt: string;
  },
  provinceCode: string,
): Contribution {
  return {
    contributionId: `remittance#${remittance.reference}`,
    provinceCode,
    day: localDate(new Date(remittance.createdAt)),
    keys: { office: remittance.postOfficeCode, agency: remittance.agencyCode, commune: NO_UNIT },
    counters: { feesRemittedVnd: remittance.amount },
  };
}

export const zeroCounters = (): Record<Counter, number> =>
  Object.fromEntries(COUNTERS.map((counter) => [counter, 0])) as Record<Counter, number>;

/** Counters added up. */
export function addCounters(into: Record<Counter, number>, counters: Counters): Record<Counter, number> {
  for (const counter of COUNTERS) into[counter] += counters[counter] ?? 0;
  return into;
}

/** The three daily rows one contribution adds to. */
export const aggregateKeysOf = (contribution: Contribution): readonly { groupBy: GroupBy; key: string }[] =>
  GROUP_BY.map((groupBy) => ({ groupBy, key: contribution.keys[groupBy] }));

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
const MINUTES_PER_DAY = 24 * 60;
const meanDays = (minutes: number, legs: number): number | null =>
  legs === 0 ? null : Math.round((minutes / legs / MINUTES_PER_DAY) * 100) / 100;

/** The figures of one office, agency or commune (or the whole province) over a period. */
export function indicatorFigures(counters: Readonly<Record<Counter, number>>) {
  const c = counters;
  return {
    dossiers: c.dossiers,
    byChannel: { pickupOnly: c.pickupOnly, returnOnly: c.returnOnly, pickupAndReturn: c.pickupAndReturn },
    onTime: {
      transit: {
        measured: c.transitMeasured,
        onTime: c.transitOnTime,
        rate: ratio(c.transitOnTime, c.transitMeasured),
      },
      promisedDate: {
        measured: c.promisedMeasured,
        onTime: c.promisedOnTime,
        rate: ratio(c.promisedOnTime, c.promisedMeasured),
      },
    },
    meanDaysPerLeg: {
      pickup: meanDays(c.pickupLegMinutes, c.pickupLegs),
      return: meanDays(c.returnLegMinutes, c.returnLegs),
    },
    deliveries: c.deliveries,
    firstAttemptDeliveryRate: ratio(c.firstAttemptDeliveries, c.deliveries),
    returnedToAgency: c.returnedToAgency,
    satisfaction: {
      ratings: c.ratings,
      meanScore: c.ratings === 0 ? null : Math.round((c.scoreSum / c.ratings) * 100) / 100,
      distribution: { 1: c.score1, 2: c.score2, 3: c.score3, 4: c.score4, 5: c.score5 },
    },
    feesCollectedVnd: c.feesCollectedVnd,
    feesRemittedVnd: c.feesRemittedVnd,
    digitised: { dossiers: c.digitisedDossiers, documents: c.digitisedDocuments },
  };
}
export type IndicatorFigures = ReturnType<typeof indicatorFigures>;

export interface IndicatorReport {
  readonly provinceCode: string;
  readonly period: string;
  readonly groupBy: GroupBy;
  readonly groups: readonly ({ readonly key: string } & IndicatorFigures)[];
  readonly total: IndicatorFigures;
}

/** A month's report from its daily rows of one grouping, groups in key order. */
export function indicatorReport(
  provinceCode: string,
  period: string,
  groupBy: GroupBy,
  rows: readonly DailyAggregate[],
): IndicatorReport {
  const byKey = new Map<string, Record<Counter, number>>();
  const total = zeroCounters();
  for (const row of rows) {
    if (row.groupBy !== groupBy || row.provinceCode !== provinceCode || !row.day.startsWith(period)) continue;
    const counters = byKey.get(row.key) ?? zeroCounters();
    byKey.set(row.key, addCounters(counters, row.counters));
    addCounters(total, row.counters);
  }
  const groups = [...byKey.entries()]
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([key, counters]) => ({ key, ...indicatorFigures(counters) }));
  return { provinceCode, period, groupBy, groups, total: indicatorFigures(total) };
}
