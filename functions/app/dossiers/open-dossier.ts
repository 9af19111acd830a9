/** Reading a dossier for a use case: found, allowed to the caller, with its items; the answer every dossier route gives. */

import { dossierView, type Registration } from '../../domain/dossiers.ts';
import { DomainRefusal, StaleWrite } from '../../domain/refusal.ts';
import type { DossierAccess, DossierPorts, OpenDossier } from './ports.ts';

export async function findDossier(
  ports: Pick<DossierPorts, 'dossiers'>,
  dossierRef: string,
  mayAccess: DossierAccess,
): Promise<Omit<OpenDossier, 'snapshots'>> {
  const found = await ports.dossiers.find(dossierRef);
  if (!found) throw new DomainRefusal('not-found', `No dossier ${dossierRef}`);
  mayAccess(found.dossier);
  return found;
}

/** The dossier with its items' snapshots, for a use case that decides on them. */
export async function openDossier(
  ports: DossierPorts,
  dossierRef: string,
  mayAccess: DossierAccess,
): Promise<OpenDossier> {
  const found = await findDossier(ports, dossierRef, mayAccess);
  const snapshots = await ports.items.snapshots(found.dossier.items.map((item) => item.itemCode));
  return { ...found, snapshots };
}

/** The dossier after a change (or as it was, when nothing changed), with its timeline. */
export async function viewAfter(
  ports: DossierPorts,
  opened: Pick<OpenDossier, 'dossier' | 'events'>,
  change: Registration | null,
) {
  const dossier = change?.dossier ?? opened.dossier;
  const events = change ? [...opened.events, change.event] : opened.events;
  const snapshots = await ports.items.snapshots(dossier.items.map((item) => item.itemCode));
  return dossierView(dossier, events, snapshots);
}

/** Tries of a dossier command whose dossier changed between its read and its write. */
const MAX_COMMAND_ATTEMPTS = 4;

/**
 * Runs a dossier command again, from its read, when its write found the dossier changed
 * meanwhile (its items' follow-up from the table stream, or another caller): the caller sees
 * a conflict only when the dossier keeps changing.
 */
export async function retryStale<T>(command: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await command();
    } catch (error) {
      if (!(error instanceof StaleWrite) || attempt >= MAX_COMMAND_ATTEMPTS) throw error;
    }
  }
}
