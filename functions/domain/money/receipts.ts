/**
 * Delegated e-receipts: fees collected for an agency are receipted in the agency's name.
 * A series is the agency's letters plus the two-digit year (`HNTP26`); numbers run from 1
 * to 9,999,999 and restart each year, with no gap: a number is taken only together with
 * the receipt that carries it. A voided receipt keeps its number and records why.
 */
import { createHash } from 'node:crypto';
import { localDate } from '../calendar/working-days.ts';
import type { Dossier } from '../dossiers.ts';
import type { StoredFact } from '../items/scans.ts';
import { DomainRefusal } from '../refusal.ts';
import { dossierRefOf, feesTransferId, type PayableItem } from './collections.ts';
import { reversalOf, type Transfer } from './ledger.ts';
import { type FinanceLine, type PaymentMethod, type Receipt, receiptNumberText } from './model.ts';
import { amountInWords } from './words.ts';

export const MAX_RECEIPT_NUMBER = 9_999_999;
export const RECEIPT_LETTERS_PATTERN = /^[A-Z]{2,6}$/;
export const RECEIPT_SERIES_PATTERN = /^[A-Z]{2,6}\d{2}$/;
export const MAX_VOID_REASON = 500;
/** The form symbol of a fee receipt without printed value, when the agency registered no other. */
export const DEFAULT_RECEIPT_FORM_SYMBOL = '01BLP0-001';
export const RECEIPT_FORM_SYMBOL_PATTERN = /^[0-9A-Z]{1,6}(-[0-9]{3})?$/;
/** A tax code: ten digits, with a three-digit branch suffix for a dependent unit. */
export const TAX_CODE_PATTERN = /^\d{10}(-\d{3})?$/;
export const LOOKUP_CODE_LENGTH = 10;

/** Letters without I and O, so that a printed series is not misread. */
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * The letters of an agency that was not given its own: four letters drawn from its code, the
 * same every time. Agencies may be given theirs in the reference data.
 */
export function defaultReceiptLetters(agencyCode: string): string {
  const digest = createHash('sha256').update(agencyCode).digest();
  return Array.from(digest.subarray(0, 4), (byte) => LETTERS[byte % LETTERS.length]).join('');
}

/**
 * The lookup code (mã tra cứu) of a receipt: drawn from the collection it receipts and its
 * series and number, the same every time, not guessable from what is printed beside it.
 */
export function receiptLookupCode(sourceId: string, series: string, number: number): string {
  const digest = createHash('sha256').update(`lookup|${sourceId}|${series}|${number}`).digest();
  const alphabet = `${LETTERS}23456789`;
  return Array.from(digest.subarray(0, LOOKUP_CODE_LENGTH), (byte) => alphabet[byte % alphabet.length]).join(
    '',
  );
}

/** The series a receipt issued at `at` belongs to: letters plus the year in Vietnam. */
export function receiptSeries(letters: string, at: string): string {
  if (!RECEIPT_LETTERS_PATTERN.test(letters))
    throw new RangeError(`"${letters}" are not receipt series letters`);
  return `${letters}${localDate(new Date(at)).slice(2, 4)}`;
}

/** What a receipt is issued for: the fees of one collection. */
export interface ReceiptRequest {
  /** The collection it receipts (the fees transfer's id): one receipt per collection. */
  readonly sourceId: string;
  readonly letters: string;
  readonly formSymbol: string;
  readonly agencyCode: string;
  readonly agencyName: string;
  readonly agencyTaxCode: string | null;
  readonly postOfficeCode: string;
  readonly payerName: string;
  readonly dossierRef: string;
  readonly itemCode: string;
  readonly lines: Receipt['lines'];
  readonly amount: number;
  readonly amountInWords: string;
  readonly method: PaymentMethod;
  readonly issuedAt: string;
  readonly issuedBy: string | null;
}

/**
 * The receipt for the fees an item's collection point took: in the agency's name (its own
 * series letters, or letters derived from its code), for the dossier's fees due at that
 * moment, to the applicant.
 */
