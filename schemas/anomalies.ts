/** The supervisors' queue of flagged facts, and the unlock of an item locked at the door (API.md: Items and scans). */
import * as z from 'zod';
import { PostOfficeCodeSchema, schema, TimestampSchema, text } from './common.ts';
import { ItemCodeSchema } from './s10.ts';

export const ANOMALY_STATUSES = ['open', 'applied', 'dismissed'] as const;
export const ANOMALY_ID_PATTERN = /^AN-[A-Z]{2}\d{9}[A-Z]{2}-[0-9A-F]{16}$/;

export const AnomalyParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({
    anomalyId: z.string().regex(ANOMALY_ID_PATTERN, 'Expected an anomaly id: AN-<item code>-<16 hex digits>'),
  }),
);

export const AnomalyQuerySchema = /* @__PURE__ */ schema(() =>
  z.object({
    postOfficeCode: PostOfficeCodeSchema.optional().describe("The caller's office when absent"),
    status: z.enum(ANOMALY_STATUSES).default('open'),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
);

export const ResolveAnomalySchema = /* @__PURE__ */ z
  .object({
    action: z
      .enum(['apply', 'dismiss'])
      .describe('`apply` folds the item with the fact accepted; `dismiss` closes'),
    note: text(500).describe('Why, in words the audit keeps'),
  })
  .meta({ id: 'ResolveAnomaly' });

export const UnlockItemSchema = /* @__PURE__ */ z
  .object({ note: text(500).describe('Why the lock is lifted, in words the audit keeps') })
  .meta({ id: 'UnlockItem' });

export const UnlockParamsSchema = /* @__PURE__ */ z.object({ itemCode: ItemCodeSchema });

const ResolverSchema = /* @__PURE__ */ schema(() =>
  z.object({ subject: z.string(), role: z.string(), postOfficeCode: z.string().nullable() }),
);

export const AnomalySchema = /* @__PURE__ */ z
  .object({
    anomalyId: z.string(),
    itemCode: z.string(),
    consignmentRef: z.string(),
    dossierCode: z.string().nullable(),
    agencyCode: z.string(),
    postOfficeCodes: z.array(z.string()).describe("The item's offices: supervisors of either work it"),
    factId: z.string().describe('The flagged scan or recorded fact'),
    factType: z.string(),
    occurredAt: TimestampSchema,
    scannedAt: z.string().describe('The office that made the flagged scan'),
    reason: z
      .string()
      .describe(
        'Why in words: before-pickup, before-handover, before-decision, before-result-ready, before-collection, ' +
          'before-out-for-delivery, step-already-passed, after-final-state, too-few-attempts, not-this-office, ' +
          'held-at-office (a delivery scan on a result the citizen collects at the office), ' +
          'before-hold-deadline (a return before the hold ended)',
      ),
    status: z.enum(ANOMALY_STATUSES),
    raisedAt: TimestampSchema,
    resolution: z
      .object({
        action: z.enum(['apply', 'dismiss']),
        note: z.string(),
        resolvedBy: ResolverSchema,
        resolvedAt: TimestampSchema,
      })
      .optional(),
  })
  .meta({ id: 'Anomaly' });

export const AnomalyListSchema = /* @__PURE__ */ z
  .object({ postOfficeCode: z.string(), status: z.enum(ANOMALY_STATUSES), anomalies: z.array(AnomalySchema) })
  .meta({ id: 'AnomalyList' });

export const AnomalyResolutionSchema = /* @__PURE__ */ z
  .object({
    anomaly: AnomalySchema,
    item: z.object({ itemCode: z.string(), status: z.string() }).nullable().describe('The item, when moved'),
  })
  .meta({ id: 'AnomalyResolution' });

export const UnlockedItemSchema = /* @__PURE__ */ z
  .object({
    itemCode: z.string(),
    status: z.string(),
    proofLock: z.object({
      outForDeliveryFactId: z.string().nullable(),
      wrongTries: z.number().int(),
      lockedAt: z.string().nullable(),
      unlocked: z.object({ by: z.string(), at: z.string(), note: z.string() }).optional(),
    }),
  })
  .meta({ id: 'UnlockedItem' });
