/**
 * The HTTP contract: for every route in the manifest, what it takes and what it answers.
 * Handlers validate against these schemas and the OpenAPI document is generated from them,
 * so the two cannot disagree. A test checks that every manifest route has an entry here.
 */
import * as z from 'zod';
import {
  AgencyDecisionSchema,
  CancelDossierSchema,
  DossierRefParamsSchema,
  DossierViewSchema,
  RegisterDossierResponseSchema,
  RegisterDossierSchema,
  ResultReadySchema,
  TrackingSchema,
  TrackParamsSchema,
  TrackQuerySchema,
} from './dossiers.ts';
import {
  AccountParamsSchema,
  BalanceSchema,
  BankStatementJsonBodySchema,
  BankStatementResultSchema,
  CashHandinRequestSchema,
  CashHandinSchema,
  EntriesQuerySchema,
  EntryPageSchema,
  MonthlyStatementSchema,
  ReceiptParamsSchema,
  ReceiptQuerySchema,
  ReceiptSchema,
  RemittanceParamsSchema,
  RemittanceRequestSchema,
  RemittanceSchema,
  StatementQuerySchema,
  TariffSchema,
  VoidReceiptSchema,
} from './finance.ts';
import {
  ItemCodeParamsSchema,
  ItemViewSchema,
  ProofUploadRequestSchema,
  ProofUploadSchema,
  ScanBatchResultSchema,
  ScanBatchSchema,
  WorklistQuerySchema,
  WorklistSchema,
} from './items.ts';
import {
  ConfirmManifestSchema,
  CreateManifestSchema,
  ManifestConfirmationSchema,
  ManifestParamsSchema,
  ManifestSchema,
} from './manifests.ts';
import {
  ReconcileRequestSchema,
  ReconciliationReportSchema,
  ReportListQuerySchema,
  ReportListSchema,
  ReportParamsSchema,
} from './reconciliation.ts';
import {
  AgencyBodySchema,
  AgencyListSchema,
  AgencyParamsSchema,
  AgencySchema,
  PostOfficeBodySchema,
  PostOfficeListSchema,
  PostOfficeParamsSchema,
  PostOfficeSchema,
} from './reference.ts';
import {
  DeletedSchema,
  ReplayResultSchema,
  ReplaySchema,
  SubscribeSchema,
  SubscriptionCreatedSchema,
  WebhookListSchema,
  WebhookParamsSchema,
} from './webhooks.ts';

/** A PDF document (described for the OpenAPI document; served as application/pdf). */
export const PdfSchema = z
  .string()
  .meta({ id: 'Pdf', contentMediaType: 'application/pdf', format: 'binary' });

export const HealthSchema = z
  .object({ status: z.literal('ok'), service: z.string(), time: z.string() })
  .meta({ id: 'Health' });

export interface RouteContract {
  readonly summary: string;
  readonly tag: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** A text media type the body may also come in (`text/csv`); it reaches the body schema as `{ text }`. */
  readonly textBody?: string;
  /** Success status → schema of the JSON answer. */
  readonly responses: Readonly<Record<number, z.ZodType>>;
  /** The media type of the success answer; JSON unless said. */
  readonly responseMediaType?: string;
  /** Error statuses this route can answer besides the common ones (400, 401, 403, 413, 415, 500). */
  readonly problems?: readonly number[];
}

