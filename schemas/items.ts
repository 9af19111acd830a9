/** Items, scans and the worklist (API.md: Items and scans). */
import * as z from 'zod';
import { SCAN_TYPES } from '../functions/domain/items/lifecycle.ts';
import { FAILURE_ACTIONS, FAILURE_REASONS, type ScanInput } from '../functions/domain/items/scans.ts';
import {
  AmountVndSchema,
  LocalDateSchema,
  PostOfficeCodeSchema,
  schema,
  TimestampSchema,
  text,
} from './common.ts';
import { ItemCodeSchema } from './s10.ts';

export const MAX_SCANS_PER_REQUEST = 500;

export { FAILURE_ACTIONS, FAILURE_REASONS };

const StaffIdSchema = /* @__PURE__ */ schema(() => z.string().regex(/^[A-Za-z0-9._-]{1,40}$/));

export const ScanSchema = /* @__PURE__ */ z
  .object({
    scanId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, 'Expected 8 to 64 letters, digits, - or _ (a UUID fits)'),
    itemCode: ItemCodeSchema,
    type: z.enum(SCAN_TYPES),
    occurredAt: TimestampSchema,
    postOfficeCode: PostOfficeCodeSchema,
    staffId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,40}$/)
      .optional(),
    location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
    proof: z
      .object({
        recipientName: text(200),
        relation: z.enum(['self', 'authorised', 'family', 'other']),
        idLast4: z
          .string()
          .regex(/^\d{4}$/)
          .optional(),
        otp: z
          .string()
          .regex(/^\d{6}$/)
          .optional(),
        photoKey: z
          .string()
          .regex(/^proofs\/[A-Za-z0-9/._-]{1,200}$/)
          .optional(),
        letterPhotoKey: z
          .string()
          .regex(/^proofs\/[A-Za-z0-9/._-]{1,200}$/)
          .optional()
          .describe('The photographed authorisation letter: required when relation is "authorised"'),
      })
      .optional(),
    sealNumber: z
      .string()
      .regex(/^[A-Z0-9-]{3,30}$/, 'Expected the seal number: 3 to 30 capital letters, digits or -')
      .optional()
      .describe("The number on the package's seal, put on at pickup"),
    collected: z.object({ amount: AmountVndSchema.min(1), method: z.enum(['cash', 'vietqr']) }).optional(),
    failure: z.object({ reason: z.enum(FAILURE_REASONS), action: z.enum(FAILURE_ACTIONS) }).optional(),
  })
  .meta({ id: 'Scan' }) satisfies z.ZodType<ScanInput>;

export type { ScanInput };

/** The batch is checked as a whole only for its size; each scan gets its own answer. */
export const ScanBatchSchema = /* @__PURE__ */ z
  .object({
    scans: z.array(z.unknown()).min(1).max(MAX_SCANS_PER_REQUEST),
  })
  .meta({ id: 'ScanBatch' });

export const SCAN_OUTCOMES = ['accepted', 'duplicate', 'rejected', 'flagged'] as const;

export const ScanResultSchema = /* @__PURE__ */ schema(() =>
  z.object({
    scanId: z.string().nullable(),
    outcome: z.enum(SCAN_OUTCOMES),
    reason: z.string().optional(),
    itemStatus: z.string().optional(),
  }),
);

export const ScanBatchResultSchema = /* @__PURE__ */ z
  .object({ results: z.array(ScanResultSchema) })
  .meta({ id: 'ScanBatchResult' });

export const ItemTimelineEntrySchema = /* @__PURE__ */ schema(() =>
  z.object({
    scanId: z.string(),
    type: z.string(),
    emsevt: z.string(),
    occurredAt: TimestampSchema,
    receivedAt: TimestampSchema,
    postOfficeCode: z.string(),
    status: z.string(),
    anomaly: z.string().optional(),
    failure: z
      .object({ reason: z.string(), action: z.string(), upuReason: z.string(), upuAction: z.string() })
      .optional(),
    proof: z
      .object({
        method: z.enum(['delivery-code', 'id-check']),
        recipientName: z.string(),
        relation: z.string(),
        photoKey: z.string().optional(),
      })
      .optional(),
    location: z.object({ lat: z.number(), lng: z.number() }).optional(),
  }),
);

export const ItemViewSchema = /* @__PURE__ */ z
  .object({
    itemCode: z.string(),
    dossierCode: z.string().nullable(),
    consignmentRef: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    status: z.string(),
    originOfficeCode: z.string(),
    destinationOfficeCode: z.string(),
    routeClass: z.string(),
    dueAt: TimestampSchema.nullable(),
    late: z.boolean(),
    anomalies: z.number().int(),
    timeline: z.array(ItemTimelineEntrySchema),
  })
  .meta({ id: 'ItemView' });

export const ItemCodeParamsSchema = /* @__PURE__ */ z.object({ itemCode: ItemCodeSchema });

