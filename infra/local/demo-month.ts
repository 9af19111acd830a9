/**
 * `npm start -- --demo`: a month of journeys (demo-month-plan.ts) played through the same use
 * cases the API calls, each at the moment it happened: the use cases take their `now` from the
 * caller, so the seeder gives each step the time of the plan, as a handheld uploading late or a
 * clerk signing a record would. Registrations, scans (cash and VietQR, delivery codes, failed
 * attempts, returns), handover records, the agencies' decisions and results; then, once the
 * ledger has booked the collections, remittances of the older weeks, the bank's statement
 * lines and a cash hand-in per office.
 *
 * Seeding twice adds nothing: the journeys are the same for the same anchor (kept in the data
 * folder), dossier codes and scan ids are fixed by the plan, each step is skipped when its item
 * is past it, and the finance steps are refused or recognised as duplicates when done before.
 */
import { join } from 'node:path';
import {
  dossierStore,
  itemStore,
  manifestStore,
  referenceStore,
  s10Series,
} from '../../functions/adapters/index.ts';
import { decideDossier } from '../../functions/app/dossiers/decide-dossier.ts';
import { markResultReady } from '../../functions/app/dossiers/mark-result-ready.ts';
import { registerDossier } from '../../functions/app/dossiers/register-dossier.ts';
import { ingestScans } from '../../functions/app/items/ingest-scans.ts';
import { confirmManifest, drawUpManifest } from '../../functions/app/manifests/manifests.ts';
import { deliveryCodeSecret } from '../../functions/commons/secrets.ts';
import { addDays, localDate } from '../../functions/domain/calendar/working-days.ts';
import { fingerprint } from '../../functions/domain/canonical.ts';
import { deliveryCode, type ScanInput } from '../../functions/domain/items/scans.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { ScanSchema } from '../../schemas/items.ts';
import { type CollectedMoney, seedDemoFinance } from './demo-month-finance.ts';
import { DEMO_DAYS, type DemoJourney, demoDays, planDemoMonth, vietnamTime } from './demo-month-plan.ts';
import { readJsonFile, writeFileDurably } from './durable-file.ts';

/** Journeys played at once within a day. */
const JOURNEY_CONCURRENCY = 4;
/** A step is uploaded or signed this long after it happened. */
const UPLOAD_DELAY_MS = 2 * 60_000;
const SEEDER = 'demo-seed';

export interface DemoSeedOutcome {
  readonly seeded: boolean;
  readonly anchorAt: string;
  readonly dossiers: number;
  readonly scans: number;
  readonly remittances: number;
  readonly bankLines: number;
  readonly handins: number;
  readonly seconds: number;
}

interface DemoState {
  readonly anchorAt: string;
  /** How many days back from the anchor the journeys start. */
  readonly days?: number;
  readonly finishedAt?: string;
}

/** The items of a journey, once registered. */
interface Items {
  inbound?: string;
  outbound?: string;
  dueAtPickup: number;
  dueAtDelivery: number;
}

export const demoStateFile = (dataDir: string): string => join(dataDir, 'demo-month.json');

function readState(file: string | null): DemoState | null {
  if (!file) return null;
  const state = readJsonFile(file) as DemoState | null;
  return state && typeof state.anchorAt === 'string' ? state : null;
}