export function feesReceiptRequest(input: {
  readonly item: Pick<
    PayableItem,
    'itemCode' | 'agencyCode' | 'direction' | 'dossierCode' | 'consignmentRef'
  >;
  readonly fact: Pick<StoredFact, 'factId' | 'postOfficeCode' | 'occurredAt' | 'staffId'>;
  readonly method: PaymentMethod;
  /** What the collection paid towards the fees. */
  readonly fees: number;
  readonly dossier: Pick<Dossier, 'agency' | 'applicant' | 'fees'>;
  readonly agency: {
    readonly name: string;
    readonly receiptSeriesLetters?: string | undefined;
    readonly receiptFormSymbol?: string | undefined;
    readonly taxCode?: string | undefined;
  } | null;
}): ReceiptRequest {
  const { item, fact, fees, dossier, agency } = input;
  const moment = item.direction === 'inbound' ? 'pickup' : 'delivery';
  return {
    sourceId: feesTransferId(item.itemCode, fact.factId),
    letters: agency?.receiptSeriesLetters ?? defaultReceiptLetters(item.agencyCode),
    formSymbol: agency?.receiptFormSymbol ?? DEFAULT_RECEIPT_FORM_SYMBOL,
    agencyCode: item.agencyCode,
    agencyName: agency?.name ?? dossier.agency.name,
    agencyTaxCode: agency?.taxCode ?? null,
    postOfficeCode: fact.postOfficeCode,
    payerName: dossier.applicant.fullName,
    dossierRef: dossierRefOf(item),
    itemCode: item.itemCode,
    lines: paidFeeLines(
      dossier.fees.filter((fee) => fee.collectAt === moment),
      fees,
    ),
    amount: fees,
    amountInWords: amountInWords(fees),
    method: input.method,
    issuedAt: fact.occurredAt,
    issuedBy: fact.staffId ?? null,
  };
}

/**
 * What voiding a receipt books beside marking it: the reversal of the collection it receipted
 * (when the ledger holds that transfer) and the void line of the agency's day.
 */
export function voidBookings(
  receipt: Pick<Receipt, 'series' | 'number' | 'itemCode' | 'amount' | 'agencyCode'>,
  collection: Transfer | undefined,
  reason: string,
  at: string,
): { reversal: Transfer | null; line: FinanceLine & { agencyCode: string } } {
  const receiptRef = `${receipt.series}/${receiptNumberText(receipt.number)}`;
  return {
    reversal: collection
      ? reversalOf(collection, at, `Receipt ${receiptRef} voided: ${reason}`, 'void')
      : null,
    line: {
      kind: 'void',
      key: receipt.itemCode,
      at,
      itemCode: receipt.itemCode,
      amount: receipt.amount,
      receipt: receiptRef,
      reason,
      agencyCode: receipt.agencyCode,
    },
  };
}

/** The receipt that takes number `number` of its series. */
export function receiptOf(request: ReceiptRequest, number: number): Receipt & { readonly sourceId: string } {
  if (number < 1 || number > MAX_RECEIPT_NUMBER)
    throw new DomainRefusal(
      'conflict',
      `Receipt series ${receiptSeries(request.letters, request.issuedAt)} is full`,
    );
  const { letters, ...rest } = request;
  const series = receiptSeries(letters, request.issuedAt);
  return {
    ...rest,
    series,
    number,
    lookupCode: receiptLookupCode(request.sourceId, series, number),
    status: 'issued',
    voidedAt: null,
    voidReason: null,
    voidedBy: null,
  };
}

/**
 * The fee lines a collection pays, in order, up to what was collected for fees: a short
 * payment receipts the first fees in full and the next one in part.
 */
export function paidFeeLines(
  fees: readonly { code: string; name: string; amount: number }[],
  paid: number,
): Receipt['lines'] {
  const lines: { code: string; name: string; amount: number }[] = [];
  let left = paid;
  for (const fee of fees) {
    if (left <= 0) break;
    const amount = Math.min(fee.amount, left);
    if (amount > 0) lines.push({ code: fee.code, name: fee.name, amount });
    left -= amount;
  }
  return lines;
}

/** Refuses to void a receipt twice; voiding needs a reason. */
export function voidRefusal(
  receipt: Pick<Receipt, 'status' | 'series' | 'number' | 'voidedAt'>,
  reason: string,
): DomainRefusal | null {
  if (receipt.status === 'voided')
    return new DomainRefusal(
      'conflict',
      `Receipt ${receipt.series}/${String(receipt.number).padStart(7, '0')} was already voided at ${receipt.voidedAt}`,
    );
  if (reason.trim() === '') return new DomainRefusal('unprocessable', 'Voiding a receipt needs a reason');
  return null;
}