export const WorklistQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    postOfficeCode: PostOfficeCodeSchema.optional().describe("The caller's office when absent"),
    date: LocalDateSchema.optional().describe('Today in Vietnam when absent'),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
    staffId: StaffIdSchema.optional().describe("One staff member's tasks (supervisors); staff see their own"),
    late: z
      .enum(['true', 'false'])
      .optional()
      .describe(
        '`true`: only the tasks already past their due time, whatever day they fell due (`date` is ignored)',
      ),
  }),
);

export const RouteSheetQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    postOfficeCode: PostOfficeCodeSchema.optional().describe("The caller's office when absent"),
    date: LocalDateSchema.optional().describe('Today in Vietnam when absent'),
    staffId: StaffIdSchema.optional().describe("Whose round: the caller's when absent; staff only their own"),
  }),
);

export const WorklistAssignmentsSchema = /* @__PURE__ */ z
  .object({
    assignments: z
      .array(
        z.object({
          itemCode: ItemCodeSchema,
          staffId: StaffIdSchema.nullable().describe('null takes the task back'),
        }),
      )
      .min(1)
      .max(100),
  })
  .meta({ id: 'WorklistAssignments' });

export const WorklistAssignmentResultSchema = /* @__PURE__ */ z
  .object({
    results: z.array(
      z.object({
        itemCode: z.string(),
        outcome: z.enum(['assigned', 'refused']),
        staffId: z.string().nullable().optional(),
        reason: z.string().optional().describe('unknown-item, nothing-to-do, not-your-office, item-busy'),
      }),
    ),
  })
  .meta({ id: 'WorklistAssignmentResult' });

/** A half working day the citizen chose for the delivery. */
export const DeliveryWindowSchema = /* @__PURE__ */ z
  .object({
    day: LocalDateSchema.describe('A working day in Vietnam, YYYY-MM-DD'),
    part: z
      .enum(['morning', 'afternoon'])
      .describe('morning 07:30–11:30, afternoon 13:30–17:30, Vietnam time'),
  })
  .meta({ id: 'DeliveryWindow' });

export const WorklistEntrySchema = /* @__PURE__ */ schema(() =>
  z.object({
    itemCode: z.string(),
    kind: z
      .enum(['pickup', 'collection', 'delivery', 'held-at-office'])
      .describe(
        'Pick up at the citizen, collect a ready result at the agency, deliver it, or hand it over at the ' +
          "office's counter (held-at-office: the citizen chose to collect it; dueAt is the hold's end, after " +
          'which it goes back to the agency)',
      ),
    failedAttempts: z.number().int().describe('Failed delivery attempts so far'),
    dueAt: TimestampSchema,
    late: z.boolean(),
    dossierRef: z.string(),
    promisedDate: z
      .string()
      .nullable()
      .optional()
      .describe(
        'The day the agency promised the result to the citizen (ngày hẹn trả), YYYY-MM-DD; null when none',
      ),
    agencyCode: z.string().optional(),
    assignedStaffId: z.string().nullable().optional().describe('Whom a supervisor gave the task to'),
    deliveryWindow: DeliveryWindowSchema.nullable()
      .optional()
      .describe('The half-day the citizen chose for the delivery; null when none was chosen'),
    addressee: z
      .object({
        name: z.string(),
        phone: z.string(),
        addressLine: z.string(),
        communeCode: z.string(),
        communeName: z
          .string()
          .nullable()
          .describe(
            'The commune by name (since 1 July 2025); null when the list in force does not name the code',
          ),
      })
      .describe('Whom staff meet: the citizen at a pickup or a delivery, the one-stop shop at a collection'),
    collectAmountVnd: z.number().int(),
    vietqr: z
      .string()
      .nullable()
      .describe(
        'VietQR payload for the exact amount, the item code as transfer content; null when nothing is owed',
      ),
  }),
);

export const WorklistSchema = /* @__PURE__ */ z
  .object({
    postOfficeCode: z.string(),
    date: z.string(),
    entries: z.array(WorklistEntrySchema),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'Worklist' });

export const ProofParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({
    itemCode: ItemCodeSchema,
    proofFile: z.string().regex(/^[A-Za-z0-9._-]{1,120}$/, 'Expected the file name of a proof key'),
  }),
);

export const ProofDownloadSchema = /* @__PURE__ */ z
  .object({ url: z.url(), method: z.literal('GET'), expiresAt: TimestampSchema })
  .meta({ id: 'ProofDownload' });

export const ProofUploadRequestSchema = /* @__PURE__ */ z
  .object({
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']),
    kind: z.enum(['photo', 'signature']),
  })
  .meta({ id: 'ProofUploadRequest' });

export const ProofUploadSchema = /* @__PURE__ */ z
  .object({
    photoKey: z.string(),
    upload: z
      .object({
        url: z.url(),
        method: z.literal('POST'),
        fields: z.record(z.string(), z.string()),
      })
      .describe(
        'A presigned POST: send multipart/form-data with every field, then the file as `file`; S3 refuses another content type, an empty file or one over maxBytes',
      ),
    expiresAt: TimestampSchema,
    maxBytes: z.number().int(),
  })
  .meta({ id: 'ProofUpload' });
