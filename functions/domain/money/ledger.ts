/**
 * The double-entry ledger. Every movement of money is a transfer of a positive integer
 * amount of đồng from one account (credited) to another (debited), so debits equal credits
 * by construction and the balances of all accounts sum to zero. A transfer's id makes it
 * idempotent: posting the same transfer again changes nothing, and the same id with other
 * content is refused. Entries are never changed; a correction is a reversing transfer.
 *
 * Balances follow the debit convention: an account's balance is its debits minus its
 * credits. Assets (cash in hand, the bank) carry positive balances, what the post owes or
 * has earned (fees payable to an agency, postage revenue) negative ones.
 */
import { createHash } from 'node:crypto';
import { MAX_AMOUNT_VND } from './model.ts';

/** The kinds of account, each owned by a staff member, an office or an agency. */
export const ACCOUNT_KINDS = {
  /** Cash a staff member collected and has not yet handed in (asset). */
  'staff-cash': 'staff',
  /** Cash handed in at the office (asset). */
  'office-cash': 'office',
  /** VietQR transfers paid to the office's collection account, until the bank confirms them (asset). */
  'vietqr-clearing': 'office',
  /** The office's collection bank account, as the bank statement confirms it (asset). */
  bank: 'office',
  /** Postage and service charges the office earned (revenue). */
  'postage-revenue': 'office',
  /** Differences found when staff hand in their cash (expense when short, income when over). */
  'cash-variance': 'office',
  /** Money citizens paid beyond what they owed, to be refunded (liability). */
  overpayments: 'office',
  /** Postage of resends the post itself is at fault for: carried at its own cost (expense). */
  'resend-costs': 'office',
  /** Fees collected on an agency's behalf and not yet remitted (liability). */
  'agency-fees': 'agency',
  /** Remittances sent to an agency that the bank has not yet confirmed (liability in transit). */
  'remittances-in-transit': 'agency',
  /** What an agency owes the post: postage of resends the agency is at fault for (asset). */
  'agency-receivables': 'agency',
} as const;

export type AccountKind = keyof typeof ACCOUNT_KINDS;
export type AccountOwner = (typeof ACCOUNT_KINDS)[AccountKind];

export interface AccountRef {
  readonly kind: AccountKind;
  readonly owner: AccountOwner;
  /** The office of a staff or office account; null for an agency account. */
  readonly postOfficeCode: string | null;
  readonly staffId: string | null;
  readonly agencyCode: string | null;
}

const OWNER_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The account id for a kind and owner, e.g. `staff-cash:BC-HN-01:NV0042`, `agency-fees:000.00.06.H26`. */
export const account = {
  staffCash: (postOfficeCode: string, staffId: string) => `staff-cash:${postOfficeCode}:${staffId}`,
  officeCash: (postOfficeCode: string) => `office-cash:${postOfficeCode}`,
  vietqrClearing: (postOfficeCode: string) => `vietqr-clearing:${postOfficeCode}`,
  bank: (postOfficeCode: string) => `bank:${postOfficeCode}`,
  postageRevenue: (postOfficeCode: string) => `postage-revenue:${postOfficeCode}`,
  cashVariance: (postOfficeCode: string) => `cash-variance:${postOfficeCode}`,
  overpayments: (postOfficeCode: string) => `overpayments:${postOfficeCode}`,
  resendCosts: (postOfficeCode: string) => `resend-costs:${postOfficeCode}`,
  agencyFees: (agencyCode: string) => `agency-fees:${agencyCode}`,
  remittancesInTransit: (agencyCode: string) => `remittances-in-transit:${agencyCode}`,
  agencyReceivables: (agencyCode: string) => `agency-receivables:${agencyCode}`,
} as const;

/** The parts of an account id; null when it is not one. */
export function parseAccount(id: string): AccountRef | null {
  if (id.length > 120) return null;
  const [kind, ...codes] = id.split(':');
  if (!kind || !(kind in ACCOUNT_KINDS)) return null;
  const owner = ACCOUNT_KINDS[kind as AccountKind];
  if (!codes.every((code) => OWNER_CODE.test(code))) return null;
  if (owner === 'staff' && codes.length === 2) {
    return {
      kind: kind as AccountKind,
      owner,
      postOfficeCode: codes[0]!,
      staffId: codes[1]!,
      agencyCode: null,
    };
  }
  if (owner === 'office' && codes.length === 1) {
    return { kind: kind as AccountKind, owner, postOfficeCode: codes[0]!, staffId: null, agencyCode: null };
  }
  if (owner === 'agency' && codes.length === 1) {
    return { kind: kind as AccountKind, owner, postOfficeCode: null, staffId: null, agencyCode: codes[0]! };
  }
  return null;
}

export type TransferKind =
  | 'collection-fees'
  | 'collection-postage'
  | 'collection-overpayment'
  | 'cash-handin'
  | 'cash-variance'
  | 'remittance'
  | 'remittance-confirmed'
  | 'vietqr-confirmed'
  | 'resend-postage'
  | 'reversal';

/** What a transfer is about, for reading the ledger back and for the statements. */
export interface TransferReference {
  readonly itemCode?: string;
  readonly dossierRef?: string;
  readonly agencyCode?: string;
  readonly scanId?: string;
  readonly receipt?: string;
  readonly remittance?: string;
  readonly handinId?: string;
  readonly bankLineId?: string;
}