export const contract = {
  'GET /health': {
    summary: 'Liveness check',
    tag: 'System',
    responses: { 200: HealthSchema },
  },
  'GET /v1/openapi.json': {
    summary: 'This OpenAPI document',
    tag: 'System',
    responses: { 200: z.object({ openapi: z.string() }).loose() },
  },
  'POST /v1/dossiers': {
    summary: 'Register a dossier for postal pickup and/or postal return',
    tag: 'Dossiers',
    body: RegisterDossierSchema,
    responses: { 201: RegisterDossierResponseSchema, 200: RegisterDossierResponseSchema },
    problems: [409, 422],
  },
  'GET /v1/dossiers/{dossierRef}': {
    summary: 'A dossier with its items and merged timeline',
    tag: 'Dossiers',
    params: DossierRefParamsSchema,
    responses: { 200: DossierViewSchema },
    problems: [404],
  },
  'POST /v1/dossiers/{dossierRef}/result-ready': {
    summary: 'The result waits at the agency for postal collection',
    tag: 'Dossiers',
    params: DossierRefParamsSchema,
    body: ResultReadySchema,
    responses: { 200: DossierViewSchema },
    problems: [404, 409, 422],
  },
  'POST /v1/dossiers/{dossierRef}/agency-decision': {
    summary:
      'The agency accepts (giving the dossier code it assigned) or refuses a dossier handed over by the post',
    tag: 'Dossiers',
    params: DossierRefParamsSchema,
    body: AgencyDecisionSchema,
    responses: { 200: DossierViewSchema },
    problems: [404, 409, 422],
  },
  'POST /v1/dossiers/{dossierRef}/cancel': {
    summary: 'Withdraw a dossier; refused once an item has been picked up or collected',
    tag: 'Dossiers',
    params: DossierRefParamsSchema,
    body: CancelDossierSchema,
    responses: { 200: DossierViewSchema },
    problems: [404, 409],
  },
  'PUT /v1/reference/post-offices/{postOfficeCode}': {
    summary: 'Describe a post office and the communes whose citizens it serves',
    tag: 'Reference data',
    params: PostOfficeParamsSchema,
    body: PostOfficeBodySchema,
    responses: { 200: PostOfficeSchema },
  },
  'GET /v1/reference/post-offices/{postOfficeCode}': {
    summary: 'A post office',
    tag: 'Reference data',
    params: PostOfficeParamsSchema,
    responses: { 200: PostOfficeSchema },
    problems: [404],
  },
  'GET /v1/reference/post-offices': {
    summary: 'Every post office',
    tag: 'Reference data',
    responses: { 200: PostOfficeListSchema },
  },
  'PUT /v1/reference/agencies/{agencyCode}': {
    summary: 'Describe an agency and the post office that serves its one-stop shop',
    tag: 'Reference data',
    params: AgencyParamsSchema,
    body: AgencyBodySchema,
    responses: { 200: AgencySchema },
    problems: [422],
  },
  'GET /v1/reference/agencies/{agencyCode}': {
    summary: 'An agency',
    tag: 'Reference data',
    params: AgencyParamsSchema,
    responses: { 200: AgencySchema },
    problems: [404],
  },
  'GET /v1/reference/agencies': {
    summary: 'Every agency',
    tag: 'Reference data',
    responses: { 200: AgencyListSchema },
  },
  'POST /v1/scans': {
    summary: 'Up to 500 scans; each gets its own outcome, in the order sent',
    tag: 'Items and scans',
    body: ScanBatchSchema,
    responses: { 200: ScanBatchResultSchema },
  },
  'GET /v1/items/{itemCode}': {
    summary: "An item's status, due date, lateness and timeline",
    tag: 'Items and scans',
    params: ItemCodeParamsSchema,
    responses: { 200: ItemViewSchema },
    problems: [404],
  },
  'GET /v1/items/{itemCode}/label': {
    summary:
      'The printable label (PDF, 100 × 150 mm): S10 Code 128 barcode, tracking QR code, sender and recipient',
    tag: 'Items and scans',
    params: ItemCodeParamsSchema,
    responses: { 200: PdfSchema },
    responseMediaType: 'application/pdf',
    problems: [404],
  },
  'POST /v1/items/{itemCode}/proofs': {
    summary:
      'A presigned upload for a proof-of-delivery photo or signature; the key goes on the delivered scan',
    tag: 'Items and scans',
    params: ItemCodeParamsSchema,
    body: ProofUploadRequestSchema,
    responses: { 201: ProofUploadSchema },
    problems: [404],
  },
  'POST /v1/webhooks': {
    summary: "Subscribe an agency system's endpoint to events; the answer carries the signing secret, once",
    tag: 'Callbacks',
    body: SubscribeSchema,
    responses: { 201: SubscriptionCreatedSchema },
    problems: [422],
  },
  'GET /v1/webhooks': {
    summary: "The agency's subscriptions",
    tag: 'Callbacks',
    responses: { 200: WebhookListSchema },
  },
  'DELETE /v1/webhooks/{webhookId}': {
    summary: 'Remove a subscription',
    tag: 'Callbacks',
    params: WebhookParamsSchema,
    responses: { 200: DeletedSchema },
    problems: [404],
  },
  'POST /v1/webhooks/{webhookId}/replay': {
    summary:
      'Deliver again every callback of this subscription since a time (re-enables a disabled endpoint)',
    tag: 'Callbacks',
    params: WebhookParamsSchema,
    body: ReplaySchema,
    responses: { 202: ReplayResultSchema },
    problems: [404],
  },
  'POST /v1/reconciliation/one-stop-shop': {
    summary: "Compare a one-stop-shop system's dossier statuses with the post's records",
    tag: 'Reconciliation',
    body: ReconcileRequestSchema,
    responses: { 201: ReconciliationReportSchema },
  },
  'GET /v1/reconciliation/one-stop-shop/{reportId}': {
    summary: 'A stored reconciliation report',
    tag: 'Reconciliation',
    params: ReportParamsSchema,
    responses: { 200: ReconciliationReportSchema },
    problems: [404],
  },
  'GET /v1/reconciliation/one-stop-shop': {
    summary: "An agency's latest reconciliation reports",
    tag: 'Reconciliation',
    query: ReportListQuerySchema,
    responses: { 200: ReportListSchema },
  },
  'GET /v1/finance/tariffs': {
    summary: 'The postage tariff in force: route classes, weight tiers, exemptions, remittance charges',
    tag: 'Finance',
    responses: { 200: TariffSchema },
  },
  'GET /v1/finance/accounts/{account}': {
    summary: "A ledger account's balance (debits minus credits), e.g. staff-cash:BC-HN-01:NV0042",
    tag: 'Finance',
    params: AccountParamsSchema,
    responses: { 200: BalanceSchema },
    problems: [404],
  },
  'GET /v1/finance/accounts/{account}/entries': {
    summary: "A ledger account's entries between two times, oldest first, a page at a time",
    tag: 'Finance',
    params: AccountParamsSchema,
    query: EntriesQuerySchema,
    responses: { 200: EntryPageSchema },
    problems: [404],
  },
  'POST /v1/finance/cash-handins': {
    summary: "A staff member hands in cash at the office: counted against the ledger's cash in hand",
    tag: 'Finance',
    body: CashHandinRequestSchema,
    responses: { 201: CashHandinSchema },
    problems: [404, 409],
  },
  'POST /v1/finance/remittances': {
    summary: "Remit an agency's fees collected in a period (within one month) with a transfer reference",
    tag: 'Finance',
    body: RemittanceRequestSchema,
    responses: { 201: RemittanceSchema },
    problems: [404, 409, 422],
  },
  'GET /v1/finance/remittances/{reference}': {
    summary: 'A remittance and what the bank confirmed of it',
    tag: 'Finance',
    params: RemittanceParamsSchema,
    responses: { 200: RemittanceSchema },
    problems: [404],
  },
  'POST /v1/finance/bank-statements': {
    summary:
      'Import bank statement lines (JSON, or CSV as the bank exports it) and match them to VietQR payments and remittances',
    tag: 'Finance',
    body: BankStatementJsonBodySchema.or(z.object({ text: z.string() })),
    textBody: 'text/csv',
    responses: { 201: BankStatementResultSchema },
  },
  'GET /v1/finance/reconciliations': {
    summary:
      "An agency's monthly statement: counts, amounts, on-time rate and every discrepancy (JSON, CSV, XLSX, PDF)",
    tag: 'Finance',
    query: StatementQuerySchema,
    responses: { 200: MonthlyStatementSchema },
    problems: [404],
  },
  'GET /v1/receipts/{series}/{number}': {
    summary: 'A delegated e-receipt, as JSON or (format=pdf) as the printable receipt',
    tag: 'Finance',
    params: ReceiptParamsSchema,
    query: ReceiptQuerySchema,
    responses: { 200: ReceiptSchema },
    problems: [404],
  },
  'POST /v1/receipts/{series}/{number}/void': {
    summary: 'Void a receipt: it keeps its number, records the reason, and its fees go back to the payer',
    tag: 'Finance',
    params: ReceiptParamsSchema,
    body: VoidReceiptSchema,
    responses: { 200: ReceiptSchema },
    problems: [404, 409],
  },
  'GET /v1/track/{dossierCode}': {
    summary:
      "A citizen follows a dossier: its timeline, without personal data, for the phone's last 4 digits",
    tag: 'Citizens',
    params: TrackParamsSchema,
    query: TrackQuerySchema,
    responses: { 200: TrackingSchema },
    problems: [404],
  },
  'GET /v1/worklist': {
    summary: "A post office's pickups and deliveries due on or before a date, late ones first",
    tag: 'Items and scans',
    query: WorklistQuerySchema,
    responses: { 200: WorklistSchema },
  },
  'POST /v1/manifests': {
    summary: 'Draw up a handover record: dossiers to an agency, or results collected from it',
    tag: 'Manifests',
    body: CreateManifestSchema,
    responses: { 201: ManifestSchema },
    problems: [422],
  },
  'POST /v1/manifests/{manifestId}/confirm': {
    summary: 'The receiving side confirms what it actually received; only that changes hands',
    tag: 'Manifests',
    params: ManifestParamsSchema,
    body: ConfirmManifestSchema,
    responses: { 200: ManifestConfirmationSchema },
    problems: [404, 409, 422],
  },
  'GET /v1/manifests/{manifestId}/document': {
    summary: 'The handover record (biên bản giao nhận) as a PDF to sign, with the confirmation once made',
    tag: 'Manifests',
    params: ManifestParamsSchema,
    responses: { 200: PdfSchema },
    responseMediaType: 'application/pdf',
    problems: [404],
  },
  'GET /v1/dossiers/{dossierRef}/consignment-slip': {
    summary: 'The consignment slip (phiếu gửi hồ sơ) as a PDF, for the citizen and postal staff to sign',
    tag: 'Dossiers',
    params: DossierRefParamsSchema,
    responses: { 200: PdfSchema },
    responseMediaType: 'application/pdf',
    problems: [404],
  },
  'GET /v1/manifests/{manifestId}': {
    summary: 'A handover record',
    tag: 'Manifests',
    params: ManifestParamsSchema,
    responses: { 200: ManifestSchema },
    problems: [404],
  },
} as const satisfies Record<string, RouteContract>;

export type ContractRouteKey = keyof typeof contract;
