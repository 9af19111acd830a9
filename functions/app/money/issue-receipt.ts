/**
 * Issue a receipt: the delegated e-receipt of a collection, numbered without gaps. The
 * next number of the series is taken only if nobody took it meanwhile; when another issue
 * won it, the series is read again after a short, growing pause. A number therefore exists
 * only with its receipt, and a collection gets one receipt however often it is asked for.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type ReceiptRequest, receiptOf, receiptSeries } from '../../domain/money/receipts.ts';
import type { ReceiptBooks, StoredReceipt } from './ports.ts';

/** Attempts at taking the next number before giving up (the caller retries later). */
export const MAX_ISSUE_ATTEMPTS = 60;

export async function issueReceipt(books: ReceiptBooks, request: ReceiptRequest): Promise<StoredReceipt> {
  const series = receiptSeries(request.letters, request.issuedAt);
  for (let attempt = 0; attempt < MAX_ISSUE_ATTEMPTS; attempt += 1) {
    const existing = await books.receiptOfSource(request.sourceId);
    if (existing) return existing;
    const last = await books.lastNumber(series);
    const receipt = receiptOf(request, (last ?? 0) + 1);
    if ((await books.commitIssue(receipt, last)) === 'committed') return receipt;
    await sleep(Math.floor(Math.random() * Math.min(200, 5 * 2 ** Math.min(attempt, 6))));
  }
  throw new Error(`Receipt series ${series} stayed busy through ${MAX_ISSUE_ATTEMPTS} attempts`);
}
