/**
 * A result sent again (gửi lại): the item that carried it was lost or damaged, the citizen
 * gave a wrong address, or the agency handed over the wrong result. The party at fault pays
 * for the new leg (Decision 45/2016: postage is the citizen's, "the party at fault pays for a
 * resend"), at the tariff of the original leg:
 *
 * - the citizen: postage due at delivery of the new item (with the dossier's exemption),
 *   collected at the door like any amount due, booked by the ledger when collected;
 * - the post: its own expense, no one billed — the office's resend costs debited against the
 *   postage it earns for carrying the leg;
 * - the agency: a receivable on the agency's account, against the same postage revenue.
 *
 * What the citizen still owed on the original item (never collected, since it was not
 * delivered) moves to the new item. The new item repeats the original's route, addressed to
 * the citizen; the result waits for collection at the agency again. The original is marked
 * as resent and leaves the worklist; its facts stay as they are.
 */
import { change, type Dossier, type QuotedPrice, type Registration } from './dossiers.ts';
import { type ItemRecord, newItem, SERVICE_LETTERS } from './items/items.ts';
import type { ItemStatus } from './items/lifecycle.ts';
import { account, type Transfer } from './money/ledger.ts';
import type { FinanceLine } from './money/model.ts';
import { type Exemption, exemptPostage, postageFor, TARIFF_2025, type Tariff } from './money/tariffs.ts';
import { DomainRefusal } from './refusal.ts';
import {
  FAULT_PARTIES,
  type FaultParty,
  MAX_RESEND_NOTE,
  MAX_RESENDS_PER_DOSSIER,
  RESEND_REASONS,
  type ResendReason,
  type ResendRecord,
} from './resend-record.ts';

export {
  FAULT_PARTIES,
  type FaultParty,
  MAX_RESEND_NOTE,
  RESEND_REASONS,
  type ResendReason,
  type ResendRecord,
};

/** Statuses from which an outbound item may be sent again: the post took the result in. */
const RESENDABLE: ReadonlySet<ItemStatus> = new Set([
  'collected',
  'in-transit',
  'out-for-delivery',
  'delivery-failed',
  'delivered',
  'returned-to-agency',
]);

/** Whether an item can be sent again, and why not in words when it cannot. */
export function resendRefusal(item: ItemRecord, dossier: Dossier): DomainRefusal | null {
  if (item.resentAs)
    return new DomainRefusal('conflict', `Item ${item.itemCode} was already sent again as ${item.resentAs}`);
  if (item.direction !== 'outbound')
    return new DomainRefusal(
      'unprocessable',
      `Item ${item.itemCode} carries a dossier in: a dossier lost on its way is registered again, not sent again`,
    );
  if (!RESENDABLE.has(item.status))
    return new DomainRefusal(
      'unprocessable',
      `Item ${item.itemCode} is ${item.status}: only a result the post has collected can be sent again`,
    );
  if (dossier.status === 'cancelled')
    return new DomainRefusal('unprocessable', 'A cancelled dossier is not sent again');
  if ((dossier.resends?.length ?? 0) >= MAX_RESENDS_PER_DOSSIER)
    return new DomainRefusal(
      'unprocessable',
      `The result of this dossier was already sent again ${MAX_RESENDS_PER_DOSSIER} times`,
    );
  return null;
}

/** The postage of the new leg: the original leg's route and the dossier's weight, at the tariff. */
export function resendPostage(input: {
  readonly original: Pick<ItemRecord, 'routeClass'>;
  readonly weightGrams: number | undefined;
  readonly exemption: Exemption;
  readonly faultParty: FaultParty;
  readonly tariff?: Tariff;
}): { readonly postageVnd: number; readonly citizenPostageVnd: number } {
  const tariff = input.tariff ?? TARIFF_2025;
  const postageVnd = postageFor(
    tariff,
    input.original.routeClass,
    input.weightGrams ?? tariff.defaultWeightGrams,
  );
  return {
    postageVnd,
    citizenPostageVnd: input.faultParty === 'citizen' ? exemptPostage(postageVnd, input.exemption) : 0,
  };
}

/** What the citizen still owes on the original item: all of it, unless the item was delivered (and paid). */
export const unpaidOnOriginal = (
  original: Pick<ItemRecord, 'status' | 'collectAmountVnd' | 'feesAmountVnd'>,
) =>
  original.status === 'delivered'
    ? { amountVnd: 0, feesVnd: 0 }
    : { amountVnd: original.collectAmountVnd, feesVnd: original.feesAmountVnd };

export const resendTransferId = (itemCode: string): string => `${itemCode}:resend-postage`;

/**
 * The ledger transfer a resend books when it is recorded: the post's own expense or the
 * agency's receivable, each against the postage the delivering office earns. None when the
 * citizen pays: that postage is booked when it is collected at the door.
 */
export function resendTransfers(resend: ResendRecord, agencyCode: string, dossierRef: string): Transfer[] {
  if (resend.faultParty === 'citizen' || resend.postageVnd <= 0) return [];
  const office = resend.postOfficeCode;
  const debit =
    resend.faultParty === 'post' ? account.resendCosts(office) : account.agencyReceivables(agencyCode);
  const who = resend.faultParty === 'post' ? 'borne by the post' : `charged to agency ${agencyCode}`;
  return [
    {
      transferId: resendTransferId(resend.itemCode),
      debit,
      credit: account.postageRevenue(office),
      amount: resend.postageVnd,
      kind: 'resend-postage',
      at: resend.recordedAt,
      reference: { itemCode: resend.itemCode, dossierRef, agencyCode },
      description: `Postage of ${resend.itemCode}, sent again for ${resend.originalItemCode}, ${who}`,
    },
  ];
}

