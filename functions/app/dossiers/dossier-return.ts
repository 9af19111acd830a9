/**
 * Postal return asked for after submission, or withdrawn before the post collects the result.
 * The dossier changes once with its event (and, on registration, its new outbound item); the
 * item records what follows once: a result already ready waits for collection on it, a
 * withdrawn one's item is cancelled.
 */
import { registerReturn, SERVICE_LETTERS, withdrawReturn } from '../../domain/dossier-return.ts';
import { dossierFact, type Registration, resultReadyFact } from '../../domain/dossiers.ts';
import { recordFact } from '../../domain/items/ingest.ts';
import { openDossier, retryStale, viewAfter } from './open-dossier.ts';
import type { DossierAccess, DossierPorts, ReferenceData, S10Allocator } from './ports.ts';

export interface ReturnPorts extends DossierPorts {
  readonly reference: Pick<ReferenceData, 'postOffice'>;
  readonly s10: S10Allocator;
}

export async function changeReturn(
  ports: ReturnPorts,
  input: {
    readonly dossierRef: string;
    readonly mayAccess: DossierAccess;
    readonly action: 'register' | 'withdraw';
    readonly reason?: string;
    readonly now: Date;
  },
) {
  return retryStale(async () => {
    const { now } = input;
    const opened = await openDossier(ports, input.dossierRef, input.mayAccess);
    const { dossier, snapshots } = opened;
    const inbound = snapshots.find((snapshot) => snapshot.item.direction === 'inbound')?.item;
    const outbound = snapshots.findLast((snapshot) => snapshot.item.direction === 'outbound')?.item;
    let change: Registration | null;
    if (input.action === 'withdraw') {
      change = withdrawReturn(
        dossier,
        outbound,
        input.reason ?? 'Công dân rút đăng ký nhận kết quả qua bưu chính',
        now,
      );
    } else {
      const asks = !dossier.services.return && inbound;
      change = registerReturn({
        dossier,
        inbound,
        itemCode: asks
          ? await ports.s10.allocate(inbound.destinationOfficeCode, SERVICE_LETTERS.outbound)
          : '',
        agencyProvinceCode: asks
          ? ((await ports.reference.postOffice(inbound.destinationOfficeCode))?.provinceCode ?? '')
          : '',
        now,
      });
    }
    if (change) await ports.dossiers.recordChange(change);
    const after = change?.dossier ?? dossier;
    const added = change?.items?.[0];
    if (added && after.resultReadyAt) {
      const readyAt = new Date(after.resultReadyAt);
      await recordFact(ports.items, added.itemCode, (item) => resultReadyFact(item, readyAt, now));
    }
    if (input.action === 'withdraw' && outbound && change)
      await recordFact(ports.items, outbound.itemCode, (item) =>
        dossierFact(item, 'cancelled', 'return-withdrawn', now, now),
      );
    return viewAfter(ports, opened, change);
  });
}
