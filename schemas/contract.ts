/**
 * The HTTP contract: for every route in the manifest, what it takes (the route constants of
 * `routes.ts`) and what it answers. The OpenAPI document is generated from it, and handlers
 * validate against the same route constants, so the two cannot disagree. A test checks that
 * every manifest route has an entry here.
 */

import * as z from 'zod';
import { AnomalyListSchema, AnomalyResolutionSchema, UnlockedItemSchema } from './anomalies.ts';
import { AuditPageSchema } from './audit.ts';
import { ChoiceSchema, OptOutSchema } from './citizens.ts';
import { DigitisedAttachedSchema, DigitisedDownloadSchema, DigitisedUploadSchema } from './digitised.ts';
import {
  DossierViewSchema,
  RegisterDossierResponseSchema,
  ResendAnswerSchema,
  TrackingSchema,
} from './dossiers.ts';
import {
  BalanceSchema,
  BankStatementResultSchema,
  CashHandinListSchema,
  CashHandinSchema,
  CollectionCheckSchema,
  EntryPageSchema,
  MonthlyStatementSchema,
  ReceiptLookupSchema,
  ReceiptSchema,
  RemittanceSchema,
  TariffSchema,
} from './finance.ts';
import { IndicatorReportSchema, RatingSchema, SubscriptionListSchema } from './indicators.ts';
import {
  ItemViewSchema,
  ProofDownloadSchema,
  ProofUploadSchema,
  ScanBatchResultSchema,
  WorklistAssignmentResultSchema,
  WorklistSchema,
} from './items.ts';
import { DeliveryListSchema, DeliveryReplayedSchema, DossierListSchema, ReceiptListSchema } from './lists.ts';
import { ManifestConfirmationSchema, ManifestSchema } from './manifests.ts';
import { ReceiptRecordedSchema } from './notifications.ts';
import { ReconciliationReportSchema, ReportListSchema } from './reconciliation.ts';
import {
  AgencyClientSchema,
  AgencyListSchema,
  AgencySchema,
  PostOfficeListSchema,
  PostOfficeSchema,
} from './reference.ts';
import {
  agencyDecisionRoute,
  assignWorkRoute,
  attachDigitisedRoute,
  auditTrailRoute,
  cancelDossierRoute,
  checkCollectionsRoute,
  chooseDeliveryRoute,
  confirmManifestRoute,
  consignmentSlipRoute,
  createManifestRoute,
  createRemittanceRoute,
  deleteWebhookRoute,
  digitisedDownloadRoute,
  findDossiersByPhoneRoute,
  getAccountBalanceRoute,
  getAgencyClientRoute,
  getAgencyRoute,
  getDossierRoute,
  getItemRoute,
  getManifestRoute,
  getMonthlyStatementRoute,
  getPostOfficeRoute,
  getReceiptRoute,
  getReconciliationReportRoute,
  getRemittanceRoute,
  getTariffRoute,
  getWorklistRoute,
  healthRoute,
  importBankStatementRoute,
  indicatorReportRoute,
  ingestScansRoute,
  itemLabelRoute,
  listAccountEntriesRoute,
  listAgenciesRoute,
  listAgencyDossiersRoute,
  listAnomaliesRoute,
  listCashHandinsRoute,
  listPostOfficesRoute,
  listReconciliationReportsRoute,
  listReportSubscriptionsRoute,
  listWebhookDeliveriesRoute,
  listWebhooksRoute,
  manifestDocumentRoute,
  markResultReadyRoute,
  openApiRoute,
  optOutRoute,
  proofDownloadRoute,
  putAgencyClientRoute,
  putAgencyRoute,
  putPostOfficeRoute,
  type RouteInput,
  rateDossierRoute,
  receiptLookupRoute,
  reconcileOneStopShopRoute,
  recordCashHandinRoute,
  recordDeliveryReceiptRoute,
  registerDossierRoute,
  replayWebhookDeliveryRoute,
  replayWebhookRoute,
  requestDigitisedUploadRoute,
  requestProofUploadRoute,
  resendItemRoute,
  resolveAnomalyRoute,
  returnRoute,
  routeSheetRoute,
  searchReceiptsRoute,
  subscribeToReportRoute,
  subscribeWebhookRoute,
  trackDossierRoute,
  unlockItemRoute,
  voidReceiptRoute,
} from './routes.ts';
import {
  DeletedSchema,
  ReplayResultSchema,
  SubscriptionCreatedSchema,
  WebhookListSchema,
} from './webhooks.ts';

/** A PDF document (described for the OpenAPI document; served as application/pdf). */
export const PdfSchema = /* @__PURE__ */ z
  .string()
  .meta({ id: 'Pdf', contentMediaType: 'application/pdf', format: 'binary' });

