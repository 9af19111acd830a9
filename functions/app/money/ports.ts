/**
 * The ports the money use cases speak through: what they read of the books and the one
 * atomic write each decision ends in. The use cases decide every row and transfer; a port
 * only stores what it is given, all or nothing. `memory.ts` keeps them in memory for the
 * unit and property tests; the DynamoDB adapters back them in the deployed system.
 */

import type { Dossier } from '../../domain/dossiers.ts';
import type { PaidBefore, PayableItem, PaymentFact } from '../../domain/money/collections.ts';
import type { Transfer } from '../../domain/money/ledger.ts';
import type {
  CashHandin,
  CollectionRepair,
  FinanceLine,
  Receipt,
  Remittance,
} from '../../domain/money/model.ts';
import type { OurRecord, ReconciliationReport } from '../../domain/reconciliation.ts';

/** A payment recorded at a scan, as a bank line is matched against it. */
export interface RecordedPayment {
  readonly factId: string;
  readonly agencyCode: string;
  readonly postOfficeCode: string;
  readonly method: 'cash' | 'vietqr';
  readonly amount: number;
  /** The parts of `amount` that paid the agency's fees and the postage still owed. */
  readonly fees: number;
  readonly postage: number;
  readonly at: string;
}

/** What booking one fact decided: written at once, or not at all. */
export interface FactBooking {
  readonly item: PayableItem;
  readonly fact: PaymentFact;
  /** How the collected amount was split between the agency's fees and the postage. */
  readonly parts: PaidBefore;
  /** Whether this fact is the first to record what the item owes at its collection point. */
  readonly recordsDue: boolean;
  readonly lines: readonly FinanceLine[];
  readonly transfers: readonly Transfer[];
  /** Written with the booking when the facts-to-ledger check found the fact unbooked. */
  readonly repair?: CollectionRepair;
}

/** The books a fact is booked in. */
export interface FactBooks {
  /** The fees booked by a fact already booked, or null when the fact is new. */
  bookedFees(itemCode: string, factId: string): Promise<number | null>;
  /** Whether what the item owes at its collection point was recorded before. */
  dueRecorded(itemCode: string): Promise<boolean>;
  /** The payments booked at the item's scans. */
  paymentsOf(itemCode: string): Promise<RecordedPayment[]>;
  /**
   * Writes the booking at once. 'conflict' when another booking of the same fact or of
   * the item's due won the race: the use case reads again and decides anew.
   */
  commitBooking(booking: FactBooking): Promise<'committed' | 'conflict'>;
}

/** A bank line's confirmation of an item's VietQR payment. */
export interface ItemPaymentConfirmation {
  readonly importId: string;
  readonly lineId: string;
  readonly outcome: string;
  readonly agencyCode: string;
  readonly line: FinanceLine;
  readonly transfer: Transfer;
}

/** A bank line's confirmation that a remittance left the account. */
export interface RemittanceConfirmation {
  readonly importId: string;
  readonly lineId: string;
  readonly outcome: string;
  readonly reference: string;
  readonly bookedAt: string;
  readonly transfer: Transfer;
}

/** The books a bank statement is matched against. */
export interface BankBooks {
  bankLineKnown(lineId: string): Promise<boolean>;
  paymentsOf(itemCode: string): Promise<RecordedPayment[]>;
  bankConfirmedForItem(itemCode: string): Promise<number>;
  remittance(reference: string): Promise<Remittance | null>;
  /** Marks the line and posts its transfer at once; 'duplicate' when the line was matched before. */
  confirmItemPayment(input: ItemPaymentConfirmation): Promise<'posted' | 'duplicate'>;
  confirmRemittance(input: RemittanceConfirmation): Promise<'posted' | 'duplicate'>;
}

/** A receipt as kept: with the id of the collection it receipts. */
export type StoredReceipt = Receipt & { readonly sourceId: string };

/** What voiding a receipt writes at once: its mark, the reversal of its collection, the void line. */
export interface ReceiptVoid {
  readonly receipt: StoredReceipt;
  readonly reason: string;
  readonly voidedBy: string;
  readonly at: string;
  readonly reversal: Transfer | null;
  readonly line: FinanceLine & { agencyCode: string };
}

/** The delegated receipts and the collections they receipt. */
export interface ReceiptBooks {
  receipt(series: string, number: number): Promise<StoredReceipt | null>;
  /** The receipt of a collection, if it was issued. */
  receiptOfSource(sourceId: string): Promise<StoredReceipt | null>;
  /** The last number taken in a series; null when the series has none yet. */
  lastNumber(series: string): Promise<number | null>;
  /**
   * Writes the receipt, claims its collection and moves the series on from `last` to the
   * receipt's number, at once; 'taken' when another issue moved the series or claimed the
   * collection first.
   */
  commitIssue(receipt: StoredReceipt, last: number | null): Promise<'committed' | 'taken'>;
  /** The ledger transfer of a collection, when the ledger holds it. */
  collectionOf(transferId: string): Promise<Transfer | undefined>;
  /**
   * Marks an issued receipt voided, posts the reversal and writes the void line, at once;
   * 'replayed' when the reversal was already posted. Throws when the receipt was no longer
   * issued.
   */
  commitVoid(input: ReceiptVoid): Promise<'posted' | 'replayed'>;
}

