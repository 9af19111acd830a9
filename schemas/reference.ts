/** Reference data (API.md: Reference data): which office serves which communes and agencies. */
import * as z from 'zod';
import {
  RECEIPT_FORM_SYMBOL_PATTERN,
  RECEIPT_LETTERS_PATTERN,
  TAX_CODE_PATTERN,
} from '../functions/domain/money/receipts.ts';
import type { Agency, PostOffice } from '../functions/domain/reference.ts';
import {
  AgencyCodeSchema,
  CommuneCodeSchema,
  PostOfficeCodeSchema,
  ProvinceCodeSchema,
  schema,
  text,
} from './common.ts';

/** A commune office serves a handful of communes; a provincial hub a few hundred at most. */
export const MAX_COMMUNES_PER_OFFICE = 500;
export const MAX_REFERENCE_LIST = 1000;

export const PostOfficeBodySchema = /* @__PURE__ */ z
  .object({
    name: text(200),
    provinceCode: ProvinceCodeSchema,
    communeCodes: z.array(CommuneCodeSchema).max(MAX_COMMUNES_PER_OFFICE),
    collectionAccount: z
      .object({
        bankBin: z.string().regex(/^\d{6}$/, 'Expected the 6-digit NAPAS bank BIN'),
        accountNumber: z.string().regex(/^[0-9A-Z]{1,19}$/, 'Expected up to 19 digits or capital letters'),
        accountName: text(100),
      })
      .optional()
      .describe('The bank account VietQR payments at this office go to'),
  })
  .meta({ id: 'PostOfficeBody' });

export const PostOfficeSchema = /* @__PURE__ */ PostOfficeBodySchema.extend({
  postOfficeCode: PostOfficeCodeSchema,
  updatedAt: z.string(),
}).meta({ id: 'PostOffice' }) satisfies z.ZodType<PostOffice>;

export const AgencyBodySchema = /* @__PURE__ */ z
  .object({
    name: text(300),
    postOfficeCode: PostOfficeCodeSchema,
    receiptSeriesLetters: z
      .string()
      .regex(RECEIPT_LETTERS_PATTERN, 'Expected 2 to 6 capital letters')
      .optional()
      .describe(
        "The letters of the agency's receipt series (the two-digit year follows); four letters from its code when absent",
      ),
    receiptFormSymbol: z
      .string()
      .max(10)
      .regex(RECEIPT_FORM_SYMBOL_PATTERN, 'Expected a form symbol such as 01BLP0-001')
      .optional()
      .describe(
        'The form symbol (ký hiệu mẫu số) the agency registered for its e-receipts; 01BLP0-001 when absent',
      ),
    taxCode: z
      .string()
      .max(14)
      .regex(TAX_CODE_PATTERN, 'Expected a tax code of 10 digits, or 10 digits, a hyphen and 3 digits')
      .optional()
      .describe("The agency's tax code (mã số thuế), printed on its e-receipts"),
  })
  .meta({ id: 'AgencyBody' });

export const AgencySchema = /* @__PURE__ */ AgencyBodySchema.extend({
  agencyCode: AgencyCodeSchema,
  updatedAt: z.string(),
}).meta({ id: 'Agency' }) satisfies z.ZodType<Agency>;

export const PostOfficeParamsSchema = /* @__PURE__ */ z.object({ postOfficeCode: PostOfficeCodeSchema });
export const AgencyParamsSchema = /* @__PURE__ */ z.object({ agencyCode: AgencyCodeSchema });

export const PostOfficeListSchema = /* @__PURE__ */ z
  .object({ postOffices: z.array(PostOfficeSchema) })
  .meta({ id: 'PostOfficeList' });
export const AgencyListSchema = /* @__PURE__ */ z
  .object({ agencies: z.array(AgencySchema) })
  .meta({ id: 'AgencyList' });

export type { Agency, PostOffice };

/** A Cognito app client id: letters and digits (26 of them as Cognito makes them). */
export const AgencyClientParamsSchema = /* @__PURE__ */ schema(() =>
  z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'Expected an app client id') }),
);

export const AgencyClientBodySchema = /* @__PURE__ */ z
  .object({ agencyCode: AgencyCodeSchema })
  .meta({ id: 'AgencyClientBody' });

export const AgencyClientSchema = /* @__PURE__ */ z
  .object({ clientId: z.string(), agencyCode: z.string(), updatedAt: z.string() })
  .meta({ id: 'AgencyClient' });
