/**
 * Void a receipt: it keeps its number and records why, and its fees go back to the payer by
 * reversing the collection it receipted, with the day's void line, all at once. A receipt
 * is voided once: a second void, or one that lost a race to another, is refused.
 */
import { receiptNumberText } from '../../domain/money/model.ts';
import { voidBookings, voidRefusal } from '../../domain/money/receipts.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import type { ReceiptBooks, StoredReceipt } from './ports.ts';

export interface VoidRequest {
  readonly series: string;
  readonly number: number;
  readonly reason: string;
  readonly voidedBy: string;
  readonly at: string;
}

export async function voidReceipt(books: ReceiptBooks, request: VoidRequest): Promise<StoredReceipt> {
  const { series, number, reason, voidedBy, at } = request;
  const receipt = await books.receipt(series, number);
  if (!receipt) throw new DomainRefusal('not-found', `No receipt ${series}/${receiptNumberText(number)}`);
  const refusal = voidRefusal(receipt, reason);
  if (refusal) throw refusal;
  const { reversal, line } = voidBookings(receipt, await books.collectionOf(receipt.sourceId), reason, at);
  try {
    const posted = await books.commitVoid({ receipt, reason, voidedBy, at, reversal, line });
    if (posted === 'replayed') {
      // Another void won: report its outcome, not ours.
      const now = await books.receipt(series, number);
      if (!now || now.voidedAt !== at || now.voidReason !== reason)
        throw (
          (now && voidRefusal(now, reason)) ?? new Error(`Receipt ${series}/${number} changed while voiding`)
        );
    }
  } catch (error) {
    const now = await books.receipt(series, number);
    const again = now ? voidRefusal(now, reason) : null;
    if (again) throw again;
    throw error;
  }
  return { ...receipt, status: 'voided', voidedAt: at, voidReason: reason, voidedBy };
}
