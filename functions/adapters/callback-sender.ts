/**
 * Posts a callback to its receiver, signed per the Standard Webhooks specification. Private,
 * loopback and link-local receivers are refused outside local mode, at every attempt and at
 * connection time (./http/callback-transport.ts): a name may resolve elsewhere than when it
 * was subscribed, or between a check and a connection.
 */
import { Webhook } from 'standardwebhooks';
import type { CallbackSender } from '../app/callbacks/ports.ts';
import { callbackUrlProblem, type Delivery, type Subscription } from '../domain/callbacks.ts';
import { CallbackAddressRefused, postCallback } from './http/callback-transport.ts';

export const ATTEMPT_TIMEOUT_MS = 10_000;
/** What is kept of a receiver's answer, for the delivery record. */
const MAX_RESULT_DETAIL = 200;

export class WebhookSender implements CallbackSender {
  constructor(private readonly allowPrivate: boolean) {}

  async post(subscription: Subscription, delivery: Delivery): Promise<{ ok: boolean; detail: string }> {
    const problem = callbackUrlProblem(subscription.url, this.allowPrivate);
    if (problem) return { ok: false, detail: `refused: ${problem}` };
    const timestamp = new Date();
    const signature = new Webhook(subscription.secret).sign(delivery.messageId, timestamp, delivery.payload);
    try {
      const answer = await postCallback({
        url: subscription.url,
        allowPrivate: this.allowPrivate,
        timeoutMs: ATTEMPT_TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'bcci-bridge-callbacks/1',
          'webhook-id': delivery.messageId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
        },
        body: delivery.payload,
      });
      return { ok: answer.status >= 200 && answer.status < 300, detail: `HTTP ${answer.status}` };
    } catch (error) {
      if (error instanceof CallbackAddressRefused) {
        return { ok: false, detail: 'refused: resolves to a non-public address' };
      }
      return { ok: false, detail: String((error as Error).message ?? error).slice(0, MAX_RESULT_DETAIL) };
    }
  }
}
