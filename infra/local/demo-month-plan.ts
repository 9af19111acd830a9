/**
 * The plan of `npm start -- --demo`: a month of journeys across the demo offices and agencies,
 * drawn from a fixed seed so that the same anchor always gives the same journeys (the dossier
 * codes, scan ids and times are the journeys' identity: seeding twice adds nothing). Every time
 * is in the past of the anchor; a step that would fall after it is left out, so the latest
 * journeys are still under way.
 */
import { addDays, isWorkingDay, localDate } from '../../functions/domain/calendar/working-days.ts';
import { DEMO_AGENCIES, DEMO_POST_OFFICES } from './demo-reference.ts';

/** How many days back the month reaches (scans older than 30 days are refused, as handhelds' are). */
export const DEMO_DAYS = 28;
/** `BRIDGE_DEMO_DAYS`: fewer days, for a quicker demo (the browser tests use it). */
export const DEMO_DAYS_ENV = 'BRIDGE_DEMO_DAYS';

/** The days the demo reaches back: `BRIDGE_DEMO_DAYS` when it is 1 to 28, else 28. */
export function demoDays(text: string | undefined = process.env[DEMO_DAYS_ENV]): number {
  const days = Number(text ?? DEMO_DAYS);
  return Number.isInteger(days) && days >= 1 && days <= DEMO_DAYS ? days : DEMO_DAYS;
}
/** How often an agency has a second dossier on a working day (the first is certain), and one on a weekend day. */
const SECOND_DOSSIER_ODDS = 0.25;
const WEEKEND_DOSSIER_ODDS = 0.15;

export type PaymentMethod = 'cash' | 'vietqr';

export interface DemoFee {
  readonly code: string;
  readonly name: string;
  readonly amount: number;
  readonly collectAt: 'pickup' | 'delivery';
}

export interface DemoAttempt {
  readonly outAt: Date;
  readonly at: Date;
  readonly delivered: boolean;
  readonly method: PaymentMethod;
  /** The failure's reason, when not delivered. */
  readonly reason?: 'addressee-absent' | 'premises-closed' | 'address-incomplete';
}

export interface DemoJourney {
  readonly dossierCode: string;
  readonly agencyCode: string;
  readonly agencyName: string;
  readonly postOfficeCode: string;
  readonly communeCode: string;
  readonly provinceCode: string;
  readonly procedure: { readonly code: string; readonly name: string };
  readonly fees: readonly DemoFee[];
  readonly applicant: { readonly fullName: string; readonly phone: string; readonly line: string };
  readonly pickup: boolean;
  readonly registeredAt: Date;
  readonly promisedDate: string;
  readonly staffId: string;
  readonly pickedUp?: { readonly at: Date; readonly method: PaymentMethod };
  readonly handedOverAt?: Date;
  readonly decision?: { readonly at: Date; readonly refused: boolean };
  readonly readyAt?: Date;
  readonly collectedAt?: Date;
  readonly attempts: readonly DemoAttempt[];
  readonly returnedAt?: Date;
}

