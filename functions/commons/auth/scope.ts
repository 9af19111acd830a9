/**
 * Tenant scoping: a caller sees and changes only its own office's or agency's data.
 * Finance and admin see every tenant; postal staff and supervisors their office;
 * agency systems their agency. Every read and write passes through one of these.
 */
import { HttpProblem } from '../http/problem.ts';
import type { Caller } from './caller.ts';

const seesEveryTenant = (caller: Caller): boolean =>
  caller.roles.includes('admin') || caller.roles.includes('finance');

export interface TenantRecord {
  readonly agencyCode: string;
  /** The offices the record belongs to (an item's origin and destination, a dossier's offices). */
  readonly postOfficeCodes: readonly string[];
}

export function canAccess(caller: Caller, record: TenantRecord): boolean {
  if (seesEveryTenant(caller)) return true;
  if (caller.roles.includes('agency') && caller.agencyCode === record.agencyCode) return true;
  const isPostal = caller.roles.includes('postal-staff') || caller.roles.includes('postal-supervisor');
  return (
    isPostal && caller.postOfficeCode !== undefined && record.postOfficeCodes.includes(caller.postOfficeCode)
  );
}

export function assertCanAccess(caller: Caller, record: TenantRecord, what: string): void {
  if (!canAccess(caller, record))
    throw new HttpProblem('forbidden', `This ${what} belongs to another tenant`);
}

/** An agency system acts only for its own agency; the post's staff act for any agency they carry for. */
export function assertActsForAgency(caller: Caller, agencyCode: string): void {
  if (seesEveryTenant(caller) || !caller.roles.includes('agency')) return;
  if (caller.agencyCode !== agencyCode) {
    throw new HttpProblem(
      'forbidden',
      `Agency ${caller.agencyCode ?? '(none)'} cannot act for agency ${agencyCode}`,
    );
  }
}

/** Postal staff act only for their own office. */
export function assertActsForOffice(caller: Caller, postOfficeCode: string): void {
  if (seesEveryTenant(caller)) return;
  if (caller.postOfficeCode !== postOfficeCode) {
    throw new HttpProblem(
      'forbidden',
      `Staff of office ${caller.postOfficeCode ?? '(none)'} cannot act for office ${postOfficeCode}`,
    );
  }
}

/** Observers read the indicators of their own province; admins of every province. */
export function assertReadsProvince(caller: Caller, provinceCode: string): void {
  if (caller.roles.includes('admin')) return;
  if (!caller.roles.includes('observer') || caller.provinceCode !== provinceCode) {
    throw new HttpProblem(
      'forbidden',
      `An observer of province ${caller.provinceCode ?? '(none)'} cannot read province ${provinceCode}`,
    );
  }
}

/** The check a dossier use case makes once it has read the dossier: does it belong to the caller's tenant? */
export const dossierAccess =
  (caller: Caller) =>
  (dossier: {
    readonly agency: { readonly code: string };
    readonly postOfficeCodes: readonly string[];
  }): void =>
    assertCanAccess(
      caller,
      { agencyCode: dossier.agency.code, postOfficeCodes: dossier.postOfficeCodes },
      'dossier',
    );
