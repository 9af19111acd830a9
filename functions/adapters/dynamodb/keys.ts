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
} as const;

/** The `entity` attribute on every record: what kind of record it is. */
export const ENTITY = {
  dossier: 'dossier',
  dossierCode: 'dossier-code',
  event: 'event',
  idempotency: 'idempotency',
  notification: 'notification',
} as const;
