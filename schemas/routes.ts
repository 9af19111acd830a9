/**
 * What each route takes: its key in the manifest, its schemas for path, query and body, and
 * what the OpenAPI document says of it. One constant per route, so that a function's bundle
 * holds the schemas of its own routes only; `contract.ts` adds the answers of every route.
 */

import type * as z from 'zod';
import {
  AnomalyParamsSchema,
  AnomalyQuerySchema,
  ResolveAnomalySchema,
  UnlockItemSchema,
  UnlockParamsSchema,
} from './anomalies.ts';
import { AuditQuerySchema } from './audit.ts';
import { ChoiceRequestSchema, OptOutRequestSchema } from './citizens.ts';
import { AttachDigitisedSchema, DigitisedParamsSchema, DigitisedUploadRequestSchema } from './digitised.ts';
import {
  AgencyDecisionSchema,
  CancelDossierSchema,
  DossierRefParamsSchema,
  DossierReturnSchema,
  RegisterDossierSchema,
  ResendItemSchema,
  ResultReadySchema,
  TrackParamsSchema,
  TrackQuerySchema,
} from './dossiers.ts';
import {
  AccountParamsSchema,
  BankStatementBodySchema,
  CashHandinListQuerySchema,
  CashHandinRequestSchema,
  CollectionCheckRequestSchema,
  EntriesQuerySchema,
  ReceiptLookupParamsSchema,
  ReceiptParamsSchema,
  ReceiptQuerySchema,
  RemittanceParamsSchema,
  RemittanceRequestSchema,
  StatementQuerySchema,
  VoidReceiptSchema,
} from './finance.ts';
import {
  IndicatorQuerySchema,
  RatingRequestSchema,
  SubscribeRequestSchema,
  SubscriptionQuerySchema,
} from './indicators.ts';
import {
  ItemCodeParamsSchema,
  ProofParamsSchema,
  ProofUploadRequestSchema,
  RouteSheetQuerySchema,
  ScanBatchSchema,
  WorklistAssignmentsSchema,
  WorklistQuerySchema,
} from './items.ts';
import {
  AgencyDossiersParamsSchema,
  AgencyDossiersQuerySchema,
  DeliveriesQuerySchema,
  DeliveryParamsSchema,
  PhoneDossiersQuerySchema,
  ReceiptSearchQuerySchema,
} from './lists.ts';
import { ConfirmManifestSchema, CreateManifestSchema, ManifestParamsSchema } from './manifests.ts';
import { DeliveryReceiptSchema, NoticeReceiptParamsSchema } from './notifications.ts';
import { ReconcileRequestSchema, ReportListQuerySchema, ReportParamsSchema } from './reconciliation.ts';
import {
  AgencyBodySchema,
  AgencyClientBodySchema,
  AgencyClientParamsSchema,
  AgencyParamsSchema,
  PostOfficeBodySchema,
  PostOfficeParamsSchema,
} from './reference.ts';
import { ReplaySchema, SubscribeSchema, WebhookParamsSchema } from './webhooks.ts';

/** A route's input: what the HTTP wrapper validates, and what the OpenAPI document says of it. */
export interface RouteInput {
  /** `METHOD /path`, as the manifest and API Gateway name the route. */
  readonly key: string;
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** A text media type the body may also come in (`text/csv`); it reaches the body schema as `{ text }`. */
  readonly textBody?: string;
  /** The media type of the success answer; JSON unless said. */
  readonly responseMediaType?: string;
  /** Error statuses this route can answer besides the common ones (400, 401, 403, 413, 415, 500). */
  readonly problems?: readonly number[];
}

export const healthRoute = {
  key: 'GET /health',
  summary: 'Liveness check',
  tag: 'System',
} as const satisfies RouteInput;

export const openApiRoute = {
  key: 'GET /v1/openapi.json',
  summary: 'This OpenAPI document',
  tag: 'System',
} as const satisfies RouteInput;

export const registerDossierRoute = {
  key: 'POST /v1/dossiers',
  summary: 'Register a dossier for postal pickup and/or postal return',
  tag: 'Dossiers',
  body: RegisterDossierSchema,
  problems: [409, 422],
} as const satisfies RouteInput;

