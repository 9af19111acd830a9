/**
 * POST /v1/notifications/receipts/{provider} — a provider's delivery receipt
 * (`recordDeliveryReceipt`). The route takes no bearer token: the provider proves itself with
 * the shared secret in the `x-receipt-secret` header, compared in constant time. Without a
 * configured secret every receipt is refused.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ENV } from '../../infra/manifest.ts';
import { recordDeliveryReceiptRoute } from '../../schemas/routes.ts';
import { deliveryReceipts } from '../adapters/index.ts';
import { recordDeliveryReceipt } from '../app/notifications/receipts.ts';
import { systemNow } from '../commons/clock.ts';
import { HttpProblem } from '../commons/http/problem.ts';
import { publicRoute } from '../commons/http/route.ts';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** True when the header carries the configured secret. */
export function receiptSecretMatches(header: string | undefined, secret: string | undefined): boolean {
  if (!secret || !header) return false;
  return timingSafeEqual(digest(header), digest(secret));
}

export const handler = publicRoute(recordDeliveryReceiptRoute, async ({ params, body, headers }) => {
  if (!receiptSecretMatches(headers['x-receipt-secret'], process.env[ENV.receiptSecret]))
    throw new HttpProblem('unauthorized', 'A valid x-receipt-secret header is required');
  const outcome = await recordDeliveryReceipt(
    deliveryReceipts(),
    { channel: params.provider, ...body },
    systemNow(),
  );
  if (outcome === 'unknown-message')
    throw new HttpProblem('not-found', 'No notice was sent with this message id');
  return { status: 200, body: { recorded: true } };
});
