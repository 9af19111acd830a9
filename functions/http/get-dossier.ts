/** GET /v1/dossiers/{dossierRef} — a dossier, its items, its timeline and its fee receipts, for those it belongs to. */
import { getDossierRoute } from '../../schemas/routes.ts';
import { dossierStore, itemStore, receiptStore } from '../adapters/index.ts';
import { assertCanAccess } from '../commons/auth/scope.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { dossierView } from '../domain/dossiers.ts';
import { collectionPointOf, feesTransferId } from '../domain/money/collections.ts';

export const handler = httpRoute(getDossierRoute, async ({ params, caller }) => {
  const found = await dossierStore().find(params.dossierRef);
  if (!found) throw new HttpProblem('not-found', `No dossier ${params.dossierRef}`);
  const { dossier, events } = found;
  assertCanAccess(
    caller,
    { agencyCode: dossier.agency.code, postOfficeCodes: dossier.postOfficeCodes },
    'dossier',
  );
  const items = await itemStore().snapshots(dossier.items.map((item) => item.itemCode));
  return { status: 200, body: { ...dossierView(dossier, events, items), receipts: await receiptsOf(items) } };
});

/** A dossier's items collect at two doors at most, each paid once or twice: a few receipts. */
const MAX_RECEIPTS_LISTED = 10;

/** The fee receipts issued for the dossier's collections, in the order they were collected. */
async function receiptsOf(items: Awaited<ReturnType<ReturnType<typeof itemStore>['snapshots']>>) {
  const sources = items
    .flatMap(({ item, facts }) =>
      facts
        .filter((fact) => fact.type === collectionPointOf(item.direction) && fact.collected)
        .map((fact) => ({ at: fact.occurredAt, sourceId: feesTransferId(item.itemCode, fact.factId) })),
    )
    .sort((left, right) => left.at.localeCompare(right.at))
    .slice(0, MAX_RECEIPTS_LISTED);
  const receipts = await Promise.all(sources.map(({ sourceId }) => receiptStore().receiptOfSource(sourceId)));
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
