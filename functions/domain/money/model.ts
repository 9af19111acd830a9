/**
 * The shapes money takes across the ledger, the statements and the documents. Amounts are
 * integer VND (đồng) everywhere; dates are ISO 8601; days and months are in Vietnam time.
 */

/** The largest single amount accepted anywhere: 2 billion đồng. */
export const MAX_AMOUNT_VND = 2_000_000_000;

export type PaymentMethod = 'cash' | 'vietqr';

/** A calendar month, `YYYY-MM`. */
export type Period = string;

/**
 * One finance line of an agency, kept per (agency, day) and read back sorted by `key`
 * (the item code, or a remittance reference), so that all the lines of one key arrive
 * together. The reconciliation core consumes them in that order.
 */
export type FinanceLine =
  | {
      /** What the citizen owed at the item's collection point (pickup or delivery). */
      readonly kind: 'due';
      readonly key: string;
      readonly at: string;
      readonly itemCode: string;
      readonly dossierRef: string;
      readonly postOfficeCode: string;
      /** Everything owed at that point: fees, postage and charges. */
      readonly amount: number;
      /** The agency's share of `amount`. */
      readonly fees: number;
    }
  | {
      /** What staff recorded as collected at the scan. */
      readonly kind: 'paid';
      readonly key: string;
      readonly at: string;
      readonly itemCode: string;
      readonly dossierRef: string;
      readonly postOfficeCode: string;
      readonly staffId: string | null;
      readonly method: PaymentMethod;
      readonly amount: number;
      /** The agency's share of what was collected. */
      readonly fees: number;
      readonly scanId: string;
    }
  | {
      /** A bank statement line that carried the item code (a VietQR transfer arriving). */
      readonly kind: 'bank';
      readonly key: string;
      readonly at: string;
      readonly itemCode: string;
      readonly amount: number;
      readonly bankLineId: string;
      readonly bankReference: string;
    }
  | {
      /** An item reached the end of its journey this day. */
      readonly kind: 'outcome';
      readonly key: string;
      readonly at: string;
      readonly itemCode: string;
      readonly dossierRef: string;
      readonly direction: 'inbound' | 'outbound';
      readonly outcome: 'handed-over' | 'delivered' | 'returned-to-agency';
      readonly dueAt: string | null;
      readonly onTime: boolean;
    }
  | {
      /** A result sent again: who is at fault and what its postage is charged to. */
      readonly kind: 'resend';
      readonly key: string;
      readonly at: string;
      /** The new item. */
      readonly itemCode: string;
      readonly originalItemCode: string;
      readonly dossierRef: string;
      readonly postOfficeCode: string;
      readonly faultParty: 'citizen' | 'post' | 'agency';
      readonly reason: string;
      /** The new leg's postage at the original's tariff. */
      readonly postageVnd: number;
      /** The part of it due from the citizen at delivery (0 unless the citizen is at fault). */
      readonly citizenPostageVnd: number;
    }
  | {
      /** A receipt was voided: its fees went back to the payer. */
      readonly kind: 'void';
      readonly key: string;
      readonly at: string;
      readonly itemCode: string;
      readonly amount: number;
      readonly receipt: string;
      readonly reason: string;
    };

export type FinanceLineKind = FinanceLine['kind'];

/** A remittance of collected fees from the post to an agency, for a period within one month. */
export interface Remittance {
  readonly reference: string;
  readonly agencyCode: string;
  readonly postOfficeCode: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  /** Fees collected in the period, net of voided receipts. */
  readonly feesCollected: number;
  /**
   * What goes to the agency: all of feesCollected. (A province's per-dossier remittance
   * charge is paid by the citizen with the postage, so nothing is withheld here.)
   */
  readonly amount: number;
  readonly createdAt: string;
  /** When the remittance should have been made at the latest. */
  readonly dueBy: string;
  readonly createdBy: string;
  /** What the bank statement confirmed left the account for this reference. */
  readonly bankConfirmed: number;
  readonly bankConfirmedAt: string | null;
}

/** A staff member's cash handed in at the office, against what the ledger says they hold. */
export interface CashHandin {
  readonly handinId: string;
  readonly staffId: string;
  readonly postOfficeCode: string;
  readonly countedBy: string;
  readonly at: string;
  /** The ledger balance of the staff member's cash in hand when counted. */
  readonly expected: number;
  readonly counted: number;
  /** counted − expected: negative when short. */
  readonly variance: number;
}

export type DiscrepancyKind =
  | 'not-collected'
  | 'underpaid'
  | 'overpaid'
  | 'collected-without-due'
  | 'vietqr-not-confirmed'
  | 'bank-amount-mismatch'
  | 'bank-line-without-collection'
  | 'receipt-voided'
  | 'cash-short'
  | 'cash-over'
  | 'fees-not-remitted'
  | 'remittance-late'
  | 'remittance-not-confirmed'
  | 'remittance-bank-mismatch';

export interface Discrepancy {
  readonly kind: DiscrepancyKind;
  /** What it is about: an item code, a remittance reference, a staff member. */
  readonly subject: string;
  readonly expected: number;
  readonly actual: number;
  /** actual − expected. */
  readonly difference: number;
  /** A sentence a finance clerk can act on (Vietnamese). */
  readonly cause: string;
  readonly at: string | null;
}

/** Running totals the reconciliation core keeps over the lines of a period. */
export interface ReconciliationTotals {
  readonly lines: number;
  readonly items: number;
  readonly due: number;
  readonly feesDue: number;
  readonly collected: number;
  readonly collectedCash: number;
  readonly collectedVietqr: number;
  readonly feesCollected: number;
  readonly bankConfirmedVietqr: number;
  readonly voided: number;
  readonly outcomes: Readonly<Record<'handed-over' | 'delivered' | 'returned-to-agency', number>>;
  readonly onTime: number;
  readonly late: number;
  /** Results sent again, and their postage by the party at fault. */
  readonly resends: ResendTotals;
}

