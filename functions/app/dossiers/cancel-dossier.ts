/** The citizen withdraws a dossier before anything moved: the dossier and each item record it once. */
import { cancelDossier as cancel, dossierFact } from '../../domain/dossiers.ts';
import { recordFact } from '../../domain/items/ingest.ts';
import { openDossier, retryStale, viewAfter } from './open-dossier.ts';
import type { DossierAccess, DossierPorts } from './ports.ts';

export async function cancelDossier(
  ports: DossierPorts,
  input: {
    readonly dossierRef: string;
    readonly mayAccess: DossierAccess;
    readonly reason: string;
    readonly now: Date;
  },
) {
  return retryStale(async () => {
    const { now } = input;
    const found = await openDossier(ports, input.dossierRef, input.mayAccess);
    const change = cancel(
      found.dossier,
      found.snapshots.map((snapshot) => snapshot.item),
      input.reason,
      now,
    );
    if (change) await ports.dossiers.recordChange(change);
    for (const { item } of found.snapshots) {
      await recordFact(ports.items, item.itemCode, (current) =>
        dossierFact(current, 'cancelled', 'cancelled', now, now),
      );
    }
    return viewAfter(ports, found, change);
  });
}
