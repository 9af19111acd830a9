/** Scans of a dossier's documents (digitised dossiers): upload, attach, download. */
import * as z from 'zod';
import type { DigitisedDocument } from '../functions/domain/dossiers.ts';
import { DossierRefSchema, schema, TimestampSchema, text } from './common.ts';

export const Sha256HexSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'Expected the SHA-256 as 64 hexadecimal digits');

export const DigitisedDocumentIdSchema = /* @__PURE__ */ z
  .string()
  .regex(/^[0-9a-f-]{36}\.(pdf|jpg)$/, 'Expected the documentId an upload answered');

export const DigitisedDocumentSchema = /* @__PURE__ */ z
  .object({
    documentId: DigitisedDocumentIdSchema,
    documentName: z.string().describe("The document's name as the consignment slip lists it"),
    contentType: z.enum(['application/pdf', 'image/jpeg']),
    sizeBytes: z.number().int().positive(),
    sha256: z.string().describe('Hex SHA-256 of the stored object, computed by the system'),
    capturedAt: z.enum(['pickup', 'counter']),
    attachedAt: TimestampSchema,
    attachedBy: z.object({ subject: z.string(), postOfficeCode: z.string().nullable() }),
  })
  .meta({ id: 'DigitisedDocument' }) satisfies z.ZodType<DigitisedDocument>;

export const DigitisedParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({ dossierRef: DossierRefSchema, documentId: DigitisedDocumentIdSchema }),
);

export const DigitisedUploadRequestSchema = /* @__PURE__ */ z
  .object({
    documentName: text(300).describe("The document's name as the consignment slip lists it"),
    contentType: z
      .string()
      .max(100)
      .describe('application/pdf or image/jpeg; anything else is refused (digitised-document-wrong-type)'),
    sizeBytes: z
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .describe('The size of the file to upload; over maxBytes is refused (digitised-document-too-large)'),
  })
  .meta({ id: 'DigitisedUploadRequest' });

export const DigitisedUploadSchema = /* @__PURE__ */ z
  .object({
    documentId: DigitisedDocumentIdSchema,
    consignmentRef: z.string(),
    upload: z
      .object({ url: z.url(), method: z.literal('POST'), fields: z.record(z.string(), z.string()) })
      .describe(
        'A presigned POST: send multipart/form-data with every field, then the file as `file`; S3 refuses another content type, an empty file or one over maxBytes',
      ),
    expiresAt: TimestampSchema,
    maxBytes: z.number().int(),
  })
  .meta({ id: 'DigitisedUpload' });

export const AttachDigitisedSchema = /* @__PURE__ */ z
  .object({
    documentId: DigitisedDocumentIdSchema,
    documentName: text(300).describe('The same name the upload was asked for'),
    sha256: Sha256HexSchema.describe(
      "The file's SHA-256 as the scanner computed it; the system reads the stored object and refuses a mismatch",
    ),
    capturedAt: z.enum(['pickup', 'counter']).describe('Scanned at pickup or at the one-stop counter'),
  })
  .meta({ id: 'AttachDigitised' });

export const DigitisedDownloadSchema = /* @__PURE__ */ z
  .object({
    url: z.url(),
    method: z.literal('GET'),
    expiresAt: TimestampSchema,
    document: DigitisedDocumentSchema,
  })
  .meta({ id: 'DigitisedDownload' });

export const DigitisedAttachedSchema = /* @__PURE__ */ z
  .object({
    attached: z.boolean().describe('False when this scan was attached before (nothing changed)'),
    consignmentRef: z.string(),
    dossierCode: z.string().nullable(),
    document: DigitisedDocumentSchema,
    digitisedDocuments: z.array(DigitisedDocumentSchema),
  })
  .meta({ id: 'DigitisedAttached' });
