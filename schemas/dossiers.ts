/** Dossiers registered for postal carriage (API.md: Dossiers). */
import * as z from 'zod';
import {
  DOSSIER_STATUSES,
  type PublicDossier,
  type RegisterDossierRequest,
} from '../functions/domain/dossiers.ts';
import { FAULT_PARTIES, MAX_RESEND_NOTE, RESEND_REASONS } from '../functions/domain/resend-record.ts';
import { CitizenChoiceSchema } from './citizens.ts';
import {
  AgencyCodeSchema,
  AmountVndSchema,
  CommuneCodeSchema,
  ConsignmentRefSchema,
  DossierCodeSchema,
  DossierRefSchema,
  LocalDateSchema,
  multilineText,
  PhoneSchema,
  PostOfficeCodeSchema,
  ProvinceCodeSchema,
  schema,
  TimestampSchema,
  text,
} from './common.ts';
import { DigitisedDocumentSchema } from './digitised.ts';
import { QuoteSchema } from './finance.ts';
import { ItemCodeSchema } from './s10.ts';

export const MAX_DOCUMENTS = 50;
export const MAX_DOCUMENT_COPIES = 100;
export const MAX_FEES = 20;

export const DocumentKindSchema = /* @__PURE__ */ z.enum(['original', 'certified-copy', 'copy']);

export const DossierDocumentSchema = /* @__PURE__ */ schema(() =>
  z.object({
    name: text(300),
    kind: DocumentKindSchema,
    count: z.number().int().min(1).max(MAX_DOCUMENT_COPIES),
  }),
);

export const AddressSchema = /* @__PURE__ */ schema(() =>
  z.object({
    line: text(300),
    communeCode: CommuneCodeSchema,
    provinceCode: ProvinceCodeSchema,
  }),
);

export const ApplicantSchema = /* @__PURE__ */ schema(() =>
  z.object({
    fullName: text(200),
    phone: PhoneSchema,
    email: z.email().max(254).optional(),
    idNumber: z
      .string()
      .regex(/^\d{9}(\d{3})?$/, 'Expected a 12-digit citizen ID (or a 9-digit legacy ID)')
      .optional(),
    address: AddressSchema,
  }),
);

/** The applicant as a dossier keeps them: the ID number is never kept, only a masked form for printing. */
export const StoredApplicantSchema = /* @__PURE__ */ schema(() =>
  ApplicantSchema.omit({ idNumber: true }).extend({
    idNumberMasked: z
      .string()
      .max(12)
      .optional()
      .describe('The ID number with every digit the door check asks for hidden (`001•••••••••`)'),
  }),
);

export const FeeSchema = /* @__PURE__ */ schema(() =>
  z.object({
    code: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
    name: text(200),
    amount: AmountVndSchema,
    collectAt: z.enum(['pickup', 'delivery']),
  }),
);

export const ServicesSchema = /* @__PURE__ */ z
  .object({ pickup: z.boolean(), return: z.boolean() })
  .refine((services) => services.pickup || services.return, {
    message: 'At least one of pickup and return must be requested',
  });

export const ExemptionSchema = /* @__PURE__ */ z.enum(['none', 'half', 'full']);

export const RegisterDossierSchema = /* @__PURE__ */ z
  .object({
    dossierCode: DossierCodeSchema.optional(),
    procedure: z.object({ code: text(60), name: text(500) }),
    agency: z.object({ code: AgencyCodeSchema, name: text(300) }),
    documents: z.array(DossierDocumentSchema).min(1).max(MAX_DOCUMENTS),
    applicant: ApplicantSchema,
    services: ServicesSchema,
    fees: z.array(FeeSchema).max(MAX_FEES).default([]),
    exemption: ExemptionSchema.default('none'),
    weightGrams: z
      .number()
      .int()
      .positive()
      .max(100_000)
      .optional()
      .describe('What the dossier weighs, for the postage tier; the first tier (up to 100 g) when absent'),
    promisedDate: LocalDateSchema.optional().describe(
      'The date the agency promised the citizen the result (ngày hẹn trả kết quả), in Vietnam; today or later',
    ),
    withAppointmentSlip: z
      .boolean()
      .optional()
      .describe("The post carries the agency's appointment slip back to the citizen: transit times double"),
  })
  .superRefine((request, context) => {
    const codes = new Set<string>();
    for (const [index, fee] of request.fees.entries()) {
      if (codes.has(fee.code)) {
        context.addIssue({
          code: 'custom',
          path: ['fees', index, 'code'],
          message: 'Fee codes must be unique',
        });
      }
      codes.add(fee.code);
      if (fee.collectAt === 'pickup' && !request.services.pickup) {
        context.addIssue({
          code: 'custom',
          path: ['fees', index, 'collectAt'],
          message: 'A fee collected at pickup needs the pickup service',
        });
      }
      if (fee.collectAt === 'delivery' && !request.services.return) {
        context.addIssue({
          code: 'custom',
          path: ['fees', index, 'collectAt'],
          message: 'A fee collected at delivery needs the return service',
        });
      }
    }
    if (request.dossierCode && !request.dossierCode.startsWith(`${request.agency.code}-`)) {
      context.addIssue({
        code: 'custom',
        path: ['dossierCode'],
        message: 'The dossier code must start with the agency identifier',
      });
    }
  })
  .meta({ id: 'RegisterDossierRequest' }) satisfies z.ZodType<RegisterDossierRequest>;

