/**
 * The guard that sends a notification once: a claim in the idempotency records, leased for
 * the sending function's timeout, completed with the carrier's id once sent, released when the
 * carrier failed so that a retry sends it again.
 */
import type { SendOnceGuard } from '../../app/notifications/send-notifications.ts';
import { idempotencyStore } from '../idempotency.ts';

export function idempotentSendGuard(
  leaseMs: number,
  /** Called with the carrier's id once sent, before the claim is completed. */
  onSent: (notificationId: string, carrierId: string) => Promise<void> = async () => {},
): SendOnceGuard {
  const key = (notificationId: string) => `notification:${notificationId}`;
  return {
    async claim(notificationId) {
      // Leases are real time, as the route wrapper's idempotency records are.
      const now = Date.now();
      const claim = await idempotencyStore().claim(key(notificationId), notificationId, now, now + leaseMs);
      return claim.kind === 'completed' ? 'sent' : claim.kind;
    },
    async markSent(notificationId, carrierId) {
      await onSent(notificationId, carrierId);
      const answer = { statusCode: 200, headers: {}, body: carrierId };
      await idempotencyStore().complete(key(notificationId), notificationId, answer, Date.now());
    },
    release: (notificationId) => idempotencyStore().release(key(notificationId)),
  };
}
