/**
 * The reference data of the unit tests' placement (see PLACEMENT in ./http-event.ts): the
 * citizen's office in TP Hồ Chí Minh, the agency's in Hà Nội, and the agency it serves.
 */
import { MemoryReference } from '../../functions/app/dossiers/memory.ts';

export function placedReference(
  at: Date,
  agencyCode: string,
  agencyName = 'Trung tâm Phục vụ hành chính công',
): MemoryReference {
  const reference = new MemoryReference();
  for (const [postOfficeCode, provinceCode, communeCode] of [
    ['BC-HCM-01', '79', '26743'],
    ['BC-HN-01', '01', '00004'],
  ] as const) {
    reference.offices.set(postOfficeCode, {
      postOfficeCode,
      name: postOfficeCode,
      provinceCode,
      communeCodes: [communeCode],
      updatedAt: at.toISOString(),
    });
  }
  reference.agencies.set(agencyCode, {
    agencyCode,
    name: agencyName,
    postOfficeCode: 'BC-HN-01',
    updatedAt: at.toISOString(),
  });
  return reference;
}
