/**
 * The money ports kept in memory: the same all-or-nothing writes as the DynamoDB books,
 * over the domain's MemoryLedger. Used by the unit and property tests, so that the money
 * rules are tested without a database.
 */
import { localDate } from '../../domain/calendar/working-days.ts';
import type { DossierFee } from '../../domain/dossiers.ts';
import type { PayableItem } from '../../domain/money/collections.ts';
import { MemoryLedger, type Transfer } from '../../domain/money/ledger.ts';
import type { CashHandin, CollectionRepair, FinanceLine, Remittance } from '../../domain/money/model.ts';
import { compareFinanceLines } from '../../domain/money/reconcile.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import type {
  AgencyDirectory,
  BankBooks,
  CollectedFact,
  CollectionIndex,
  FactBooking,
  FactBooks,
  HandinBooks,
  ItemPaymentConfirmation,
  OfficeDirectory,
  ReceiptBooks,
  ReceiptParties,
  ReceiptVoid,
  RecordedPayment,
  RemittanceBooks,
  RemittanceConfirmation,
  StoredReceipt,
} from './ports.ts';

interface BookedMark {
  readonly fees: number;
  readonly payment: RecordedPayment | null;
}

export class MemoryMoneyBooks implements FactBooks, BankBooks, ReceiptBooks, RemittanceBooks, HandinBooks {
  readonly ledger = new MemoryLedger();
  /** Every finance line written, in order. */
  readonly lines: FinanceLine[] = [];
  private readonly marks = new Map<string, Map<string, BookedMark>>();
  private readonly dues = new Set<string>();
  private readonly bankLines = new Map<string, string>();
  private readonly itemBank = new Map<string, number>();
  private readonly remittances = new Map<string, Remittance>();
  private readonly transfers = new Map<string, Transfer>();
  private readonly receipts = new Map<string, StoredReceipt>();
  private readonly receiptFor = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  /** The lines again, each with the agency it belongs to, as the books file them by day. */
  private readonly agencyLines: { readonly agencyCode: string; readonly line: FinanceLine }[] = [];
  private readonly remittedDays = new Map<string, string>();
  /** Every cash hand-in recorded, in order. */
  readonly handins: CashHandin[] = [];
  /** Every collection the facts-to-ledger check booked, in order. */
  readonly repairs: CollectionRepair[] = [];

  async repairsOf(agencyCode: string, month: string): Promise<CollectionRepair[]> {
    return this.repairs.filter(
      (repair) =>
        repair.agencyCode === agencyCode && localDate(new Date(repair.collectedAt)).startsWith(month),
    );
  }

  /** Forgets a fact's booking, as if its message had been lost before it was booked (for tests of the check). */
  forgetBooking(itemCode: string, factId: string): void {
    this.marks.get(itemCode)?.delete(factId);
  }

  async bookedFees(itemCode: string, factId: string): Promise<number | null> {
    return this.marks.get(itemCode)?.get(factId)?.fees ?? null;
  }

  async dueRecorded(itemCode: string): Promise<boolean> {
    return this.dues.has(itemCode);
  }

  async paymentsOf(itemCode: string): Promise<RecordedPayment[]> {
    return [...(this.marks.get(itemCode)?.values() ?? [])].flatMap((mark) =>
      mark.payment ? [mark.payment] : [],
    );
  }

  async commitBooking(booking: FactBooking): Promise<'committed' | 'conflict'> {
    const { item, fact, parts } = booking;
    const marks = this.marks.get(item.itemCode) ?? new Map<string, BookedMark>();
    if (marks.has(fact.factId) || (booking.recordsDue && this.dues.has(item.itemCode))) return 'conflict';
    this.post(booking.transfers);
    const payment: RecordedPayment | null = fact.collected
      ? {
          factId: fact.factId,
          agencyCode: item.agencyCode,
          postOfficeCode: fact.postOfficeCode,
          method: fact.collected.method,
          amount: fact.collected.amount,
          fees: parts.fees,
          postage: parts.postage,
          at: fact.occurredAt,
        }
      : null;
    marks.set(fact.factId, { fees: parts.fees, payment });
    this.marks.set(item.itemCode, marks);
    if (booking.recordsDue) this.dues.add(item.itemCode);
    this.keepLines(item.agencyCode, booking.lines);
    if (booking.repair) this.repairs.push(booking.repair);
    return 'committed';
  }

