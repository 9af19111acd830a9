/**
 * Dossiers registered for postal carriage: the plain rules, no storage and no AWS.
 * A dossier is always known by the post's consignment reference; the agency's dossier
 * code is attached when it exists (at registration, or when the agency accepts it).
 */
import {
  DOSSIER_STATUS_RANK,
  type DossierStatus,
  dossierStatus,
  nextStep,
  statusChangeEvent,
} from './dossier-status.ts';
import { maskIdNumber } from './id-number.ts';
import { crockfordId } from './identifiers.ts';
import {
  type Addressee,
  type ItemRecord,
  itemView,
  newItem,
  type OfficeRef,
  routeClassBetween,
  type StoredFactView,
} from './items/items.ts';
import { type Direction, EMSEVT, type FactType, isTerminal } from './items/lifecycle.ts';
import type { StoredFact } from './items/scans.ts';
import type { Transfer } from './money/ledger.ts';
import type { FinanceLine } from './money/model.ts';
import { type CollectionPoint, type Exemption, type Quote, quoteDossier } from './money/tariffs.ts';
import { deliveryRisk, plannedDeliveryDay, promisedDateProblem } from './promised-date.ts';
import { DomainRefusal } from './refusal.ts';
import type { ResendRecord } from './resend-record.ts';

export type DocumentKind = 'original' | 'certified-copy' | 'copy';

export interface DossierDocument {
  name: string;
  kind: DocumentKind;
  count: number;
}

export interface Address {
  line: string;
  communeCode: string;
  provinceCode: string;
}

export interface Applicant {
  fullName: string;
  phone: string;
  email?: string | undefined;
  /** Given at registration only: compared through its digest, never kept. */
  idNumber?: string | undefined;
  /** What a dossier keeps of the ID number, for the printed slip: the checked digits hidden. */
  idNumberMasked?: string | undefined;
  address: Address;
}

export interface DossierFee {
  code: string;
  name: string;
  /** Integer đồng. */
  amount: number;
  collectAt: CollectionPoint;
}

export interface DossierServices {
  pickup: boolean;
  return: boolean;
}

/** What a one-stop shop or a counter clerk sends to register a dossier (schemas check it). */
export interface RegisterDossierRequest {
  dossierCode?: string | undefined;
  procedure: { code: string; name: string };
  agency: { code: string; name: string };
  documents: DossierDocument[];
  applicant: Applicant;
  services: DossierServices;
  fees: DossierFee[];
  exemption: Exemption;
  weightGrams?: number | undefined;
  /** The date the agency promised the result (ngày hẹn trả), `YYYY-MM-DD`; today or later. */
  promisedDate?: string | undefined;
  /** The post carries the agency's appointment slip back: transit times double. */
  withAppointmentSlip?: boolean | undefined;
}

export { DOSSIER_STATUSES, type DossierStatus } from './dossier-status.ts';

/** One line of the quote as a dossier shows it. */
export interface QuotedLine {
  itemCode: string;
  direction: 'inbound' | 'outbound';
  kind: 'postage' | 'fee' | 'remittance-charge';
  code: string;
  name: string;
  amount: number;
  collectAt: CollectionPoint;
}

/** The quote as a dossier shows it: what the citizen pays, line by line, and when. */
export interface QuotedPrice {
  currency: 'VND';
  tariffVersion: string;
  exemption: Exemption;
  weightGrams: number;
  lines: QuotedLine[];
  dueAtPickup: number;
  dueAtDelivery: number;
  total: number;
}

export type DigitisedContentType = 'application/pdf' | 'image/jpeg';

/** A scan of a document the slip lists, attached to the dossier (`digitised-documents.ts`). */
export interface DigitisedDocument {
  /** The object's file name under the dossier's prefix: `<uuid>.<pdf|jpg>`. */
  readonly documentId: string;
  /** The document's name as the consignment slip lists it. */
  readonly documentName: string;
  readonly contentType: DigitisedContentType;
  readonly sizeBytes: number;
  /** Hex SHA-256 of the stored object, computed by the system. */
  readonly sha256: string;
  /** Scanned when the post picked the dossier up, or at the one-stop counter. */
  readonly capturedAt: 'pickup' | 'counter';
  readonly attachedAt: string;
  readonly attachedBy: { readonly subject: string; readonly postOfficeCode: string | null };
}

