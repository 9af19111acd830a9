/**
 * Placing a dossier before it is registered: the office that serves the citizen's
 * commune, the office that serves the agency (both from reference data), and an S10
 * code for each item, drawn from the series of the office that takes the item in.
 */
import type { Placement, RegisterDossierRequest } from './dossiers.ts';
import { SERVICE_LETTERS } from './items/items.ts';
import type { ReferenceData } from './reference.ts';
import { DomainRefusal } from './refusal.ts';

export interface S10Allocator {
  allocate(postOfficeCode: string, serviceLetters: string): Promise<string>;
}

export async function placeDossier(
  request: RegisterDossierRequest,
  reference: ReferenceData,
  allocator: S10Allocator,
): Promise<Placement> {
  const agency = await reference.agency(request.agency.code);
  if (!agency) {
    throw new DomainRefusal('unprocessable', `No post office serves agency ${request.agency.code}`);
  }
  const communeCode = request.applicant.address.communeCode;
  const citizenOfficeCode = await reference.officeServingCommune(communeCode);
  if (!citizenOfficeCode) {
    throw new DomainRefusal('unprocessable', `No post office serves commune ${communeCode}`);
  }
  const [agencyOffice, citizenOffice] = await Promise.all([
    reference.postOffice(agency.postOfficeCode),
    reference.postOffice(citizenOfficeCode),
  ]);
  if (!agencyOffice || !citizenOffice) {
    throw new DomainRefusal('unprocessable', 'The reference data names a post office it does not describe');
  }
  const [inboundItemCode, outboundItemCode] = await Promise.all([
    request.services.pickup
      ? allocator.allocate(citizenOffice.postOfficeCode, SERVICE_LETTERS.inbound)
      : undefined,
    request.services.return
      ? allocator.allocate(agencyOffice.postOfficeCode, SERVICE_LETTERS.outbound)
      : undefined,
  ]);
  return {
    citizenOffice: { postOfficeCode: citizenOffice.postOfficeCode, provinceCode: citizenOffice.provinceCode },
    agencyOffice: { postOfficeCode: agencyOffice.postOfficeCode, provinceCode: agencyOffice.provinceCode },
    ...(inboundItemCode ? { inboundItemCode } : {}),
    ...(outboundItemCode ? { outboundItemCode } : {}),
  };
}