/** The finance line of the agency's day that names the resend and who pays for it. */
export const resendLine = (resend: ResendRecord, dossierRef: string): FinanceLine => ({
  kind: 'resend',
  key: resend.itemCode,
  at: resend.recordedAt,
  itemCode: resend.itemCode,
  originalItemCode: resend.originalItemCode,
  dossierRef,
  postOfficeCode: resend.postOfficeCode,
  faultParty: resend.faultParty,
  reason: resend.reason,
  postageVnd: resend.postageVnd,
  citizenPostageVnd: resend.citizenPostageVnd,
});

/** The new outbound item: the original's route and addressee, owing what the citizen owes on it. */
function resendItemOf(
  original: ItemRecord,
  itemCode: string,
  collect: { amountVnd: number; feesVnd: number },
  now: Date,
) {
  return newItem({
    itemCode,
    direction: 'outbound',
    consignmentRef: original.consignmentRef,
    dossierCode: original.dossierCode,
    agencyCode: original.agencyCode,
    originOfficeCode: original.originOfficeCode,
    destinationOfficeCode: original.destinationOfficeCode,
    routeClass: original.routeClass,
    ...(original.withAppointmentSlip ? { withAppointmentSlip: true } : {}),
    ...(original.idDigitsDigest ? { idDigitsDigest: original.idDigitsDigest } : {}),
    addressee: original.addressee,
    collectAmountVnd: collect.amountVnd,
    feesAmountVnd: collect.feesVnd,
    createdAt: now.toISOString(),
    resendOf: original.itemCode,
  });
}

/** The code of the quote line that charges the citizen a resend's postage. */
export const RESEND_POSTAGE_LINE_CODE = 'resend-postage';

/** The dossier's quote with the citizen's resend postage due at delivery, so that slip and worklist agree. */
function withResendLine(quote: QuotedPrice, resend: ResendRecord): QuotedPrice {
  return {
    ...quote,
    lines: [
      ...quote.lines,
      {
        itemCode: resend.itemCode,
        direction: 'outbound',
        kind: 'postage',
        code: RESEND_POSTAGE_LINE_CODE,
        name: 'Cước gửi lại kết quả (công dân chịu)',
        amount: resend.citizenPostageVnd,
        collectAt: 'delivery',
      },
    ],
    dueAtDelivery: quote.dueAtDelivery + resend.citizenPostageVnd,
    total: quote.total + resend.citizenPostageVnd,
  };
}

export interface ResendRequest {
  readonly dossier: Dossier;
  readonly original: ItemRecord;
  /** The S10 code of the new item, from the original's origin office's series. */
  readonly itemCode: string;
  readonly faultParty: FaultParty;
  readonly reason: ResendReason;
  readonly note?: string | undefined;
  readonly recordedBy: string;
  readonly now: Date;
}

/**
 * The dossier with its result sent again: the new item, the original marked, the ledger
 * transfer and finance line of who pays, and the `dossier.resent` event; the dossier reads
 * result-ready again until the post collects the result anew.
 */
export function resendResult(request: ResendRequest): Registration {
  const { dossier, original, now } = request;
  const refusal = resendRefusal(original, dossier);
  if (refusal) throw refusal;
  const { postageVnd, citizenPostageVnd } = resendPostage({
    original,
    weightGrams: dossier.quote?.weightGrams,
    exemption: dossier.exemption,
    faultParty: request.faultParty,
  });
  const unpaid = unpaidOnOriginal(original);
  const item = resendItemOf(
    original,
    request.itemCode,
    { amountVnd: unpaid.amountVnd + citizenPostageVnd, feesVnd: unpaid.feesVnd },
    now,
  );
  const resend: ResendRecord = {
    originalItemCode: original.itemCode,
    itemCode: item.itemCode,
    faultParty: request.faultParty,
    reason: request.reason,
    note: request.note?.trim() ? request.note.trim() : null,
    postageVnd,
    citizenPostageVnd,
    carriedOverVnd: unpaid.amountVnd,
    postOfficeCode: original.destinationOfficeCode,
    recordedAt: now.toISOString(),
    recordedBy: request.recordedBy,
  };
  const dossierRef = dossier.dossierCode ?? dossier.consignmentRef;
  const status = 'result-ready' as const;
  return change(
    dossier,
    {
      status,
      ...(dossier.quote && citizenPostageVnd > 0 ? { quote: withResendLine(dossier.quote, resend) } : {}),
      resends: [...(dossier.resends ?? []), resend],
      items: [...dossier.items, { itemCode: item.itemCode, direction: 'outbound' }],
    },
    'dossier.resent',
    now,
    {
      status,
      previousStatus: dossier.status,
      originalItemCode: original.itemCode,
      itemCode: item.itemCode,
      faultParty: resend.faultParty,
      reason: resend.reason,
      postageVnd,
      dueAtDelivery: item.collectAmountVnd,
    },
    {
      items: [item],
      updatedItems: [{ ...original, resentAs: item.itemCode, version: original.version + 1 }],
      transfers: resendTransfers(resend, dossier.agency.code, dossierRef),
      financeLines: [resendLine(resend, dossierRef)],
    },
  );
}

export { SERVICE_LETTERS };
