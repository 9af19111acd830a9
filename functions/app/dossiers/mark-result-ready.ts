/**
 * The agency's result waits for postal collection: the dossier changes once, and its
 * outbound item records the fact once, however often the agency says it (a retry after a
 * failure half-way still records the fact).
 */
import { markResultReady as resultReady, resultReadyFact } from '../../domain/dossiers.ts';
import { recordFact } from '../../domain/items/ingest.ts';
import { findDossier, retryStale, viewAfter } from './open-dossier.ts';
import type { DossierAccess, DossierPorts } from './ports.ts';

export async function markResultReady(
  ports: DossierPorts,
  input: {
    readonly dossierRef: string;
    readonly mayAccess: DossierAccess;
    /** When the result became ready; `now` when the agency does not say. */
    readonly readyAt: Date;
    /** The date promised to the citizen, given or moved now. */
    readonly promisedDate?: string;
    readonly now: Date;
  },
) {
  return retryStale(async () => {
    const found = await findDossier(ports, input.dossierRef, input.mayAccess);
    const change = resultReady(found.dossier, input.now, input.readyAt, input.promisedDate);
    if (change) await ports.dossiers.recordChange(change);
    const dossier = change?.dossier ?? found.dossier;
    const outbound = dossier.items.find((item) => item.direction === 'outbound');
    if (outbound) {
      await recordFact(ports.items, outbound.itemCode, (item) =>
        resultReadyFact(item, input.readyAt, input.now),
      );
    }
    return viewAfter(ports, found, change);
  });
}
