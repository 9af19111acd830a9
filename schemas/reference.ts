/** Reference data (API.md: Reference data): which office serves which communes and agencies. */
import * as z from 'zod';
import {
  AgencyCodeSchema,
  CommuneCodeSchema,
  PostOfficeCodeSchema,
  ProvinceCodeSchema,
  text,
} from './common.ts';

/** A commune office serves a handful of communes; a provincial hub a few hundred at most. */
export const MAX_COMMUNES_PER_OFFICE = 500;
export const MAX_REFERENCE_LIST = 1000;

export const PostOfficeBodySchema = z
  .object({
    name: text(200),
    provinceCode: ProvinceCodeSchema,
    communeCodes: z.array(CommuneCodeSchema).max(MAX_COMMUNES_PER_OFFICE),
  })
  .meta({ id: 'PostOfficeBody' });

export const PostOfficeSchema = PostOfficeBodySchema.extend({
  postOfficeCode: PostOfficeCodeSchema,
  updatedAt: z.string(),
}).meta({ id: 'PostOffice' });

export const AgencyBodySchema = z
  .object({ name: text(300), postOfficeCode: PostOfficeCodeSchema })
  .meta({ id: 'AgencyBody' });

export const AgencySchema = AgencyBodySchema.extend({
  agencyCode: AgencyCodeSchema,
  updatedAt: z.string(),
}).meta({ id: 'Agency' });

export const PostOfficeParamsSchema = z.object({ postOfficeCode: PostOfficeCodeSchema });
export const AgencyParamsSchema = z.object({ agencyCode: AgencyCodeSchema });

export const PostOfficeListSchema = z
  .object({ postOffices: z.array(PostOfficeSchema) })
  .meta({ id: 'PostOfficeList' });
export const AgencyListSchema = z.object({ agencies: z.array(AgencySchema) }).meta({ id: 'AgencyList' });

export type PostOffice = z.infer<typeof PostOfficeSchema>;
export type Agency = z.infer<typeof AgencySchema>;
