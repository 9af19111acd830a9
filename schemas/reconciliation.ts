/** Reconciliation of delivery confirmations with a one-stop-shop system (API.md: Finance). */
import * as z from 'zod';
import { MAX_RECONCILIATION_DAYS, ONE_STOP_SHOP_STATUSES } from '../functions/domain/reconciliation.ts';

export { MAX_RECONCILIATION_DAYS };

import { AgencyCodeSchema, DossierCodeSchema, schema, TimestampSchema } from './common.ts';

export const OneStopShopRecordSchema = /* @__PURE__ */ schema(() =>
  z.object({
    dossierCode: DossierCodeSchema,
    status: z.enum(ONE_STOP_SHOP_STATUSES),
    statusAt: TimestampSchema,
  }),
);

export const ReconcileRequestSchema = /* @__PURE__ */ z
  .object({
    agencyCode: AgencyCodeSchema,
    records: z.array(OneStopShopRecordSchema).max(5000),
    period: z
      .object({ from: z.iso.date(), to: z.iso.date() })
      .optional()
      .describe("Registration days of the post's dossiers to compare; the days of the records when absent"),
    toleranceMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .default(120),
  })
  .meta({ id: 'ReconcileRequest' });

const OurRecordSchema = /* @__PURE__ */ schema(() =>
  z.object({
    dossierCode: z.string(),
    handedOverAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    returnByPost: z.boolean(),
    cancelled: z.boolean(),
  }),
);

export const ReconciliationReportSchema = /* @__PURE__ */ z
  .object({
    reportId: z.string(),
    agencyCode: z.string(),
    period: z.object({ from: z.string(), to: z.string() }),
    toleranceMinutes: z.number().int(),
    records: z.number().int(),
    createdAt: TimestampSchema,
    trigger: z.enum(['request', 'nightly']),
    matched: z.number().int(),
    missingHere: z.array(OneStopShopRecordSchema),
    missingThere: z.array(OurRecordSchema),
    statusMismatch: z.array(
      z.object({
        dossierCode: z.string(),
        kind: z.enum(['result-returned-not-delivered', 'handed-over-not-received', 'time-mismatch']),
        theirStatus: z.string(),
        theirStatusAt: z.string(),
        ourTime: z.string().nullable(),
        detail: z.string(),
      }),
    ),
  })
  .meta({ id: 'ReconciliationReport' });

export const ReportParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({ reportId: z.string().regex(/^[A-Za-z0-9._-]{8,80}$/) }),
);
export const ReportListQuerySchema = /* @__PURE__ */ z.object({ agencyCode: AgencyCodeSchema });
export const ReportListSchema = /* @__PURE__ */ z
  .object({
    reports: z.array(z.object({ reportId: z.string(), createdAt: z.string(), trigger: z.string() })),
  })
  .meta({ id: 'ReconciliationReportList' });
