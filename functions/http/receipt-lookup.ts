/**
 * GET /v1/receipt-lookup/{lookupCode} — a payer checks a fee receipt by the lookup code printed
 * on it (the e-receipt's mã tra cứu): no token, nothing personal, misses counted per client.
 */
import { receiptLookupRoute } from '../../schemas/routes.ts';
import { receiptStore, trackingGuard } from '../adapters/index.ts';
import { lookUpReceipt } from '../app/money/look-up-receipt.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { publicRoute } from '../commons/http/route.ts';

/**
 * The client's address: behind CloudFront the last address of X-Forwarded-For is the one
 * CloudFront saw (earlier ones are whatever the client sent); else the connection's own.
 */
function clientAddress(headers: Readonly<Record<string, string | undefined>>, sourceIp: string): string {
  const forwarded = headers['x-forwarded-for']?.split(',').at(-1)?.trim();
  return forwarded || sourceIp;
}

export const handler = publicRoute(receiptLookupRoute, async ({ params, headers, sourceIp }) => {
  const found = await lookUpReceipt(
    { receipts: receiptStore(), guard: trackingGuard() },
    { lookupCode: params.lookupCode, clientAddress: clientAddress(headers, sourceIp) },
  );
  if (!found) throw new HttpProblem('not-found', 'No receipt with this lookup code');
  return { status: 200, headers: { 'cache-control': 'no-store' }, body: found };
});
