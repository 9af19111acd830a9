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
  dossierRefOf,
  financeLinesOf,
  type PayableItem,
  type PaymentFact,
} from '../../domain/money/collections.ts';
import type { Transfer } from '../../domain/money/ledger.ts';
import type { CollectionRepair } from '../../domain/money/model.ts';
import type { FactBooking, FactBooks } from './ports.ts';

/** Bookings of one fact racing another of the same item are decided again, this often at most. */
const MAX_BOOKING_ATTEMPTS = 3;

export interface BookedFact {
  readonly outcome: 'recorded' | 'replayed';
  readonly fees: number;
  /** The transfers posted by this call (none when replayed). */
  readonly transfers: readonly Transfer[];
  /** The repair kept with the booking, when the facts-to-ledger check made it. */
  readonly repair?: CollectionRepair;
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

/** Set when the facts-to-ledger check books a fact it found unbooked: the repair is kept with it. */
export interface RepairNote {
  readonly repairedAt: string;
  readonly trigger: CollectionRepair['trigger'];
}

export async function bookFact(
  books: FactBooks,
  item: PayableItem,
  fact: PaymentFact,
  repair?: RepairNote,
): Promise<BookedFact> {
  for (let attempt = 0; attempt < MAX_BOOKING_ATTEMPTS; attempt += 1) {
    const fees = await books.bookedFees(item.itemCode, fact.factId);
    if (fees !== null) return { outcome: 'replayed', fees, transfers: [] };
    const decided = await decideBooking(books, item, fact);
    const booking = repair && fact.collected ? { ...decided, repair: repairOf(decided, repair) } : decided;
    if ((await books.commitBooking(booking)) === 'committed')
      return {
        outcome: 'recorded',
        fees: booking.parts.fees,
        transfers: booking.transfers,
        ...(booking.repair ? { repair: booking.repair } : {}),
      };
  }
  throw new Error(`Fact ${fact.factId} of ${item.itemCode} kept conflicting`);
}

function repairOf(booking: FactBooking, note: RepairNote): CollectionRepair {
  const { item, fact } = booking;
  const collected = fact.collected as NonNullable<PaymentFact['collected']>;
  return {
    itemCode: item.itemCode,
    factId: fact.factId,
    agencyCode: item.agencyCode,
    dossierRef: dossierRefOf(item),
    postOfficeCode: fact.postOfficeCode,
    method: collected.method,
    amount: collected.amount,
    fees: booking.parts.fees,
    collectedAt: fact.occurredAt,
    repairedAt: note.repairedAt,
    trigger: note.trigger,
  };
}
