/**
 * The lists the console pages read, each a page at a time with an opaque cursor: an agency's
 * dossiers by status and registration date, the dossiers of an applicant's phone, a callback
 * subscription's recent deliveries, and the receipts search.
 */
import * as z from 'zod';
import { RECEIPT_SERIES_PATTERN } from '../functions/domain/money/receipts.ts';
import { AgencyCodeSchema, DossierRefSchema, PhoneSchema, schema, TimestampSchema } from './common.ts';
import { DossierStatusSchema } from './dossiers.ts';
import { ReceiptSchema } from './finance.ts';

/** The widest date range one list reads: a month. */
export const MAX_LIST_RANGE_DAYS = 31;
/** The most rows one page of a list answers. */
export const MAX_LIST_PAGE = 100;

const limit = () => z.coerce.number().int().min(1).max(MAX_LIST_PAGE).default(50);
const cursor = () => z.string().max(1500).optional().describe('The `next` of the previous page');
const DaySchema = /* @__PURE__ */ z.iso.date();

const DAY_MS = 86_400_000;
const rangeDays = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
const RANGE_MESSAGE = 'from must not be after to, and the range at most 31 days';
const rangeHolds = (query: { from?: string | undefined; to?: string | undefined }): boolean =>
  query.from === undefined ||
  query.to === undefined ||
  (rangeDays(query.from, query.to) >= 1 && rangeDays(query.from, query.to) <= MAX_LIST_RANGE_DAYS);

export const AgencyDossiersParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({ agencyCode: AgencyCodeSchema }),
);

export const AgencyDossiersQuerySchema = /* @__PURE__ */ schema(() =>
  z
    .object({
      status: DossierStatusSchema.optional(),
      from: DaySchema.describe('First day of registration (Vietnam time)'),
      to: DaySchema.describe('Last day of registration (Vietnam time)'),
      limit: limit(),
      cursor: cursor(),
    })
    .refine(rangeHolds, { message: RANGE_MESSAGE }),
);

export const PhoneDossiersQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({ phone: PhoneSchema.describe("The applicant's phone number"), limit: limit(), cursor: cursor() }),
);

export const DossierSummarySchema = /* @__PURE__ */ z
  .object({
    consignmentRef: z.string(),
    dossierCode: z.string().nullable(),
    status: z.string(),
    procedureName: z.string(),
    agency: z.object({ code: z.string(), name: z.string() }),
    applicantName: z.string(),
    phone: z.string(),
    items: z.array(z.object({ itemCode: z.string(), direction: z.enum(['inbound', 'outbound']) })),
    registeredAt: TimestampSchema,
    updatedAt: TimestampSchema,
    submittedAt: TimestampSchema.optional(),
  })
  .meta({ id: 'DossierSummary' });

export const DossierListSchema = /* @__PURE__ */ z
  .object({ dossiers: z.array(DossierSummarySchema), next: z.string().optional() })
  .meta({ id: 'DossierList' });

export const DeliveriesQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    days: z.coerce.number().int().min(1).max(30).default(7).describe('How many days back, today included'),
    limit: limit(),
    cursor: cursor(),
  }),
);

export const DeliveryParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({
    webhookId: z.string().regex(/^wh_[0-9a-z]{16}$/),
    eventId: z.string().regex(/^[0-9A-Za-z_-]{1,80}$/, 'Expected an event id'),
  }),
);

export const DeliverySummarySchema = /* @__PURE__ */ z
  .object({
    eventId: z.string(),
    messageId: z.string(),
    eventType: z.string(),
    occurredAt: TimestampSchema,
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number().int(),
    nextAttemptAt: TimestampSchema,
    lastResult: z.string().optional(),
    deliveredAt: TimestampSchema.optional(),
  })
  .meta({ id: 'DeliverySummary' });

export const DeliveryListSchema = /* @__PURE__ */ z
  .object({ deliveries: z.array(DeliverySummarySchema), next: z.string().optional() })
  .meta({ id: 'DeliveryList' });

export const DeliveryReplayedSchema = /* @__PURE__ */ z
  .object({ replayed: z.literal(1), eventId: z.string() })
  .meta({ id: 'DeliveryReplayed' });

export const ReceiptSearchQuerySchema = /* @__PURE__ */ schema(() =>
  z
    .object({
      agencyCode: AgencyCodeSchema.optional(),
      from: DaySchema.optional().describe('First day of issue (Vietnam time), with agencyCode'),
      to: DaySchema.optional().describe('Last day of issue (Vietnam time), with agencyCode'),
      dossierRef: DossierRefSchema.optional(),
      series: z.string().regex(RECEIPT_SERIES_PATTERN, 'Expected a receipt series such as HNTP26').optional(),
      number: z.coerce.number().int().min(1).max(9_999_999).optional(),
      limit: limit(),
      cursor: cursor(),
    })
    .refine(
      (query) =>
        [
          query.series !== undefined && query.number !== undefined,
          query.dossierRef !== undefined,
          query.agencyCode !== undefined && query.from !== undefined && query.to !== undefined,
        ].filter(Boolean).length === 1,
      {
        message: 'Search by series and number, by dossierRef, or by agencyCode with from and to: one of them',
      },
    )
    .refine(rangeHolds, { message: RANGE_MESSAGE }),
);

export const ReceiptListSchema = /* @__PURE__ */ z
  .object({ receipts: z.array(ReceiptSchema), next: z.string().optional() })
  .meta({ id: 'ReceiptList' });
