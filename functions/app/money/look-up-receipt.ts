/**
 * A payer looks a receipt up by its lookup code, on the public page. Each client address
 * takes at most ten codes that find nothing in an hour, then is locked for the hour (the
 * tracking page's rule): a wrong code, a locked client and an unknown receipt get the same
 * "not found" after the same reads and write.
 */
import {
  LOOKUP_CODE_PATTERN,
  normalLookupCode,
  type ReceiptLookupView,
  receiptLookupView,
} from '../../domain/money/receipt-lookup.ts';
import { isLocked, type TrackingGuard } from '../../domain/tracking-guard.ts';
import type { StoredReceipt } from './ports.ts';

export interface ReceiptLookupPorts {
  readonly receipts: { byLookupCode(lookupCode: string): Promise<StoredReceipt | null> };
  readonly guard: TrackingGuard;
}

/** The guard's key for a client address: its own counter, apart from the tracking references. */
export const lookupGuardKey = (clientAddress: string): string => `receipt-lookup|${clientAddress}`;

export async function lookUpReceipt(
  ports: ReceiptLookupPorts,
  input: { readonly lookupCode: string; readonly clientAddress: string },
  nowMs: number = Date.now(),
): Promise<ReceiptLookupView | null> {
  const code = normalLookupCode(input.lookupCode);
  const key = lookupGuardKey(input.clientAddress);
  const window = await ports.guard.window(key, nowMs);
  const receipt = await ports.receipts.byLookupCode(code);
  if (!receipt || receipt.lookupCode !== code || !LOOKUP_CODE_PATTERN.test(code) || isLocked(window, nowMs)) {
    await ports.guard.recordWrongGuess(key, nowMs);
    return null;
  }
  return receiptLookupView(receipt);
}
