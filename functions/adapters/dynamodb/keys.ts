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
  notification: (eventId: string) => ({ pk: `NOTIFICATION#${eventId}`, sk: 'NOTIFICATION' }),
  item: (itemCode: string) => ({ pk: `ITEM#${itemCode}`, sk: 'ITEM' }),
  itemFact: (itemCode: string, factId: string) => ({ pk: `ITEM#${itemCode}`, sk: `FACT#${factId}` }),
  itemPartition: (itemCode: string) => `ITEM#${itemCode}`,
  /** Worklist index (gsi1): the items waiting at an office, by due time. */
  worklist: (postOfficeCode: string) => `WORKLIST#${postOfficeCode}`,
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
  callbackSequence: (consignmentRef: string) => ({ pk: `CALLBACKSEQ#${consignmentRef}`, sk: 'SEQUENCE' }),
  eventSequence: (eventId: string) => ({ pk: `EVENTSEQ#${eventId}`, sk: 'SEQUENCE' }),
  /** An agency's dossiers by the day they were registered (gsi1). */
  agencyDossiersOfDay: (agencyCode: string, day: string) => `AGENCY#${agencyCode}#${day}`,
  /** The statuses a one-stop-shop system pushed on one day, one record per dossier. */
  pushedStatus: (agencyCode: string, day: string, dossierCode: string) => ({
    pk: `OSSPUSH#${agencyCode}#${day}`,
    sk: dossierCode,
  }),
  pushedStatuses: (agencyCode: string, day: string) => `OSSPUSH#${agencyCode}#${day}`,
  reconciliationReport: (reportId: string) => ({ pk: `OSSRECON#${reportId}`, sk: 'REPORT' }),
  /** An agency's reports, newest first (gsi1). */
  agencyReports: (agencyCode: string) => `OSSRECONS#${agencyCode}`,
} as const;

/** The `entity` attribute on every record: what kind of record it is. */
export const ENTITY = {
  dossier: 'dossier',
  dossierCode: 'dossier-code',
  event: 'event',
  idempotency: 'idempotency',
  notification: 'notification',
  item: 'item',
  fact: 'fact',
  series: 's10-series',
  postOffice: 'post-office',
  agency: 'agency',
  commune: 'commune',
  manifest: 'manifest',
  webhook: 'webhook',
  delivery: 'delivery',
  sequence: 'sequence',
  pushedStatus: 'pushed-status',
  reconciliation: 'reconciliation',
} as const;
