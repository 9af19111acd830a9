/**
 * Delivery receipts: a provider tells us, on its own schedule, whether a notice reached the
 * phone. Each receipt is stored against the message it names; a receipt for a message we never
 * sent is refused, and the same receipt twice is stored once.
 */
import type { ChannelName } from './channels.ts';

export type ReceiptStatus = 'delivered' | 'failed' | 'expired';

export interface DeliveryReceipt {
  readonly channel: ChannelName;
  /** The provider's message id, as it answered the send. */
  readonly messageId: string;
  readonly status: ReceiptStatus;
  /** When the provider says it happened. */
  readonly occurredAt: string;
  /** The provider's own code or words, bounded. */
  readonly detail?: string;
}

/** Sent notices and their receipts, keyed by carrier id (`channel:messageId`). */
export interface DeliveryReceiptStore {
  recordSent(carrierId: string, notificationId: string, at: Date): Promise<void>;
  /** `unknown-message`: no notice was sent with this carrier id. */
  recordReceipt(
    carrierId: string,
    receipt: DeliveryReceipt,
    at: Date,
  ): Promise<'recorded' | 'unknown-message'>;
}

/** At most this many receipts are kept per message (providers resend them). */
export const MAX_RECEIPTS_PER_MESSAGE = 10;

export async function recordDeliveryReceipt(
  store: DeliveryReceiptStore,
  receipt: DeliveryReceipt,
  now: Date,
): Promise<'recorded' | 'unknown-message'> {
  return store.recordReceipt(`${receipt.channel}:${receipt.messageId}`, receipt, now);
}
