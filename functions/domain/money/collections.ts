/**
 * Money at the door. An item is paid for at one point of its journey: the inbound item at
 * pickup (postage and the fees due at submission), the outbound item at delivery (postage
 * and the fees billed on delivery). When that scan arrives, what was owed and what staff
 * recorded as collected become finance lines of the agency's day, and the collected money
 * moves in the ledger:
 *
 * - cash lands in the staff member's cash in hand; a VietQR transfer in the office's
 *   clearing account until the bank statement confirms it;
 * - it goes first to the agency's fees (the post holds them in trust), then to postage
 *   revenue, and anything beyond what was owed to overpayments, to be refunded.
 *
 * Every transfer id derives from the item and the scan, so a scan seen twice moves nothing twice.
 */
import type { Direction } from '../items/lifecycle.ts';
import { account, type Transfer } from './ledger.ts';
import type { FinanceLine, PaymentMethod } from './model.ts';

/** What the ledger needs to know of an item. */
export interface PayableItem {
  readonly itemCode: string;
  readonly direction: Direction;
  readonly agencyCode: string;
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  /** Everything owed at the item's collection point. */
  readonly collectAmountVnd: number;
  /** The agency's share of it. */
  readonly feesAmountVnd: number;
  readonly dueAt: string | null;
}

/** A scan as the ledger sees it. */
export interface PaymentFact {
  readonly factId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly postOfficeCode: string;
  readonly staffId?: string;
  readonly collected?: { readonly amount: number; readonly method: PaymentMethod };
}

/** What the table stream sends the ledger: a new fact of an item. */
export interface LedgerFactMessage {
  readonly itemCode: string;
  readonly fact: PaymentFact;
}

/** Staff accounts need a staff id; a scan without one is booked to the office's unassigned till. */
export const UNASSIGNED_STAFF = 'unassigned';

/** The scan at which an item is paid for. */
export const collectionPointOf = (direction: Direction): 'pickup' | 'delivered' =>
  direction === 'inbound' ? 'pickup' : 'delivered';

/** The facts that end an item's journey, and so count for the statement. */
const OUTCOMES: Readonly<Record<Direction, readonly string[]>> = {
  inbound: ['handed-over'],
  outbound: ['delivered', 'returned-to-agency'],
};

/** The facts the ledger acts on: collection points and journeys' ends. */
export const LEDGER_FACT_TYPES: ReadonlySet<string> = new Set([
  'pickup',
  'delivered',
  'handed-over',
  'returned-to-agency',
]);

export const dossierRefOf = (item: Pick<PayableItem, 'dossierCode' | 'consignmentRef'>): string =>
  item.dossierCode ?? item.consignmentRef;

/** What earlier scans of the same item already paid towards what it owes. */
export interface PaidBefore {
  readonly fees: number;
  readonly postage: number;
}

export const NOTHING_PAID: PaidBefore = { fees: 0, postage: 0 };

/**
 * How a collected amount divides between the agency's fees, postage and overpayment, given
 * what earlier scans already paid: what is still owed is paid first, fees before postage.
 */
export function allocate(
  item: Pick<PayableItem, 'collectAmountVnd' | 'feesAmountVnd'>,
  paid: number,
  before: PaidBefore = NOTHING_PAID,
): { fees: number; postage: number; over: number } {
  const feesOwed = Math.max(0, item.feesAmountVnd - before.fees);
  const postageOwed = Math.max(0, item.collectAmountVnd - item.feesAmountVnd - before.postage);
  const fees = Math.min(paid, feesOwed);
  const postage = Math.min(paid - fees, postageOwed);
  return { fees, postage, over: paid - fees - postage };
}

/** The id of the transfer that carries the agency's fees collected at a scan (a receipt's money). */
export const feesTransferId = (itemCode: string, factId: string): string => `${itemCode}:${factId}:fees`;

/** The ledger transfers a collection makes; none when nothing was collected. */
export function collectionTransfers(
  item: PayableItem,
  fact: PaymentFact,
  before: PaidBefore = NOTHING_PAID,
): Transfer[] {
  if (!fact.collected || fact.collected.amount <= 0) return [];
  const office = fact.postOfficeCode;
  const from =
    fact.collected.method === 'cash'
      ? account.staffCash(office, fact.staffId ?? UNASSIGNED_STAFF)
      : account.vietqrClearing(office);
  const parts = allocate(item, fact.collected.amount, before);
  const reference = {
    itemCode: item.itemCode,
    dossierRef: dossierRefOf(item),
    agencyCode: item.agencyCode,
    scanId: fact.factId,
  };
  const method = fact.collected.method === 'cash' ? 'cash' : 'VietQR';
  const transfers: Transfer[] = [];
  const add = (suffix: string, kind: Transfer['kind'], credit: string, amount: number, what: string) => {
    if (amount > 0)
      transfers.push({
        transferId: `${item.itemCode}:${fact.factId}:${suffix}`,
        debit: from,
        credit,
        amount,
        kind,
        at: fact.occurredAt,
        reference,
        description: `${what} for ${item.itemCode}, paid by ${method}`,
      });
  };
  add('fees', 'collection-fees', account.agencyFees(item.agencyCode), parts.fees, 'Fees collected');
  add('postage', 'collection-postage', account.postageRevenue(office), parts.postage, 'Postage collected');
  add(
    'over',
    'collection-overpayment',
    account.overpayments(office),
    parts.over,
    'Paid beyond what was owed',
  );
  return transfers;
}

/**
 * The finance lines one scan adds to the agency's day: what was owed and what was paid at
 * the collection point, how the journey ended. `dueAlreadyRecorded` says an earlier scan
 * of the same item already recorded what was owed (a second pickup scan pays, but owes
 * nothing more).
 */
export function financeLinesOf(
  item: PayableItem,
  fact: PaymentFact,
  dueAlreadyRecorded: boolean,
  before: PaidBefore = NOTHING_PAID,
): FinanceLine[] {
  const lines: FinanceLine[] = [];
  const common = { key: item.itemCode, at: fact.occurredAt, itemCode: item.itemCode };
  const dossierRef = dossierRefOf(item);
  if (fact.type === collectionPointOf(item.direction)) {
    if (!dueAlreadyRecorded)
      lines.push({
        ...common,
        kind: 'due',
        dossierRef,
        postOfficeCode: fact.postOfficeCode,
        amount: item.collectAmountVnd,
        fees: item.feesAmountVnd,
      });
    if (fact.collected && fact.collected.amount > 0)
      lines.push({
        ...common,
        kind: 'paid',
        dossierRef,
        postOfficeCode: fact.postOfficeCode,
        staffId:
          fact.collected.method === 'cash' ? (fact.staffId ?? UNASSIGNED_STAFF) : (fact.staffId ?? null),
        method: fact.collected.method,
        amount: fact.collected.amount,
        fees: allocate(item, fact.collected.amount, before).fees,
        scanId: fact.factId,
      });
  }
  if (OUTCOMES[item.direction].includes(fact.type)) {
    const outcome = fact.type as 'handed-over' | 'delivered' | 'returned-to-agency';
    lines.push({
      ...common,
      kind: 'outcome',
      dossierRef,
      direction: item.direction,
      outcome,
      dueAt: item.dueAt,
      onTime: item.dueAt === null || Date.parse(fact.occurredAt) <= Date.parse(item.dueAt),
    });
  }
  return lines;
}
