/**
 * The one description of the system. The CDK stacks (infra/stacks) and the embedded
 * local runtime (infra/local) are both generated from it, and the Lambda handler
 * wrapper reads the roles of its routes from it. Plain data: no AWS or CDK import.
 */

/** `observer`: a province's read-only view of the indicators (scoped by `custom:provinceCode`). */
export const ROLES = ['postal-staff', 'postal-supervisor', 'agency', 'finance', 'admin', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export const SERVICE_NAME = 'bcci-bridge';
/** Counted when a date falls in a year with no holiday data (the calendar fell back to the rules); alarmed. */
export const HOLIDAY_CALENDAR_BEYOND_DATA_METRIC = 'holiday_calendar_beyond_data';
/** The CloudWatch namespace of the functions' own metrics. */
export const METRICS_NAMESPACE = 'BcciBridge';

/** One DynamoDB table, single-table design. */
export const table = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /**
   * Global secondary indexes. They project every attribute unless `include` names the few
   * they carry: an index that carries no attribute a write changes costs that write nothing.
   */
  indexes: [
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  ] as readonly { name: string; partitionKey: string; sortKey: string; include?: readonly string[] }[],
  timeToLiveAttribute: 'expiresAt',
  stream: 'NEW_AND_OLD_IMAGES',
} as const;

/** The queues of the system; each is described in `queues` below. */
export type QueueName = 'notifications' | 'callbacks' | 'callbackDeliveries' | 'ledger';

export type TableAccess = 'read' | 'readWrite';
export type BucketAccess = 'read' | 'readWrite';

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** What the function may touch; the CDK stack grants exactly this and nothing more. */
  readonly access: {
    readonly table?: TableAccess;
    readonly bucket?: BucketAccess;
    readonly sendTo?: readonly QueueName[];
    /** Sends SMS to citizens (SNS direct publish to phone numbers). */
    readonly sendsSms?: boolean;
    /** Reads the secret that derives recipients' one-time delivery codes. */
    readonly deliveryCodeSecret?: boolean;
    /** Reads the key that seals and opens pagination cursors. */
    readonly cursorSecret?: boolean;
    /** May move a message to a queue's dead-letter queue itself (when it has given up on it). */
    readonly sendToDeadLetter?: readonly QueueName[];
    /** Sends e-mail (to the owners of callback endpoints). */
    readonly sendsEmail?: boolean;
  };
  /** Renders documents (PDF, XLSX): a larger bundle budget, assets shipped beside it. */
  readonly rendersDocuments?: boolean;
  /**
   * A trigger of the Cognito user pool rather than an API, queue or schedule function: built
   * beside the user pool (stateful stack), and not run by the embedded runtime, whose dev
   * issuer signs tenant claims itself.
   */
  readonly cognitoTrigger?: 'preTokenGeneration';
}

