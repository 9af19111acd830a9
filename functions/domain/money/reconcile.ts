/**
 * The reconciliation of an agency's money over a period: per item, what was due against what
 * staff collected, what was paid by VietQR against what the bank statement shows arrived, and
 * every voided receipt; then, for the statement, each cash hand-in against the ledger and each
 * remittance against its due date and the bank. The result is the monthly statement finance
 * signs.
 *
 * The finance lines of a month run to millions, so the core streams: it reads lines sorted by
 * key (then kind, then time), keeps only the current key's lines, and gives out the key's
 * discrepancies as soon as the key is closed. Per-day streams, each sorted the same way, are
 * merged into one with `mergeSorted`. Pure: the caller reads the lines and keeps the results.
 */
import {
  type CashHandin,
  type Discrepancy,
  type DiscrepancyKind,
  type FinanceLine,
  type FinanceLineKind,
  MAX_AMOUNT_VND,
  type MonthlyStatement,
  type Period,
  type ReconciliationTotals,
  type Remittance,
  type StatementItemLine,
} from './model.ts';

/** The order of the kinds within one key, as the store returns them. */
export const FINANCE_LINE_KIND_ORDER: readonly FinanceLineKind[] = [
  'due',
  'paid',
  'bank',
  'void',
  'outcome',
  'resend',
];
const KIND_RANK: Readonly<Record<FinanceLineKind, number>> = {
  due: 0,
  paid: 1,
  bank: 2,
  void: 3,
  outcome: 4,
  resend: 5,
};

/** Discrepancies listed on a statement by default; the rest are counted, not listed. */
export const DEFAULT_MAX_STATEMENT_DISCREPANCIES = 10_000;

/** The order lines are read in: key, then kind (due, paid, bank, void, outcome), then time. */
export function compareFinanceLines(left: FinanceLine, right: FinanceLine): number {
  if (left.key !== right.key) return left.key < right.key ? -1 : 1;
  const byKind = KIND_RANK[left.kind] - KIND_RANK[right.kind];
  if (byKind !== 0) return byKind;
  return left.at < right.at ? -1 : left.at > right.at ? 1 : 0;
}