/** A dossier as the API shows it. */
export interface PublicDossier {
  consignmentRef: string;
  dossierCode: string | null;
  status: DossierStatus;
  procedure: { code: string; name: string };
  agency: { code: string; name: string };
  documents: DossierDocument[];
  applicant: Applicant;
  services: DossierServices;
  fees: DossierFee[];
  exemption: Exemption;
  quote?: QuotedPrice | undefined;
  registeredBy: { role: string; postOfficeCode?: string | undefined; agencyCode?: string | undefined };
  registeredAt: string;
  updatedAt: string;
  /** When the agency signed the handover record: the dossier's lawful submission time. */
  submittedAt?: string | undefined;
  /** The date the agency promised the result (ngày hẹn trả). */
  promisedDate?: string | undefined;
  withAppointmentSlip?: boolean | undefined;
  /** When the agency said the result was ready. */
  resultReadyAt?: string | undefined;
  /** Since when the planned delivery lands after the promised date (`dossier.at-risk`). */
  atRiskSince?: string | undefined;
  /** Results sent again, each with the party at fault and what its postage is charged to. */
  resends?: ResendRecord[] | undefined;
  /** Scans of the slip's documents, in the order attached. */
  digitisedDocuments?: readonly DigitisedDocument[] | undefined;
}

export type Dossier = PublicDossier & {
  /** Fingerprint of what was registered: the same dossier code with other content is a conflict. */
  readonly contentHash: string;
  /** Offices whose staff may see and scan the dossier's items. */
  readonly postOfficeCodes: readonly string[];
  /** The last event sequence number written for this dossier. */
  readonly eventSequence: number;
  /** The postal items that carry the dossier (inbound) and its result (outbound). */
  readonly items: readonly { readonly itemCode: string; readonly direction: Direction }[];
  /** Keyed digest of the last ID digits the citizen registered; the number itself is not kept. */
  readonly idDigitsDigest?: string;
};

export interface DossierEvent {
  readonly eventId: string;
  readonly type: string;
  readonly sequence: number;
  readonly occurredAt: string;
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly agencyCode: string;
  readonly data: Record<string, unknown>;
}

export interface Registrant {
  readonly role: 'agency' | 'postal-staff' | 'postal-supervisor' | 'admin';
  readonly agencyCode?: string;
  readonly postOfficeCode?: string;
}

/** `PG` + 12 Crockford base32 characters: 60 random bits. */
export const newConsignmentRef = (): string => crockfordId('PG', 12);

export const eventId = (consignmentRef: string, sequence: number): string => `${consignmentRef}-${sequence}`;

export interface Registration {
  readonly dossier: Dossier;
  readonly event: DossierEvent;
  /** Items created with the dossier, or with this change of it. */
  readonly items?: readonly ItemRecord[];
  /** A dossier code the agency assigned with this change, to be reserved for this dossier. */
  readonly newDossierCode?: string;
  /** Items this change updates (each at the version after the one read). */
  readonly updatedItems?: readonly ItemRecord[];
  /** Ledger transfers written with the change, all or nothing. */
  readonly transfers?: readonly Transfer[];
  /** Finance lines of the dossier's agency written with the change. */
  readonly financeLines?: readonly FinanceLine[];
}

/** Where a dossier travels: the office serving the citizen's commune and the one serving the agency. */
export interface Placement {
  readonly citizenOffice: OfficeRef;
  readonly agencyOffice: OfficeRef;
  /** Allocated S10 codes, one per requested service. */
  readonly inboundItemCode?: string;
  readonly outboundItemCode?: string;
}

/** Refuses a registrant who may not register this dossier; true when the registrant is postal staff. */
function checkRegistrant(request: RegisterDossierRequest, registrant: Registrant): boolean {
  if (registrant.role === 'agency' && !request.dossierCode) {
    throw new DomainRefusal(
      'unprocessable',
      'An agency registers a dossier it has already coded: dossierCode is required',
    );
  }
  const isPostal = registrant.role === 'postal-staff' || registrant.role === 'postal-supervisor';
  if (isPostal && !registrant.postOfficeCode) {
    throw new DomainRefusal(
      'forbidden',
      'Postal staff need a post office in their token to register dossiers',
    );
  }
  return isPostal;
}