export type { RegisterDossierRequest };

export const DossierStatusSchema = /* @__PURE__ */ z.enum(DOSSIER_STATUSES);

export const ItemSummarySchema = /* @__PURE__ */ schema(() =>
  z.object({
    itemCode: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    status: z.string(),
  }),
);

export const TimelineEntrySchema = /* @__PURE__ */ schema(() =>
  z.object({
    sequence: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Per-dossier event sequence number (dossier events)'),
    type: z.string().describe('`dossier.*` for the dossier itself, `item.*` for a fact of one of its items'),
    occurredAt: TimestampSchema,
    itemCode: z.string().optional(),
    postOfficeCode: z.string().optional(),
    emsevt: z.string().optional(),
    anomaly: z.string().optional(),
  }),
);

export const ResendRecordSchema = /* @__PURE__ */ z
  .object({
    originalItemCode: z.string().describe('The item whose result is sent again'),
    itemCode: z.string().describe('The new item that carries it'),
    faultParty: z.enum(FAULT_PARTIES).describe('Who is at fault, and so pays for the new leg'),
    reason: z.enum(RESEND_REASONS),
    note: z.string().nullable(),
    postageVnd: AmountVndSchema.describe("The new leg's postage at the original leg's tariff"),
    citizenPostageVnd: AmountVndSchema.describe(
      'Due from the citizen at delivery of the new item (with the exemption); 0 unless the citizen is at fault',
    ),
    carriedOverVnd: AmountVndSchema.describe(
      'What the citizen still owed on the original item (never delivered), now due on the new one',
    ),
    postOfficeCode: z.string().describe('The office that delivers the new item and books its postage'),
    recordedAt: TimestampSchema,
    recordedBy: z.string(),
  })
  .meta({ id: 'ResendRecord' });

export const DossierSchema = /* @__PURE__ */ z
  .object({
    consignmentRef: ConsignmentRefSchema,
    dossierCode: DossierCodeSchema.nullable(),
    status: DossierStatusSchema,
    procedure: z.object({ code: z.string(), name: z.string() }),
    agency: z.object({ code: z.string(), name: z.string() }),
    documents: z.array(DossierDocumentSchema),
    applicant: StoredApplicantSchema,
    services: z.object({ pickup: z.boolean(), return: z.boolean() }),
    fees: z.array(FeeSchema),
    exemption: ExemptionSchema,
    quote: QuoteSchema.optional(),
    registeredBy: z.object({
      role: z.string(),
      postOfficeCode: PostOfficeCodeSchema.optional(),
      agencyCode: AgencyCodeSchema.optional(),
    }),
    registeredAt: TimestampSchema,
    updatedAt: TimestampSchema,
    submittedAt: TimestampSchema.optional().describe(
      "When the agency signed the handover record: the dossier's lawful submission time",
    ),
    promisedDate: LocalDateSchema.optional().describe(
      'The date the agency promised the result (ngày hẹn trả)',
    ),
    withAppointmentSlip: z.boolean().optional(),
    resultReadyAt: TimestampSchema.optional().describe('When the agency said the result was ready'),
    atRiskSince: TimestampSchema.optional().describe(
      'Since when the planned delivery lands after the promised date (`dossier.at-risk`)',
    ),
    resends: z
      .array(ResendRecordSchema)
      .optional()
      .describe('Results sent again, each with the party at fault and what its postage is charged to'),
    digitisedDocuments: z
      .array(DigitisedDocumentSchema)
      .optional()
      .describe("Scans of the slip's documents, in the order attached"),
  })
  .meta({ id: 'Dossier' }) satisfies z.ZodType<PublicDossier>;

