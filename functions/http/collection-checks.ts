/** The facts-to-ledger check of one office's day, asked for by finance: parse → check → answer. */
import { checkCollectionsRoute } from '../../schemas/routes.ts';
import {
  collectionIndex,
  financeStore,
  receiptParties,
  receiptStore,
  referenceStore,
} from '../adapters/index.ts';
import { checkCollections } from '../app/money/check-collections.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { httpRoute } from '../commons/http/route.ts';
import { logger } from '../commons/powertools.ts';

export const handler = httpRoute(checkCollectionsRoute, async ({ body }) => {
  if (!(await referenceStore().postOffice(body.postOfficeCode)))
    throw new HttpProblem('not-found', `No post office ${body.postOfficeCode}`);
  const check = await checkCollections(
    { index: collectionIndex(), books: financeStore(), receipts: receiptStore(), parties: receiptParties() },
    body.postOfficeCode,
    body.day,
    'request',
    new Date(),
    body.after ?? null,
  );
  if (check.repairs.length > 0)
    logger.warn('collections booked by the facts-to-ledger check', {
      postOfficeCode: check.postOfficeCode,
      day: check.day,
      repairs: check.repairs.length,
    });
  return { status: 200, body: check };
});
