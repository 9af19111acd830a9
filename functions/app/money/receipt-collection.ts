/**
 * Receipt a collection: when a scan at the item's collection point paid part of the agency's
 * fees, the delegated e-receipt in the agency's name, issued once (see issueReceipt). The
 * ledger's consumer calls it after booking a fact, and the facts-to-ledger check after
 * booking one it found unbooked.
 */
import { collectionPointOf, type PayableItem, type PaymentFact } from '../../domain/money/collections.ts';
import { feesReceiptRequest } from '../../domain/money/receipts.ts';
import { issueReceipt } from './issue-receipt.ts';
import type { ReceiptBooks, ReceiptParties, StoredReceipt } from './ports.ts';

export interface ReceiptPorts {
  readonly receipts: ReceiptBooks;
  readonly parties: ReceiptParties;
}

/** The receipt of the fees a fact collected; null when it collected none. */
export async function receiptCollection(
  ports: ReceiptPorts,
  item: PayableItem,
  fact: PaymentFact,
  fees: number,
): Promise<StoredReceipt | null> {
  if (fact.type !== collectionPointOf(item.direction) || !fact.collected || fees <= 0) return null;
  const [dossier, agency] = await Promise.all([
    ports.parties.dossier(item.consignmentRef),
    ports.parties.agency(item.agencyCode),
  ]);
  if (!dossier) throw new Error(`Item ${item.itemCode} names an unknown dossier`);
  return issueReceipt(
    ports.receipts,
    feesReceiptRequest({ item, fact, method: fact.collected.method, fees, dossier, agency }),
  );
}