export interface Transfer {
  readonly transferId: string;
  readonly debit: string;
  readonly credit: string;
  readonly amount: number;
  readonly kind: TransferKind;
  /** When the money moved (the scan's time for a collection), ISO 8601. */
  readonly at: string;
  readonly reference: TransferReference;
  /** The transfer this one reverses. */
  readonly reverses?: string;
  readonly description: string;
}

/** One side of a transfer, as an account's statement lists it. */
export interface Entry {
  readonly account: string;
  readonly transferId: string;
  readonly side: 'debit' | 'credit';
  readonly amount: number;
  /** + for a debit, − for a credit: the change of the account's balance. */
  readonly change: number;
  readonly counterparty: string;
  readonly kind: TransferKind;
  readonly at: string;
  readonly reference: TransferReference;
  readonly description: string;
}

const TRANSFER_ID = /^[A-Za-z0-9][A-Za-z0-9:._#-]{0,159}$/;

/** Why a transfer cannot be posted; null when it can. */
export function transferProblem(transfer: Transfer): string | null {
  if (!TRANSFER_ID.test(transfer.transferId)) return `Transfer id "${transfer.transferId}" is not valid`;
  if (!Number.isSafeInteger(transfer.amount) || transfer.amount <= 0)
    return `Transfer ${transfer.transferId}: the amount must be a positive whole number of đồng`;
  if (transfer.amount > MAX_AMOUNT_VND)
    return `Transfer ${transfer.transferId}: ${transfer.amount} đồng is over the limit of ${MAX_AMOUNT_VND}`;
  if (!parseAccount(transfer.debit))
    return `Transfer ${transfer.transferId}: unknown account "${transfer.debit}"`;
  if (!parseAccount(transfer.credit))
    return `Transfer ${transfer.transferId}: unknown account "${transfer.credit}"`;
  if (transfer.debit === transfer.credit)
    return `Transfer ${transfer.transferId}: debit and credit are the same account`;
  if (Number.isNaN(Date.parse(transfer.at)))
    return `Transfer ${transfer.transferId}: "${transfer.at}" is not a time`;
  return null;
}

/** The two entries a transfer makes: one debit, one credit, of the same amount. */
export function entriesOf(transfer: Transfer): readonly [Entry, Entry] {
  const common = {
    transferId: transfer.transferId,
    amount: transfer.amount,
    kind: transfer.kind,
    at: transfer.at,
    reference: transfer.reference,
    description: transfer.description,
  };
  return [
    {
      ...common,
      account: transfer.debit,
      side: 'debit',
      change: transfer.amount,
      counterparty: transfer.credit,
    },
    {
      ...common,
      account: transfer.credit,
      side: 'credit',
      change: -transfer.amount,
      counterparty: transfer.debit,
    },
  ];
}

/** The transfer that undoes another: same amount, accounts swapped, its own id. */
export function reversalOf(transfer: Transfer, at: string, reason: string, suffix = 'reversal'): Transfer {
  return {
    transferId: `${transfer.transferId}:${suffix}`,
    debit: transfer.credit,
    credit: transfer.debit,
    amount: transfer.amount,
    kind: 'reversal',
    at,
    reference: transfer.reference,
    reverses: transfer.transferId,
    description: reason,
  };
}

/** A fingerprint of a transfer's content: the same id must always carry the same content. */
export function transferHash(transfer: Transfer): string {
  const { transferId, debit, credit, amount, kind, at, reverses } = transfer;
  return createHash('sha256')
    .update(JSON.stringify([transferId, debit, credit, amount, kind, at, reverses ?? null]))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * The ledger's rules, kept in memory: what the stored ledger does, with nothing stored.
 * The property tests hold the stored one and this one to the same laws.
 */
export class MemoryLedger {
  private readonly posted = new Map<string, string>();
  private readonly balances = new Map<string, number>();

  /**
   * Posts transfers all or nothing. Transfers already posted with the same content are
   * skipped; one with the same id and other content refuses the whole group.
   */
  post(transfers: readonly Transfer[]): { posted: number; replayed: number } {
    const fresh: Transfer[] = [];
    for (const transfer of transfers) {
      const problem = transferProblem(transfer);
      if (problem) throw new RangeError(problem);
      const known = this.posted.get(transfer.transferId);
      if (known === undefined) fresh.push(transfer);
      else if (known !== transferHash(transfer))
        throw new RangeError(`Transfer ${transfer.transferId} was posted with other content`);
    }
    if (new Set(fresh.map((t) => t.transferId)).size !== fresh.length)
      throw new RangeError('A transfer id appears twice in one group');
    for (const transfer of fresh) {
      this.posted.set(transfer.transferId, transferHash(transfer));
      for (const entry of entriesOf(transfer)) {
        this.balances.set(entry.account, (this.balances.get(entry.account) ?? 0) + entry.change);
      }
    }
    return { posted: fresh.length, replayed: transfers.length - fresh.length };
  }

  balance(accountId: string): number {
    return this.balances.get(accountId) ?? 0;
  }

  allBalances(): ReadonlyMap<string, number> {
    return this.balances;
  }
}