/** The dossier's quote, and its items each with what staff collect for it (and the outbound one the ID digest). */
function pricedItems(
  request: RegisterDossierRequest,
  planned: ItemRecord[],
  placement: Placement,
  digest: { readonly idDigitsDigest?: string },
): { quote: Quote; items: ItemRecord[] } {
  const quote = quoteDossier({
    items: planned,
    fees: request.fees,
    exemption: request.exemption,
    ...(request.weightGrams ? { weightGrams: request.weightGrams } : {}),
    agencyProvinceCode: placement.agencyOffice.provinceCode,
  });
  const items = planned.map((planItem) => {
    const priced = quote.perItem.find((entry) => entry.itemCode === planItem.itemCode);
    const item = planItem.direction === 'outbound' ? { ...planItem, ...digest } : planItem;
    return priced
      ? { ...item, collectAmountVnd: priced.collectAmountVnd, feesAmountVnd: priced.feesAmountVnd }
      : item;
  });
  return { quote, items };
}

export function registerDossier(input: {
  readonly request: RegisterDossierRequest;
  readonly registrant: Registrant;
  readonly consignmentRef: string;
  readonly contentHash: string;
  readonly now: Date;
  readonly placement: Placement;
  /** The digest of the applicant's ID digits (`idDigitsDigest`), when an ID number was given. */
  readonly idDigitsDigest?: string;
}): Registration {
  const { request, registrant, consignmentRef, now, placement } = input;
  const isPostal = checkRegistrant(request, registrant);
  assertPromisedDate(request.promisedDate, now);
  const at = now.toISOString();
  const digest = input.idDigitsDigest ? { idDigitsDigest: input.idDigitsDigest } : {};
  const planned = planItems(request, consignmentRef, placement, at);
  const { quote, items } = pricedItems(request, planned, placement, digest);
  // The ID number is compared, never kept: only its digest stays.
  const { idNumber, ...given } = request.applicant;
  const applicant = idNumber ? { ...given, idNumberMasked: maskIdNumber(idNumber) } : given;
  const offices = new Set<string>(
    items.flatMap((item) => [item.originOfficeCode, item.destinationOfficeCode]),
  );
  if (isPostal && registrant.postOfficeCode) offices.add(registrant.postOfficeCode);
  const dossier: Dossier = {
    consignmentRef,
    dossierCode: request.dossierCode ?? null,
    status: 'registered',
    procedure: request.procedure,
    agency: request.agency,
    documents: request.documents,
    applicant,
    services: request.services,
    fees: request.fees,
    exemption: request.exemption,
    quote: publicQuote(quote),
    registeredBy: {
      role: registrant.role,
      ...(registrant.postOfficeCode ? { postOfficeCode: registrant.postOfficeCode } : {}),
      ...(registrant.agencyCode ? { agencyCode: registrant.agencyCode } : {}),
    },
    registeredAt: at,
    updatedAt: at,
    ...(request.promisedDate ? { promisedDate: request.promisedDate } : {}),
    ...(request.withAppointmentSlip ? { withAppointmentSlip: true } : {}),
    contentHash: input.contentHash,
    ...digest,
    postOfficeCodes: [...offices].sort(),
    eventSequence: 1,
    items: items.map(({ itemCode, direction }) => ({ itemCode, direction })),
  };
  const event: DossierEvent = {
    eventId: eventId(consignmentRef, 1),
    type: 'dossier.registered',
    sequence: 1,
    occurredAt: at,
    consignmentRef,
    dossierCode: dossier.dossierCode,
    agencyCode: request.agency.code,
    data: {
      services: request.services,
      procedureCode: request.procedure.code,
      items: dossier.items.map(({ itemCode, direction }) => ({ itemCode, direction })),
    },
  };
  return { dossier, event, items };
}

/** The quote as the dossier keeps it: without the per-item totals the items carry. */
const publicQuote = ({ perItem: _perItem, lines, ...quote }: Quote) => ({
  ...quote,
  lines: lines.map(({ itemCode, direction, kind, code, name, amount, collectAt }) => ({
    itemCode,
    direction,
    kind,
    code,
    name,
    amount,
    collectAt,
  })),
});

