/** Reading a dossier for those it belongs to: its items, its timeline and the fee receipts issued for it. */
import { dossierView } from '../../domain/dossiers.ts';
import type { ItemSnapshot } from '../../domain/items/ingest.ts';
import { collectionPointOf, feesTransferId } from '../../domain/money/collections.ts';
import type { ReceiptBooks } from '../money/ports.ts';
import { findDossier } from './open-dossier.ts';
import type { DossierAccess, DossierPorts } from './ports.ts';

/** A dossier's items collect at two doors at most, each paid once or twice: a few receipts. */
export const MAX_RECEIPTS_LISTED = 10;

export interface DossierReadPorts extends DossierPorts {
  readonly receipts: Pick<ReceiptBooks, 'receiptOfSource'>;
}

/** The dossier's view with its receipts; throws not-found, or what `mayAccess` throws. */
export async function readDossier(ports: DossierReadPorts, dossierRef: string, mayAccess: DossierAccess) {
  const { dossier, events } = await findDossier(ports, dossierRef, mayAccess);
  const snapshots = await ports.items.snapshots(dossier.items.map((item) => item.itemCode));
  return {
    dossier,
    view: dossierView(dossier, events, snapshots),
    receipts: await receiptsOf(ports, snapshots),
  };
}

/** The fee receipts issued for the dossier's collections, in the order they were collected. */
async function receiptsOf(ports: DossierReadPorts, snapshots: readonly ItemSnapshot[]) {
  const sources = snapshots
    .flatMap(({ item, facts }) =>
      facts
        .filter((fact) => fact.type === collectionPointOf(item.direction) && fact.collected)
        .map((fact) => ({ at: fact.occurredAt, sourceId: feesTransferId(item.itemCode, fact.factId) })),
    )
    .sort((left, right) => left.at.localeCompare(right.at))
    .slice(0, MAX_RECEIPTS_LISTED);
  const receipts = await Promise.all(sources.map(({ sourceId }) => ports.receipts.receiptOfSource(sourceId)));
  return receipts.flatMap((receipt) =>
    receipt
      ? [
          {
            series: receipt.series,
            number: receipt.number,
            itemCode: receipt.itemCode,
            amount: receipt.amount,
            issuedAt: receipt.issuedAt,
            status: receipt.status,
          },
        ]
      : [],
  );
}
