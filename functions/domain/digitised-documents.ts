/**
 * Digitised dossiers (Decree 107/2021): at pickup or at the counter, postal staff scan the
 * documents the consignment slip lists and attach the scans to the dossier, so that the
 * electronic copy travels with the paper and is kept as long as the dossier. Each scan is
 * recorded with the SHA-256 of the stored object (computed by the system, never taken from
 * the client), the slip's name of the document, who attached it and when.
 */
import {
  change,
  type DigitisedContentType,
  type DigitisedDocument,
  type Dossier,
  type Registration,
} from './dossiers.ts';
import { DigitisedRefusal } from './refusal.ts';

export type { DigitisedContentType, DigitisedDocument };
export { DigitisedRefusal };

export const DIGITISED_CONTENT_TYPES = [
  'application/pdf',
  'image/jpeg',
] as const satisfies readonly DigitisedContentType[];

/** The largest scan S3 takes and the system attaches: 10 MB, a multi-page A4 PDF at 300 dpi. */
export const MAX_DIGITISED_BYTES = 10 * 1024 * 1024;
/** Scans one dossier carries at most: the slip lists 50 documents at most, most one page. */
export const MAX_DIGITISED_PER_DOSSIER = 30;
/** Where the scans of a dossier live in the documents bucket. */
export const DIGITISED_KEY_PREFIX = 'dossier-scans/';

const EXTENSION: Readonly<Record<DigitisedContentType, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
};

export const digitisedKeyPrefix = (consignmentRef: string): string =>
  `${DIGITISED_KEY_PREFIX}${consignmentRef}/`;

export const digitisedKey = (consignmentRef: string, documentId: string): string =>
  `${digitisedKeyPrefix(consignmentRef)}${documentId}`;

const DOCUMENT_ID_PATTERN = /^[0-9a-f-]{36}\.(pdf|jpg)$/;

/** The content type a document id's extension names; null for an id the system did not make. */
export function contentTypeOfId(documentId: string): DigitisedContentType | null {
  const match = DOCUMENT_ID_PATTERN.exec(documentId);
  if (!match) return null;
  return match[1] === 'pdf' ? 'application/pdf' : 'image/jpeg';
}

export const newDocumentId = (uuid: string, contentType: DigitisedContentType): string =>
  `${uuid}.${EXTENSION[contentType]}`;

const attachedOf = (dossier: Pick<Dossier, 'digitisedDocuments'>): readonly DigitisedDocument[] =>
  dossier.digitisedDocuments ?? [];

/** What every scan of this dossier must satisfy before it is uploaded or attached. */
export function assertMayAttach(dossier: Dossier, documentName: string): void {
  if (dossier.status === 'cancelled') {
    throw new DigitisedRefusal('dossier-cancelled', `Dossier ${dossier.consignmentRef} was cancelled`);
  }
  if (!dossier.documents.some((document) => document.name === documentName)) {
    throw new DigitisedRefusal(
      'document-not-on-slip',
      `The consignment slip of ${dossier.consignmentRef} lists no document named "${documentName}"`,
    );
  }
  if (attachedOf(dossier).length >= MAX_DIGITISED_PER_DOSSIER) {
    throw new DigitisedRefusal(
      'too-many-digitised-documents',
      `Dossier ${dossier.consignmentRef} already carries ${MAX_DIGITISED_PER_DOSSIER} scans, the most it may`,
    );
  }
}

const isDigitisedType = (contentType: string): contentType is DigitisedContentType =>
  (DIGITISED_CONTENT_TYPES as readonly string[]).includes(contentType);