/** The books a statement is computed from. */
export interface StatementBooks {
  /** One day's finance lines of an agency, in key order (see `mergeSorted`). */
  financeLinesOfDay(agencyCode: string, day: string): AsyncIterable<FinanceLine>;
  remittancesOf(agencyCode: string, month: string): Promise<Remittance[]>;
  handinsOf(postOfficeCode: string, month: string): Promise<CashHandin[]>;
  /** An agency's dossiers registered on the given days, counted by status. */
  dossierCounts(agencyCode: string, days: readonly string[]): Promise<Record<string, number>>;
  /** The collections the facts-to-ledger check booked in a month (of when they were collected). */
  repairsOf(agencyCode: string, month: string): Promise<CollectionRepair[]>;
}

/** A fact of an item on which staff recorded money collected. */
export interface CollectedFact {
  readonly itemCode: string;
  readonly fact: PaymentFact;
}

/** The facts with money collected, by office and day: what the facts-to-ledger check walks. */
export interface CollectionIndex {
  /**
   * One page of an office's collected facts of one day (Vietnam's date), in time order, after
   * the position `after` (null: from the start); `next` is null after the last page.
   */
  collectedFacts(
    postOfficeCode: string,
    day: string,
    limit: number,
    after: string | null,
  ): Promise<{ facts: CollectedFact[]; next: string | null }>;
  /**
   * The item as the ledger needs it; null when unknown; 'flagged' when this fact is flagged
   * and not applied (the ledger books it only once a supervisor applies it).
   */
  payableItem(itemCode: string, factId: string): Promise<PayableItem | 'flagged' | null>;
}

/** Who receipts are issued to and in whose name: the dossier's payer and the agency. */
export interface ReceiptParties {
  dossier(consignmentRef: string): Promise<Pick<Dossier, 'agency' | 'applicant' | 'fees'> | null>;
  agency(
    agencyCode: string,
  ): Promise<{ readonly name: string; readonly receiptSeriesLetters?: string | undefined } | null>;
}

/** A delivery-confirmation reconciliation with a one-stop shop, as kept. */
export interface StoredReport extends ReconciliationReport {
  readonly reportId: string;
  readonly agencyCode: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly toleranceMinutes: number;
  readonly records: number;
  readonly createdAt: string;
  readonly trigger: 'request' | 'nightly';
}

/** Both sides of a reconciliation with a one-stop shop, and its reports. */
export interface ReconciliationBooks {
  /** What the post recorded of an agency's dossiers on the given days and of the named ones. */
  ourRecords(agencyCode: string, days: readonly string[], codes: readonly string[]): Promise<OurRecord[]>;
  saveReport(report: StoredReport): Promise<void>;
}

/** The nightly reconciliation of an agency's day, kept once. */
export interface DailyReconciliationBooks {
  dailyReconciliation(agencyCode: string, day: string): Promise<Record<string, unknown> | null>;
  /** Keeps the report unless one was kept before: 'existing' then. */
  keepDailyReconciliation(
    agencyCode: string,
    day: string,
    report: Record<string, unknown>,
  ): Promise<'kept' | 'existing'>;
}

/** The agencies fees are remitted to. */
export interface AgencyDirectory {
  agency(
    agencyCode: string,
  ): Promise<{ readonly agencyCode: string; readonly postOfficeCode: string } | null>;
}

/** The books a remittance is recorded in. */
export interface RemittanceBooks extends Pick<StatementBooks, 'financeLinesOfDay'> {
  /**
   * Writes the remittance, its claim on each of its days and its transfer at once. Refuses
   * with a `conflict` DomainRefusal naming the days when any of them was remitted before.
   */
  recordRemittance(remittance: Remittance, days: readonly string[], transfer: Transfer): Promise<void>;
}

/** The post offices cash is handed in at. */
export interface OfficeDirectory {
  postOffice(postOfficeCode: string): Promise<unknown>;
}

/** The books a cash hand-in reads the staff member's cash from and is recorded in. */
export interface HandinBooks {
  /** An account's balance (debits − credits) and what moved through it. */
  balance(accountId: string): Promise<{ balance: number; debits: number; credits: number }>;
  /** Writes the hand-in and its transfers at once. */
  recordHandin(handin: CashHandin, transfers: readonly Transfer[]): Promise<void>;
}
