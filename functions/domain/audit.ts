/**
 * Personal data and who reads it. Every read of a dossier's personal data (the applicant's
 * name, phone, e-mail, ID number, address) is written to an append-only audit trail that
 * admins read by dossier and by caller. Views that do not need the ID number (finance, the
 * agencies) never receive it.
 */

/** A caller's role, as the manifest names it (`postal-staff`, `agency`, …). */
type Role = string;

export const PERSONAL_FIELDS = ['name', 'phone', 'email', 'idNumber', 'address'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

/** One read of one dossier's personal data. Never changed once written. */
export interface PersonalDataRead {
  readonly auditId: string;
  /** ISO 8601, when the data was handed out. */
  readonly at: string;
  /** The dossier: its consignment reference (always) and its code (once it has one). */
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly caller: {
    readonly subject: string;
    readonly roles: readonly Role[];
    readonly agencyCode?: string;
    readonly postOfficeCode?: string;
  };
  readonly fields: readonly PersonalField[];
  /** What read it: the route, e.g. `GET /v1/dossiers/{dossierRef}`. */
  readonly purpose: string;
}

export interface AuditPage {
  readonly entries: readonly PersonalDataRead[];
  /** The store's own position of the next page, if any. */
  readonly next?: string;
}

export interface AuditTrail {
  /** Appends one record; a record is never overwritten. */
  record(read: PersonalDataRead): Promise<void>;
  /** Appends the records of one request (each with its own id), in as few writes as the store allows. */
  recordAll(reads: readonly PersonalDataRead[]): Promise<void>;
  byDossier(consignmentRef: string, limit: number, position?: string): Promise<AuditPage>;
  byCaller(subject: string, limit: number, position?: string): Promise<AuditPage>;
}

/** Postal staff check the ID at delivery, and admins see everything; nobody else needs the number. */
export const needsIdNumber = (roles: readonly Role[]): boolean =>
  roles.some((role) => role === 'postal-staff' || role === 'postal-supervisor' || role === 'admin');

interface WithApplicant {
  readonly applicant: {
    /** Kept by dossiers registered before the number was masked. */
    readonly idNumber?: string | undefined;
    readonly idNumberMasked?: string | undefined;
    readonly email?: string | undefined;
  };
}

const hasIdNumber = (dossier: WithApplicant): boolean =>
  dossier.applicant.idNumber !== undefined || dossier.applicant.idNumberMasked !== undefined;

/** The applicant's fields a view of `dossier` hands out to a caller with these roles. */
export function personalFieldsShown(dossier: WithApplicant, roles: readonly Role[]): PersonalField[] {
  const fields: PersonalField[] = ['name', 'phone', 'address'];
  if (dossier.applicant.email) fields.push('email');
  if (hasIdNumber(dossier) && needsIdNumber(roles)) fields.push('idNumber');
  return fields;
}

/** The dossier without the applicant's ID number, for callers who do not need it. */
export function withoutIdNumber<T extends WithApplicant>(dossier: T, roles: readonly Role[]): T {
  if (needsIdNumber(roles) || !hasIdNumber(dossier)) return dossier;
  const { idNumber: _idNumber, idNumberMasked: _masked, ...applicant } = dossier.applicant;
  return { ...dossier, applicant };
}
