/** What the domain needs to know of the reference data: which office serves whom. */
import type { Agency, PostOffice } from '../../schemas/reference.ts';

export interface ReferenceData {
  postOffice(postOfficeCode: string): Promise<PostOffice | null>;
  agency(agencyCode: string): Promise<Agency | null>;
  /** The office that serves a commune's citizens, or null when none does. */
  officeServingCommune(communeCode: string): Promise<string | null>;
}
