/** The adapters a deployed or embedded function uses, created once per container. */

import type { ReceiptParties } from '../app/money/ports.ts';
import { tableName } from '../commons/clients.ts';
import { dynamoDocumentClient } from '../commons/dynamodb-client.ts';
import { DynamoAgencyClientStore } from './dynamodb/agency-client-store.ts';
import { DynamoAnomalyStore } from './dynamodb/anomaly-store.ts';
import { DynamoAuditTrail } from './dynamodb/audit-store.ts';
import { DynamoCallbackStore } from './dynamodb/callback-store.ts';
import { DynamoCollectionIndex } from './dynamodb/collection-index.ts';
import { DynamoDossierLists } from './dynamodb/dossier-lists.ts';
import { DynamoDossierStore } from './dynamodb/dossier-store.ts';
import { DynamoFinanceStore } from './dynamodb/finance-store.ts';
import { DynamoIndicatorStore, DynamoRatingStore } from './dynamodb/indicator-store.ts';
import { DynamoItemStore } from './dynamodb/item-store.ts';
import { DynamoLedger } from './dynamodb/ledger-store.ts';
import { DynamoManifestStore } from './dynamodb/manifest-store.ts';
import { DynamoDeliveryReceipts, DynamoNotificationPreferences } from './dynamodb/notification-store.ts';
import { DynamoPersonalDataStore } from './dynamodb/personal-data-store.ts';
import { DynamoReceiptStore } from './dynamodb/receipt-store.ts';
import { DynamoReconciliationStore } from './dynamodb/reconciliation-store.ts';
import { DynamoReferenceStore } from './dynamodb/reference-store.ts';
import { DynamoReportSubscriptions } from './dynamodb/report-subscription-store.ts';
import { DynamoS10Series } from './dynamodb/s10-series.ts';
import { DynamoTrackingGuard } from './dynamodb/tracking-guard-store.ts';

/** One instance per container, made on first use. */
function once<T>(make: () => T): () => T {
  let instance: T | undefined;
  return () => {
    instance ??= make();
    return instance;
  };
}

export const dossierStore = /* @__PURE__ */ once(
  () => new DynamoDossierStore(dynamoDocumentClient(), tableName()),
);
export { idempotencyStore } from './idempotency.ts';
export const itemStore = /* @__PURE__ */ once(() => new DynamoItemStore(dynamoDocumentClient(), tableName()));
export const referenceStore = /* @__PURE__ */ once(
  () => new DynamoReferenceStore(dynamoDocumentClient(), tableName()),
);
export const s10Series = /* @__PURE__ */ once(() => new DynamoS10Series(dynamoDocumentClient(), tableName()));
export const manifestStore = /* @__PURE__ */ once(
  () => new DynamoManifestStore(dynamoDocumentClient(), tableName()),
);
export const callbackStore = /* @__PURE__ */ once(
  () => new DynamoCallbackStore(dynamoDocumentClient(), tableName()),
);
export const reconciliationStore = /* @__PURE__ */ once(
  () => new DynamoReconciliationStore(dynamoDocumentClient(), tableName()),
);
export const ledger = /* @__PURE__ */ once(() => new DynamoLedger(dynamoDocumentClient(), tableName()));
export const financeStore = /* @__PURE__ */ once(
  () => new DynamoFinanceStore(dynamoDocumentClient(), tableName(), ledger()),
);
export const receiptStore = /* @__PURE__ */ once(
  () => new DynamoReceiptStore(dynamoDocumentClient(), tableName(), ledger()),
);
export const anomalyStore = /* @__PURE__ */ once(
  () => new DynamoAnomalyStore(dynamoDocumentClient(), tableName()),
);
export const notificationPreferences = /* @__PURE__ */ once(
  () => new DynamoNotificationPreferences(dynamoDocumentClient(), tableName()),
);
export const deliveryReceipts = /* @__PURE__ */ once(
  () => new DynamoDeliveryReceipts(dynamoDocumentClient(), tableName()),
);
export const trackingGuard = /* @__PURE__ */ once(
  () => new DynamoTrackingGuard(dynamoDocumentClient(), tableName()),
);
export const auditTrail = /* @__PURE__ */ once(
  () => new DynamoAuditTrail(dynamoDocumentClient(), tableName()),
);
export const personalDataStore = /* @__PURE__ */ once(
  () => new DynamoPersonalDataStore(dynamoDocumentClient(), tableName()),
);
export const agencyClientStore = /* @__PURE__ */ once(
  () => new DynamoAgencyClientStore(dynamoDocumentClient(), tableName()),
);
export const dossierLists = /* @__PURE__ */ once(
  () => new DynamoDossierLists(dynamoDocumentClient(), tableName()),
);
export const collectionIndex = /* @__PURE__ */ once(
  () => new DynamoCollectionIndex(dynamoDocumentClient(), tableName(), itemStore()),
);
/** The dossier's payer and the agency a receipt names. */
export const receiptParties = (): ReceiptParties => ({
  dossier: async (consignmentRef) => (await dossierStore().find(consignmentRef))?.dossier ?? null,
  agency: (agencyCode) => referenceStore().agency(agencyCode),
});
export const indicatorStore = /* @__PURE__ */ once(
  () => new DynamoIndicatorStore(dynamoDocumentClient(), tableName()),
);
export const ratingStore = /* @__PURE__ */ once(
  () => new DynamoRatingStore(dynamoDocumentClient(), tableName()),
);
export const reportSubscriptions = /* @__PURE__ */ once(
  () => new DynamoReportSubscriptions(dynamoDocumentClient(), tableName()),
);