  async bankLineKnown(lineId: string): Promise<boolean> {
    return this.bankLines.has(lineId);
  }

  async bankConfirmedForItem(itemCode: string): Promise<number> {
    return this.itemBank.get(itemCode) ?? 0;
  }

  async remittance(reference: string): Promise<Remittance | null> {
    return this.remittances.get(reference) ?? null;
  }

  /** A remittance recorded as the remittance use case would, for the matching to find. */
  keepRemittance(remittance: Remittance): void {
    this.remittances.set(remittance.reference, remittance);
  }

  async confirmItemPayment(input: ItemPaymentConfirmation): Promise<'posted' | 'duplicate'> {
    if (this.bankLines.has(input.lineId)) return 'duplicate';
    this.post([input.transfer]);
    this.bankLines.set(input.lineId, input.line.key);
    this.itemBank.set(input.line.key, (this.itemBank.get(input.line.key) ?? 0) + input.transfer.amount);
    this.keepLines(input.agencyCode, [input.line]);
    return 'posted';
  }

  async confirmRemittance(input: RemittanceConfirmation): Promise<'posted' | 'duplicate'> {
    if (this.bankLines.has(input.lineId)) return 'duplicate';
    const remittance = this.remittances.get(input.reference);
    if (!remittance) throw new Error(`No remittance ${input.reference}`);
    this.post([input.transfer]);
    this.bankLines.set(input.lineId, input.reference);
    this.remittances.set(input.reference, {
      ...remittance,
      bankConfirmed: remittance.bankConfirmed + input.transfer.amount,
      bankConfirmedAt: input.bookedAt,
    });
    return 'posted';
  }

  async receipt(series: string, number: number): Promise<StoredReceipt | null> {
    return this.receipts.get(`${series}/${number}`) ?? null;
  }

  async receiptOfSource(sourceId: string): Promise<StoredReceipt | null> {
    const key = this.receiptFor.get(sourceId);
    return key ? (this.receipts.get(key) ?? null) : null;
  }

  async lastNumber(series: string): Promise<number | null> {
    return this.counters.get(series) ?? null;
  }

  async commitIssue(receipt: StoredReceipt, last: number | null): Promise<'committed' | 'taken'> {
    const key = `${receipt.series}/${receipt.number}`;
    if ((this.counters.get(receipt.series) ?? null) !== last) return 'taken';
    if (this.receipts.has(key) || this.receiptFor.has(receipt.sourceId)) return 'taken';
    this.counters.set(receipt.series, receipt.number);
    this.receipts.set(key, receipt);
    this.receiptFor.set(receipt.sourceId, key);
    return 'committed';
  }

  async byLookupCode(lookupCode: string): Promise<StoredReceipt | null> {
    return [...this.receipts.values()].find((receipt) => receipt.lookupCode === lookupCode) ?? null;
  }

  async collectionOf(transferId: string): Promise<Transfer | undefined> {
    return this.transfers.get(transferId);
  }

  async commitVoid(input: ReceiptVoid): Promise<'posted' | 'replayed'> {
    const key = `${input.receipt.series}/${input.receipt.number}`;
    const receipt = this.receipts.get(key);
    if (receipt?.status !== 'issued') throw new Error(`Receipt ${key} is not issued`);
    // As the stored books: a reversal posted before cancels the whole write.
    if (input.reversal && this.transfers.has(input.reversal.transferId)) return 'replayed';
    this.post(input.reversal ? [input.reversal] : []);
    const { at: voidedAt, reason: voidReason, voidedBy } = input;
    this.receipts.set(key, { ...receipt, status: 'voided', voidedAt, voidReason, voidedBy });
    this.keepLines(input.line.agencyCode, [input.line]);
    return 'posted';
  }

  async *financeLinesOfDay(agencyCode: string, day: string): AsyncGenerator<FinanceLine> {
    const ofDay = this.agencyLines
      .filter((kept) => kept.agencyCode === agencyCode && localDate(new Date(kept.line.at)) === day)
      .map((kept) => kept.line);
    yield* ofDay.sort(compareFinanceLines);
  }

