/**
 * Book a fact: what one scan of an item means for money. The finance lines of the
 * agency's day and, when money was collected, the split between the agency's fees and
 * the postage and the ledger transfers of the collection, decided here and written at
 * once by the books. A fact is booked once; booking it again answers 'replayed' with the
 * fees it booked the first time.
 */
import {
  allocate,
  collectionPointOf,
  collectionTransfers,
  financeLinesOf,
  type PayableItem,
  type PaymentFact,
} from '../../domain/money/collections.ts';
import type { Transfer } from '../../domain/money/ledger.ts';
import type { FactBooking, FactBooks } from './ports.ts';

/** Bookings of one fact racing another of the same item are decided again, this often at most. */
const MAX_BOOKING_ATTEMPTS = 3;

export interface BookedFact {
  readonly outcome: 'recorded' | 'replayed';
  readonly fees: number;
  /** The transfers posted by this call (none when replayed). */
  readonly transfers: readonly Transfer[];
}

/** Decides the booking of a new fact from what the item's earlier facts booked. */
export async function decideBooking(
  books: FactBooks,
  item: PayableItem,
  fact: PaymentFact,
): Promise<FactBooking> {
  const atCollectionPoint = fact.type === collectionPointOf(item.direction);
  const dueRecorded = atCollectionPoint ? await books.dueRecorded(item.itemCode) : true;
  const payments = fact.collected ? await books.paymentsOf(item.itemCode) : [];
  const before = {
    fees: payments.reduce((sum, payment) => sum + payment.fees, 0),
    postage: payments.reduce((sum, payment) => sum + payment.postage, 0),
  };
  return {
    item,
    fact,
    parts: fact.collected ? allocate(item, fact.collected.amount, before) : { fees: 0, postage: 0 },
    recordsDue: atCollectionPoint && !dueRecorded,
    lines: financeLinesOf(item, fact, dueRecorded, before),
    transfers: collectionTransfers(item, fact, before),
  };
}

export async function bookFact(books: FactBooks, item: PayableItem, fact: PaymentFact): Promise<BookedFact> {
  for (let attempt = 0; attempt < MAX_BOOKING_ATTEMPTS; attempt += 1) {
    const fees = await books.bookedFees(item.itemCode, fact.factId);
    if (fees !== null) return { outcome: 'replayed', fees, transfers: [] };
    const booking = await decideBooking(books, item, fact);
    if ((await books.commitBooking(booking)) === 'committed')
      return { outcome: 'recorded', fees: booking.parts.fees, transfers: booking.transfers };
  }
  throw new Error(`Fact ${fact.factId} of ${item.itemCode} kept conflicting`);
}