/** `26.000 ₫`: whole đồng, dots between thousands. */
export function amountText(amount: number): string {
  const digits = String(Math.abs(Math.round(amount))).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${amount < 0 ? '-' : ''}${digits} ₫`;
}

const NO_DISCREPANCIES: readonly Discrepancy[] = Object.freeze([]);

function discrepancy(
  kind: DiscrepancyKind,
  subject: string,
  expected: number,
  actual: number,
  at: string | null,
  cause: string,
): Discrepancy {
  return { kind, subject, expected, actual, difference: actual - expected, cause, at };
}

/** `2026-03-12T…` as `12/03/2026`: the calendar day of an ISO date-time as written. */
const dayText = (iso: string): string => iso.slice(0, 10).split('-').reverse().join('/');

/** The later of two ISO times (either may be missing). */
const later = (kept: string | null, at: string): string => (kept === null || at > kept ? at : kept);

type VoidLine = Extract<FinanceLine, { kind: 'void' }>;

/**
 * The core, synchronous: push the lines in order; each push answers the discrepancies of the
 * key it closed (most often none), and `finish` closes the last key and gives the totals.
 * Only the current key's figures are held, whatever the number of lines.
 *
 *   const reconciler = new Reconciler();
 *   for (const line of lines) for (const found of reconciler.push(line)) keep(found);
 *   const { totals, discrepancies } = reconciler.finish();
 */
export class Reconciler {
  // Running totals.
  private lines = 0;
  private items = 0;
  private due = 0;
  private feesDue = 0;
  private collected = 0;
  private collectedCash = 0;
  private collectedVietqr = 0;
  private feesCollected = 0;
  private bankConfirmedVietqr = 0;
  private voided = 0;
  private handedOver = 0;
  private delivered = 0;
  private returnedToAgency = 0;
  private onTime = 0;
  private late = 0;
  private resends = { count: 0, citizenVnd: 0, postVnd: 0, agencyVnd: 0 };

  // The open key.
  private key: string | null = null;
  private itemCode = '';
  private dueLines = 0;
  private dueSum = 0;
  private dueAt: string | null = null;
  private paidSum = 0;
  private paidAt: string | null = null;
  private vietqrSum = 0;
  private vietqrAt: string | null = null;
  private bankLines = 0;
  private bankSum = 0;
  private bankAt: string | null = null;
  private voids: VoidLine[] = [];
  private itemFees = 0;
  private itemCash = 0;
  private itemVoided = 0;
  private itemOutcome: StatementItemLine['outcome'] = null;
  private itemOnTime: boolean | null = null;
  private itemLastAt = '';
  private finished = false;

  /** With `onItem`, each item is also told as its key closes. */
  constructor(private readonly onItem?: (line: StatementItemLine) => void) {}

  /** Adds one line; answers the discrepancies of the key it closed, if it closed one. */
  push(line: FinanceLine): readonly Discrepancy[] {
    if (this.finished) throw new Error('The reconciliation is finished: no more lines can be added');
    const key = line.key;
    let closed = NO_DISCREPANCIES;
    if (key !== this.key) {
      if (typeof key !== 'string' || key === '') throw new Error('A finance line has no key');
      if (this.key !== null) {
        if (key < this.key) {
          throw new Error(
            `Finance lines out of order: key ${key} came after ${this.key}; lines must be sorted by key`,
          );
        }
        closed = this.close();
      }
      this.key = key;
      this.itemCode = line.itemCode;
    }
    this.lines += 1;
    if (line.at > this.itemLastAt) this.itemLastAt = line.at;
    switch (line.kind) {
      case 'due':
        checkAmount(line.amount, line);
        checkAmount(line.fees, line);
        this.dueLines += 1;
        this.dueSum += line.amount;
        this.due += line.amount;
        this.feesDue += line.fees;
        this.itemFees += line.fees;
        this.dueAt = later(this.dueAt, line.at);
        break;
      case 'paid':
        checkAmount(line.amount, line);
        checkAmount(line.fees, line);
        this.paidSum += line.amount;
        this.paidAt = later(this.paidAt, line.at);
        this.collected += line.amount;
        this.feesCollected += line.fees;
        if (line.method === 'vietqr') {
          this.vietqrSum += line.amount;
          this.vietqrAt = later(this.vietqrAt, line.at);
          this.collectedVietqr += line.amount;
        } else {
          this.collectedCash += line.amount;
          this.itemCash += line.amount;
        }
        break;
      case 'bank':
        checkAmount(line.amount, line);
        this.bankLines += 1;
        this.bankSum += line.amount;
        this.bankAt = later(this.bankAt, line.at);
        this.bankConfirmedVietqr += line.amount;
        break;
      case 'void':
        checkAmount(line.amount, line);
        this.voids.push(line);
        this.voided += line.amount;
        this.itemVoided += line.amount;
        break;
      case 'outcome':
        this.countOutcome(line);
        break;
      case 'resend':
        this.countResend(line);
        break;
      default:
        throw new Error(`Finance line of key ${key} has an unknown kind ${(line as { kind: string }).kind}`);
    }
    return closed;
  }

  /** How an item ended, and whether on time. */
  private countOutcome(line: Extract<FinanceLine, { kind: 'outcome' }>): void {
    if (line.outcome === 'handed-over') this.handedOver += 1;
    else if (line.outcome === 'delivered') this.delivered += 1;
    else this.returnedToAgency += 1;
    if (line.onTime) this.onTime += 1;
    else this.late += 1;
    this.itemOutcome = line.outcome;
    this.itemOnTime = line.onTime;
  }

  /** A result sent again: its postage counted against the party at fault. */
  private countResend(line: Extract<FinanceLine, { kind: 'resend' }>): void {
    checkAmount(line.postageVnd, line);
    checkAmount(line.citizenPostageVnd, line);
    this.resends.count += 1;
    if (line.faultParty === 'citizen') this.resends.citizenVnd += line.citizenPostageVnd;
    else if (line.faultParty === 'post') this.resends.postVnd += line.postageVnd;
    else this.resends.agencyVnd += line.postageVnd;
  }

  /** Closes the last key: its discrepancies, and the totals of every line pushed. */
  finish(): { readonly totals: ReconciliationTotals; readonly discrepancies: readonly Discrepancy[] } {
    const discrepancies = !this.finished && this.key !== null ? this.close() : NO_DISCREPANCIES;
    this.finished = true;
    this.key = null;
    return { totals: this.totals, discrepancies };
  }

  /** The totals so far (of the closed keys, and of the lines of the open one). */
  get totals(): ReconciliationTotals {
    return {
      lines: this.lines,
      items: this.items + (this.key !== null ? 1 : 0),
      due: this.due,
      feesDue: this.feesDue,
      collected: this.collected,
      collectedCash: this.collectedCash,
      collectedVietqr: this.collectedVietqr,
      feesCollected: this.feesCollected,
      bankConfirmedVietqr: this.bankConfirmedVietqr,
      voided: this.voided,
      outcomes: {
        'handed-over': this.handedOver,
        delivered: this.delivered,
        'returned-to-agency': this.returnedToAgency,
      },
      onTime: this.onTime,
      late: this.late,
      resends: { ...this.resends },
    };
  }

  /** The discrepancies of the open key; resets it. */
  // Long because: one case per reconciliation rule, read as a table of discrepancies
  private close(): readonly Discrepancy[] {
    this.items += 1;
    const item = this.itemCode;
    const due = this.dueSum;
    const paid = this.paidSum;
    const vietqr = this.vietqrSum;
    const bank = this.bankSum;
    const found: Discrepancy[] = [];

    if (this.dueLines === 0) {
      if (paid > 0) {
        found.push(
          discrepancy(
            'collected-without-due',
            item,
            0,
            paid,
            this.paidAt,
            `Bưu gửi ${item} đã thu ${amountText(paid)} nhưng không có khoản phải thu; tìm khoản cước, phí còn thiếu hoặc hoàn tiền cho người nộp.`,
          ),
        );
      }
    } else if (paid === 0) {
      if (due > 0) {
        found.push(
          discrepancy(
            'not-collected',
            item,
            due,
            0,
            this.dueAt,
            `Bưu gửi ${item} phải thu ${amountText(due)} nhưng chưa ghi nhận khoản thu nào; tìm lần quét thu tiền hoặc thu số tiền này.`,
          ),
        );
      }
    } else if (paid < due) {
      found.push(
        discrepancy(
          'underpaid',
          item,
          due,
          paid,
          this.paidAt,
          `Bưu gửi ${item} đã thu ${amountText(paid)} trên ${amountText(due)} phải thu, thiếu ${amountText(due - paid)}; kiểm tra lần quét thu tiền và thu đủ phần chênh lệch.`,
        ),
      );
    } else if (paid > due) {
      found.push(
        discrepancy(
          'overpaid',
          item,
          due,
          paid,
          this.paidAt,
          `Bưu gửi ${item} đã thu ${amountText(paid)} so với ${amountText(due)} phải thu, thừa ${amountText(paid - due)}; điều chỉnh lần quét thu tiền hoặc hoàn tiền cho người nộp.`,
        ),
      );
    }

    if (this.bankLines === 0) {
      if (vietqr > 0) {
        found.push(
          discrepancy(
            'vietqr-not-confirmed',
            item,
            vietqr,
            0,
            this.vietqrAt,
            `Bưu gửi ${item} được thanh toán ${amountText(vietqr)} qua VietQR nhưng sao kê ngân hàng chưa có dòng xác nhận; tìm giao dịch chuyển khoản trên sao kê.`,
          ),
        );
      }
    } else if (vietqr === 0) {
      found.push(
        discrepancy(
          'bank-line-without-collection',
          item,
          0,
          bank,
          this.bankAt,
          `Sao kê ngân hàng ghi nhận ${amountText(bank)} cho bưu gửi ${item} nhưng chưa có khoản thanh toán VietQR nào được ghi; ghi nhận khoản thu hoặc trả lại tiền chuyển khoản.`,
        ),
      );
    } else if (bank !== vietqr) {
      found.push(
        discrepancy(
          'bank-amount-mismatch',
          item,
          vietqr,
          bank,
          this.bankAt,
          `Ngân hàng xác nhận ${amountText(bank)} cho bưu gửi ${item} nhưng ghi nhận thanh toán VietQR là ${amountText(vietqr)}; đối chiếu giao dịch chuyển khoản với lần quét thu tiền.`,
        ),
      );
    }

    if (this.voids.length > 0) {
      const voids = this.voids.length > 1 ? [...this.voids].sort(byTimeThenReceipt) : this.voids;
      for (const line of voids) {
        found.push(
          discrepancy(
            'receipt-voided',
            item,
            line.amount,
            0,
            line.at,
            `Biên lai ${line.receipt} của bưu gửi ${item} đã bị hủy (${line.reason || 'không ghi lý do'}) và ${amountText(line.amount)} được hoàn cho người nộp; kiểm tra việc hoàn tiền đã thực hiện.`,
          ),
        );
      }
      this.voids = [];
    }

    this.tellItem();
    this.dueLines = 0;
    this.dueSum = 0;
    this.dueAt = null;
    this.paidSum = 0;
    this.paidAt = null;
    this.vietqrSum = 0;
    this.vietqrAt = null;
    this.bankLines = 0;
    this.bankSum = 0;
    this.bankAt = null;
    return found.length > 0 ? found : NO_DISCREPANCIES;
  }

  /** Tells the closing item's line, then resets what is kept of it. */
  private tellItem(): void {
    this.onItem?.({
      itemCode: this.itemCode,
      dueVnd: this.dueSum,
      feesDueVnd: this.itemFees,
      collectedCashVnd: this.itemCash,
      collectedVietqrVnd: this.vietqrSum,
      bankConfirmedVnd: this.bankSum,
      voidedVnd: this.itemVoided,
      outcome: this.itemOutcome,
      onTime: this.itemOnTime,
      lastAt: this.itemLastAt,
    });
    this.itemFees = 0;
    this.itemCash = 0;
    this.itemVoided = 0;
    this.itemOutcome = null;
    this.itemOnTime = null;
    this.itemLastAt = '';
  }
}

const byTimeThenReceipt = (left: VoidLine, right: VoidLine): number =>
  left.at < right.at ? -1 : left.at > right.at ? 1 : left.receipt < right.receipt ? -1 : 1;

function checkAmount(amount: number, line: FinanceLine): void {
  // An integer in 0 … MAX_AMOUNT_VND (which is below 2³²).
  if (amount >>> 0 !== amount || amount > MAX_AMOUNT_VND) {
    throw new RangeError(
      `Finance line ${line.kind} of key ${line.key} has an amount that is not whole đồng in 0..${MAX_AMOUNT_VND}: ${amount}`,
    );
  }
}

const isSyncIterable = <T>(value: AsyncIterable<T> | Iterable<T>): value is Iterable<T> =>
  typeof (value as Partial<Iterable<T>>)[Symbol.iterator] === 'function' &&
  typeof (value as Partial<AsyncIterable<T>>)[Symbol.asyncIterator] !== 'function';

/**
 * The core over a stream of lines sorted by key: yields each discrepancy as its key closes,
 * and returns the totals. Throws when a key goes backwards.
 */
export async function* reconcile(
  lines: AsyncIterable<FinanceLine> | Iterable<FinanceLine>,
  onItem?: (line: StatementItemLine) => void,
): AsyncGenerator<Discrepancy, ReconciliationTotals, undefined> {
  const reconciler = new Reconciler(onItem);
  if (isSyncIterable(lines)) {
    for (const line of lines) {
      const found = reconciler.push(line);
      if (found.length > 0) yield* found;
    }
  } else {
    for await (const line of lines) {
      const found = reconciler.push(line);
      if (found.length > 0) yield* found;
    }
  }
  const { totals, discrepancies } = reconciler.finish();
  yield* discrepancies;
  return totals;
}

/** A binary min-heap of stream indexes, ordered by `less`. */
class IndexHeap {
  private readonly items: number[] = [];
  constructor(private readonly less: (left: number, right: number) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  get top(): number {
    return this.items[0] as number;
  }

  push(stream: number): void {
    this.items.push(stream);
    this.siftUp(this.items.length - 1);
  }

  /** The top stream moved on to its next line: restore the order. */
  settleTop(): void {
    this.siftDown(0);
  }

  /** The top stream is done: remove it. */
  dropTop(): void {
    const last = this.items.pop() as number;
    if (this.items.length > 0) {
      this.items[0] = last;
      this.siftDown(0);
    }
  }

  private siftDown(start: number): void {
    let index = start;
    for (;;) {
      const leftChild = 2 * index + 1;
      if (leftChild >= this.items.length) return;
      const rightChild = leftChild + 1;
      const child =
        rightChild < this.items.length &&
        this.less(this.items[rightChild] as number, this.items[leftChild] as number)
          ? rightChild
          : leftChild;
      const moving = this.items[index] as number;
      if (!this.less(this.items[child] as number, moving)) return;
      this.items[index] = this.items[child] as number;
      this.items[child] = moving;
      index = child;
    }
  }
  private siftUp(start: number): void {
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const moving = this.items[index] as number;
      if (!this.less(moving, this.items[parent] as number)) return;
      this.items[index] = this.items[parent] as number;
      this.items[parent] = moving;
      index = parent;
    }
  }
}

type LineIterator = AsyncIterator<FinanceLine> | Iterator<FinanceLine>;

/**
 * Merges streams that are each sorted in the reading order (one per day, say) into one
 * sorted stream, holding one line per stream. Lines that compare equal come in stream order.
 * Throws when a stream is itself out of order.
 */
export async function* mergeSorted(
  streams: readonly (AsyncIterable<FinanceLine> | Iterable<FinanceLine>)[],
): AsyncGenerator<FinanceLine, void, undefined> {
  const iterators: LineIterator[] = streams.map((stream) =>
    isSyncIterable(stream) ? stream[Symbol.iterator]() : stream[Symbol.asyncIterator](),
  );
  const done = new Array<boolean>(iterators.length).fill(false);
  // A binary heap of stream indexes, ordered by each stream's current line.
  const heads = new Array<FinanceLine | undefined>(iterators.length);
  const heap = new IndexHeap((left, right) => {
    const order = compareFinanceLines(heads[left] as FinanceLine, heads[right] as FinanceLine);
    return order < 0 || (order === 0 && left < right);
  });
  /** The stream's next line into `heads`; false when the stream is done. */
  const take = (stream: number, next: IteratorResult<FinanceLine>): boolean => {
    if (next.done) {
      done[stream] = true;
      heads[stream] = undefined;
      return false;
    }
    const previous = heads[stream];
    if (previous !== undefined && compareFinanceLines(previous, next.value) > 0) {
      throw new Error(
        `Finance line stream ${stream + 1} is out of order: ${next.value.kind} of key ${next.value.key} came after ${previous.kind} of key ${previous.key}`,
      );
    }
    heads[stream] = next.value;
    return true;
  };
  // A synchronous stream's next line is taken without waiting for a turn of the event loop.
  const advance = (stream: number): boolean | Promise<boolean> => {
    const next = (iterators[stream] as LineIterator).next();
    return 'then' in next
      ? Promise.resolve(next).then((result) => take(stream, result))
      : take(stream, next as IteratorResult<FinanceLine>);
  };

  try {
    for (let stream = 0; stream < iterators.length; stream += 1) {
      const more = advance(stream);
      if (typeof more === 'boolean' ? more : await more) heap.push(stream);
    }
    while (heap.size > 0) {
      const stream = heap.top;
      yield heads[stream] as FinanceLine;
      const more = advance(stream);
      if (typeof more === 'boolean' ? more : await more) heap.settleTop();
      else heap.dropTop();
    }
  } finally {
    // Stopped early (by the reader or an error): let the streams still open release what they hold.
    await Promise.allSettled(
      iterators.map((iterator, stream) => (done[stream] ? undefined : iterator.return?.())),
    );
  }
}

/** Fees collected net of voided receipts: what the remittances of the period should add up to. */
export const feesCollectedNet = (totals: Pick<ReconciliationTotals, 'feesCollected' | 'voided'>): number =>
  totals.feesCollected - totals.voided;

export interface StatementDiscrepancyInput {
  readonly remittances: readonly Remittance[];
  readonly handins: readonly CashHandin[];
  /** Fees collected in the period net of voided receipts (`feesCollectedNet(totals)`). */
  readonly feesCollectedNet: number;
  /** When the statement is drawn up: the time of what is found missing. */
  readonly now: Date | string;
  /** The agency the statement is for; by default the remittances' agency. */
  readonly agencyCode?: string;
}

/**
 * The statement's own discrepancies: cash hand-ins that did not match the ledger, remittances
 * made late, not (or not fully) confirmed by the bank, and fees collected but not remitted.
 */
// Long because: one case per kind of statement discrepancy, read as a table
export function statementDiscrepancies(input: StatementDiscrepancyInput): Discrepancy[] {
  const now = typeof input.now === 'string' ? input.now : input.now.toISOString();
  const found: Discrepancy[] = [];
  for (const handin of input.handins) {
    const difference = handin.counted - handin.expected;
    if (difference === 0) continue;
    const short = difference < 0;
    found.push(
      discrepancy(
        short ? 'cash-short' : 'cash-over',
        handin.staffId,
        handin.expected,
        handin.counted,
        handin.at,
        short
          ? `Nhân viên ${handin.staffId} nộp ${amountText(handin.counted)} tại bưu cục ${handin.postOfficeCode} so với ${amountText(handin.expected)} trên sổ, thiếu ${amountText(-difference)}; thu hồi số thiếu hoặc tìm khoản hoàn tiền chưa ghi.`
          : `Nhân viên ${handin.staffId} nộp ${amountText(handin.counted)} tại bưu cục ${handin.postOfficeCode} so với ${amountText(handin.expected)} trên sổ, thừa ${amountText(difference)}; tìm khoản thu chưa được quét.`,
      ),
    );
  }
  for (const remittance of input.remittances) {
    const { reference, amount, bankConfirmed } = remittance;
    if (Date.parse(remittance.createdAt) > Date.parse(remittance.dueBy)) {
      const days = Math.ceil((Date.parse(remittance.createdAt) - Date.parse(remittance.dueBy)) / 86_400_000);
      found.push(
        discrepancy(
          'remittance-late',
          reference,
          amount,
          amount,
          remittance.createdAt,
          `Lần chuyển tiền ${reference} số tiền ${amountText(amount)} thực hiện ngày ${dayText(remittance.createdAt)}, chậm ${days} ngày so với hạn ${dayText(remittance.dueBy)}; ghi nhận việc chậm và lý do để báo cơ quan.`,
        ),
      );
    }
    if (amount > 0 && bankConfirmed === 0) {
      found.push(
        discrepancy(
          'remittance-not-confirmed',
          reference,
          amount,
          0,
          now,
          `Lần chuyển tiền ${reference} số tiền ${amountText(amount)} chưa có dòng sao kê ngân hàng xác nhận tiền đã chuyển đi; kiểm tra giao dịch với ngân hàng.`,
        ),
      );
    } else if (bankConfirmed > 0 && bankConfirmed !== amount) {
      found.push(
        discrepancy(
          'remittance-bank-mismatch',
          reference,
          amount,
          bankConfirmed,
          remittance.bankConfirmedAt,
          `Ngân hàng xác nhận ${amountText(bankConfirmed)} cho lần chuyển tiền ${reference} số tiền ${amountText(amount)}, ${bankConfirmed < amount ? 'ít hơn' : 'nhiều hơn'} ${amountText(Math.abs(bankConfirmed - amount))}; đối chiếu giao dịch với lần chuyển tiền.`,
        ),
      );
    }
  }
  const remitted = input.remittances.reduce((sum, remittance) => sum + remittance.feesCollected, 0);
  if (remitted !== input.feesCollectedNet) {
    const agency = input.agencyCode ?? input.remittances[0]?.agencyCode ?? '(không rõ)';
    const left = input.feesCollectedNet - remitted;
    found.push(
      discrepancy(
        'fees-not-remitted',
        agency,
        input.feesCollectedNet,
        remitted,
        now,
        left > 0
          ? `Phí, lệ phí thu thuần cho cơ quan ${agency} là ${amountText(input.feesCollectedNet)} nhưng các lần chuyển tiền mới đạt ${amountText(remitted)}; chuyển nốt ${amountText(left)}.`
          : `Các lần chuyển tiền cho cơ quan ${agency} đạt ${amountText(remitted)} phí, lệ phí nhưng chỉ thu thuần ${amountText(input.feesCollectedNet)}, thừa ${amountText(-left)}; đối chiếu các lần chuyển tiền với các khoản đã thu.`,
      ),
    );
  }
  return found;
}

export interface StatementInput {
  readonly agency: {
    readonly agencyCode: string;
    readonly agencyName: string;
    readonly postOfficeCode: string;
  };
  readonly period: Period;
  readonly generatedAt: string;
  readonly totals: ReconciliationTotals;
  /** What the core yielded over the period's lines; read once, and listed up to the cap. */
  readonly lineDiscrepancies: Iterable<Discrepancy>;
  readonly remittances: readonly Remittance[];
  readonly handins: readonly CashHandin[];
  /** Dossiers of the period by status. */
  readonly dossiers: Readonly<Record<string, number>>;
  /** At most this many discrepancies are listed; 10,000 by default. */
  readonly maxDiscrepancies?: number;
}

/**
 * The monthly statement of one agency, from the core's totals and discrepancies and the
 * period's remittances and cash hand-ins. The statement's own discrepancies (cash, remittances,
 * fees not remitted) come first, then the items'; beyond the cap they are counted, not listed.
 */
export function assembleStatement(input: StatementInput): MonthlyStatement {
  const { totals, remittances, handins } = input;
  const max = input.maxDiscrepancies ?? DEFAULT_MAX_STATEMENT_DISCREPANCIES;
  if (!Number.isInteger(max) || max < 0) throw new RangeError(`maxDiscrepancies must be a whole number ≥ 0`);
  const discrepancies: Discrepancy[] = [];
  let omitted = 0;
  const list = (entry: Discrepancy): void => {
    if (discrepancies.length < max) discrepancies.push(entry);
    else omitted += 1;
  };
  for (const entry of statementDiscrepancies({
    remittances,
    handins,
    feesCollectedNet: feesCollectedNet(totals),
    now: input.generatedAt,
    agencyCode: input.agency.agencyCode,
  }))
    list(entry);
  for (const entry of input.lineDiscrepancies) list(entry);

  const remitted = remittances.reduce((sum, remittance) => sum + remittance.amount, 0);
  const bankConfirmedRemittances = remittances.reduce((sum, remittance) => sum + remittance.bankConfirmed, 0);
  const arrived = totals.onTime + totals.late;
  return {
    agencyCode: input.agency.agencyCode,
    agencyName: input.agency.agencyName,
    postOfficeCode: input.agency.postOfficeCode,
    period: input.period,
    generatedAt: input.generatedAt,
    dossiers: { ...input.dossiers },
    items: { ...totals.outcomes },
    amounts: {
      expected: totals.due,
      feesExpected: totals.feesDue,
      collected: totals.collected,
      collectedCash: totals.collectedCash,
      collectedVietqr: totals.collectedVietqr,
      feesCollected: totals.feesCollected,
      voided: totals.voided,
      remitted,
      bankConfirmed: totals.bankConfirmedVietqr + bankConfirmedRemittances,
      bankConfirmedVietqr: totals.bankConfirmedVietqr,
      bankConfirmedRemittances,
      resendPostageCitizen: totals.resends.citizenVnd,
      resendPostagePost: totals.resends.postVnd,
      resendPostageAgency: totals.resends.agencyVnd,
    },
    resends: totals.resends.count,
    onTimeRate: arrived === 0 ? null : Math.round((totals.onTime / arrived) * 10_000) / 10_000,
    remittances: [...remittances],
    cashHandins: [...handins],
    discrepancies,
    discrepanciesOmitted: omitted,
  };
}