const PROCEDURES: readonly {
  code: string;
  name: string;
  fees: readonly DemoFee[];
  processingDays: number;
}[] = [
  {
    code: '1.002309',
    name: 'Cấp đổi giấy phép lái xe',
    fees: [
      { code: 'LP-GPLX', name: 'Lệ phí cấp đổi giấy phép lái xe', amount: 135_000, collectAt: 'delivery' },
    ],
    processingDays: 4,
  },
  {
    code: '2.001417',
    name: 'Cấp Phiếu lý lịch tư pháp',
    fees: [{ code: 'PHI-LLTP', name: 'Phí cấp Phiếu lý lịch tư pháp', amount: 200_000, collectAt: 'pickup' }],
    processingDays: 6,
  },
  {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    fees: [],
    processingDays: 2,
  },
  {
    code: '1.004227',
    name: 'Đăng ký biến động quyền sử dụng đất',
    fees: [
      { code: 'LP-TB', name: 'Lệ phí thẩm định hồ sơ', amount: 50_000, collectAt: 'pickup' },
      { code: 'LP-GCN', name: 'Lệ phí cấp giấy chứng nhận', amount: 100_000, collectAt: 'delivery' },
    ],
    processingDays: 8,
  },
  {
    code: '1.009994',
    name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ',
    fees: [{ code: 'LP-GPXD', name: 'Lệ phí cấp giấy phép xây dựng', amount: 75_000, collectAt: 'delivery' }],
    processingDays: 7,
  },
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc', 'Quang', 'Thanh'];
const GIVEN = [
  'An',
  'Bình',
  'Chi',
  'Dũng',
  'Hà',
  'Hải',
  'Hương',
  'Lan',
  'Long',
  'Mai',
  'Nam',
  'Phương',
  'Tuấn',
  'Yến',
];
const STREETS = [
  'Phan Đình Phùng',
  'Trần Phú',
  'Lê Lợi',
  'Nguyễn Huệ',
  'Hai Bà Trưng',
  'Quang Trung',
  'Hùng Vương',
];

/** mulberry32: a small generator with a fixed seed, so that a plan is the same every time. */
function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pick = <T>(random: () => number, from: readonly T[]): T =>
  from[Math.floor(random() * from.length)] as T;

/** `HH:MM` of a day in Vietnam (UTC+7) as an instant. */
export const vietnamTime = (day: string, time: string): Date => new Date(`${day}T${time}:00+07:00`);

/** The next working day after `day`, at `time`. */
function nextWorking(day: string, count: number): string {
  let next = day;
  for (let left = count; left > 0; ) {
    next = addDays(next, 1);
    if (isWorkingDay(next)) left -= 1;
  }
  return next;
}

/** The journeys of the month before `anchor`, in the order they started. */
export function planDemoMonth(anchor: Date, days: number = DEMO_DAYS): DemoJourney[] {
  const random = randomFrom(20_261_120);
  const anchorDay = localDate(anchor);
  const journeys: DemoJourney[] = [];
  const started = new Map<string, number>();
  for (let back = days; back >= 0; back -= 1) {
    const day = addDays(anchorDay, -back);
    for (const agency of DEMO_AGENCIES) {
      const odds = random();
      const count = isWorkingDay(day)
        ? odds < SECOND_DOSSIER_ODDS
          ? 2
          : 1
        : odds < WEEKEND_DOSSIER_ODDS
          ? 1
          : 0;
      for (let sequence = 1; sequence <= count; sequence += 1) {
        const nth = started.get(agency.agencyCode) ?? 0;
        started.set(agency.agencyCode, nth + 1);
        const journey = planJourney(random, { day, agency, sequence, anchor, nth });
        if (journey) journeys.push(journey);
      }
    }
  }
  return journeys;
}

interface JourneyStart {
  readonly day: string;
  readonly agency: (typeof DEMO_AGENCIES)[number];
  readonly sequence: number;
  readonly anchor: Date;
  /** The agency's how-manieth journey: what goes wrong is spread by it, so that every month has some of each. */
  readonly nth: number;
}

/** One journey from its start; steps after the anchor are left out. */
function planJourney(random: () => number, start: JourneyStart): DemoJourney | null {
  const { day, agency, sequence, anchor, nth } = start;
  const office = DEMO_POST_OFFICES.find((candidate) => candidate.postOfficeCode === agency.postOfficeCode);
  if (!office) return null;
  const procedure = pick(random, PROCEDURES);
  const pickup = random() < 0.75;
  const registeredAt = vietnamTime(day, `0${7 + Math.floor(random() * 3)}:${10 + Math.floor(random() * 40)}`);
  if (registeredAt > anchor) return null;
  const fees = pickup
    ? procedure.fees
    : procedure.fees.map((fee) => ({ ...fee, collectAt: 'delivery' as const }));
  const decisionDay = pickup ? nextWorking(day, 1) : day;
  const readyDay = nextWorking(decisionDay, procedure.processingDays);
  // Some results are promised too early for the post to deliver in time: they end up late.
  const promisedDate = nextWorking(readyDay, nth % 5 === 1 ? 0 : 3);
  const refused = pickup && nth % 13 === 6;
  const before = (at: Date | undefined): Date | undefined => (at && at <= anchor ? at : undefined);
  const pickedUpAt = pickup ? before(vietnamTime(day, '10:30')) : undefined;
  const handedOverAt = pickedUpAt ? before(vietnamTime(day, '15:30')) : undefined;
  const decisionAt = handedOverAt ? before(vietnamTime(decisionDay, '09:00')) : undefined;
  const outbound = !pickup || (decisionAt !== undefined && !refused);
  const readyAt = outbound ? before(vietnamTime(readyDay, '09:30')) : undefined;
  // A result collected late waits at the agency for some days.
  const collectDay = nth % 7 === 3 ? nextWorking(readyDay, 3) : readyDay;
  const collectedAt = readyAt ? before(vietnamTime(collectDay, '14:00')) : undefined;
  // One in nine is delivered after a failed attempt; one in eleven never, and goes back to the agency.
  const failures = nth % 11 === 2 ? 3 : nth % 9 === 4 ? 1 : 0;
  const attempts = collectedAt
    ? planAttempts(random, { firstDay: nextWorking(collectDay, 1), failures, anchor })
    : [];
  const returnedAt =
    attempts.length === 3 && !attempts[2]?.delivered
      ? before(vietnamTime(nextWorking(localDate(attempts[2]?.at as Date), 1), '09:00'))
      : undefined;
  return {
    dossierCode: `${agency.agencyCode}-${day.slice(2).replaceAll('-', '')}-${String(9000 + sequence)}`,
    agencyCode: agency.agencyCode,
    agencyName: agency.name,
    postOfficeCode: office.postOfficeCode,
    communeCode: pick(random, office.communeCodes),
    provinceCode: office.provinceCode,
    procedure: { code: procedure.code, name: procedure.name },
    fees,
    applicant: {
      fullName: `${pick(random, FAMILY)} ${pick(random, MIDDLE)} ${pick(random, GIVEN)}`,
      phone: `09${String(Math.floor(random() * 100_000_000)).padStart(8, '0')}`,
      line: `${1 + Math.floor(random() * 200)} ${pick(random, STREETS)}`,
    },
    pickup,
    registeredAt,
    promisedDate,
    staffId: `nv-${office.postOfficeCode.toLowerCase()}-${1 + Math.floor(random() * 2)}`,
    ...(pickedUpAt ? { pickedUp: { at: pickedUpAt, method: random() < 0.6 ? 'cash' : 'vietqr' } } : {}),
    ...(handedOverAt ? { handedOverAt } : {}),
    ...(decisionAt ? { decision: { at: decisionAt, refused } } : {}),
    ...(readyAt ? { readyAt } : {}),
    ...(collectedAt ? { collectedAt } : {}),
    attempts,
    ...(returnedAt ? { returnedAt } : {}),
  };
}

/** Delivery attempts from `firstDay`, the first `failures` failed (three: the item goes back). */
function planAttempts(
  random: () => number,
  plan: { readonly firstDay: string; readonly failures: number; readonly anchor: Date },
): DemoAttempt[] {
  const { failures, anchor } = plan;
  const method: PaymentMethod = random() < 0.55 ? 'cash' : 'vietqr';
  const attempts: DemoAttempt[] = [];
  let day = plan.firstDay;
  for (let index = 0; index < Math.min(failures + 1, 3); index += 1) {
    const delivered = index >= failures;
    const outAt = vietnamTime(day, '08:00');
    const at = vietnamTime(day, delivered ? '10:15' : '11:00');
    if (at > anchor) break;
    attempts.push({
      outAt,
      at,
      delivered,
      method,
      ...(delivered
        ? {}
        : { reason: pick(random, ['addressee-absent', 'premises-closed', 'address-incomplete'] as const) }),
    });
    if (delivered) break;
    // The citizen is invited again two working days later.
    day = nextWorking(day, 2);
  }
  return attempts;
}
