/**
 * The public lookup of a delegated e-receipt by its lookup code (tra cứu biên lai): what the
 * payer can check against the paper — series, number, date, amount in figures and words, the
 * agency, and whether it still stands — and nothing personal (no payer, no dossier).
 */
import { localDate } from '../calendar/working-days.ts';
import { type Receipt, receiptNumberText } from './model.ts';
import { LOOKUP_CODE_LENGTH } from './receipts.ts';

/** Letters without I and O, and digits 2–9: the alphabet lookup codes are drawn from. */
export const LOOKUP_CODE_PATTERN = new RegExp(`^[A-HJ-NP-Z2-9]{${LOOKUP_CODE_LENGTH}}$`);

/** A code as typed by a payer: spaces and dashes dropped, upper case. */
export const normalLookupCode = (typed: string): string => typed.replace(/[\s-]/g, '').toUpperCase();

export interface ReceiptLookupView {
  readonly series: string;
  readonly number: string;
  readonly formSymbol: string;
  /** The day it was issued, in Vietnam (YYYY-MM-DD). */
  readonly issuedOn: string;
  readonly amount: number;
  readonly amountInWords: string;
  readonly lines: readonly { readonly name: string; readonly amount: number }[];
  readonly agencyName: string;
  readonly agencyTaxCode: string | null;
  readonly status: Receipt['status'];
  /** The day it was voided, when it was. */
  readonly voidedOn: string | null;
}

export function receiptLookupView(
  receipt: Pick<
    Receipt,
    | 'series'
    | 'number'
    | 'formSymbol'
    | 'issuedAt'
    | 'amount'
    | 'amountInWords'
    | 'lines'
    | 'agencyName'
    | 'agencyTaxCode'
    | 'status'
    | 'voidedAt'
  >,
): ReceiptLookupView {
  return {
    series: receipt.series,
    number: receiptNumberText(receipt.number),
    formSymbol: receipt.formSymbol,
    issuedOn: localDate(new Date(receipt.issuedAt)),
    amount: receipt.amount,
    amountInWords: receipt.amountInWords,
    lines: receipt.lines.map(({ name, amount }) => ({ name, amount })),
    agencyName: receipt.agencyName,
    agencyTaxCode: receipt.agencyTaxCode ?? null,
    status: receipt.status,
    voidedOn: receipt.voidedAt ? localDate(new Date(receipt.voidedAt)) : null,
  };
}
