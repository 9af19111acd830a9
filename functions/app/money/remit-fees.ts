/**
 * Remit fees: the post pays an agency the fees it collected on the agency's behalf over
 * whole past days of one month. The fees are what the finance lines of those days net to;
 * the remittance, its claim on each day and its transfer are written at once, so a day is
 * remitted at most once however the requests race.
 */

import type { Remittance } from '../../domain/money/model.ts';
import { feesCollectedNet } from '../../domain/money/reconcile.ts';
import {
  newRemittanceReference,
  remittanceDays,
  remittanceOf,
  remittanceTransfer,
} from '../../domain/money/remittances.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import { reconcileDays } from './compute-statement.ts';
import type { AgencyDirectory, RemittanceBooks } from './ports.ts';

export interface RemittanceRequest {
  readonly agencyCode: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** Who remits: the caller's subject. */
  readonly createdBy: string;
  readonly now: Date;
}

export type RemittanceOutcome =
  | { readonly outcome: 'remitted'; readonly remittance: Remittance }
  | { readonly outcome: 'unknown-agency' }
  | { readonly outcome: 'already-remitted'; readonly detail: string };

export async function remitFees(
  ports: { readonly agencies: AgencyDirectory; readonly books: RemittanceBooks },
  request: RemittanceRequest,
): Promise<RemittanceOutcome> {
  const agency = await ports.agencies.agency(request.agencyCode);
  if (!agency) return { outcome: 'unknown-agency' };
  const days = remittanceDays(request.periodStart, request.periodEnd, request.now);
  const { totals } = await reconcileDays(ports.books, agency.agencyCode, days);
  const remittance = remittanceOf({
    reference: newRemittanceReference(request.periodStart),
    agencyCode: agency.agencyCode,
    postOfficeCode: agency.postOfficeCode,
    periodStart: request.periodStart,
    periodEnd: request.periodEnd,
    fees: feesCollectedNet(totals),
    now: request.now,
    createdBy: request.createdBy,
  });
  try {
    await ports.books.recordRemittance(remittance, days, remittanceTransfer(remittance));
  } catch (error) {
    if (error instanceof DomainRefusal && error.kind === 'conflict')
      return { outcome: 'already-remitted', detail: error.message };
    throw error;
  }
  return { outcome: 'remitted', remittance };
}