/** One inbound item for the pickup service, one outbound item for the return service. */
function planItems(
  request: RegisterDossierRequest,
  consignmentRef: string,
  placement: Placement,
  at: string,
): ItemRecord[] {
  const { citizenOffice, agencyOffice } = placement;
  const common = {
    consignmentRef,
    dossierCode: request.dossierCode ?? null,
    agencyCode: request.agency.code,
    createdAt: at,
    ...(request.withAppointmentSlip ? { withAppointmentSlip: true } : {}),
  };
  const items: ItemRecord[] = [];
  if (request.services.pickup) {
    if (!placement.inboundItemCode) throw new Error('The pickup service needs an inbound item code');
    items.push(
      newItem({
        ...common,
        itemCode: placement.inboundItemCode,
        direction: 'inbound',
        originOfficeCode: citizenOffice.postOfficeCode,
        destinationOfficeCode: agencyOffice.postOfficeCode,
        routeClass: routeClassBetween(citizenOffice, agencyOffice),
        sender: {
          name: request.applicant.fullName,
          phone: request.applicant.phone,
          addressLine: request.applicant.address.line,
          communeCode: request.applicant.address.communeCode,
          provinceCode: request.applicant.address.provinceCode,
        },
        addressee: {
          name: request.agency.name,
          phone: null,
          addressLine: request.agency.name,
          communeCode: null,
          provinceCode: agencyOffice.provinceCode,
        },
        collectAmountVnd: 0,
        feesAmountVnd: 0,
      }),
    );
  }
  if (request.services.return) {
    if (!placement.outboundItemCode) throw new Error('The return service needs an outbound item code');
    const { applicant } = request;
    items.push(
      newItem({
        ...common,
        itemCode: placement.outboundItemCode,
        direction: 'outbound',
        originOfficeCode: agencyOffice.postOfficeCode,
        destinationOfficeCode: citizenOffice.postOfficeCode,
        routeClass: routeClassBetween(agencyOffice, citizenOffice),
        addressee: citizenAddressee(applicant),
        collectAmountVnd: 0,
        feesAmountVnd: 0,
      }),
    );
  }
  return items;
}

/** The citizen as the addressee of the item that brings the result (or the refused papers) back. */
const citizenAddressee = (applicant: Dossier['applicant']): Addressee => ({
  name: applicant.fullName,
  phone: applicant.phone,
  addressLine: applicant.address.line,
  communeCode: applicant.address.communeCode,
  provinceCode: applicant.address.provinceCode,
});

/**
 * The item that carries a refused dossier's papers back when the citizen asked for no postal
 * return: outbound, the inbound item's journey reversed, addressed to the citizen, nothing to
 * collect.
 */
export function returnItemFor(input: {
  readonly inbound: ItemRecord;
  readonly applicant: Dossier['applicant'];
  readonly itemCode: string;
  readonly now: Date;
}): ItemRecord {
  const { inbound } = input;
  return newItem({
    itemCode: input.itemCode,
    direction: 'outbound',
    consignmentRef: inbound.consignmentRef,
    dossierCode: inbound.dossierCode,
    agencyCode: inbound.agencyCode,
    originOfficeCode: inbound.destinationOfficeCode,
    destinationOfficeCode: inbound.originOfficeCode,
    routeClass: inbound.routeClass,
    addressee: citizenAddressee(input.applicant),
    collectAmountVnd: 0,
    feesAmountVnd: 0,
    createdAt: input.now.toISOString(),
  });
}

/** What a caller of the API sees: the stored dossier without its bookkeeping. */
export function publicDossier(dossier: Dossier): PublicDossier {
  const {
    contentHash: _hash,
    postOfficeCodes: _offices,
    eventSequence: _sequence,
    items: _items,
    idDigitsDigest: _digest,
    ...visible
  } = dossier;
  return visible;
}

/** Statuses from which the agency can say the result waits for collection. */
const RESULT_READY_FROM: ReadonlySet<Dossier['status']> = new Set(['registered', 'handed-over', 'accepted']);

/**
 * The agency says the result is ready: for the post to collect when the dossier has the
 * return service, else for the citizen to fetch at the counter (the dossier's story ends
 * there). It may give or move its promised date with it. Saying it twice changes nothing.
 */