export const HealthSchema = /* @__PURE__ */ z
  .object({ status: z.literal('ok'), service: z.string(), time: z.string() })
  .meta({ id: 'Health' });

/** A route's input and, for the OpenAPI document and the tests, its answers. */
export interface RouteContract extends RouteInput {
  /** Success status → schema of the JSON answer. */
  readonly responses: Readonly<Record<number, z.ZodType>>;
}

export const contract = {
  [recordDeliveryReceiptRoute.key]: {
    ...recordDeliveryReceiptRoute,
    responses: { 200: ReceiptRecordedSchema },
  },
  [healthRoute.key]: { ...healthRoute, responses: { 200: HealthSchema } },
  [openApiRoute.key]: { ...openApiRoute, responses: { 200: z.object({ openapi: z.string() }).loose() } },
  [registerDossierRoute.key]: {
    ...registerDossierRoute,
    responses: { 201: RegisterDossierResponseSchema, 200: RegisterDossierResponseSchema },
  },
  [getDossierRoute.key]: { ...getDossierRoute, responses: { 200: DossierViewSchema } },
  [markResultReadyRoute.key]: { ...markResultReadyRoute, responses: { 200: DossierViewSchema } },
  [agencyDecisionRoute.key]: { ...agencyDecisionRoute, responses: { 200: DossierViewSchema } },
  [cancelDossierRoute.key]: { ...cancelDossierRoute, responses: { 200: DossierViewSchema } },
  [requestDigitisedUploadRoute.key]: {
    ...requestDigitisedUploadRoute,
    responses: { 201: DigitisedUploadSchema },
  },
  [attachDigitisedRoute.key]: {
    ...attachDigitisedRoute,
    responses: { 201: DigitisedAttachedSchema, 200: DigitisedAttachedSchema },
  },
  [digitisedDownloadRoute.key]: { ...digitisedDownloadRoute, responses: { 200: DigitisedDownloadSchema } },
  [putPostOfficeRoute.key]: { ...putPostOfficeRoute, responses: { 200: PostOfficeSchema } },
  [getPostOfficeRoute.key]: { ...getPostOfficeRoute, responses: { 200: PostOfficeSchema } },
  [listPostOfficesRoute.key]: { ...listPostOfficesRoute, responses: { 200: PostOfficeListSchema } },
  [putAgencyRoute.key]: { ...putAgencyRoute, responses: { 200: AgencySchema } },
  [getAgencyRoute.key]: { ...getAgencyRoute, responses: { 200: AgencySchema } },
  [listAgenciesRoute.key]: { ...listAgenciesRoute, responses: { 200: AgencyListSchema } },
  [ingestScansRoute.key]: { ...ingestScansRoute, responses: { 200: ScanBatchResultSchema } },
  [getItemRoute.key]: { ...getItemRoute, responses: { 200: ItemViewSchema } },
  [itemLabelRoute.key]: { ...itemLabelRoute, responses: { 200: PdfSchema } },
  [routeSheetRoute.key]: { ...routeSheetRoute, responses: { 200: PdfSchema } },
  [requestProofUploadRoute.key]: { ...requestProofUploadRoute, responses: { 201: ProofUploadSchema } },
  [proofDownloadRoute.key]: { ...proofDownloadRoute, responses: { 200: ProofDownloadSchema } },
  [subscribeWebhookRoute.key]: { ...subscribeWebhookRoute, responses: { 201: SubscriptionCreatedSchema } },
  [listWebhooksRoute.key]: { ...listWebhooksRoute, responses: { 200: WebhookListSchema } },
  [deleteWebhookRoute.key]: { ...deleteWebhookRoute, responses: { 200: DeletedSchema } },
  [replayWebhookRoute.key]: { ...replayWebhookRoute, responses: { 202: ReplayResultSchema } },
  [reconcileOneStopShopRoute.key]: {
    ...reconcileOneStopShopRoute,
    responses: { 201: ReconciliationReportSchema },
  },
  [getReconciliationReportRoute.key]: {
    ...getReconciliationReportRoute,
    responses: { 200: ReconciliationReportSchema },
  },
  [listReconciliationReportsRoute.key]: {
    ...listReconciliationReportsRoute,
    responses: { 200: ReportListSchema },
  },
  [getTariffRoute.key]: { ...getTariffRoute, responses: { 200: TariffSchema } },
  [getAccountBalanceRoute.key]: { ...getAccountBalanceRoute, responses: { 200: BalanceSchema } },
  [listAccountEntriesRoute.key]: { ...listAccountEntriesRoute, responses: { 200: EntryPageSchema } },
  [recordCashHandinRoute.key]: { ...recordCashHandinRoute, responses: { 201: CashHandinSchema } },
  [listCashHandinsRoute.key]: { ...listCashHandinsRoute, responses: { 200: CashHandinListSchema } },
  [checkCollectionsRoute.key]: { ...checkCollectionsRoute, responses: { 200: CollectionCheckSchema } },
  [createRemittanceRoute.key]: { ...createRemittanceRoute, responses: { 201: RemittanceSchema } },
  [getRemittanceRoute.key]: { ...getRemittanceRoute, responses: { 200: RemittanceSchema } },
  [importBankStatementRoute.key]: {
    ...importBankStatementRoute,
    responses: { 201: BankStatementResultSchema },
  },
  [getMonthlyStatementRoute.key]: { ...getMonthlyStatementRoute, responses: { 200: MonthlyStatementSchema } },
  [getReceiptRoute.key]: { ...getReceiptRoute, responses: { 200: ReceiptSchema } },
  [voidReceiptRoute.key]: { ...voidReceiptRoute, responses: { 200: ReceiptSchema } },
  [trackDossierRoute.key]: { ...trackDossierRoute, responses: { 200: TrackingSchema } },
  [receiptLookupRoute.key]: { ...receiptLookupRoute, responses: { 200: ReceiptLookupSchema } },
  [rateDossierRoute.key]: { ...rateDossierRoute, responses: { 201: RatingSchema } },
  [chooseDeliveryRoute.key]: { ...chooseDeliveryRoute, responses: { 200: ChoiceSchema } },
  [optOutRoute.key]: { ...optOutRoute, responses: { 200: OptOutSchema } },
  [subscribeToReportRoute.key]: { ...subscribeToReportRoute, responses: { 200: SubscriptionListSchema } },
  [listReportSubscriptionsRoute.key]: {
    ...listReportSubscriptionsRoute,
    responses: { 200: SubscriptionListSchema },
  },
  [indicatorReportRoute.key]: { ...indicatorReportRoute, responses: { 200: IndicatorReportSchema } },
  [getWorklistRoute.key]: { ...getWorklistRoute, responses: { 200: WorklistSchema } },
  [returnRoute.key]: { ...returnRoute, responses: { 200: DossierViewSchema } },
  [resendItemRoute.key]: { ...resendItemRoute, responses: { 201: ResendAnswerSchema } },
  [assignWorkRoute.key]: { ...assignWorkRoute, responses: { 200: WorklistAssignmentResultSchema } },
  [listAnomaliesRoute.key]: { ...listAnomaliesRoute, responses: { 200: AnomalyListSchema } },
  [resolveAnomalyRoute.key]: { ...resolveAnomalyRoute, responses: { 200: AnomalyResolutionSchema } },
  [unlockItemRoute.key]: { ...unlockItemRoute, responses: { 200: UnlockedItemSchema } },
  [createManifestRoute.key]: { ...createManifestRoute, responses: { 201: ManifestSchema } },
  [confirmManifestRoute.key]: { ...confirmManifestRoute, responses: { 200: ManifestConfirmationSchema } },
  [manifestDocumentRoute.key]: { ...manifestDocumentRoute, responses: { 200: PdfSchema } },
  [consignmentSlipRoute.key]: { ...consignmentSlipRoute, responses: { 200: PdfSchema } },
  [getManifestRoute.key]: { ...getManifestRoute, responses: { 200: ManifestSchema } },
  [auditTrailRoute.key]: { ...auditTrailRoute, responses: { 200: AuditPageSchema } },
  [putAgencyClientRoute.key]: { ...putAgencyClientRoute, responses: { 200: AgencyClientSchema } },
  [getAgencyClientRoute.key]: { ...getAgencyClientRoute, responses: { 200: AgencyClientSchema } },
  [listAgencyDossiersRoute.key]: { ...listAgencyDossiersRoute, responses: { 200: DossierListSchema } },
  [findDossiersByPhoneRoute.key]: { ...findDossiersByPhoneRoute, responses: { 200: DossierListSchema } },
  [listWebhookDeliveriesRoute.key]: { ...listWebhookDeliveriesRoute, responses: { 200: DeliveryListSchema } },
  [replayWebhookDeliveryRoute.key]: {
    ...replayWebhookDeliveryRoute,
    responses: { 202: DeliveryReplayedSchema },
  },
  [searchReceiptsRoute.key]: { ...searchReceiptsRoute, responses: { 200: ReceiptListSchema } },
} as const satisfies Record<string, RouteContract>;

export type ContractRouteKey = keyof typeof contract;
