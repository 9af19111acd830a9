/**
 * One call for every route that hands out a dossier's personal data: the reads go to the
 * append-only audit trail before the answer leaves.
 */
import { auditTrail } from '../adapters/index.ts';
import type { PersonalDataRead, PersonalField } from '../domain/audit.ts';
import type { Caller } from './auth/caller.ts';
import { systemNow } from './clock.ts';

export interface DossierRead {
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly fields: readonly PersonalField[];
}

export async function auditPersonalDataReads(
  caller: Caller,
  purpose: string,
  requestId: string,
  reads: readonly DossierRead[],
): Promise<void> {
  if (reads.length === 0) return;
  const at = systemNow().toISOString();
  const who = {
    subject: caller.subject,
    roles: caller.roles,
    ...(caller.agencyCode ? { agencyCode: caller.agencyCode } : {}),
    ...(caller.postOfficeCode ? { postOfficeCode: caller.postOfficeCode } : {}),
  };
  const records: PersonalDataRead[] = reads.map((read, index) => ({
    auditId: reads.length === 1 ? requestId : `${requestId}:${index}`,
    at,
    consignmentRef: read.consignmentRef,
    dossierCode: read.dossierCode,
    caller: who,
    fields: read.fields,
    purpose,
  }));
  await auditTrail().recordAll(records);
}
