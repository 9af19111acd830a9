/** The audit trail of personal-data reads (admins): by dossier or by caller, newest first. */
import * as z from 'zod';
import { DossierRefSchema, schema, TimestampSchema } from './common.ts';

export const AuditQuerySchema = /* @__PURE__ */ schema(() =>
  z
    .object({
      dossierRef: DossierRefSchema.optional(),
      caller: z
        .string()
        .regex(/^[A-Za-z0-9@._:+-]{1,200}$/, "Expected a token's subject")
        .optional()
        .describe("The subject of the caller's token"),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(1500).optional(),
    })
    .refine((query) => (query.dossierRef === undefined) !== (query.caller === undefined), {
      message: 'Give exactly one of dossierRef and caller',
    }),
);

export const AuditEntrySchema = /* @__PURE__ */ schema(() =>
  z.object({
    auditId: z.string(),
    at: TimestampSchema,
    consignmentRef: z.string(),
    dossierCode: z.string().nullable(),
    caller: z.object({
      subject: z.string(),
      roles: z.array(z.string()),
      agencyCode: z.string().optional(),
      postOfficeCode: z.string().optional(),
    }),
    fields: z.array(z.enum(['name', 'phone', 'email', 'idNumber', 'address'])),
    purpose: z.string(),
  }),
);

export const AuditPageSchema = /* @__PURE__ */ z
  .object({ entries: z.array(AuditEntrySchema), next: z.string().optional() })
  .meta({ id: 'AuditPage' });
