/**
 * Scans of a dossier's documents. POST …/digitised-documents/uploads — a presigned upload for
 * one scan; POST …/digitised-documents — attach it once uploaded (the stored object is read and
 * its SHA-256 checked); GET …/digitised-documents/{documentId} — a five-minute download, for the
 * dossier's agency, its offices and finance.
 */
import { randomUUID } from 'node:crypto';
import {
  attachDigitisedRoute,
  digitisedDownloadRoute,
  requestDigitisedUploadRoute,
} from '../../schemas/routes.ts';
import { dossierStore } from '../adapters/index.ts';
import { S3DigitisedStorage } from '../adapters/s3/digitised-storage.ts';
import {
  attachDigitisedDocument,
  type DigitisedPorts,
  digitisedDownload,
  requestDigitisedUpload,
} from '../app/dossiers/digitised-documents.ts';
import { dossierAccess } from '../commons/auth/scope.ts';
import { bucketName } from '../commons/clients.ts';
import { systemNow } from '../commons/clock.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { s3UploadSigner } from '../commons/s3-presign.ts';

let storage: S3DigitisedStorage | undefined;
const ports = (): DigitisedPorts => {
  storage ??= new S3DigitisedStorage(s3UploadSigner(), bucketName());
  return { dossiers: dossierStore(), storage };
};

const upload = httpRoute(requestDigitisedUploadRoute, async ({ params, body, caller }) => {
  const answer = await requestDigitisedUpload(ports(), {
    dossierRef: params.dossierRef,
    mayAccess: dossierAccess(caller),
    ...body,
    uuid: randomUUID(),
  });
  return { status: 201, body: answer };
});

const attach = httpRoute(attachDigitisedRoute, async ({ params, body, caller }) => {
  const outcome = await attachDigitisedDocument(ports(), {
    dossierRef: params.dossierRef,
    mayAccess: dossierAccess(caller),
    ...body,
    attachedBy: { subject: caller.subject, postOfficeCode: caller.postOfficeCode ?? null },
    now: systemNow(),
  });
  return { status: outcome.attached ? 201 : 200, body: outcome };
});

const download = httpRoute(digitisedDownloadRoute, async ({ params, caller }) => {
  const answer = await digitisedDownload(ports(), {
    dossierRef: params.dossierRef,
    mayAccess: dossierAccess(caller),
    documentId: params.documentId,
  });
  return { status: 200, body: answer };
});

export const handler = routeTable(upload, attach, download);
