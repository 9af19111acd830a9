/** Citizens' ratings and the provinces' indicator reports. */
import * as z from 'zod';
import { multilineText, ProvinceCodeSchema, schema } from './common.ts';

export const RATING_COMMENT_MAX_LENGTH = 500;

export const RatingRequestSchema = /* @__PURE__ */ z
  .object({
    token: z
      .string()
      .regex(/^[A-Za-z0-9_-]{22}$/, 'Expected the token of the rating link')
      .describe('The single-use token of the link sent when the journey ended'),
    score: z.number().int().min(1).max(5).describe('1 (very dissatisfied) to 5 (very satisfied)'),
    comment: multilineText(RATING_COMMENT_MAX_LENGTH).optional(),
  })
  .meta({ id: 'RatingRequest' });

export const RatingSchema = /* @__PURE__ */ z
  .object({
    dossierCode: z.string(),
    score: z.number().int(),
    ratedAt: z.string(),
  })
  .meta({ id: 'Rating' });

export const IndicatorQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    provinceCode: ProvinceCodeSchema,
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected a month, YYYY-MM'),
    groupBy: z.enum(['office', 'agency', 'commune']).default('office'),
    format: z.enum(['json', 'csv', 'xlsx', 'pdf']).default('json'),
  }),
);

const rate = () => z.number().min(0).max(1).nullable();
const OnTimeSchema = /* @__PURE__ */ schema(() =>
  z.object({ measured: z.number().int(), onTime: z.number().int(), rate: rate() }),
);

const FiguresSchema = /* @__PURE__ */ schema(() =>
  z.object({
    dossiers: z.number().int(),
    byChannel: z.object({
      pickupOnly: z.number().int(),
      returnOnly: z.number().int(),
      pickupAndReturn: z.number().int(),
    }),
    onTime: z.object({ transit: OnTimeSchema, promisedDate: OnTimeSchema }),
    meanDaysPerLeg: z.object({ pickup: z.number().nullable(), return: z.number().nullable() }),
    deliveries: z.number().int(),
    firstAttemptDeliveryRate: rate(),
    returnedToAgency: z.number().int(),
    satisfaction: z.object({
      ratings: z.number().int(),
      meanScore: z.number().nullable(),
      distribution: z.object({
        1: z.number().int(),
        2: z.number().int(),
        3: z.number().int(),
        4: z.number().int(),
        5: z.number().int(),
      }),
    }),
    feesCollectedVnd: z
      .number()
      .int()
      .describe("Fees collected on the agencies' behalf in the journeys that ended"),
    feesRemittedVnd: z
      .number()
      .int()
      .describe(
        "Fees remitted to the agencies (by the day of the remittance, in the remitting office's province); grouped by commune, under the key `none`",
      ),
    digitised: z
      .object({
        dossiers: z.number().int().describe('Dossiers whose first scan was attached'),
        documents: z.number().int().describe('Scans attached'),
      })
      .describe('Digitised dossiers, by the day their scans were attached, under the office that scanned'),
  }),
);

export const IndicatorReportSchema = /* @__PURE__ */ z
  .object({
    provinceCode: z.string(),
    period: z.string(),
    groupBy: z.enum(['office', 'agency', 'commune']),
    groups: z.array(FiguresSchema.extend({ key: z.string() })),
    total: FiguresSchema,
  })
  .meta({ id: 'IndicatorReport' });

export const SubscriptionQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({ provinceCode: ProvinceCodeSchema }),
);

export const SubscribeRequestSchema = /* @__PURE__ */ z
  .object({
    provinceCode: ProvinceCodeSchema,
    email: z.email().max(254).describe('Receives the report on the 1st of each month, for the month before'),
    active: z.boolean().default(true).describe('false removes the address'),
  })
  .meta({ id: 'SubscribeRequest' });

export const SubscriptionListSchema = /* @__PURE__ */ z
  .object({
    provinceCode: z.string(),
    subscriptions: z
      .array(z.object({ email: z.string(), subscribedBy: z.string(), subscribedAt: z.string() }))
      .max(100),
  })
  .meta({ id: 'SubscriptionList' });
