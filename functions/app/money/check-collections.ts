/**
 * The facts-to-ledger check: every amount staff recorded as collected on an item's facts must
 * be in the ledger. It walks an office's collected facts of a day by index (pages, bounded),
 * and books any fact the ledger does not hold — the same booking, with the same ids, as the
 * ledger's consumer would have made, so booking it twice is impossible — then receipts its
 * fees. Each repair is kept with its booking, and the agency's monthly statement names it.
 * No earlier fault (a lost message, a crash) can leave money unbooked for good.
 */
import type { CollectionRepair } from '../../domain/money/model.ts';
import { bookFact } from './book-fact.ts';
import type { CollectionIndex, FactBooks } from './ports.ts';
import { type ReceiptPorts, receiptCollection } from './receipt-collection.ts';

/** Collected facts read per page. */
export const COLLECTED_FACTS_PAGE = 100;
/** Collected facts one check of an office's day looks at, at most; a next check goes on from `next`. */
export const MAX_FACTS_PER_CHECK = 5_000;

export interface CheckPorts extends ReceiptPorts {
  readonly index: CollectionIndex;
  readonly books: FactBooks;
}

export interface CollectionCheck {
  readonly postOfficeCode: string;
  readonly day: string;
  /** Collected facts looked at. */
  readonly checked: number;
  /** Those the ledger did not hold, now booked. */
  readonly repairs: readonly CollectionRepair[];
  /** Facts naming an item that does not exist (reported, not booked). */
  readonly unknownItems: readonly string[];
  /** True when the day had more collected facts than one check looks at. */
  readonly truncated: boolean;
  /** Where a next check of the day goes on from when truncated (else null). */
  readonly next: string | null;
}

export async function checkCollections(
  ports: CheckPorts,
  postOfficeCode: string,
  day: string,
  trigger: CollectionRepair['trigger'],
  now: Date,
  from: string | null = null,
): Promise<CollectionCheck> {
  const repairs: CollectionRepair[] = [];
  const unknownItems: string[] = [];
  let checked = 0;
  let after: string | null = from;
  do {
    const limit = Math.min(COLLECTED_FACTS_PAGE, MAX_FACTS_PER_CHECK - checked);
    const page = await ports.index.collectedFacts(postOfficeCode, day, limit, after);
    for (const { itemCode, fact } of page.facts) {
      checked += 1;
      if ((await ports.books.bookedFees(itemCode, fact.factId)) !== null) continue;
      const item = await ports.index.payableItem(itemCode, fact.factId);
      if (item === 'flagged') continue; // booked once a supervisor applies it, as the ledger does
      if (!item) {
        unknownItems.push(`${itemCode}/${fact.factId}`);
        continue;
      }
      const repairedAt = now.toISOString();
      const booked = await bookFact(ports.books, item, fact, { repairedAt, trigger });
      // 'replayed': the ledger's consumer booked it meanwhile; nothing was missing after all.
      if (booked.outcome === 'recorded' && booked.repair) repairs.push(booked.repair);
      await receiptCollection(ports, item, fact, booked.fees);
    }
    after = page.next;
  } while (after !== null && checked < MAX_FACTS_PER_CHECK);
  return { postOfficeCode, day, checked, repairs, unknownItems, truncated: after !== null, next: after };
}