export function markResultReady(
  dossier: Dossier,
  now: Date,
  readyAt: Date = now,
  promisedDate?: string,
): Registration | null {
  assertPromisedDate(promisedDate, now);
  if (dossier.status === 'result-ready') {
    if (!promisedDate || promisedDate === dossier.promisedDate) return null;
    return change(dossier, { promisedDate }, 'dossier.promised-date', now, { promisedDate });
  }
  if (!RESULT_READY_FROM.has(dossier.status)) {
    throw new DomainRefusal(
      'conflict',
      `A dossier that is ${dossier.status} cannot have its result made ready`,
    );
  }
  return change(
    dossier,
    {
      status: 'result-ready',
      resultReadyAt: dossier.resultReadyAt ?? readyAt.toISOString(),
      ...(promisedDate ? { promisedDate } : {}),
    },
    'dossier.result-ready',
    now,
    { ...(promisedDate ? { promisedDate } : {}), returnByPost: dossier.services.return },
  );
}

/** A promised date given now must not lie in the past. */
function assertPromisedDate(promisedDate: string | undefined, now: Date): void {
  const problem = promisedDate ? promisedDateProblem(promisedDate, now) : null;
  if (problem) throw new DomainRefusal('unprocessable', problem);
}

/** The items of a dossier in the order it lists them (the last outbound one is the one travelling). */
function inDossierOrder<T extends Pick<ItemRecord, 'itemCode' | 'direction' | 'status'>>(
  dossier: Dossier,
  items: readonly T[],
): T[] {
  const byCode = new Map(items.map((item) => [item.itemCode, item]));
  return dossier.items.flatMap(({ itemCode }) => {
    const item = byCode.get(itemCode);
    return item ? [item] : [];
  });
}

/**
 * The dossier's status from its own facts (withdrawn, result ready) and its items' states;
 * never below what the dossier already recorded (a decision or a ready result is recorded on
 * the dossier before its item).
 */
export function statusOf(
  dossier: Dossier,
  items: readonly Pick<ItemRecord, 'itemCode' | 'direction' | 'status'>[],
): DossierStatus {
  const derived = dossierStatus({
    services: dossier.services,
    cancelled: dossier.status === 'cancelled',
    resultReady: dossier.status === 'result-ready' || Boolean(dossier.resultReadyAt),
    items: inDossierOrder(dossier, items),
  });
  // A refused dossier's papers waiting at the agency are no result: it reads refused until collected.
  if (dossier.status === 'refused' && derived === 'result-ready') return 'refused';
  return DOSSIER_STATUS_RANK[derived] >= DOSSIER_STATUS_RANK[dossier.status] ? derived : dossier.status;
}

/**
 * The promised date at risk: the planned delivery of the dossier's result lands after it.
 * Announced once (`dossier.at-risk`), while the result is still on its way.
 */
export function atRiskChange(dossier: Dossier, items: readonly ItemRecord[], now: Date): Registration | null {
  if (!dossier.promisedDate || dossier.atRiskSince) return null;
  const outbound = inDossierOrder(dossier, items).findLast((item) => item.direction === 'outbound');
  if (!outbound || isTerminal(outbound.status)) return null;
  const planned = plannedDeliveryDay({
    routeClass: outbound.routeClass,
    withAppointmentSlip: dossier.withAppointmentSlip === true,
    collectedAt: outbound.acceptedAt,
    readyAt: dossier.resultReadyAt ?? null,
    now,
  });
  if (deliveryRisk(dossier.promisedDate, planned) !== 'at-risk') return null;
  return change(dossier, { atRiskSince: now.toISOString() }, 'dossier.at-risk', now, {
    promisedDate: dossier.promisedDate,
    plannedDeliveryDate: planned,
  });
}

/** The dossier once its items moved: the new status and its `dossier.<status>` event; null when it stays. */
export function followItems(
  dossier: Dossier,
  items: readonly Pick<ItemRecord, 'itemCode' | 'direction' | 'status'>[],
  now: Date,
): Registration | null {
  const next = nextStep(dossier.status, statusOf(dossier, items), dossier.services);
  const event = statusChangeEvent(dossier.status, next);
  if (!event) return null;
  return change(dossier, { status: next }, event.type, now, event.data);
}

