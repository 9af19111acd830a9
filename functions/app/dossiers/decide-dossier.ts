/**
 * The agency accepts or refuses a dossier the post handed over. A refused dossier goes back
 * to the citizen: on its outbound item, or on a return item drawn from the series of the
 * office that handed it over. Each item's fact is recorded once, after the dossier's own
 * change, so that a retry completes what a failure left.
 */
import { type Decision, decideDossier as decide, dossierFact, returnItemFor } from '../../domain/dossiers.ts';
import { recordFact } from '../../domain/items/ingest.ts';
import { SERVICE_LETTERS } from '../../domain/items/items.ts';
import { openDossier, retryStale, viewAfter } from './open-dossier.ts';
import type { DossierAccess, DossierPorts, S10Allocator } from './ports.ts';

export interface DecidePorts extends DossierPorts {
  readonly s10: S10Allocator;
}

export async function decideDossier(
  ports: DecidePorts,
  input: {
    readonly dossierRef: string;
    readonly mayAccess: DossierAccess;
    readonly decision: Decision;
    readonly decidedAt: Date;
    readonly now: Date;
  },
) {
  return retryStale(async () => {
    const { decision, decidedAt, now } = input;
    const found = await openDossier(ports, input.dossierRef, input.mayAccess);
    const inbound = found.snapshots.find((snapshot) => snapshot.item.direction === 'inbound')?.item;
    const alreadyDecided = found.dossier.status === decision.decision;
    const needsReturnItem =
      decision.decision === 'refused' &&
      !alreadyDecided &&
      !found.dossier.items.some((item) => item.direction === 'outbound');
    const returnItem =
      needsReturnItem && inbound
        ? returnItemFor({
            inbound,
            applicant: found.dossier.applicant,
            itemCode: await ports.s10.allocate(inbound.destinationOfficeCode, SERVICE_LETTERS.outbound),
            now,
          })
        : undefined;
    const change = alreadyDecided
      ? null
      : decide({ dossier: found.dossier, inbound, decision, now, ...(returnItem ? { returnItem } : {}) });
    if (change) await ports.dossiers.recordChange(change);
    const dossier = change?.dossier ?? found.dossier;
    if (inbound) {
      await recordFact(ports.items, inbound.itemCode, (item) =>
        dossierFact(item, decision.decision, decision.decision, decidedAt, now),
      );
    }
    const outbound = dossier.items.find((item) => item.direction === 'outbound');
    if (decision.decision === 'refused' && outbound) {
      await recordFact(ports.items, outbound.itemCode, (item) =>
        dossierFact(item, 'result-ready', 'result-ready', decidedAt, now),
      );
    }
    return viewAfter(ports, found, change);
  });
}
