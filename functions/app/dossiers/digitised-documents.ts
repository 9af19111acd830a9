/**
 * Scans of a dossier's documents: a presigned upload for one scan, the scan attached once the
 * system has read the stored object and found it whole (size, kind, SHA-256), and a
 * short-lived download for the dossier's agency and offices.
 */
import {
  assertMayAttach,
  attachDocument,
  DigitisedRefusal,
  digitisedKey,
  MAX_DIGITISED_BYTES,
  planUpload,
  type StoredObject,
  verifyStored,
} from '../../domain/digitised-documents.ts';
import type { DigitisedContentType, DigitisedDocument, Dossier } from '../../domain/dossiers.ts';
import { DomainRefusal } from '../../domain/refusal.ts';
import { findDossier, retryStale } from './open-dossier.ts';
import type { DossierAccess, DossierPorts } from './ports.ts';

/** Where the scans are kept: the documents bucket, reached through presigned requests. */
export interface DigitisedStorage {
  /** A presigned POST for one object of that type and at most that size, under that key. */
  presignUpload(input: {
    readonly key: string;
    readonly contentType: DigitisedContentType;
    readonly maxBytes: number;
  }): Promise<{ url: string; fields: Readonly<Record<string, string>>; expiresAt: string }>;
  /** Reads the stored object whole (past `maxBytes` it stops and says so); null when there is none. */
  read(key: string, maxBytes: number): Promise<StoredObject | null>;
  presignDownload(key: string): Promise<{ url: string; expiresAt: string }>;
}

export interface DigitisedPorts extends Pick<DossierPorts, 'dossiers'> {
  readonly storage: DigitisedStorage;
}

export async function requestDigitisedUpload(
  ports: DigitisedPorts,
  input: {
    readonly dossierRef: string;
    readonly mayAccess: DossierAccess;
    readonly documentName: string;
    readonly contentType: string;
    readonly sizeBytes: number;
    readonly uuid: string;
  },
) {
  const { dossier } = await findDossier(ports, input.dossierRef, input.mayAccess);
  const planned = planUpload(dossier, input, input.uuid);
  const upload = await ports.storage.presignUpload({
    key: planned.key,
    contentType: planned.contentType,
    maxBytes: MAX_DIGITISED_BYTES,
  });
  return {
    documentId: planned.documentId,
    consignmentRef: dossier.consignmentRef,
    upload: { url: upload.url, method: 'POST' as const, fields: upload.fields },
    expiresAt: upload.expiresAt,
    maxBytes: MAX_DIGITISED_BYTES,
  };
}

export interface AttachInput {
  readonly dossierRef: string;
  readonly mayAccess: DossierAccess;
  readonly documentId: string;
  readonly documentName: string;
  readonly sha256: string;
  readonly capturedAt: DigitisedDocument['capturedAt'];
  readonly attachedBy: DigitisedDocument['attachedBy'];
  readonly now: Date;
}

/**
 * Attaches an uploaded scan: the stored object is read and checked before anything is
 * written; a scan attached already is answered as it is.
 */
export async function attachDigitisedDocument(
  ports: DigitisedPorts,
  input: AttachInput,
): Promise<AttachOutcome> {
  const found = await findDossier(ports, input.dossierRef, input.mayAccess);
  const attached = found.dossier.digitisedDocuments?.find((one) => one.documentId === input.documentId);
  if (attached) return outcomeOf(found.dossier, attached, false);
  assertMayAttach(found.dossier, input.documentName);
  const key = digitisedKey(found.dossier.consignmentRef, input.documentId);
  const stored = await ports.storage.read(key, MAX_DIGITISED_BYTES);
  const contentType = verifyStored(input.documentId, input.sha256, stored);
  if (!stored) throw new DigitisedRefusal('digitised-document-not-uploaded', `Nothing at ${key}`);
  return retryStale(async () => {
    const current = await findDossier(ports, input.dossierRef, input.mayAccess);
    const change = attachDocument(
      current.dossier,
      {
        documentId: input.documentId,
        documentName: input.documentName,
        contentType,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        capturedAt: input.capturedAt,
        attachedBy: input.attachedBy,
      },
      input.now,
    );
    if (change) await ports.dossiers.recordChange(change);
    const dossier = change?.dossier ?? current.dossier;
    const document = dossier.digitisedDocuments?.find((one) => one.documentId === input.documentId);
    if (!document) throw new Error(`Scan ${input.documentId} was attached but is not on the dossier`);
    return outcomeOf(dossier, document, change !== null);
  });
}

export interface AttachOutcome {
  readonly attached: boolean;
  readonly consignmentRef: string;
  readonly dossierCode: string | null;
  readonly document: DigitisedDocument;
  readonly digitisedDocuments: readonly DigitisedDocument[];
}

const outcomeOf = (dossier: Dossier, document: DigitisedDocument, attached: boolean): AttachOutcome => ({
  attached,
  consignmentRef: dossier.consignmentRef,
  dossierCode: dossier.dossierCode,
  document,
  digitisedDocuments: dossier.digitisedDocuments ?? [],
});

/** A short-lived download of one attached scan. */
export async function digitisedDownload(
  ports: DigitisedPorts,
  input: { readonly dossierRef: string; readonly mayAccess: DossierAccess; readonly documentId: string },
) {
  const { dossier } = await findDossier(ports, input.dossierRef, input.mayAccess);
  const document = dossier.digitisedDocuments?.find((one) => one.documentId === input.documentId);
  if (!document)
    throw new DomainRefusal('not-found', `Dossier ${input.dossierRef} carries no scan ${input.documentId}`);
  const download = await ports.storage.presignDownload(
    digitisedKey(dossier.consignmentRef, document.documentId),
  );
  return { ...download, method: 'GET' as const, document };
}