/** The next state of a dossier and the event that announces it, numbered after the last one. */
export function change(
  dossier: Dossier,
  patch: Partial<Dossier>,
  type: string,
  now: Date,
  data: Record<string, unknown>,
  extra: Pick<Registration, 'items' | 'newDossierCode' | 'updatedItems' | 'transfers' | 'financeLines'> = {},
): Registration {
  const at = now.toISOString();
  const sequence = dossier.eventSequence + 1;
  const changed: Dossier = { ...dossier, ...patch, updatedAt: at, eventSequence: sequence };
  return {
    dossier: changed,
    event: {
      eventId: eventId(dossier.consignmentRef, sequence),
      type,
      sequence,
      occurredAt: at,
      consignmentRef: dossier.consignmentRef,
      dossierCode: changed.dossierCode,
      agencyCode: dossier.agency.code,
      data,
    },
    ...extra,
  };
}

export interface Decision {
  readonly decision: 'accepted' | 'refused';
  readonly reason?: string;
  readonly dossierCode?: string;
}

/**
 * The agency accepts or refuses a dossier the post handed over. On acceptance it gives the
 * dossier code it assigned, if the dossier had none. A refused dossier goes back to the
 * citizen: on its outbound item if it has one, else on a new one (`returnItem`).
 */
export function decideDossier(input: {
  readonly dossier: Dossier;
  readonly inbound: ItemRecord | undefined;
  readonly decision: Decision;
  readonly returnItem?: ItemRecord;
  readonly now: Date;
}): Registration {
  const { dossier, inbound, decision, now } = input;
  if (!inbound)
    throw new DomainRefusal('unprocessable', 'Only a dossier the post carried in can be decided on');
  if (inbound.status !== 'handed-over') {
    throw new DomainRefusal(
      'conflict',
      `The dossier's item is ${inbound.status}: decide after it is handed over`,
    );
  }
  if (decision.decision === 'refused' && !decision.reason) {
    throw new DomainRefusal('unprocessable', 'A refusal needs a reason the citizen can read');
  }
  let dossierCode = dossier.dossierCode;
  if (decision.decision === 'accepted') {
    if (dossierCode && decision.dossierCode && decision.dossierCode !== dossierCode) {
      throw new DomainRefusal('conflict', `The dossier already has the code ${dossierCode}`);
    }
    if (!dossierCode && !decision.dossierCode) {
      throw new DomainRefusal(
        'unprocessable',
        'Accepting a paper dossier needs the dossier code the agency assigned',
      );
    }
    if (decision.dossierCode && !decision.dossierCode.startsWith(`${dossier.agency.code}-`)) {
      throw new DomainRefusal('unprocessable', 'The dossier code must start with the agency identifier');
    }
    dossierCode = dossierCode ?? decision.dossierCode ?? null;
  }
  const newCode = !dossier.dossierCode && dossierCode ? dossierCode : undefined;
  const returnItem = decision.decision === 'refused' && !hasOutbound(dossier) ? input.returnItem : undefined;
  if (decision.decision === 'refused' && !hasOutbound(dossier) && !returnItem) {
    throw new Error('A refused dossier without an outbound item needs a return item');
  }
  const items = returnItem
    ? [...dossier.items, { itemCode: returnItem.itemCode, direction: 'outbound' as const }]
    : dossier.items;
  return change(
    dossier,
    { status: decision.decision, dossierCode, items },
    `dossier.${decision.decision}`,
    now,
    { ...(decision.reason ? { reason: decision.reason } : {}), ...(newCode ? { dossierCode: newCode } : {}) },
    { ...(returnItem ? { items: [returnItem] } : {}), ...(newCode ? { newDossierCode: newCode } : {}) },
  );
}

const hasOutbound = (dossier: Dossier): boolean =>
  dossier.items.some((item) => item.direction === 'outbound');

/** Statuses from which an item may still be cancelled: nothing has been picked up or collected. */
const CANCELLABLE_ITEM_STATUSES: ReadonlySet<string> = new Set([
  'requested',
  'pickup-failed',
  'registered',
  'result-ready',
]);

