/** Who is at fault for a resend, why it happens, and the resend as a dossier keeps it. */

export const FAULT_PARTIES = ['citizen', 'post', 'agency'] as const;
export type FaultParty = (typeof FAULT_PARTIES)[number];

/** Why an item is sent again, in words a postal clerk uses. */
export const RESEND_REASONS = [
  'lost-in-transit',
  'damaged-in-transit',
  'wrong-address',
  'wrong-result',
  'other',
] as const;
export type ResendReason = (typeof RESEND_REASONS)[number];

/** How many times one dossier's result may be sent again: a bound on the dossier's items. */
export const MAX_RESENDS_PER_DOSSIER = 5;
export const MAX_RESEND_NOTE = 500;

/** A resend as the dossier keeps it and the statement lists it. */
export interface ResendRecord {
  readonly originalItemCode: string;
  readonly itemCode: string;
  readonly faultParty: FaultParty;
  readonly reason: ResendReason;
  readonly note: string | null;
  /** The postage of the new leg at the original's tariff (before any exemption). */
  readonly postageVnd: number;
  /** What the citizen pays for the new leg at delivery (postage with the exemption); 0 unless at fault. */
  readonly citizenPostageVnd: number;
  /** What the citizen still owed on the original item, now due on the new one. */
  readonly carriedOverVnd: number;
  /** The office that carries the new leg to the citizen and books its postage. */
  readonly postOfficeCode: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
}
