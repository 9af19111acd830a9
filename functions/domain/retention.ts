/**
 * Personal data is kept for a configured period after a dossier's journey ended, then erased:
 * the applicant's name, phone, e-mail, ID number and street address (and the same on the
 * dossier's items) are replaced by a mark; what the statistics and the books need stays (the
 * commune and province, statuses, times, every financial record).
 */

/** Electronic records are kept at least five years; this is the default when nothing is configured. */
export const DEFAULT_RETENTION_DAYS = 5 * 365 + 1;
/** A dossier whose journey has not ended is kept this long before it is erased all the same. */
export const OPEN_DOSSIER_GRACE_DAYS = 365;
/** Days before the cut-off the nightly job looks again, in case a night was missed. */
export const CATCH_UP_DAYS = 7;

export const ERASED_TEXT = 'Đã xóa';

export const FINAL_DOSSIER_STATUSES: readonly string[] = [
  'delivered',
  'returned-to-agency',
  'cancelled',
  'refused',
];

export interface ApplicantData {
  readonly fullName: string;
  readonly phone: string;
  readonly email?: string | undefined;
  readonly idNumber?: string | undefined;
  readonly address: { readonly line: string; readonly communeCode: string; readonly provinceCode: string };
}

/** The applicant once erased: no name, no contact, no ID; the commune and province stay. */
export function erasedApplicant(applicant: ApplicantData): ApplicantData {
  return {
    fullName: ERASED_TEXT,
    phone: `${'*'.repeat(Math.max(0, applicant.phone.length - 3))}${applicant.phone.slice(-3)}`,
    address: {
      line: ERASED_TEXT,
      communeCode: applicant.address.communeCode,
      provinceCode: applicant.address.provinceCode,
    },
  };
}

/** The retention period from configuration: a whole number of days, at least one. */
export function retentionDays(configured: string | undefined): number {
  if (configured === undefined || configured === '') return DEFAULT_RETENTION_DAYS;
  const days = Number(configured);
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`The personal data retention must be a whole number of days, got "${configured}"`);
  }
  return days;
}

/**
 * The registration days whose dossiers a run on `today` looks at: those registered the
 * retention period ago (ended journeys) and a grace year before that (journeys that never
 * ended), each with a few days before, in case a night was missed.
 */
export function registrationDaysDue(today: string, days: number): string[] {
  const start = Date.parse(`${today}T00:00:00Z`);
  return [days, days + OPEN_DOSSIER_GRACE_DAYS].flatMap((age) =>
    Array.from({ length: CATCH_UP_DAYS + 1 }, (_, back) =>
      new Date(start - (age + back) * 86_400_000).toISOString().slice(0, 10),
    ),
  );
}

/** Whether a dossier registered on `registeredAt` with `status` is erased on a run at `now`. */
export function isDueForErasure(
  dossier: { readonly registeredAt: string; readonly status: string; readonly personalDataErasedAt?: string },
  now: Date,
  days: number,
): boolean {
  if (dossier.personalDataErasedAt) return false;
  const ageDays = (now.getTime() - Date.parse(dossier.registeredAt)) / 86_400_000;
  if (FINAL_DOSSIER_STATUSES.includes(dossier.status)) return ageDays >= days;
  return ageDays >= days + OPEN_DOSSIER_GRACE_DAYS;
}
