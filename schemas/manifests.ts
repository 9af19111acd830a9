/** Handover manifests (biên bản giao nhận): what changes hands between the post and an agency. */
import * as z from 'zod';
import { MANIFEST_KINDS, type Manifest } from '../functions/domain/manifests.ts';
import { AgencyCodeSchema, PostOfficeCodeSchema, schema, TimestampSchema, text } from './common.ts';
import { ItemCodeSchema } from './s10.ts';

export const MAX_ITEMS_PER_MANIFEST = 500;

export const ManifestKindSchema = /* @__PURE__ */ z.enum(MANIFEST_KINDS);

export const CreateManifestSchema = /* @__PURE__ */ z
  .object({
    kind: ManifestKindSchema,
    agencyCode: AgencyCodeSchema,
    postOfficeCode: PostOfficeCodeSchema,
    itemCodes: z.array(ItemCodeSchema).min(1).max(MAX_ITEMS_PER_MANIFEST),
  })
  .meta({ id: 'CreateManifest' });

export const ConfirmManifestSchema = /* @__PURE__ */ z
  .object({
    itemCodesReceived: z.array(ItemCodeSchema).max(MAX_ITEMS_PER_MANIFEST),
    signedBy: text(200),
    signedAt: TimestampSchema.optional().describe('When the record was signed; now when absent'),
  })
  .meta({ id: 'ConfirmManifest' });

export const ManifestSchema = /* @__PURE__ */ z
  .object({
    manifestId: z.string(),
    kind: ManifestKindSchema,
    agencyCode: z.string(),
    postOfficeCode: z.string(),
    status: z.enum(['open', 'confirmed']),
    itemCodes: z.array(z.string()),
    createdAt: TimestampSchema,
    createdBy: z.string(),
    confirmation: z
      .object({
        signedBy: z.string(),
        signedAt: TimestampSchema,
        confirmedBy: z.string(),
        received: z.array(z.string()),
        missing: z.array(z.string()),
        unexpected: z.array(z.string()),
      })
      .nullable(),
  })
  .meta({ id: 'Manifest' }) satisfies z.ZodType<Manifest>;

export const ManifestConfirmationSchema = /* @__PURE__ */ z
  .object({
    manifest: ManifestSchema,
    received: z.array(z.string()),
    missing: z.array(z.string()),
    unexpected: z.array(z.string()),
  })
  .meta({ id: 'ManifestConfirmation' });

export const ManifestParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({ manifestId: z.string().regex(/^BB[0-9A-HJKMNP-TV-Z]{12}$/) }),
);

export type { Manifest };