  async recordRemittance(remittance: Remittance, days: readonly string[], transfer: Transfer): Promise<void> {
    const claims = days.map((day) => this.remittedDays.get(`${remittance.agencyCode}#${day}`));
    const taken = days.flatMap((day, i) => (claims[i] ? [`${day} (${claims[i]})`] : []));
    if (taken.length > 0 || this.remittances.has(remittance.reference))
      throw new DomainRefusal(
        'conflict',
        taken.length > 0
          ? `Fees of ${taken.join(', ')} were already remitted`
          : 'The remittance could not be recorded; ask again',
      );
    this.post([transfer]);
    this.remittances.set(remittance.reference, remittance);
    for (const day of days) this.remittedDays.set(`${remittance.agencyCode}#${day}`, remittance.reference);
  }

  async balance(accountId: string): Promise<{ balance: number; debits: number; credits: number }> {
    let debits = 0;
    let credits = 0;
    for (const transfer of this.transfers.values()) {
      if (transfer.debit === accountId) debits += transfer.amount;
      if (transfer.credit === accountId) credits += transfer.amount;
    }
    return { balance: debits - credits, debits, credits };
  }

  async recordHandin(handin: CashHandin, transfers: readonly Transfer[]): Promise<void> {
    if (this.handins.some((kept) => kept.handinId === handin.handinId))
      throw new Error(`Hand-in ${handin.handinId} was recorded before`);
    this.post(transfers);
    this.handins.push(handin);
  }

  private keepLines(agencyCode: string, lines: readonly FinanceLine[]): void {
    this.lines.push(...lines);
    for (const line of lines) this.agencyLines.push({ agencyCode, line });
  }

  private post(transfers: readonly Transfer[]): void {
    if (transfers.length === 0) return;
    this.ledger.post(transfers);
    for (const transfer of transfers) this.transfers.set(transfer.transferId, transfer);
  }
}

/** The agencies and post offices the money use cases look up, kept in memory. */
export class MemoryDirectory implements AgencyDirectory, OfficeDirectory {
  constructor(
    private readonly agencies: readonly { agencyCode: string; postOfficeCode: string }[],
    private readonly offices: readonly string[],
  ) {}

  async agency(agencyCode: string): Promise<{ agencyCode: string; postOfficeCode: string } | null> {
    return this.agencies.find((agency) => agency.agencyCode === agencyCode) ?? null;
  }

  async postOffice(postOfficeCode: string): Promise<{ postOfficeCode: string } | null> {
    return this.offices.includes(postOfficeCode) ? { postOfficeCode } : null;
  }
}

/** Items and their collected facts kept in memory, walked by office and day like the table's index. */
export class MemoryCollectionIndex implements CollectionIndex {
  private readonly items = new Map<string, PayableItem>();
  private readonly facts: CollectedFact[] = [];

  keep(item: PayableItem, ...facts: CollectedFact['fact'][]): void {
    this.items.set(item.itemCode, item);
    for (const fact of facts) if (fact.collected) this.facts.push({ itemCode: item.itemCode, fact });
  }

  async collectedFacts(postOfficeCode: string, day: string, limit: number, after: string | null) {
    const position = (entry: CollectedFact) =>
      `${entry.fact.occurredAt}#${entry.itemCode}#${entry.fact.factId}`;
    const matching = this.facts
      .filter(
        (entry) =>
          entry.fact.postOfficeCode === postOfficeCode &&
          localDate(new Date(entry.fact.occurredAt)) === day &&
          (after === null || position(entry) > after),
      )
      .sort((left, right) => position(left).localeCompare(position(right)));
    const facts = matching.slice(0, limit);
    const last = facts.at(-1);
    return { facts, next: matching.length > limit && last ? position(last) : null };
  }

  /** Facts flagged and not applied, by `itemCode/factId`. */
  readonly flagged = new Set<string>();

  async payableItem(itemCode: string, factId: string): Promise<PayableItem | 'flagged' | null> {
    if (this.flagged.has(`${itemCode}/${factId}`)) return 'flagged';
    return this.items.get(itemCode) ?? null;
  }
}

/** Dossiers' payers and agencies for receipts, kept in memory. */
export class MemoryReceiptParties implements ReceiptParties {
  constructor(
    private readonly fees: readonly DossierFee[],
    private readonly payerName = 'Nguyễn Văn An',
    private readonly agencyName = 'UBND phường',
  ) {}

  async dossier(_consignmentRef: string) {
    // Only the fields a receipt reads.
    return {
      agency: { code: 'A', name: this.agencyName },
      applicant: { fullName: this.payerName },
      fees: [...this.fees],
    } as unknown as Awaited<ReturnType<ReceiptParties['dossier']>>;
  }

  async agency(_agencyCode: string) {
    return { name: this.agencyName };
  }
}