/** Seeds the month unless it was seeded before (a data folder keeps its anchor and whether it finished). */
export async function seedDemoMonth(options: {
  readonly dataDir: string | null;
  readonly now: Date;
  readonly log: (line: string) => void;
}): Promise<DemoSeedOutcome> {
  const startedMs = Date.now();
  const file = options.dataDir ? demoStateFile(options.dataDir) : null;
  const state = readState(file) ?? { anchorAt: options.now.toISOString(), days: demoDays() };
  const none = { anchorAt: state.anchorAt, dossiers: 0, scans: 0, remittances: 0, bankLines: 0, handins: 0 };
  if (state.finishedAt) return { seeded: false, ...none, seconds: 0 };
  if (file) writeFileDurably(file, JSON.stringify(state));
  const anchor = new Date(state.anchorAt);
  const journeys = planDemoMonth(anchor, state.days ?? DEMO_DAYS);
  options.log(`Seeding a month of demo journeys (${journeys.length} dossiers up to ${state.anchorAt})…`);
  const played = await playJourneys(journeys, anchor);
  options.log(`  journeys played in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
  const finance = await seedDemoFinance({ journeys, anchor, collected: played.collected, log: options.log });
  if (file) writeFileDurably(file, JSON.stringify({ ...state, finishedAt: new Date().toISOString() }));
  return {
    seeded: true,
    anchorAt: state.anchorAt,
    dossiers: played.dossiers,
    scans: played.scans,
    ...finance,
    seconds: (Date.now() - startedMs) / 1000,
  };
}

interface Played {
  dossiers: number;
  scans: number;
  /** The facts that collected money: the ledger must have booked them before remitting. */
  collected: CollectedMoney[];
  items: Map<string, Items>;
}

/**
 * Day by day: each journey's steps of the morning, then the day's handover and collection
 * records. Agencies share nothing, so each agency's month is played beside the others.
 */
async function playJourneys(journeys: readonly DemoJourney[], anchor: Date): Promise<Played> {
  const played: Played = { dossiers: 0, scans: 0, collected: [], items: new Map() };
  const firstDay = localDate(journeys[0]?.registeredAt ?? anchor);
  const agencies = [...new Set(journeys.map((journey) => journey.agencyCode))];
  await Promise.all(
    agencies.map(async (agencyCode) => {
      const ofAgency = journeys.filter((journey) => journey.agencyCode === agencyCode);
      for (let day = firstDay; day <= localDate(anchor); day = addDays(day, 1)) {
        const today = ofAgency.filter((journey) => touchesDay(journey, day));
        await inParallel(today, JOURNEY_CONCURRENCY, (journey) => playDay(journey, day, played));
        await recordManifests(today, day, played);
      }
    }),
  );
  return played;
}

/** Whether a journey has a step on `day`. */
function touchesDay(journey: DemoJourney, day: string): boolean {
  const times = [
    journey.registeredAt,
    journey.pickedUp?.at,
    journey.handedOverAt,
    journey.decision?.at,
    journey.readyAt,
    journey.collectedAt,
    journey.returnedAt,
    ...journey.attempts.map((attempt) => attempt.at),
  ];
  return times.some((at) => onDay(at, day));
}

async function inParallel<T>(
  all: readonly T[],
  width: number,
  run: (one: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < all.length) await run(all[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(width, all.length) }, worker));
}

const onDay = (at: Date | undefined, day: string): at is Date => at !== undefined && localDate(at) === day;
const uploadedAt = (at: Date): Date => new Date(at.getTime() + UPLOAD_DELAY_MS);
const scanIdOf = (journey: DemoJourney, step: string): string =>
  `demo_${journey.dossierCode.replaceAll('.', '_')}_${step}`;
const everyone = () => undefined;

/** A journey's steps that happen in the morning of `day`, in their order. */
async function playDay(journey: DemoJourney, day: string, played: Played): Promise<void> {
  if (onDay(journey.registeredAt, day)) {
    const { created, items } = await register(journey);
    played.items.set(journey.dossierCode, items);
    if (created) played.dossiers += 1;
  }
  const items = played.items.get(journey.dossierCode);
  if (!items) return;
  if (journey.pickedUp && onDay(journey.pickedUp.at, day) && items.inbound) {
    const collected =
      items.dueAtPickup > 0 ? { amount: items.dueAtPickup, method: journey.pickedUp.method } : undefined;
    await scan(played, journey, items.inbound, 'pickup', journey.pickedUp.at, { collected });
  }
  // The agency decides on a dossier handed over, and says a result is ready once: not again later.
  if (journey.decision && onDay(journey.decision.at, day) && (await isAt(items.inbound, 'handed-over')))
    await decide(journey, journey.decision);
  if (onDay(journey.readyAt, day) && (await isAt(items.outbound, 'registered')))
    await resultReady(journey, journey.readyAt);
  for (const [index, attempt] of journey.attempts.entries()) {
    if (!onDay(attempt.at, day) || !items.outbound) continue;
    await attemptDelivery(played, journey, items, index);
  }
  if (onDay(journey.returnedAt, day) && items.outbound) {
    await scan(played, journey, items.outbound, 'returned-to-agency', journey.returnedAt, {});
  }
}

async function isAt(itemCode: string | undefined, status: string): Promise<boolean> {
  if (!itemCode) return false;
  const [item] = await itemStore().getItems([itemCode]);
  return item?.status === status;
}

async function register(journey: DemoJourney): Promise<{ created: boolean; items: Items }> {
  const request = RegisterDossierSchema.parse({
    dossierCode: journey.dossierCode,
    procedure: journey.procedure,
    agency: { code: journey.agencyCode, name: journey.agencyName },
    documents: [
      { name: 'Tờ khai theo mẫu', kind: 'original', count: 1 },
      { name: 'Bản sao căn cước', kind: 'certified-copy', count: 1 },
    ],
    applicant: {
      fullName: journey.applicant.fullName,
      phone: journey.applicant.phone,
      address: {
        line: journey.applicant.line,
        communeCode: journey.communeCode,
        provinceCode: journey.provinceCode,
      },
    },
    services: { pickup: journey.pickup, return: true },
    fees: journey.fees,
    promisedDate: journey.promisedDate,
  });
  // A paper dossier is received at the post's counter; a dossier filed online is registered by the agency.
  const registrant = journey.pickup
    ? { role: 'postal-staff' as const, postOfficeCode: journey.postOfficeCode }
    : { role: 'agency' as const, agencyCode: journey.agencyCode };
  const registered = await registerDossier(
    {
      dossiers: dossierStore(),
      items: itemStore(),
      reference: referenceStore(),
      s10: s10Series(),
      idDigitsKey: deliveryCodeSecret,
    },
    { request, registrant, contentHash: fingerprint(request), now: journey.registeredAt },
  );
  const quote = (registered.dossier as { quote?: { dueAtPickup?: number; dueAtDelivery?: number } }).quote;
  const itemOf = (direction: string) =>
    registered.items.find((item) => item.direction === direction)?.itemCode;
  const items: Items = {
    ...(itemOf('inbound') ? { inbound: itemOf('inbound') } : {}),
    ...(itemOf('outbound') ? { outbound: itemOf('outbound') } : {}),
    dueAtPickup: quote?.dueAtPickup ?? 0,
    dueAtDelivery: quote?.dueAtDelivery ?? 0,
  };
  return { created: registered.created, items };
}

/** One scan through the ingestion the API runs; a refused scan stops the seeding with its reason. */
async function scan(
  played: Played,
  journey: DemoJourney,
  itemCode: string,
  type: ScanInput['type'],
  at: Date,
  extra: Partial<ScanInput>,
  step: string = type,
): Promise<void> {
  const input = ScanSchema.parse({
    scanId: scanIdOf(journey, step),
    itemCode,
    type,
    occurredAt: at.toISOString(),
    postOfficeCode: journey.postOfficeCode,
    staffId: journey.staffId,
    ...Object.fromEntries(Object.entries(extra).filter(([, value]) => value !== undefined)),
  }) as ScanInput;
  const { outcomes } = await ingestScans({ items: itemStore(), deliveryCodeSecret }, [input], {
    receivedAt: uploadedAt(at),
    callerOfficeCode: journey.postOfficeCode,
  });
  const outcome = outcomes[0];
  if (outcome?.outcome !== 'accepted' && outcome?.outcome !== 'duplicate')
    throw new Error(
      `Demo scan ${input.scanId} of ${itemCode} was ${outcome?.outcome}: ${outcome?.reason ?? ''}`,
    );
  if (outcome.outcome === 'accepted') played.scans += 1;
  if (input.collected)
    played.collected.push({
      itemCode,
      factId: input.scanId,
      ...input.collected,
      at,
      postOfficeCode: journey.postOfficeCode,
    });
}

async function decide(journey: DemoJourney, decision: NonNullable<DemoJourney['decision']>): Promise<void> {
  await decideDossier(
    { dossiers: dossierStore(), items: itemStore(), s10: s10Series() },
    {
      dossierRef: journey.dossierCode,
      mayAccess: everyone,
      decision: decision.refused
        ? { decision: 'refused', reason: 'Hồ sơ thiếu giấy tờ theo quy định' }
        : { decision: 'accepted' },
      decidedAt: decision.at,
      now: uploadedAt(decision.at),
    },
  );
}

async function resultReady(journey: DemoJourney, readyAt: Date): Promise<void> {
  await markResultReady(
    { dossiers: dossierStore(), items: itemStore() },
    { dossierRef: journey.dossierCode, mayAccess: everyone, readyAt, now: uploadedAt(readyAt) },
  );
}

/** Out for delivery, then delivered with the code the citizen received, or a failure with its reason. */
async function attemptDelivery(
  played: Played,
  journey: DemoJourney,
  items: Items,
  index: number,
): Promise<void> {
  const attempt = journey.attempts[index];
  const itemCode = items.outbound;
  if (!attempt || !itemCode) return;
  const outStep = `out${index + 1}`;
  await scan(played, journey, itemCode, 'out-for-delivery', attempt.outAt, {}, outStep);
  if (!attempt.delivered) {
    const last = index === 2;
    await scan(
      played,
      journey,
      itemCode,
      'delivery-failed',
      attempt.at,
      {
        failure: {
          reason: attempt.reason ?? 'addressee-absent',
          action: last ? 'return-to-agency' : 'next-attempt',
        },
      },
      `failed${index + 1}`,
    );
    return;
  }
  const otp = deliveryCode(await deliveryCodeSecret(), itemCode, scanIdOf(journey, outStep));
  await scan(played, journey, itemCode, 'delivered', attempt.at, {
    proof: { recipientName: journey.applicant.fullName, relation: 'self', otp },
    ...(items.dueAtDelivery > 0
      ? { collected: { amount: items.dueAtDelivery, method: attempt.method } }
      : {}),
  });
}

/** The day's records: results collected from each agency at 14:00, dossiers handed over at 15:30. */
async function recordManifests(journeys: readonly DemoJourney[], day: string, played: Played): Promise<void> {
  const byAgency = new Map<string, DemoJourney[]>();
  for (const journey of journeys) {
    if (onDay(journey.collectedAt, day) || onDay(journey.handedOverAt, day)) {
      byAgency.set(journey.agencyCode, [...(byAgency.get(journey.agencyCode) ?? []), journey]);
    }
  }
  for (const [agencyCode, ofAgency] of byAgency) {
    const collect = ofAgency.filter((journey) => onDay(journey.collectedAt, day));
    const handOver = ofAgency.filter((journey) => onDay(journey.handedOverAt, day));
    const codes = (list: DemoJourney[], direction: 'inbound' | 'outbound') =>
      list.flatMap((journey) => played.items.get(journey.dossierCode)?.[direction] ?? []);
    await signManifest(
      'collect-from-agency',
      agencyCode,
      codes(collect, 'outbound'),
      vietnamTime(day, '14:00'),
    );
    await signManifest(
      'handover-to-agency',
      agencyCode,
      codes(handOver, 'inbound'),
      vietnamTime(day, '15:30'),
    );
  }
}

/** A handover record over the items still waiting for it (none when seeded before), signed at `at`. */
async function signManifest(
  kind: 'collect-from-agency' | 'handover-to-agency',
  agencyCode: string,
  itemCodes: readonly string[],
  at: Date,
): Promise<void> {
  const waiting = kind === 'collect-from-agency' ? 'result-ready' : 'picked-up';
  const items = await itemStore().getItems([...itemCodes]);
  const open = items.filter((item) => item.status === waiting);
  const first = open[0];
  if (!first) return;
  const ports = { manifests: manifestStore(), items: itemStore(), submissions: dossierStore() };
  const now = uploadedAt(at);
  // The office that serves the agency: where an outbound item starts and an inbound one ends.
  const postOfficeCode =
    kind === 'collect-from-agency' ? first.originOfficeCode : first.destinationOfficeCode;
  const manifest = await drawUpManifest(ports, {
    kind,
    agencyCode,
    postOfficeCode,
    itemCodes: open.map((item) => item.itemCode),
    createdBy: SEEDER,
    now: at,
  });
  await confirmManifest(ports, {
    manifestId: manifest.manifestId,
    mayConfirm: everyone,
    itemCodesReceived: manifest.itemCodes,
    signedBy: kind === 'handover-to-agency' ? 'Cán bộ tiếp nhận một cửa' : 'Nhân viên bưu chính',
    signedAt: at,
    confirmedBy: SEEDER,
    now,
  });
}