export const getDossierRoute = {
  key: 'GET /v1/dossiers/{dossierRef}',
  summary: 'A dossier with its items and merged timeline',
  tag: 'Dossiers',
  params: DossierRefParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const markResultReadyRoute = {
  key: 'POST /v1/dossiers/{dossierRef}/result-ready',
  summary: 'The result waits at the agency for postal collection',
  tag: 'Dossiers',
  params: DossierRefParamsSchema,
  body: ResultReadySchema,
  problems: [404, 409, 422],
} as const satisfies RouteInput;

export const agencyDecisionRoute = {
  key: 'POST /v1/dossiers/{dossierRef}/agency-decision',
  summary:
    'The agency accepts (giving the dossier code it assigned) or refuses a dossier handed over by the post',
  tag: 'Dossiers',
  params: DossierRefParamsSchema,
  body: AgencyDecisionSchema,
  problems: [404, 409, 422],
} as const satisfies RouteInput;

export const cancelDossierRoute = {
  key: 'POST /v1/dossiers/{dossierRef}/cancel',
  summary: 'Withdraw a dossier; refused once an item has been picked up or collected',
  tag: 'Dossiers',
  params: DossierRefParamsSchema,
  body: CancelDossierSchema,
  problems: [404, 409],
} as const satisfies RouteInput;

export const requestDigitisedUploadRoute = {
  key: 'POST /v1/dossiers/{dossierRef}/digitised-documents/uploads',
  summary:
    'A presigned upload for the scan of one document the consignment slip lists (PDF or JPEG, at most 10 MB)',
  tag: 'Dossiers',
  params: DossierRefParamsSchema,
  body: DigitisedUploadRequestSchema,
  problems: [404, 409, 413, 415, 422],
} as const satisfies RouteInput;

export const attachDigitisedRoute = {
  key: 'POST /v1/dossiers/{dossierRef}/digitised-documents',
  summary:
    'Attach an uploaded scan: the system reads the stored object, checks its size, kind and SHA-256, and records it (`dossier.documents-attached`); 201 when attached now, 200 when attached before',
  tag: 'Dossiers',
  params: DossierRefParamsSchema,
  body: AttachDigitisedSchema,
  problems: [404, 409, 413, 415, 422],
} as const satisfies RouteInput;

export const digitisedDownloadRoute = {
  key: 'GET /v1/dossiers/{dossierRef}/digitised-documents/{documentId}',
  summary: "A five-minute download of one of the dossier's scans, for its agency and offices",
  tag: 'Dossiers',
  params: DigitisedParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const putPostOfficeRoute = {
  key: 'PUT /v1/reference/post-offices/{postOfficeCode}',
  summary: 'Describe a post office and the communes whose citizens it serves',
  tag: 'Reference data',
  params: PostOfficeParamsSchema,
  body: PostOfficeBodySchema,
} as const satisfies RouteInput;

export const getPostOfficeRoute = {
  key: 'GET /v1/reference/post-offices/{postOfficeCode}',
  summary: 'A post office',
  tag: 'Reference data',
  params: PostOfficeParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const listPostOfficesRoute = {
  key: 'GET /v1/reference/post-offices',
  summary: 'Every post office',
  tag: 'Reference data',
} as const satisfies RouteInput;

export const putAgencyRoute = {
  key: 'PUT /v1/reference/agencies/{agencyCode}',
  summary: 'Describe an agency and the post office that serves its one-stop shop',
  tag: 'Reference data',
  params: AgencyParamsSchema,
  body: AgencyBodySchema,
  problems: [422],
} as const satisfies RouteInput;

export const getAgencyRoute = {
  key: 'GET /v1/reference/agencies/{agencyCode}',
  summary: 'An agency',
  tag: 'Reference data',
  params: AgencyParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const listAgenciesRoute = {
  key: 'GET /v1/reference/agencies',
  summary: 'Every agency',
  tag: 'Reference data',
} as const satisfies RouteInput;

export const ingestScansRoute = {
  key: 'POST /v1/scans',
  summary: 'Up to 500 scans; each gets its own outcome, in the order sent',
  tag: 'Items and scans',
  body: ScanBatchSchema,
} as const satisfies RouteInput;

export const getItemRoute = {
  key: 'GET /v1/items/{itemCode}',
  summary: "An item's status, due date, lateness and timeline",
  tag: 'Items and scans',
  params: ItemCodeParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const itemLabelRoute = {
  key: 'GET /v1/items/{itemCode}/label',
  summary:
    'The printable label (PDF, 100 × 150 mm): S10 Code 128 barcode, tracking QR code, sender and recipient',
  tag: 'Items and scans',
  params: ItemCodeParamsSchema,
  responseMediaType: 'application/pdf',
  problems: [404],
} as const satisfies RouteInput;

export const proofDownloadRoute = {
  key: 'GET /v1/items/{itemCode}/proofs/{proofFile}',
  summary:
    "A short-lived download of a proof of delivery (photo, signature, authorisation letter) one of the item's scans names",
  tag: 'Items and scans',
  params: ProofParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const requestProofUploadRoute = {
  key: 'POST /v1/items/{itemCode}/proofs',
  summary:
    'A presigned upload for a proof-of-delivery photo or signature; the key goes on the delivered scan',
  tag: 'Items and scans',
  params: ItemCodeParamsSchema,
  body: ProofUploadRequestSchema,
  problems: [404],
} as const satisfies RouteInput;

export const subscribeWebhookRoute = {
  key: 'POST /v1/webhooks',
  summary: "Subscribe an agency system's endpoint to events; the answer carries the signing secret, once",
  tag: 'Callbacks',
  body: SubscribeSchema,
  problems: [422],
} as const satisfies RouteInput;

export const listWebhooksRoute = {
  key: 'GET /v1/webhooks',
  summary: "The agency's subscriptions",
  tag: 'Callbacks',
} as const satisfies RouteInput;

export const deleteWebhookRoute = {
  key: 'DELETE /v1/webhooks/{webhookId}',
  summary: 'Remove a subscription',
  tag: 'Callbacks',
  params: WebhookParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const replayWebhookRoute = {
  key: 'POST /v1/webhooks/{webhookId}/replay',
  summary: 'Deliver again every callback of this subscription since a time (re-enables a disabled endpoint)',
  tag: 'Callbacks',
  params: WebhookParamsSchema,
  body: ReplaySchema,
  problems: [404],
} as const satisfies RouteInput;

export const reconcileOneStopShopRoute = {
  key: 'POST /v1/reconciliation/one-stop-shop',
  summary: "Compare a one-stop-shop system's dossier statuses with the post's records",
  tag: 'Reconciliation',
  body: ReconcileRequestSchema,
} as const satisfies RouteInput;

export const getReconciliationReportRoute = {
  key: 'GET /v1/reconciliation/one-stop-shop/{reportId}',
  summary: 'A stored reconciliation report',
  tag: 'Reconciliation',
  params: ReportParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const listReconciliationReportsRoute = {
  key: 'GET /v1/reconciliation/one-stop-shop',
  summary: "An agency's latest reconciliation reports",
  tag: 'Reconciliation',
  query: ReportListQuerySchema,
} as const satisfies RouteInput;

export const getTariffRoute = {
  key: 'GET /v1/finance/tariffs',
  summary: 'The postage tariff in force: route classes, weight tiers, exemptions, remittance charges',
  tag: 'Finance',
} as const satisfies RouteInput;

export const getAccountBalanceRoute = {
  key: 'GET /v1/finance/accounts/{account}',
  summary: "A ledger account's balance (debits minus credits), e.g. staff-cash:BC-HN-01:NV0042",
  tag: 'Finance',
  params: AccountParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const listAccountEntriesRoute = {
  key: 'GET /v1/finance/accounts/{account}/entries',
  summary: "A ledger account's entries between two times, oldest first, a page at a time",
  tag: 'Finance',
  params: AccountParamsSchema,
  query: EntriesQuerySchema,
  problems: [404],
} as const satisfies RouteInput;

export const recordCashHandinRoute = {
  key: 'POST /v1/finance/cash-handins',
  summary: "A staff member hands in cash at the office: counted against the ledger's cash in hand",
  tag: 'Finance',
  body: CashHandinRequestSchema,
  problems: [404, 409],
} as const satisfies RouteInput;

export const listCashHandinsRoute = {
  key: 'GET /v1/finance/cash-handins',
  summary: "An office's cash hand-ins of one month, newest first, a page at a time",
  tag: 'Finance',
  query: CashHandinListQuerySchema,
} as const satisfies RouteInput;

export const checkCollectionsRoute = {
  key: 'POST /v1/finance/collection-checks',
  summary:
    "Check an office's day of collected amounts against the ledger and book, once, any the ledger does not hold",
  tag: 'Finance',
  body: CollectionCheckRequestSchema,
  problems: [404],
} as const satisfies RouteInput;

export const createRemittanceRoute = {
  key: 'POST /v1/finance/remittances',
  summary: "Remit an agency's fees collected in a period (within one month) with a transfer reference",
  tag: 'Finance',
  body: RemittanceRequestSchema,
  problems: [404, 409, 422],
} as const satisfies RouteInput;

export const getRemittanceRoute = {
  key: 'GET /v1/finance/remittances/{reference}',
  summary: 'A remittance and what the bank confirmed of it',
  tag: 'Finance',
  params: RemittanceParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const importBankStatementRoute = {
  key: 'POST /v1/finance/bank-statements',
  summary:
    'Import bank statement lines (JSON, or CSV as the bank exports it) and match them to VietQR payments and remittances',
  tag: 'Finance',
  body: BankStatementBodySchema,
  textBody: 'text/csv',
} as const satisfies RouteInput;

export const getMonthlyStatementRoute = {
  key: 'GET /v1/finance/reconciliations',
  summary:
    "An agency's monthly statement: counts, amounts, on-time rate and every discrepancy (JSON, CSV, XLSX, PDF)",
  tag: 'Finance',
  query: StatementQuerySchema,
  problems: [404],
} as const satisfies RouteInput;

export const getReceiptRoute = {
  key: 'GET /v1/receipts/{series}/{number}',
  summary: 'A delegated e-receipt, as JSON or (format=pdf) as the printable receipt',
  tag: 'Finance',
  params: ReceiptParamsSchema,
  query: ReceiptQuerySchema,
  problems: [404],
} as const satisfies RouteInput;

export const voidReceiptRoute = {
  key: 'POST /v1/receipts/{series}/{number}/void',
  summary: 'Void a receipt: it keeps its number, records the reason, and its fees go back to the payer',
  tag: 'Finance',
  params: ReceiptParamsSchema,
  body: VoidReceiptSchema,
  problems: [404, 409],
} as const satisfies RouteInput;

export const recordDeliveryReceiptRoute = {
  key: 'POST /v1/notifications/receipts/{provider}',
  summary:
    "A notification provider reports whether a citizen's notice reached the phone (shared-secret header)",
  tag: 'Citizens',
  params: NoticeReceiptParamsSchema,
  body: DeliveryReceiptSchema,
  problems: [401, 404],
} as const satisfies RouteInput;

export const trackDossierRoute = {
  key: 'GET /v1/track/{ref}',
  summary:
    "A citizen follows a dossier by its code, the post's PG reference or an item code: the steps in Vietnamese, without personal data, for the phone's last 4 digits",
  tag: 'Citizens',
  params: TrackParamsSchema,
  query: TrackQuerySchema,
  problems: [404],
} as const satisfies RouteInput;

export const receiptLookupRoute = {
  key: 'GET /v1/receipt-lookup/{lookupCode}',
  summary:
    "A payer checks a fee receipt by the lookup code printed on it: series, number, date, amount, agency and whether it was voided; nothing personal. Ten codes that find nothing lock the client's address for an hour",
  tag: 'Citizens',
  params: ReceiptLookupParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const rateDossierRoute = {
  key: 'POST /v1/track/{ref}/rating',
  summary:
    "A citizen rates the service once the journey has ended (1–5, optional comment), with the link's single-use token",
  tag: 'Citizens',
  params: TrackParamsSchema,
  body: RatingRequestSchema,
  problems: [409, 422],
} as const satisfies RouteInput;

export const chooseDeliveryRoute = {
  key: 'POST /v1/track/{ref}/choice',
  summary:
    "A citizen chooses, once and before the result goes out for delivery, a delivery window (morning or afternoon of a working day) or collection at the office, with the result-ready link's token",
  tag: 'Citizens',
  params: TrackParamsSchema,
  body: ChoiceRequestSchema,
  problems: [403, 409, 422],
} as const satisfies RouteInput;

export const optOutRoute = {
  key: 'POST /v1/track/{ref}/opt-out',
  summary:
    "A citizen stops (or restarts) every notice but delivery codes to the dossier's phone, with the token of a link sent to them",
  tag: 'Citizens',
  params: TrackParamsSchema,
  body: OptOutRequestSchema,
  problems: [403],
} as const satisfies RouteInput;

export const indicatorReportRoute = {
  key: 'GET /v1/reports/indicators',
  summary:
    "A province's indicators for a month by office, agency or commune: channels, on-time rates, legs, deliveries, satisfaction, fees (JSON, CSV, XLSX, PDF)",
  tag: 'Reports',
  query: IndicatorQuerySchema,
  problems: [422],
} as const satisfies RouteInput;

export const subscribeToReportRoute = {
  key: 'POST /v1/reports/subscriptions',
  summary:
    "Subscribes an address to a province's monthly indicator report by e-mail (or removes it with active: false); observers for their own province",
  tag: 'Reports',
  body: SubscribeRequestSchema,
  problems: [403, 422],
} as const satisfies RouteInput;

export const listReportSubscriptionsRoute = {
  key: 'GET /v1/reports/subscriptions',
  summary: "The addresses that receive a province's monthly indicator report",
  tag: 'Reports',
  query: SubscriptionQuerySchema,
  problems: [403],
} as const satisfies RouteInput;

export const getWorklistRoute = {
  key: 'GET /v1/worklist',
  summary: "A post office's pickups and deliveries due on or before a date, late ones first",
  tag: 'Items and scans',
  query: WorklistQuerySchema,
} as const satisfies RouteInput;

export const returnRoute = {
  key: 'POST /v1/dossiers/{dossierRef}/return',
  summary:
    'The citizen asks for postal return of the result after submission, or withdraws it before collection',
  tag: 'Dossiers',
  params: DossierRefParamsSchema,
  body: DossierReturnSchema,
  problems: [404, 409, 422],
} as const satisfies RouteInput;

export const resendItemRoute = {
  key: 'POST /v1/items/{itemCode}/resend',
  summary:
    'Send a result again on a new item, with the party at fault: the citizen pays its postage at delivery, the post bears it, or the agency owes it',
  tag: 'Items and scans',
  params: ItemCodeParamsSchema,
  body: ResendItemSchema,
  problems: [403, 404, 409, 422],
} as const satisfies RouteInput;

export const assignWorkRoute = {
  key: 'POST /v1/worklist/assignments',
  summary:
    "A supervisor gives tasks of the office's worklist to staff (or takes them back); each answered on its own",
  tag: 'Items and scans',
  body: WorklistAssignmentsSchema,
} as const satisfies RouteInput;

export const routeSheetRoute = {
  key: 'GET /v1/worklist/route-sheet',
  summary:
    "One staff member's route sheet for a day (PDF): their pickups, collections and deliveries in order, whom to meet, money to collect, promised dates, a box to sign at each stop",
  tag: 'Items and scans',
  query: RouteSheetQuerySchema,
  responseMediaType: 'application/pdf',
  problems: [422],
} as const satisfies RouteInput;

export const createManifestRoute = {
  key: 'POST /v1/manifests',
  summary: 'Draw up a handover record: dossiers to an agency, or results collected from it',
  tag: 'Manifests',
  body: CreateManifestSchema,
  problems: [422],
} as const satisfies RouteInput;

export const confirmManifestRoute = {
  key: 'POST /v1/manifests/{manifestId}/confirm',
  summary: 'The receiving side confirms what it actually received; only that changes hands',
  tag: 'Manifests',
  params: ManifestParamsSchema,
  body: ConfirmManifestSchema,
  problems: [404, 409, 422],
} as const satisfies RouteInput;

export const manifestDocumentRoute = {
  key: 'GET /v1/manifests/{manifestId}/document',
  summary: 'The handover record (biên bản giao nhận) as a PDF to sign, with the confirmation once made',
  tag: 'Manifests',
  params: ManifestParamsSchema,
  responseMediaType: 'application/pdf',
  problems: [404],
} as const satisfies RouteInput;

export const consignmentSlipRoute = {
  key: 'GET /v1/dossiers/{dossierRef}/consignment-slip',
  summary: 'The consignment slip (phiếu gửi hồ sơ) as a PDF, for the citizen and postal staff to sign',
  tag: 'Dossiers',
  params: DossierRefParamsSchema,
  responseMediaType: 'application/pdf',
  problems: [404],
} as const satisfies RouteInput;

export const getManifestRoute = {
  key: 'GET /v1/manifests/{manifestId}',
  summary: 'A handover record',
  tag: 'Manifests',
  params: ManifestParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const listAnomaliesRoute = {
  key: 'GET /v1/anomalies',
  summary: "An office's flagged facts by status (open first to work): why each was flagged, in words",
  tag: 'Items and scans',
  query: AnomalyQuerySchema,
} as const satisfies RouteInput;

export const resolveAnomalyRoute = {
  key: 'POST /v1/anomalies/{anomalyId}/resolve',
  summary: 'A supervisor applies a flagged fact (the item moves and books what it carries) or dismisses it',
  tag: 'Items and scans',
  params: AnomalyParamsSchema,
  body: ResolveAnomalySchema,
  problems: [404, 409, 422],
} as const satisfies RouteInput;

export const unlockItemRoute = {
  key: 'POST /v1/items/{itemCode}/unlock',
  summary: 'A supervisor lifts the lock that five wrong delivery codes or ID digits set on a trip',
  tag: 'Items and scans',
  params: UnlockParamsSchema,
  body: UnlockItemSchema,
  problems: [404, 409],
} as const satisfies RouteInput;

export const auditTrailRoute = {
  key: 'GET /v1/audit',
  summary: "Who read a dossier's personal data, or what a caller read: newest first, a page at a time",
  tag: 'Audit',
  query: AuditQuerySchema,
  problems: [404],
} as const satisfies RouteInput;

export const putAgencyClientRoute = {
  key: 'PUT /v1/reference/agency-clients/{clientId}',
  summary:
    "Register which agency a machine client (client credentials) speaks for: its tokens carry that agency's code",
  tag: 'Reference data',
  params: AgencyClientParamsSchema,
  body: AgencyClientBodySchema,
  problems: [422],
} as const satisfies RouteInput;

export const getAgencyClientRoute = {
  key: 'GET /v1/reference/agency-clients/{clientId}',
  summary: 'The agency a machine client speaks for',
  tag: 'Reference data',
  params: AgencyClientParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const listAgencyDossiersRoute = {
  key: 'GET /v1/agencies/{agencyCode}/dossiers',
  summary:
    "An agency's dossiers registered in a date range (at most a month), newest first, in one status if given",
  tag: 'Dossiers',
  params: AgencyDossiersParamsSchema,
  query: AgencyDossiersQuerySchema,
} as const satisfies RouteInput;

export const findDossiersByPhoneRoute = {
  key: 'GET /v1/dossiers',
  summary: "The dossiers of an applicant's phone that the caller's office serves, newest first",
  tag: 'Dossiers',
  query: PhoneDossiersQuerySchema,
} as const satisfies RouteInput;

export const listWebhookDeliveriesRoute = {
  key: 'GET /v1/webhooks/{webhookId}/deliveries',
  summary: "A subscription's deliveries of the last days, newest first, with each one's outcome",
  tag: 'Callbacks',
  params: WebhookParamsSchema,
  query: DeliveriesQuerySchema,
  problems: [404],
} as const satisfies RouteInput;

export const replayWebhookDeliveryRoute = {
  key: 'POST /v1/webhooks/{webhookId}/deliveries/{eventId}/replay',
  summary: 'Deliver one callback again (re-enables a disabled endpoint)',
  tag: 'Callbacks',
  params: DeliveryParamsSchema,
  problems: [404],
} as const satisfies RouteInput;

export const searchReceiptsRoute = {
  key: 'GET /v1/receipts',
  summary: "Receipts by series and number, by dossier, or an agency's receipts of a date range, newest first",
  tag: 'Finance',
  query: ReceiptSearchQuerySchema,
  problems: [404],
} as const satisfies RouteInput;