export const ResultReadySchema = /* @__PURE__ */ z
  .object({
    readyAt: TimestampSchema.optional().describe('When the result became ready; now when absent'),
    promisedDate: LocalDateSchema.optional().describe(
      'The date promised to the citizen (ngày hẹn trả kết quả), given or moved now; today or later',
    ),
  })
  .optional()
  .meta({ id: 'ResultReady' });

export const RegisterDossierResponseSchema = /* @__PURE__ */ z
  .object({ dossier: DossierSchema, items: z.array(ItemSummarySchema) })
  .meta({ id: 'RegisterDossierResponse' });

export const DossierViewSchema = /* @__PURE__ */ z
  .object({
    dossier: DossierSchema,
    items: z.array(ItemSummarySchema),
    timeline: z.array(TimelineEntrySchema),
    receipts: z
      .array(
        z.object({
          series: z.string(),
          number: z.number().int(),
          itemCode: z.string(),
          amount: z.number().int(),
          issuedAt: z.string(),
          status: z.enum(['issued', 'voided']),
        }),
      )
      .optional()
      .describe("The agency's fee receipts issued for the dossier (GET /v1/receipts/{series}/{number})"),
  })
  .meta({ id: 'DossierView' });

export const DossierRefParamsSchema = /* @__PURE__ */ z.object({ dossierRef: DossierRefSchema });

export const AgencyDecisionSchema = /* @__PURE__ */ z
  .object({
    decision: z.enum(['accepted', 'refused']),
    reason: multilineText(1000).optional(),
    dossierCode: DossierCodeSchema.optional().describe(
      'The code the agency assigned, for a paper dossier that had none',
    ),
    decidedAt: TimestampSchema.optional().describe('When the agency decided; now when absent'),
  })
  .meta({ id: 'AgencyDecision' });

export const DossierReturnSchema = /* @__PURE__ */ z
  .object({
    action: z
      .enum(['register', 'withdraw'])
      .default('register')
      .describe('Ask for postal return of the result, or withdraw it before the post collects the result'),
    reason: multilineText(1000).optional(),
  })
  .meta({ id: 'DossierReturn' });

export const ResendItemSchema = /* @__PURE__ */ z
  .object({
    faultParty: z
      .enum(FAULT_PARTIES)
      .describe(
        'Who pays the new leg: citizen (postage due at delivery), post (its own expense), agency (a receivable on its account)',
      ),
    reason: z.enum(RESEND_REASONS),
    note: multilineText(MAX_RESEND_NOTE).optional(),
  })
  .meta({ id: 'ResendItem' });

export const ResendAnswerSchema = /* @__PURE__ */ z
  .object({ resend: ResendRecordSchema, dossier: DossierViewSchema })
  .meta({ id: 'ResendAnswer' });

export const CancelDossierSchema = /* @__PURE__ */ z
  .object({ reason: multilineText(1000) })
  .meta({ id: 'CancelDossier' });

export const TrackParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({
    ref: z
      .union([DossierCodeSchema, ConsignmentRefSchema, ItemCodeSchema])
      .describe("The dossier code, the post's PG reference, or the code of one of its items"),
  }),
);
export const TrackQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    phoneLast4: z
      .string()
      .regex(/^\d{4}$/, 'Expected the last 4 digits of the phone number')
      .optional(),
  }),
);
export const TrackingSchema = /* @__PURE__ */ z
  .object({
    ref: z.string().describe('The reference the citizen gave'),
    dossierCode: z.string().nullable(),
    consignmentRef: z.string(),
    status: DossierStatusSchema,
    statusText: z.string().describe('The status in Vietnamese'),
    promisedDate: z.string().optional().describe('The date the agency promised the result'),
    agency: z.object({ code: z.string(), name: z.string() }),
    procedure: z.object({ code: z.string(), name: z.string() }),
    items: z.array(ItemSummarySchema),
    timeline: z.array(
      z.object({
        type: z.string(),
        step: z.string().describe('The step in Vietnamese'),
        occurredAt: z.string(),
        itemCode: z.string().optional(),
        postOfficeCode: z.string().optional(),
      }),
    ),
    choice: CitizenChoiceSchema.nullable().describe(
      'What the citizen chose for the result: a delivery window, or collection at the office; null when nothing',
    ),
    mayChoose: z
      .boolean()
      .describe('Whether the citizen may still choose (once, before the result goes out for delivery)'),
  })
  .meta({ id: 'Tracking' });