/** The key a new scan of the dossier is uploaded to, once the dossier may take it. */
export function planUpload(
  dossier: Dossier,
  request: { readonly documentName: string; readonly contentType: string; readonly sizeBytes: number },
  uuid: string,
): { readonly documentId: string; readonly key: string; readonly contentType: DigitisedContentType } {
  const { contentType, sizeBytes } = request;
  if (!isDigitisedType(contentType))
    throw new DigitisedRefusal(
      'digitised-document-wrong-type',
      `A scan is a PDF (application/pdf) or a JPEG (image/jpeg), not ${contentType}`,
    );
  if (sizeBytes > MAX_DIGITISED_BYTES)
    throw new DigitisedRefusal(
      'digitised-document-too-large',
      `A scan is at most ${MAX_DIGITISED_BYTES} bytes; this one is ${sizeBytes}`,
    );
  assertMayAttach(dossier, request.documentName);
  const documentId = newDocumentId(uuid, contentType);
  return { documentId, key: digitisedKey(dossier.consignmentRef, documentId), contentType };
}

/** What the system read of a stored object: its size, its hash and its first bytes. */
export interface StoredObject {
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly head: Uint8Array;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  prefix.every((byte, index) => bytes[index] === byte);

/** Whether the object's first bytes are what its content type says: `%PDF-`, or JPEG's SOI marker. */
export function looksLike(contentType: DigitisedContentType, head: Uint8Array): boolean {
  return contentType === 'application/pdf'
    ? startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])
    : startsWith(head, [0xff, 0xd8, 0xff]);
}

/** Checks the stored object against what the staff member declared; throws what is wrong. */
export function verifyStored(
  documentId: string,
  declaredSha256: string,
  stored: StoredObject | null,
): DigitisedContentType {
  const contentType = contentTypeOfId(documentId);
  if (!contentType || !stored || stored.sizeBytes === 0)
    throw new DigitisedRefusal('digitised-document-not-uploaded', `Nothing was uploaded as ${documentId}`);
  if (stored.sizeBytes > MAX_DIGITISED_BYTES)
    throw new DigitisedRefusal(
      'digitised-document-too-large',
      `${documentId} holds more than ${MAX_DIGITISED_BYTES} bytes`,
    );
  if (!looksLike(contentType, stored.head))
    throw new DigitisedRefusal(
      'digitised-document-wrong-type',
      `${documentId} is not a ${contentType === 'application/pdf' ? 'PDF' : 'JPEG'} file`,
    );
  if (stored.sha256 !== declaredSha256.toLowerCase())
    throw new DigitisedRefusal(
      'digitised-document-hash-mismatch',
      `The SHA-256 of the stored ${documentId} is ${stored.sha256}, not ${declaredSha256}`,
    );
  return contentType;
}

/** The API path of a scan's short-lived download, as callbacks link it (relative to the API's base URL). */
export const digitisedDocumentHref = (consignmentRef: string, documentId: string): string =>
  `/v1/dossiers/${consignmentRef}/digitised-documents/${documentId}`;

/** A scan as a callback carries it: its figures and the link to its download. */
export const documentLink = (consignmentRef: string, document: DigitisedDocument) => ({
  ...document,
  href: digitisedDocumentHref(consignmentRef, document.documentId),
});

/**
 * Attaches a verified scan to the dossier with its `dossier.documents-attached` event; null
 * when this object is attached already (a retry changes nothing).
 */
export function attachDocument(
  dossier: Dossier,
  document: Omit<DigitisedDocument, 'attachedAt'>,
  now: Date,
): Registration | null {
  const attached = attachedOf(dossier);
  if (attached.some((one) => one.documentId === document.documentId)) return null;
  assertMayAttach(dossier, document.documentName);
  const recorded: DigitisedDocument = { ...document, attachedAt: now.toISOString() };
  const digitisedDocuments = [...attached, recorded];
  return change(dossier, { digitisedDocuments }, 'dossier.documents-attached', now, {
    documents: [documentLink(dossier.consignmentRef, recorded)],
    digitisedDocuments: digitisedDocuments.length,
    // The dossier's first scan makes it a digitised dossier in the indicators.
    firstOfDossier: attached.length === 0,
  });
}
