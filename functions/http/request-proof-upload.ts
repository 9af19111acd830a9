/**
 * POST /v1/items/{itemCode}/proofs — where the delivering office uploads a photo or signature
 * of the handover; GET /v1/items/{itemCode}/proofs/{proofFile} — a short-lived download of one
 * proof a scan of the item names, for the item's agency, its offices and finance.
 */
import { randomUUID } from 'node:crypto';
import { proofDownloadRoute, requestProofUploadRoute } from '../../schemas/routes.ts';
import { itemStore } from '../adapters/index.ts';
import { assertActsForOffice, assertCanAccess } from '../commons/auth/scope.ts';
import { bucketName } from '../commons/clients.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute, routeTable } from '../commons/http/route.ts';
import { s3UploadSigner } from '../commons/s3-presign.ts';

export const PROOF_UPLOAD_EXPIRY_SECONDS = 15 * 60;
export const MAX_PROOF_BYTES = 5 * 1024 * 1024;
const EXTENSION = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
} as const;

export const proofKeyPrefix = (itemCode: string): string => `proofs/${itemCode}/`;

export const PROOF_DOWNLOAD_EXPIRY_SECONDS = 5 * 60;

const upload = httpRoute(requestProofUploadRoute, async ({ params, body, caller }) => {
  const snapshot = await itemStore().load(params.itemCode);
  if (!snapshot) throw new HttpProblem('not-found', `No item ${params.itemCode}`);
  assertActsForOffice(caller, snapshot.item.destinationOfficeCode);
  const photoKey = `${proofKeyPrefix(params.itemCode)}${body.kind}-${randomUUID()}.${EXTENSION[body.contentType]}`;
  // The policy binds the key, the content type and the size: S3 refuses any other upload.
  const upload = await s3UploadSigner().presignPost({
    bucket: bucketName(),
    key: photoKey,
    contentType: body.contentType,
    maxBytes: MAX_PROOF_BYTES,
    expiresInSeconds: PROOF_UPLOAD_EXPIRY_SECONDS,
  });
  return {
    status: 201,
    body: {
      photoKey,
      upload: { url: upload.url, method: 'POST' as const, fields: upload.fields },
      // The presigned upload's own expiry: real time, as S3 checks it.
      expiresAt: new Date(Date.now() + PROOF_UPLOAD_EXPIRY_SECONDS * 1000).toISOString(),
      maxBytes: MAX_PROOF_BYTES,
    },
  };
});

const download = httpRoute(proofDownloadRoute, async ({ params, caller }) => {
  const snapshot = await itemStore().load(params.itemCode);
  if (!snapshot) throw new HttpProblem('not-found', `No item ${params.itemCode}`);
  const { item, facts } = snapshot;
  assertCanAccess(
    caller,
    { agencyCode: item.agencyCode, postOfficeCodes: [item.originOfficeCode, item.destinationOfficeCode] },
    'item',
  );
  const key = `${proofKeyPrefix(params.itemCode)}${params.proofFile}`;
  const named = facts.some((fact) => fact.proof?.photoKey === key || fact.proof?.letterPhotoKey === key);
  if (!named)
    throw new HttpProblem('not-found', `No scan of ${params.itemCode} names the proof ${params.proofFile}`);
  const url = await s3UploadSigner().presignGet({
    bucket: bucketName(),
    key,
    expiresInSeconds: PROOF_DOWNLOAD_EXPIRY_SECONDS,
  });
  return {
    status: 200,
    body: {
      url,
      method: 'GET' as const,
      expiresAt: new Date(Date.now() + PROOF_DOWNLOAD_EXPIRY_SECONDS * 1000).toISOString(),
    },
  };
});

export const handler = routeTable(upload, download);
