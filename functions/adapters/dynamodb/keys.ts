/**
 * Every key of the single table in one place. Partition keys always carry the entity's
 * own identifier (a dossier, an item, a caller's key), never a shared constant, so that no
 * partition is hot.
 */
export const KEY = {
  dossier: (consignmentRef: string) => ({ pk: `DOSSIER#${consignmentRef}`, sk: 'DOSSIER' }),
  dossierEvent: (consignmentRef: string, sequence: number) => ({
    pk: `DOSSIER#${consignmentRef}`,
    sk: `EVENT#${String(sequence).padStart(8, '0')}`,
  }),
  dossierPartition: (consignmentRef: string) => `DOSSIER#${consignmentRef}`,
  eventPrefix: 'EVENT#',
  dossierCode: (dossierCode: string) => ({ pk: `DOSSIERCODE#${dossierCode}`, sk: 'DOSSIERCODE' }),
  idempotency: (scopedKey: string) => ({ pk: `IDEMPOTENCY#${scopedKey}`, sk: 'IDEMPOTENCY' }),
  /** Reads of a dossier's personal data, newest last: the audit trail (append-only). */
  auditOfDossier: (consignmentRef: string, at: string, auditId: string) => ({
    pk: `AUDIT#${consignmentRef}`,
    sk: `${at}#${auditId}`,
  }),
  auditOfDossierPartition: (consignmentRef: string) => `AUDIT#${consignmentRef}`,
  /** The same reads by the caller who made them (gsi1). */
  auditOfCaller: (subject: string) => `AUDITBY#${subject}`,
  /** Which agency a machine client (Cognito app client) speaks for. */
  agencyClient: (clientId: string) => ({ pk: `AGENCYCLIENT#${clientId}`, sk: 'AGENCYCLIENT' }),
  /** Wrong guesses at a reference on the public tracking page, kept an hour (TTL). */
  trackingGuesses: (ref: string) => ({ pk: `TRACKGUESS#${ref}`, sk: 'GUESSES' }),
  notification: (eventId: string) => ({ pk: `NOTIFICATION#${eventId}`, sk: 'NOTIFICATION' }),
  /** A citizen's notification choices, per phone number (E.164). */
  notificationPreference: (phone: string) => ({ pk: `NOTIFYPREF#${phone}`, sk: 'PREFERENCE' }),
  /** A notice as its carrier knows it (`channel:messageId`), with its delivery receipts. */
  notificationMessage: (carrierId: string) => ({ pk: `NOTIFYMSG#${carrierId}`, sk: 'MESSAGE' }),
  /** An address that receives a province's monthly indicator report: a partition per province. */
  reportSubscriptions: (provinceCode: string) => `REPORTSUBS#${provinceCode}`,
  reportSubscription: (provinceCode: string, email: string) => ({
    pk: `REPORTSUBS#${provinceCode}`,
    sk: `EMAIL#${email}`,
  }),
  /** A citizen's rating of a dossier: one, written once. */
  rating: (consignmentRef: string) => ({ pk: `RATING#${consignmentRef}`, sk: 'RATING' }),
  /** One day's indicator counters of one office, agency or commune: a partition per province, month and grouping. */
  indicatorDays: (provinceCode: string, month: string, groupBy: string) =>
    `INDICATORS#${provinceCode}#${month}#${groupBy}`,
  indicatorDay: (provinceCode: string, day: string, groupBy: string, key: string) => ({
    pk: `INDICATORS#${provinceCode}#${day.slice(0, 7)}#${groupBy}`,
    sk: `${key}#${day}`,
  }),
  /** Marks a contribution to the indicators as counted (a journey's end, a rating). */
  indicatorCounted: (contributionId: string) => ({ pk: `INDICATORCOUNT#${contributionId}`, sk: 'COUNTED' }),
  item: (itemCode: string) => ({ pk: `ITEM#${itemCode}`, sk: 'ITEM' }),
  itemFact: (itemCode: string, factId: string) => ({ pk: `ITEM#${itemCode}`, sk: `FACT#${factId}` }),
  itemPartition: (itemCode: string) => `ITEM#${itemCode}`,
  /** An office's worklist: the items waiting for its staff, by due time. */
  worklist: (postOfficeCode: string) => `WORKLIST#${postOfficeCode}`,
  worklistEntry: (postOfficeCode: string, dueAt: string, itemCode: string) => ({
    pk: `WORKLIST#${postOfficeCode}`,
    sk: `${dueAt}#${itemCode}`,
  }),
  /** One serial counter per office and service letters; chunks come from a pool per letters. */
  s10Series: (postOfficeCode: string, letters: string) => ({
    pk: `S10SERIES#${postOfficeCode}#${letters}`,
    sk: 'SERIES',
  }),
  s10Pool: (letters: string) => ({ pk: `S10POOL#${letters}`, sk: 'POOL' }),
  postOffice: (postOfficeCode: string) => ({ pk: 'REFERENCE#POSTOFFICES', sk: postOfficeCode }),
  postOffices: 'REFERENCE#POSTOFFICES',
  agency: (agencyCode: string) => ({ pk: 'REFERENCE#AGENCIES', sk: agencyCode }),
  agencies: 'REFERENCE#AGENCIES',
  commune: (communeCode: string) => ({ pk: `COMMUNE#${communeCode}`, sk: 'COMMUNE' }),
  manifest: (manifestId: string) => ({ pk: `MANIFEST#${manifestId}`, sk: 'MANIFEST' }),
  /** An agency's callback subscriptions share one small partition: twenty at most. */
  webhooks: (agencyCode: string) => `WEBHOOKS#${agencyCode}`,
  webhook: (agencyCode: string, webhookId: string) => ({
    pk: `WEBHOOKS#${agencyCode}`,
    sk: `WEBHOOK#${webhookId}`,
  }),
  delivery: (webhookId: string, eventId: string) => ({
    pk: `DELIVERY#${webhookId}#${eventId}`,
    sk: 'DELIVERY',
  }),
  /** Replay index (gsi2): a subscription's deliveries by day. */
  deliveriesOfDay: (webhookId: string, day: string) => `DELIVERIES#${webhookId}#${day}`,
  /**
   * A subscription's deliveries of one dossier not yet done with (pending), by sequence: a
   * delivery waits while an earlier one of its dossier is here.
   */
  openDelivery: (webhookId: string, consignmentRef: string, sequence: number) => ({
    pk: `OPENDELIVERIES#${webhookId}#${consignmentRef}`,
    sk: String(sequence).padStart(8, '0'),
  }),
  openDeliveries: (webhookId: string, consignmentRef: string) =>
    `OPENDELIVERIES#${webhookId}#${consignmentRef}`,
  callbackSequence: (consignmentRef: string) => ({ pk: `CALLBACKSEQ#${consignmentRef}`, sk: 'SEQUENCE' }),
  eventSequence: (eventId: string) => ({ pk: `EVENTSEQ#${eventId}`, sk: 'SEQUENCE' }),
  /** An agency's dossiers by the day they were registered (gsi1). */
  agencyDossiersOfDay: (agencyCode: string, day: string) => `AGENCY#${agencyCode}#${day}`,
  /** An agency's dossiers in one status, by the month they were registered (gsi2). */
  agencyDossiersInStatus: (agencyCode: string, status: string, month: string) =>
    `AGENCYSTATUS#${agencyCode}#${status}#${month}`,
  /** The dossiers of one applicant's phone (gsi3), by a hash of the number; removed on erasure. */
  dossiersOfPhone: (phoneHash: string) => `DOSSIERPHONE#${phoneHash}`,
  /** An agency's receipts of one day (gsi1), and a dossier's receipts (gsi2). */
  agencyReceiptsOfDay: (agencyCode: string, day: string) => `RECEIPTS#${agencyCode}#${day}`,
  receiptsOfDossier: (dossierRef: string) => `RECEIPTSOF#${dossierRef}`,
  /** The statuses a one-stop-shop system pushed on one day, one record per dossier. */
  pushedStatus: (agencyCode: string, day: string, dossierCode: string) => ({
    pk: `OSSPUSH#${agencyCode}#${day}`,
    sk: dossierCode,
  }),
  pushedStatuses: (agencyCode: string, day: string) => `OSSPUSH#${agencyCode}#${day}`,
  reconciliationReport: (reportId: string) => ({ pk: `OSSRECON#${reportId}`, sk: 'REPORT' }),
  /** A report's discrepancies, in parts that each stay far below DynamoDB's 400 KB item limit. */
  reconciliationReportPart: (reportId: string, part: number) => ({
    pk: `OSSRECON#${reportId}`,
    sk: `PART#${String(part).padStart(4, '0')}`,
  }),
  reconciliationReportPartition: (reportId: string) => `OSSRECON#${reportId}`,
  /** An agency's reports, newest first (gsi1). */
  agencyReports: (agencyCode: string) => `OSSRECONS#${agencyCode}`,
  /** A ledger transfer: exists at most once, its id the idempotency key. */
  transfer: (transferId: string) => ({ pk: `TRANSFER#${transferId}`, sk: 'TRANSFER' }),
  /** An account's entries of one month, by time. */
  entry: (account: string, month: string, entry: { at: string; transferId: string; side: string }) => ({
    pk: `ENTRIES#${account}#${month}`,
    sk: `${new Date(entry.at).toISOString()}#${entry.transferId}#${entry.side}`,
  }),
  entriesPartition: (account: string, month: string) => `ENTRIES#${account}#${month}`,
  /** One of an account's balance shards. */
  balanceShard: (account: string, shard: number) => ({ pk: `ACCOUNT#${account}`, sk: `BALANCE#${shard}` }),
  balanceShardPrefix: 'BALANCE#',
  accountPartition: (account: string) => `ACCOUNT#${account}`,
  /** What the ledger recorded of one fact of an item, in the item's partition. */
  ledgerMark: (itemCode: string, factId: string) => ({ pk: `ITEM#${itemCode}`, sk: `LEDGER#${factId}` }),
  ledgerMarkPrefix: 'LEDGER#',
  /** Facts with money collected at an office on one day (gsi1, on the fact rows): what the facts-to-ledger check walks. */
  collectedOfDay: (postOfficeCode: string, day: string) => `COLLECTED#${postOfficeCode}#${day}`,
  /** Collections the facts-to-ledger check booked, per agency and month collected. */
  collectionRepair: (
    agencyCode: string,
    month: string,
    collectedAt: string,
    itemCode: string,
    factId: string,
  ) => ({
    pk: `REPAIRS#${agencyCode}#${month}`,
    sk: `${collectedAt}#${itemCode}#${factId}`,
  }),
  collectionRepairs: (agencyCode: string, month: string) => `REPAIRS#${agencyCode}#${month}`,
  /** Claims that an item's debt was already recorded: an item owes once. */
  itemDue: (itemCode: string) => ({ pk: `ITEM#${itemCode}`, sk: 'FINANCE#DUE' }),
  /** What the bank confirmed of an item's VietQR payments so far. */
  itemBank: (itemCode: string) => ({ pk: `ITEM#${itemCode}`, sk: 'FINANCE#BANK' }),
  /** An agency's finance lines of one day, sorted by item code or reference. */
  financeDay: (agencyCode: string, day: string) => `FINDAY#${agencyCode}#${day}`,
  remittance: (reference: string) => ({ pk: `REMITTANCE#${reference}`, sk: 'REMITTANCE' }),
  /** An agency's remittances of one month (gsi1), by period start. */
  agencyRemittances: (agencyCode: string, month: string) => `REMITTANCES#${agencyCode}#${month}`,
  /** One day of an agency's fees remitted: no day is remitted twice. */
  remittedDay: (agencyCode: string, day: string) => ({ pk: `REMITTED#${agencyCode}#${day}`, sk: 'REMITTED' }),
  handin: (handinId: string) => ({ pk: `HANDIN#${handinId}`, sk: 'HANDIN' }),
  /** An office's cash hand-ins of one month (gsi1), by time. */
  officeHandins: (postOfficeCode: string, month: string) => `HANDINS#${postOfficeCode}#${month}`,
  bankLine: (lineId: string) => ({ pk: `BANKLINE#${lineId}`, sk: 'BANKLINE' }),
  /** A receipt series' counter: the last number issued. */
  receiptCounter: (series: string) => ({ pk: `RECEIPTSERIES#${series}`, sk: 'COUNTER' }),
  receipt: (series: string, number: number) => ({
    pk: `RECEIPT#${series}`,
    sk: String(number).padStart(7, '0'),
  }),
  /** A receipt by its lookup code (gsi3). */
  receiptLookup: (lookupCode: string) => `RECEIPTLOOKUP#${lookupCode}`,
  /** Which receipt a collection got: a collection is receipted once. */
  receiptFor: (sourceId: string) => ({ pk: `RECEIPTFOR#${sourceId}`, sk: 'RECEIPTFOR' }),
  /** Receipt series letters belong to one agency. */
  receiptLetters: (letters: string) => ({ pk: `RECEIPTLETTERS#${letters}`, sk: 'RECEIPTLETTERS' }),
  /** The nightly reconciliation of an agency's day. */
  dailyReconciliation: (agencyCode: string, day: string) => ({
    pk: `FINRECON#${agencyCode}`,
    sk: `DAY#${day}`,
  }),
  /** A flagged fact a supervisor works (`anomalies.ts`). */
  anomaly: (anomalyId: string) => ({ pk: `ANOMALY#${anomalyId}`, sk: 'ANOMALY' }),
  /** An office's anomalies in one status, by when they were raised (gsi1 for one office, gsi2 for the other). */
  officeAnomalies: (postOfficeCode: string, status: string) => `ANOMALIES#${postOfficeCode}#${status}`,
} as const;