/** Resends of a period: how many, and the postage each party at fault was charged. */
export interface ResendTotals {
  readonly count: number;
  readonly citizenVnd: number;
  readonly postVnd: number;
  readonly agencyVnd: number;
}

/** One item of a statement: what was due on it, collected, confirmed, voided, and how it ended. */
export interface StatementItemLine {
  readonly itemCode: string;
  readonly dueVnd: number;
  readonly feesDueVnd: number;
  readonly collectedCashVnd: number;
  readonly collectedVietqrVnd: number;
  readonly bankConfirmedVnd: number;
  readonly voidedVnd: number;
  /** How the item ended in the period, or null while it is under way. */
  readonly outcome: 'handed-over' | 'delivered' | 'returned-to-agency' | null;
  /** Whether it arrived by its due time; null when it has not arrived. */
  readonly onTime: boolean | null;
  /** Its latest finance line. */
  readonly lastAt: string;
}

/** One day of a statement, from the day's finance lines. */
export interface StatementDay {
  /** `YYYY-MM-DD`, in Vietnam. */
  readonly day: string;
  readonly collectedCashVnd: number;
  readonly collectedVietqrVnd: number;
  /** The agency's share of what was collected this day. */
  readonly feesCollectedVnd: number;
  /** Items that reached the end of their journey this day, and of them those on time. */
  readonly arrived: number;
  readonly arrivedOnTime: number;
}

/**
 * A collection the ledger did not hold when the facts-to-ledger check walked the item's
 * facts, booked by the check (at its own time, with its own fact's ids, so once).
 */
export interface CollectionRepair {
  readonly itemCode: string;
  readonly factId: string;
  readonly agencyCode: string;
  readonly dossierRef: string;
  readonly postOfficeCode: string;
  readonly method: PaymentMethod;
  readonly amount: number;
  /** The part of `amount` that paid the agency's fees. */
  readonly fees: number;
  readonly collectedAt: string;
  readonly repairedAt: string;
  readonly trigger: 'request' | 'nightly';
}

/** The monthly statement of one agency: what finance signs. */
export interface MonthlyStatement {
  readonly agencyCode: string;
  readonly agencyName: string;
  readonly postOfficeCode: string;
  readonly period: Period;
  readonly generatedAt: string;
  readonly dossiers: Readonly<Record<string, number>>;
  readonly items: Readonly<Record<string, number>>;
  readonly amounts: {
    readonly expected: number;
    readonly feesExpected: number;
    readonly collected: number;
    readonly collectedCash: number;
    readonly collectedVietqr: number;
    readonly feesCollected: number;
    readonly voided: number;
    readonly remitted: number;
    readonly bankConfirmed: number;
    readonly bankConfirmedVietqr: number;
    readonly bankConfirmedRemittances: number;
    /** Postage of results sent again: due from citizens at delivery, borne by the post, owed by the agency. */
    readonly resendPostageCitizen: number;
    readonly resendPostagePost: number;
    readonly resendPostageAgency: number;
  };
  /** Results sent again in the period. */
  readonly resends: number;
  /** Items that arrived by their due time, over items that arrived; null when none did. */
  readonly onTimeRate: number | null;
  readonly remittances: readonly Remittance[];
  readonly cashHandins: readonly CashHandin[];
  readonly discrepancies: readonly Discrepancy[];
  /** Discrepancies found beyond those listed (the list is capped); absent or 0 when all are listed. */
  readonly discrepanciesOmitted?: number;
  /** Collections of the month that only the facts-to-ledger check booked (absent: none looked for). */
  readonly collectionRepairs?: readonly CollectionRepair[];
  /** The items of the period, one a line, in item order (the list is capped). */
  readonly itemLines?: readonly StatementItemLine[];
  /** Each day of the period: what was collected by method, and the items that arrived, on time or not. */
  readonly days?: readonly StatementDay[];
  /** Items beyond those listed; absent or 0 when all are listed. */
  readonly itemLinesOmitted?: number;
}

/** A delegated e-receipt (biên lai thu phí, lệ phí): issued in the agency's name by the post. */
export interface Receipt {
  /** Letters plus the two-digit year, e.g. `HNTP26`. */
  readonly series: string;
  /** 1 … 9,999,999, restarting each year; shown with 7 digits. */
  readonly number: number;
  /** The form symbol (ký hiệu mẫu số) the agency registered for its receipts, e.g. `01BLP0-001`. */
  readonly formSymbol: string;
  readonly agencyCode: string;
  readonly agencyName: string;
  /** The agency's tax code (mã số thuế); null when the reference data has none. */
  readonly agencyTaxCode: string | null;
  /** The code the payer looks the receipt up with (mã tra cứu): ten letters and digits. */
  readonly lookupCode: string;
  readonly postOfficeCode: string;
  readonly payerName: string;
  readonly dossierRef: string;
  readonly itemCode: string;
  readonly lines: readonly { readonly code: string; readonly name: string; readonly amount: number }[];
  readonly amount: number;
  readonly amountInWords: string;
  readonly method: PaymentMethod;
  readonly issuedAt: string;
  readonly issuedBy: string | null;
  readonly status: 'issued' | 'voided';
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
  readonly voidedBy: string | null;
}

/** A receipt number as printed: seven digits. */
export const receiptNumberText = (number: number): string => String(number).padStart(7, '0');