/** The citizen withdraws: allowed only while no item has been picked up or collected. */
export function cancelDossier(
  dossier: Dossier,
  items: readonly ItemRecord[],
  reason: string,
  now: Date,
): Registration | null {
  if (dossier.status === 'cancelled') return null;
  const moving = items.filter((item) => !CANCELLABLE_ITEM_STATUSES.has(item.status));
  if (moving.length > 0) {
    throw new DomainRefusal(
      'conflict',
      `Cannot cancel: ${moving.map((item) => `${item.itemCode} is ${item.status}`).join(', ')}`,
    );
  }
  return change(dossier, { status: 'cancelled' }, 'dossier.cancelled', now, { reason });
}

/** A fact the system records on an item for a dossier event: the same id however often it is recorded. */
export function dossierFact(
  item: ItemRecord,
  type: FactType,
  key: string,
  occurredAt: Date,
  receivedAt: Date,
): StoredFact {
  return {
    factId: `${item.consignmentRef}-${key}`,
    type,
    occurredAt: occurredAt.toISOString(),
    postOfficeCode:
      type === 'accepted' || type === 'refused' ? item.destinationOfficeCode : item.originOfficeCode,
    source: 'system',
    emsevt: EMSEVT[type],
    receivedAt: receivedAt.toISOString(),
    contentHash: `${key}:${occurredAt.toISOString()}`,
  };
}

/** The dossier as its readers see it: the dossier, its items and the timeline of its events. */
export function dossierView(
  dossier: Dossier,
  events: readonly DossierEvent[],
  items: readonly { readonly item: ItemRecord; readonly facts: readonly StoredFactView[] }[],
) {
  const dossierEntries = events.map(({ sequence, type, occurredAt }) => ({ sequence, type, occurredAt }));
  const itemEntries = items.flatMap(({ item, facts }) =>
    itemView(item, facts, new Date()).timeline.map((entry) => ({
      type: `item.${entry.type}`,
      occurredAt: entry.occurredAt,
      itemCode: item.itemCode,
      postOfficeCode: entry.postOfficeCode,
      emsevt: entry.emsevt,
      ...(entry.anomaly ? { anomaly: entry.anomaly } : {}),
    })),
  );
  const status = statusOf(
    dossier,
    items.map(({ item }) => item),
  );
  return {
    dossier: { ...publicDossier(dossier), status },
    items: items.map(({ item: { itemCode, direction, status } }) => ({ itemCode, direction, status })),
    // One story: the dossier's own events and its items' facts, in the order they happened.
    timeline: [...dossierEntries, ...itemEntries].sort(
      (left, right) => Date.parse(left.occurredAt) - Date.parse(right.occurredAt),
    ),
  };
}

/** The fact a ready result records on the dossier's outbound item: once, however often it is said. */
export function resultReadyFact(item: ItemRecord, readyAt: Date, receivedAt: Date): StoredFact {
  const occurredAt = readyAt.toISOString();
  return {
    factId: `${item.consignmentRef}-result-ready`,
    type: 'result-ready',
    occurredAt,
    // The result waits at the agency, which the item's origin office serves.
    postOfficeCode: item.originOfficeCode,
    source: 'system',
    emsevt: EMSEVT['result-ready'],
    receivedAt: receivedAt.toISOString(),
    contentHash: `result-ready:${occurredAt}`,
  };
}

export interface DossierRepository {
  /**
   * Writes the dossier, its code and its first event at once. When the dossier code is
   * already registered, answers the dossier that holds it instead of writing anything.
   */
  register(registration: Registration): Promise<{ readonly created: boolean; readonly dossier: Dossier }>;
  /**
   * Writes a changed dossier and the event that announces it at once, only if nobody else
   * changed the dossier since it was read (its event sequence is the one before).
   */
  recordChange(change: Registration): Promise<void>;
  /** By dossier code or consignment reference; null when unknown. */
  find(
    dossierRef: string,
  ): Promise<{ readonly dossier: Dossier; readonly events: readonly DossierEvent[] } | null>;
}

/** Registers, or recognises a repeat of the same registration; the same code with other content is a conflict. */
export async function registerOnce(
  repository: DossierRepository,
  registration: Registration,
): Promise<{ readonly created: boolean; readonly dossier: Dossier }> {
  const outcome = await repository.register(registration);
  if (!outcome.created && outcome.dossier.contentHash !== registration.dossier.contentHash) {
    throw new DomainRefusal(
      'conflict',
      `Dossier ${registration.dossier.dossierCode} is already registered with different content`,
    );
  }
  return outcome;
}