export const functions = {
  health: {
    entry: 'functions/http/health.ts',
    description: 'Liveness answer for load balancers and monitors',
    memoryMb: 256,
    timeoutSeconds: 3,
    access: {},
  },
  openapi: {
    entry: 'functions/http/openapi.ts',
    description: 'Serves the OpenAPI 3.1 document generated from the zod contract',
    memoryMb: 256,
    timeoutSeconds: 5,
    access: {},
  },
  notFound: {
    entry: 'functions/http/not-found.ts',
    description: 'Answers every unknown route with problem+json',
    memoryMb: 256,
    timeoutSeconds: 3,
    access: {},
  },
  registerDossier: {
    entry: 'functions/http/register-dossier.ts',
    description: 'Registers a dossier for postal pickup and/or postal return',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite', deliveryCodeSecret: true },
  },
  getDossier: {
    entry: 'functions/http/get-dossier.ts',
    description: 'Reads a dossier with its items and timeline',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  markResultReady: {
    entry: 'functions/http/mark-result-ready.ts',
    description: 'The agency says a result waits for postal collection',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  dossierDecisions: {
    entry: 'functions/http/dossier-decisions.ts',
    description: "The agency's decision on a handed-over dossier, and a citizen's withdrawal",
    memoryMb: 512,
    timeoutSeconds: 15,
    access: { table: 'readWrite' },
  },
  referenceData: {
    entry: 'functions/http/reference-data.ts',
    description: 'Post offices, the communes they serve, and the agencies they serve',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  ingestScans: {
    entry: 'functions/http/ingest-scans.ts',
    description: 'Takes a batch of scans from postal staff: each scan applied once, in the order it happened',
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readWrite', deliveryCodeSecret: true },
  },
  getItem: {
    entry: 'functions/http/get-item.ts',
    description: "An item's status, due date and timeline",
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'read' },
  },
  dossierReturn: {
    entry: 'functions/http/dossier-return.ts',
    description:
      'Postal return of the result asked for after submission or withdrawn before collection, and a result sent again at the cost of the party at fault',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  anomalies: {
    entry: 'functions/http/anomalies.ts',
    description:
      "Supervisors' queue of flagged facts (list, apply or dismiss) and the unlock of an item at the door",
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  getWorklist: {
    entry: 'functions/http/get-worklist.ts',
    description:
      "A post office's pickups, collections and deliveries due, late ones first; a supervisor's assignments of them to staff",
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite', cursorSecret: true },
  },
  routeSheet: {
    entry: 'functions/http/route-sheet.ts',
    description:
      "Renders one staff member's route sheet for a day (PDF): assigned pickups, collections and deliveries in order",
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readWrite' },
    rendersDocuments: true,
  },
  itemLabel: {
    entry: 'functions/http/item-label.ts',
    description:
      'Renders the printable label of an item (PDF: S10 barcode, tracking QR code, VietQR payment code)',
    memoryMb: 1024,
    timeoutSeconds: 15,
    access: { table: 'readWrite' },
    rendersDocuments: true,
  },
  handoverDocuments: {
    entry: 'functions/http/handover-documents.ts',
    description: 'Renders the papers both sides sign: consignment slips and handover records (PDF)',
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readWrite' },
    rendersDocuments: true,
  },
  requestProofUpload: {
    entry: 'functions/http/request-proof-upload.ts',
    description:
      'A presigned upload for a proof-of-delivery photo or signature, and a short-lived download of one',
    memoryMb: 256,
    timeoutSeconds: 10,
    access: { table: 'readWrite', bucket: 'readWrite' },
  },
  digitisedDocuments: {
    entry: 'functions/http/digitised-documents.ts',
    description:
      "Scans of a dossier's documents: presigned uploads, attached once the stored object's SHA-256 is verified, and short-lived downloads",
    memoryMb: 512,
    timeoutSeconds: 29,
    access: { table: 'readWrite', bucket: 'readWrite' },
  },
  manifests: {
    entry: 'functions/http/manifests.ts',
    description: 'Handover records between the post and agencies: drawn up, confirmed, read',
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readWrite' },
  },
  webhooks: {
    entry: 'functions/http/webhooks.ts',
    description: "Agencies' callback subscriptions: subscribe, list, remove, replay",
    memoryMb: 512,
    timeoutSeconds: 29,
    access: { table: 'readWrite', sendTo: ['callbackDeliveries'], cursorSecret: true },
  },
  fanOutCallbacks: {
    entry: 'functions/events/fan-out-callbacks.ts',
    description:
      "Turns each domain event into one delivery per matching subscription of the dossier's agency",
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readWrite', sendTo: ['callbackDeliveries'] },
  },
  deliverCallbacks: {
    entry: 'functions/events/deliver-callbacks.ts',
    description: 'Delivers signed callbacks (Standard Webhooks) with backoff, then the dead-letter queue',
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readWrite', sendToDeadLetter: ['callbackDeliveries'], sendsEmail: true },
  },
  reconcileOneStopShop: {
    entry: 'functions/http/reconciliation.ts',
    description:
      "Reconciles delivery confirmations with a one-stop-shop system's statuses; reads the reports",
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readWrite' },
  },
  reconcileNightly: {
    entry: 'functions/events/reconcile-nightly.ts',
    description: "Each night, every agency's statuses pushed the day before against the post's records",
    memoryMb: 1024,
    timeoutSeconds: 300,
    access: { table: 'readWrite' },
  },
  trackDossier: {
    entry: 'functions/http/track-dossier.ts',
    description:
      "A citizen's view of a dossier's journey, personal data left out; the citizen's rating, delivery choice and opt-out from notices",
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite', deliveryCodeSecret: true },
  },
  receiptLookup: {
    entry: 'functions/http/receipt-lookup.ts',
    description:
      "The public lookup of a fee receipt by its lookup code (no personal data), each client address's misses counted",
    memoryMb: 256,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  indicatorReports: {
    entry: 'functions/http/indicator-reports.ts',
    description:
      "A province's monthly indicators by office, agency or commune, from the per-day counters (JSON, CSV, XLSX, PDF)",
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'read' },
    rendersDocuments: true,
  },
  reportSubscriptions: {
    entry: 'functions/http/report-subscriptions.ts',
    description: "The addresses that receive a province's monthly indicator report by e-mail",
    memoryMb: 256,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  sendIndicatorReports: {
    entry: 'functions/events/send-indicator-reports.ts',
    description:
      "On the 1st of each month, every province's indicator report of the month before, e-mailed once to each subscribed address",
    memoryMb: 512,
    timeoutSeconds: 300,
    access: { table: 'readWrite', sendsEmail: true },
  },
  recordDeliveryReceipt: {
    entry: 'functions/http/notification-receipts.ts',
    description: "Stores a provider's delivery receipt against the notice it names",
    memoryMb: 256,
    timeoutSeconds: 10,
    access: { table: 'readWrite' },
  },
  publishEvents: {
    entry: 'functions/events/publish-events.ts',
    description:
      "Turns committed outbox records from the table stream into messages on the queues, and keeps each office's worklist from its items' changes",
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readWrite', sendTo: ['notifications', 'callbacks', 'ledger'] },
  },
  sendNotifications: {
    entry: 'functions/events/send-notifications.ts',
    description: 'Sends citizen notifications (SMS, e-mail) through the notification outbox',
    memoryMb: 256,
    timeoutSeconds: 20,
    access: { table: 'readWrite', sendsSms: true, deliveryCodeSecret: true, sendTo: ['notifications'] },
  },
  postLedger: {
    entry: 'functions/events/post-ledger.ts',
    description:
      'Books what pickups and deliveries collected: ledger transfers, finance lines and delegated receipts',
    memoryMb: 512,
    timeoutSeconds: 30,
    access: { table: 'readWrite' },
  },
  ledgerAccounts: {
    entry: 'functions/http/ledger-accounts.ts',
    description: "An account's balance and entries, and the tariff in force",
    memoryMb: 512,
    timeoutSeconds: 15,
    access: { table: 'read', cursorSecret: true },
  },
  cashHandins: {
    entry: 'functions/http/cash-handins.ts',
    description: 'Staff hand in their cash at the office: counted against the ledger',
    memoryMb: 512,
    timeoutSeconds: 15,
    access: { table: 'readWrite' },
  },
  remittances: {
    entry: 'functions/http/remittances.ts',
    description: "Remits an agency's collected fees for a period, with a transfer reference",
    memoryMb: 512,
    timeoutSeconds: 29,
    access: { table: 'readWrite' },
  },
  bankStatements: {
    entry: 'functions/http/bank-statements.ts',
    description:
      'Imports bank statement lines (CSV or JSON) and matches them to VietQR payments and remittances',
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readWrite' },
  },
  financeStatements: {
    entry: 'functions/http/finance-statements.ts',
    description: "An agency's monthly reconciliation statement (JSON, CSV, XLSX, PDF)",
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'read' },
    rendersDocuments: true,
  },
  receipts: {
    entry: 'functions/http/receipts.ts',
    description: 'Delegated e-receipts: read (JSON or PDF), searched, and void',
    memoryMb: 1024,
    timeoutSeconds: 15,
    access: { table: 'readWrite', cursorSecret: true },
    rendersDocuments: true,
  },
  reconcileFinanceNightly: {
    entry: 'functions/events/reconcile-finance-nightly.ts',
    description:
      "Each night, every agency's finance lines of the day before, reconciled once per (agency, day)",
    memoryMb: 1024,
    timeoutSeconds: 600,
    access: { table: 'readWrite' },
  },
  checkCollections: {
    entry: 'functions/http/collection-checks.ts',
    description:
      "Checks an office's day of collected amounts against the ledger and books, once, any it does not hold",
    memoryMb: 1024,
    timeoutSeconds: 29,
    access: { table: 'readWrite' },
  },
  checkCollectionsNightly: {
    entry: 'functions/events/check-collections-nightly.ts',
    description:
      "Each night, every office's collected amounts of the last week checked against the ledger; any missing booked once",
    memoryMb: 1024,
    timeoutSeconds: 600,
    access: { table: 'readWrite' },
  },
  erasePersonalData: {
    entry: 'functions/events/erase-personal-data.ts',
    description:
      'Each night, erases the personal data of dossiers past the retention period (financial records stay)',
    memoryMb: 512,
    timeoutSeconds: 600,
    access: { table: 'readWrite' },
  },
  preTokenGeneration: {
    entry: 'functions/events/pre-token-generation.ts',
    description:
      "Cognito pre-token-generation: a machine client's access token gets its agency from the register",
    memoryMb: 256,
    timeoutSeconds: 5,
    access: { table: 'read' },
    cognitoTrigger: 'preTokenGeneration',
  },
  listDossiers: {
    entry: 'functions/http/list-dossiers.ts',
    description: "An agency's dossiers by status and date, and the dossiers of an applicant's phone",
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'readWrite', cursorSecret: true },
  },
  auditTrail: {
    entry: 'functions/http/audit-trail.ts',
    description: 'The audit trail of personal-data reads, by dossier or by caller (admins)',
    memoryMb: 512,
    timeoutSeconds: 10,
    access: { table: 'read', cursorSecret: true },
  },
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway path syntax: `/v1/dossiers/{dossierRef}`. */
  readonly path: string;
  readonly function: FunctionName;
  /** `public` needs no token; otherwise the roles allowed. */
  readonly auth: 'public' | readonly Role[];
  /**
   * A POST honours an `Idempotency-Key` (the same answer for a repeat, kept as long as the
   * function's timeout while in progress) unless this says it is idempotent by itself.
   */
  readonly idempotencyKey?: false;
}

/** Agencies that operate as one-stop-shop systems, and the post's own staff. */
const DOSSIER_WRITERS = ['agency', 'postal-staff', 'postal-supervisor', 'admin'] as const;
const DOSSIER_READERS = ['agency', 'postal-staff', 'postal-supervisor', 'finance', 'admin'] as const;

const ITEM_READERS = ['postal-staff', 'postal-supervisor', 'agency', 'finance', 'admin'] as const;
/** Supervisors work anomalies and unlock items; admins may too. */
const SUPERVISORS = ['postal-supervisor', 'admin'] as const;
const SCANNERS = ['postal-staff', 'postal-supervisor', 'admin'] as const;
const EVERY_ROLE = ROLES;
const FINANCE = ['finance', 'admin'] as const;
/** Finance reads every agency; an agency only itself. */
const STATEMENT_READERS = ['finance', 'agency', 'admin'] as const;
/** Supervisors read their office's accounts, agencies their own. */
const ACCOUNT_READERS = ['finance', 'postal-supervisor', 'agency', 'admin'] as const;
const RECEIPT_READERS = ['finance', 'agency', 'postal-staff', 'postal-supervisor', 'admin'] as const;

export const routes: readonly RouteSpec[] = [
  { method: 'GET', path: '/health', function: 'health', auth: 'public' },
  { method: 'GET', path: '/v1/openapi.json', function: 'openapi', auth: 'public' },
  { method: 'POST', path: '/v1/dossiers', function: 'registerDossier', auth: DOSSIER_WRITERS },
  { method: 'GET', path: '/v1/dossiers/{dossierRef}', function: 'getDossier', auth: DOSSIER_READERS },
  {
    method: 'POST',
    path: '/v1/dossiers/{dossierRef}/result-ready',
    function: 'markResultReady',
    auth: ['agency', 'admin'],
  },
  {
    method: 'POST',
    path: '/v1/dossiers/{dossierRef}/agency-decision',
    function: 'dossierDecisions',
    auth: ['agency', 'admin'],
  },
  {
    method: 'POST',
    path: '/v1/dossiers/{dossierRef}/cancel',
    function: 'dossierDecisions',
    auth: DOSSIER_WRITERS,
  },
  {
    method: 'POST',
    path: '/v1/dossiers/{dossierRef}/digitised-documents/uploads',
    function: 'digitisedDocuments',
    auth: SCANNERS,
  },
  // Attaching the same scan again answers it as it is and changes nothing.
  {
    method: 'POST',
    path: '/v1/dossiers/{dossierRef}/digitised-documents',
    function: 'digitisedDocuments',
    auth: SCANNERS,
  },
  {
    method: 'GET',
    path: '/v1/dossiers/{dossierRef}/digitised-documents/{documentId}',
    function: 'digitisedDocuments',
    auth: DOSSIER_READERS,
  },
  {
    method: 'PUT',
    path: '/v1/reference/post-offices/{postOfficeCode}',
    function: 'referenceData',
    auth: ['admin'],
  },
  {
    method: 'GET',
    path: '/v1/reference/post-offices/{postOfficeCode}',
    function: 'referenceData',
    auth: EVERY_ROLE,
  },
  { method: 'GET', path: '/v1/reference/post-offices', function: 'referenceData', auth: EVERY_ROLE },
  { method: 'PUT', path: '/v1/reference/agencies/{agencyCode}', function: 'referenceData', auth: ['admin'] },
  { method: 'GET', path: '/v1/reference/agencies/{agencyCode}', function: 'referenceData', auth: EVERY_ROLE },
  { method: 'GET', path: '/v1/reference/agencies', function: 'referenceData', auth: EVERY_ROLE },
  {
    method: 'PUT',
    path: '/v1/reference/agency-clients/{clientId}',
    function: 'referenceData',
    auth: ['admin'],
  },
  {
    method: 'GET',
    path: '/v1/reference/agency-clients/{clientId}',
    function: 'referenceData',
    auth: ['admin'],
  },
  // Each scan is applied once by its own scanId; a key also gives a repeated batch its first answer.
  { method: 'POST', path: '/v1/scans', function: 'ingestScans', auth: SCANNERS },
  { method: 'GET', path: '/v1/items/{itemCode}', function: 'getItem', auth: ITEM_READERS },
  { method: 'GET', path: '/v1/items/{itemCode}/label', function: 'itemLabel', auth: ITEM_READERS },
  // With a key, asking twice gives the same upload (the same key in the bucket).
  { method: 'POST', path: '/v1/items/{itemCode}/proofs', function: 'requestProofUpload', auth: SCANNERS },
  {
    method: 'GET',
    path: '/v1/items/{itemCode}/proofs/{proofFile}',
    function: 'requestProofUpload',
    auth: ['postal-staff', 'postal-supervisor', 'agency', 'finance', 'admin'],
  },
  { method: 'POST', path: '/v1/manifests', function: 'manifests', auth: SCANNERS },
  {
    method: 'POST',
    path: '/v1/manifests/{manifestId}/confirm',
    function: 'manifests',
    auth: ['agency', 'postal-staff', 'postal-supervisor', 'admin'],
  },
  { method: 'GET', path: '/v1/manifests/{manifestId}', function: 'manifests', auth: ITEM_READERS },
  { method: 'POST', path: '/v1/webhooks', function: 'webhooks', auth: ['agency'] },
  { method: 'GET', path: '/v1/webhooks', function: 'webhooks', auth: ['agency'] },
  { method: 'DELETE', path: '/v1/webhooks/{webhookId}', function: 'webhooks', auth: ['agency'] },
  { method: 'POST', path: '/v1/webhooks/{webhookId}/replay', function: 'webhooks', auth: ['agency'] },
  {
    method: 'GET',
    path: '/v1/dossiers/{dossierRef}/consignment-slip',
    function: 'handoverDocuments',
    auth: DOSSIER_READERS,
  },
  {
    method: 'GET',
    path: '/v1/manifests/{manifestId}/document',
    function: 'handoverDocuments',
    auth: ITEM_READERS,
  },
  {
    method: 'POST',
    path: '/v1/reconciliation/one-stop-shop',
    function: 'reconcileOneStopShop',
    auth: ['agency', 'finance', 'admin'],
  },
  {
    method: 'GET',
    path: '/v1/reconciliation/one-stop-shop/{reportId}',
    function: 'reconcileOneStopShop',
    auth: ['agency', 'finance', 'admin'],
  },
  {
    method: 'GET',
    path: '/v1/reconciliation/one-stop-shop',
    function: 'reconcileOneStopShop',
    auth: ['agency', 'finance', 'admin'],
  },
  { method: 'GET', path: '/v1/track/{ref}', function: 'trackDossier', auth: 'public' },
  { method: 'GET', path: '/v1/receipt-lookup/{lookupCode}', function: 'receiptLookup', auth: 'public' },
  // Written once per dossier: a repeat is refused as already rated.
  {
    method: 'POST',
    path: '/v1/track/{ref}/rating',
    function: 'trackDossier',
    auth: 'public',
    idempotencyKey: false,
  },
  // Written once per item: a repeat is refused as already chosen.
  {
    method: 'POST',
    path: '/v1/track/{ref}/choice',
    function: 'trackDossier',
    auth: 'public',
    idempotencyKey: false,
  },
  // Setting a preference to what it is changes nothing: safe to repeat.
  {
    method: 'POST',
    path: '/v1/track/{ref}/opt-out',
    function: 'trackDossier',
    auth: 'public',
    idempotencyKey: false,
  },
  {
    method: 'POST',
    path: '/v1/reports/subscriptions',
    function: 'reportSubscriptions',
    auth: ['observer', 'admin'],
  },
  {
    method: 'GET',
    path: '/v1/reports/subscriptions',
    function: 'reportSubscriptions',
    auth: ['observer', 'admin'],
  },
  {
    method: 'GET',
    path: '/v1/reports/indicators',
    function: 'indicatorReports',
    auth: ['observer', 'admin'],
  },
  {
    method: 'POST',
    path: '/v1/notifications/receipts/{provider}',
    function: 'recordDeliveryReceipt',
    auth: 'public',
    idempotencyKey: false,
  },
  { method: 'GET', path: '/v1/finance/tariffs', function: 'ledgerAccounts', auth: EVERY_ROLE },
  {
    method: 'GET',
    path: '/v1/finance/accounts/{account}',
    function: 'ledgerAccounts',
    auth: ACCOUNT_READERS,
  },
  {
    method: 'GET',
    path: '/v1/finance/accounts/{account}/entries',
    function: 'ledgerAccounts',
    auth: ACCOUNT_READERS,
  },
  {
    method: 'POST',
    path: '/v1/finance/cash-handins',
    function: 'cashHandins',
    auth: ['postal-supervisor', 'finance', 'admin'],
  },
  {
    method: 'GET',
    path: '/v1/finance/cash-handins',
    function: 'cashHandins',
    auth: ['postal-supervisor', 'finance', 'admin'],
  },
  { method: 'POST', path: '/v1/finance/remittances', function: 'remittances', auth: FINANCE },
  {
    method: 'POST',
    path: '/v1/finance/collection-checks',
    function: 'checkCollections',
    auth: FINANCE,
  },
  {
    method: 'GET',
    path: '/v1/finance/remittances/{reference}',
    function: 'remittances',
    auth: STATEMENT_READERS,
  },
  { method: 'POST', path: '/v1/finance/bank-statements', function: 'bankStatements', auth: FINANCE },
  {
    method: 'GET',
    path: '/v1/finance/reconciliations',
    function: 'financeStatements',
    auth: STATEMENT_READERS,
  },
  { method: 'GET', path: '/v1/receipts/{series}/{number}', function: 'receipts', auth: RECEIPT_READERS },
  { method: 'POST', path: '/v1/receipts/{series}/{number}/void', function: 'receipts', auth: FINANCE },
  { method: 'GET', path: '/v1/audit', function: 'auditTrail', auth: ['admin'] },
  // The console's lists: each a page at a time, from an index.
  {
    method: 'GET',
    path: '/v1/agencies/{agencyCode}/dossiers',
    function: 'listDossiers',
    auth: STATEMENT_READERS,
  },
  { method: 'GET', path: '/v1/dossiers', function: 'listDossiers', auth: SCANNERS },
  { method: 'GET', path: '/v1/webhooks/{webhookId}/deliveries', function: 'webhooks', auth: ['agency'] },
  {
    method: 'POST',
    path: '/v1/webhooks/{webhookId}/deliveries/{eventId}/replay',
    function: 'webhooks',
    auth: ['agency'],
  },
  { method: 'GET', path: '/v1/receipts', function: 'receipts', auth: STATEMENT_READERS },
  {
    method: 'GET',
    path: '/v1/worklist',
    function: 'getWorklist',
    auth: ['postal-staff', 'postal-supervisor', 'admin'],
  },
  { method: 'POST', path: '/v1/worklist/assignments', function: 'getWorklist', auth: SUPERVISORS },
  {
    method: 'GET',
    path: '/v1/worklist/route-sheet',
    function: 'routeSheet',
    auth: ['postal-staff', 'postal-supervisor', 'admin'],
  },
  {
    method: 'POST',
    path: '/v1/dossiers/{dossierRef}/return',
    function: 'dossierReturn',
    auth: ['agency', 'postal-staff', 'postal-supervisor', 'admin'],
  },
  // A result sent again: recorded by the item's offices; a repeat is refused as already resent.
  { method: 'POST', path: '/v1/items/{itemCode}/resend', function: 'dossierReturn', auth: SCANNERS },
  { method: 'GET', path: '/v1/anomalies', function: 'anomalies', auth: SUPERVISORS },
  { method: 'POST', path: '/v1/anomalies/{anomalyId}/resolve', function: 'anomalies', auth: SUPERVISORS },
  { method: 'POST', path: '/v1/items/{itemCode}/unlock', function: 'anomalies', auth: SUPERVISORS },
];

/** The catch-all route: anything not listed above. */
export const defaultRoute = { function: 'notFound' } as const satisfies { function: FunctionName };

export interface QueueSpec {
  readonly consumer: FunctionName;
  readonly batchSize: number;
  /** Receives before a message moves to the queue's dead-letter queue. */
  readonly maxReceiveCount: number;
  /** At least 6x the consumer's timeout (checked by a test). */
  readonly visibilityTimeoutSeconds: number;
  readonly maxBatchingWindowSeconds: number;
  /** How long the dead-letter queue keeps a message (the maximum SQS allows is 14 days). */
  readonly deadLetterRetentionDays: number;
}

export const queues: Readonly<Record<QueueName, QueueSpec>> = {
  notifications: {
    consumer: 'sendNotifications',
    batchSize: 10,
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 120,
    maxBatchingWindowSeconds: 1,
    deadLetterRetentionDays: 14,
  },
  callbacks: {
    consumer: 'fanOutCallbacks',
    batchSize: 10,
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 180,
    maxBatchingWindowSeconds: 1,
    deadLetterRetentionDays: 14,
  },
  /**
   * One message per delivery. A failed delivery waits by extending its own visibility on the
   * backoff schedule (waits over 12 hours take two receives), and the consumer moves it to the
   * dead-letter queue itself after the last attempt; the redrive count is only a safety net.
   */
  /** Collections and journeys' ends, booked in the ledger and the agencies' finance lines. */
  ledger: {
    consumer: 'postLedger',
    batchSize: 10,
    maxReceiveCount: 8,
    visibilityTimeoutSeconds: 180,
    maxBatchingWindowSeconds: 1,
    deadLetterRetentionDays: 14,
  },
  callbackDeliveries: {
    consumer: 'deliverCallbacks',
    batchSize: 10,
    maxReceiveCount: 30,
    visibilityTimeoutSeconds: 180,
    maxBatchingWindowSeconds: 1,
    deadLetterRetentionDays: 14,
  },
};

export interface StreamConsumerSpec {
  readonly function: FunctionName;
  readonly batchSize: number;
  readonly maxRetryAttempts: number;
  readonly maxBatchingWindowSeconds: number;
  readonly parallelizationFactor: number;
}

/** The table stream's one consumer: the outbox publisher, which also keeps the worklist. */
export const streamConsumer: StreamConsumerSpec = {
  function: 'publishEvents',
  batchSize: 100,
  maxRetryAttempts: 10,
  maxBatchingWindowSeconds: 1,
  parallelizationFactor: 1,
};

export interface ScheduleSpec {
  readonly function: FunctionName;
  readonly description: string;
  /** EventBridge Scheduler expression: `cron(m h dom mon dow year)` or `rate(n minutes|hours|days)`. */
  readonly expression: string;
  readonly timezone: string;
  /** The event the function receives. */
  readonly input: Record<string, unknown>;
}

export const schedules: Record<string, ScheduleSpec> = {
  reconcileDeliveryConfirmations: {
    function: 'reconcileNightly',
    description: "Reconcile each agency's one-stop-shop statuses of the day before",
    expression: 'cron(30 1 * * ? *)',
    timezone: 'Asia/Ho_Chi_Minh',
    input: {},
  },
  erasePersonalData: {
    function: 'erasePersonalData',
    description: 'Erase the personal data of dossiers past the retention period',
    expression: 'cron(30 3 * * ? *)',
    timezone: 'Asia/Ho_Chi_Minh',
    input: {},
  },
  checkCollections: {
    function: 'checkCollectionsNightly',
    description:
      "Check every office's collected amounts of the last week against the ledger; book any missing",
    expression: 'cron(30 0 * * ? *)',
    timezone: 'Asia/Ho_Chi_Minh',
    input: { scheduledAt: '<aws.scheduler.scheduled-time>' },
  },
  sendIndicatorReports: {
    function: 'sendIndicatorReports',
    description: "E-mail each province's indicator report of the month before to its subscribed addresses",
    expression: 'cron(0 7 1 * ? *)',
    timezone: 'Asia/Ho_Chi_Minh',
    input: { scheduledAt: '<aws.scheduler.scheduled-time>' },
  },
  reconcileFinance: {
    function: 'reconcileFinanceNightly',
    description: "Reconcile each agency's finance lines of the day before, once per (agency, day)",
    expression: 'cron(0 2 * * ? *)',
    timezone: 'Asia/Ho_Chi_Minh',
    input: {},
  },
};

export const manifest = {
  table,
  functions,
  routes,
  defaultRoute,
  queues,
  streamConsumer,
  schedules,
} as const;
export type Manifest = typeof manifest;

/** `POST /v1/dossiers` — the key API Gateway gives a route (`event.routeKey`). */
export const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

/** Environment variable names shared by the CDK stacks, the local runtime and the handlers. */
export const ENV = {
  tableName: 'TABLE_NAME',
  bucketName: 'BUCKET_NAME',
  /** `local` in the embedded runtime, `aws` when deployed. */
  runtime: 'BRIDGE_RUNTIME',
  /** Where the local notification outbox writes (embedded runtime only). */
  outboxDir: 'BRIDGE_OUTBOX_DIR',
  /** The delivery-code secret itself (embedded runtime), or the ARN of the secret that holds it (AWS). */
  deliveryCodeSecret: 'DELIVERY_CODE_SECRET',
  deliveryCodeSecretArn: 'DELIVERY_CODE_SECRET_ARN',
  /** The key that authenticates pagination cursors (embedded runtime), or the ARN of its secret (AWS). */
  cursorSecret: 'CURSOR_SECRET',
  cursorSecretArn: 'CURSOR_SECRET_ARN',
  /** Public base URL of the tracking page printed as a QR code on labels. */
  trackingBaseUrl: 'TRACKING_BASE_URL',
  /**
   * Public base URL of the web console's citizen pages (the receipt lookup printed on receipts);
   * the tracking base when unset.
   */
  publicSiteUrl: 'PUBLIC_SITE_URL',
  queueUrl: (queue: QueueName): string => `QUEUE_URL_${queue.toUpperCase()}`,
  deadLetterQueueUrl: (queue: QueueName): string => `DLQ_URL_${queue.toUpperCase()}`,
  /** Comma-separated seconds between callback attempts; the default is the production schedule. */
  callbackBackoff: 'CALLBACK_BACKOFF_SECONDS',
  /** Seconds of nothing but failed attempts that disable a callback endpoint; five days by default. */
  callbackDisableAfterSeconds: 'CALLBACK_DISABLE_AFTER_SECONDS',
  /** Seconds of nothing but failed attempts before the endpoint's owner is warned; a day by default. */
  callbackWarnAfterSeconds: 'CALLBACK_WARN_AFTER_SECONDS',
  /** Days personal data is kept after a dossier's registration (retention); five years by default. */
  personalDataRetentionDays: 'PERSONAL_DATA_RETENTION_DAYS',
  /** Sender address of e-mail to callback owners. */
  emailFrom: 'EMAIL_FROM',
  /** Zalo ZNS: the Official Account's access token; unset, citizens' notices skip Zalo. */
  znsAccessToken: 'ZNS_ACCESS_TOKEN',
  /** Zalo ZNS: the template-message endpoint (defaults to Zalo's own). */
  znsEndpoint: 'ZNS_ENDPOINT',
  /** Zalo ZNS: JSON object from our template ids to the ZNS template ids registered with Zalo. */
  znsTemplateIds: 'ZNS_TEMPLATE_IDS',
  /** Brandname SMS gateway: its URL, bearer token and brandname; unset URL, notices skip it. */
  smsGatewayUrl: 'SMS_GATEWAY_URL',
  smsGatewayToken: 'SMS_GATEWAY_TOKEN',
  smsBrandname: 'SMS_BRANDNAME',
  /** `off` lets citizens' notices go out at any hour (demo and test runtimes); quiet hours hold otherwise. */
  quietHours: 'NOTIFICATION_QUIET_HOURS',
  /** The shared secret providers send in `x-receipt-secret` with delivery receipts; unset, receipts are refused. */
  receiptSecret: 'NOTIFICATION_RECEIPT_SECRET',
} as const;

/** The dead-letter queue that belongs to a queue. */
export const deadLetterQueueName = (queue: QueueName): string => `${queue}-dlq`;
