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
import { idDigitsDigest } from '../../domain/items/door.ts';
import { placeDossier } from '../../domain/registration.ts';
import type { DossierPorts, ReferenceData, S10Allocator } from './ports.ts';

/** The request as the domain takes it. */
type RegisterDossierRequest = Parameters<typeof registration>[0]['request'];

export interface RegisterPorts extends DossierPorts {
  readonly reference: ReferenceData;
  readonly s10: S10Allocator;
  /** The key of the ID digits' digests (read only when an ID number is given). */
  readonly idDigitsKey: () => Promise<string>;
}

export async function registerDossier(
  ports: RegisterPorts,
  input: {
    readonly request: RegisterDossierRequest;
    readonly registrant: Registrant;
    readonly contentHash: string;
    readonly now: Date;
  },
  /** Told the dates the registration worked with (the calendar's coverage is watched). */
  noteDates: (days: readonly (string | null | undefined)[]) => void = () => undefined,
) {
  const consignmentRef = newConsignmentRef();
  const idNumber = input.request.applicant.idNumber;
  const registered = registration({
    ...input,
    consignmentRef,
    placement: await placeDossier(input.request, ports.reference, ports.s10),
    // The ID number is compared at the door, never kept: only a keyed digest of its last digits.
    ...(idNumber
      ? { idDigitsDigest: idDigitsDigest(await ports.idDigitsKey(), consignmentRef, idNumber) }
      : {}),
  });
  noteDates([input.request.promisedDate, ...(registered.items ?? []).map((item) => item.dueAt)]);
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