/** The `entity` attribute on every record: what kind of record it is. */
export const ENTITY = {
  dossier: 'dossier',
  dossierCode: 'dossier-code',
  event: 'event',
  idempotency: 'idempotency',
  trackingGuesses: 'tracking-guesses',
  audit: 'personal-data-read',
  agencyClient: 'agency-client',
  notification: 'notification',
  notificationPreference: 'notification-preference',
  notificationMessage: 'notification-message',
  item: 'item',
  fact: 'fact',
  worklistEntry: 'worklist-entry',
  series: 's10-series',
  postOffice: 'post-office',
  agency: 'agency',
  commune: 'commune',
  manifest: 'manifest',
  webhook: 'webhook',
  delivery: 'delivery',
  openDelivery: 'open-delivery',
  sequence: 'sequence',
  pushedStatus: 'pushed-status',
  reconciliation: 'reconciliation',
  reconciliationPart: 'reconciliation-part',
  transfer: 'transfer',
  entry: 'entry',
  balance: 'balance',
  ledgerMark: 'ledger-mark',
  itemDue: 'item-due',
  collectionRepair: 'collection-repair',
  itemBank: 'item-bank',
  financeLine: 'finance-line',
  remittance: 'remittance',
  remittedDay: 'remitted-day',
  handin: 'cash-handin',
  bankLine: 'bank-line',
  receiptCounter: 'receipt-counter',
  receipt: 'receipt',
  receiptFor: 'receipt-for',
  receiptLetters: 'receipt-letters',
  dailyReconciliation: 'daily-reconciliation',
  anomaly: 'anomaly',
  rating: 'rating',
  reportSubscription: 'report-subscription',
  indicatorDay: 'indicator-day',
  indicatorCounted: 'indicator-counted',
} as const;
