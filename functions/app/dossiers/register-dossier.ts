/**
 * Registers a dossier for postal carriage: placed on the offices that serve the citizen's
 * commune and the agency, one S10-coded item per service, priced; a repeat of the same
 * registration answers the dossier already registered.
 */
import {
  newConsignmentRef,
  publicDossier,
  type Registrant,
  registerOnce,
  registerDossier as registration,
} from '../../domain/dossiers.ts';
import { placeDossier } from '../../domain/registration.ts';
import type { DossierPorts, ReferenceData, S10Allocator } from './ports.ts';

/** The request as the domain takes it. */
type RegisterDossierRequest = Parameters<typeof registration>[0]['request'];

export interface RegisterPorts extends DossierPorts {
  readonly reference: ReferenceData;
  readonly s10: S10Allocator;
}

export async function registerDossier(
  ports: RegisterPorts,
  input: {
    readonly request: RegisterDossierRequest;
    readonly registrant: Registrant;
    readonly contentHash: string;
    readonly now: Date;
  },
) {
  const registered = registration({
    ...input,
    consignmentRef: newConsignmentRef(),
    placement: await placeDossier(input.request, ports.reference, ports.s10),
  });
  const { created, dossier } = await registerOnce(ports.dossiers, registered);
  const items = created
    ? (registered.items ?? [])
    : await ports.items.getItems(dossier.items.map((item) => item.itemCode));
  return {
    created,
    dossier: publicDossier(dossier),
    items: items.map(({ itemCode, direction, status }) => ({ itemCode, direction, status })),
  };
}
