/**
 * Brandname SMS through an HTTP gateway, the citizens' second channel. The gateway's shape:
 *
 * Request: `POST <endpoint>`, header `authorization: Bearer <token>`, JSON body
 * `{ to: "84912345678", brandname: "BUUDIEN", text: "<GSM-7, one segment>", requestId: "<our
 * notification id>" }`. The gateway treats `requestId` as an idempotency key.
 * Answer: `{ status: "accepted", messageId }` when taken; `{ status: "rejected", code, message }`
 * when not. `code: "invalid-number"` (a number the gateway cannot reach) answers `unreachable`
 * so that the next channel is tried; any other rejection or an HTTP error throws.
 */
import type { ChannelAnswer, ChannelMessage, NotificationChannel } from '../../app/notifications/channels.ts';
import { PROVIDER_TIMEOUT_MS, postJson } from './post-json.ts';
import { znsPhone } from './zalo-zns.ts';

export interface BrandnameSmsOptions {
  readonly endpoint: string;
  readonly token: string;
  readonly brandname: string;
  readonly timeoutMs?: number;
}

interface GatewayAnswer {
  readonly status?: unknown;
  readonly messageId?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
}

export class BrandnameSmsChannel implements NotificationChannel {
  readonly name = 'brandname-sms' as const;
  constructor(private readonly options: BrandnameSmsOptions) {}

  async send(message: ChannelMessage): Promise<ChannelAnswer> {
    const answer = await postJson(
      this.options.endpoint,
      { authorization: `Bearer ${this.options.token}` },
      {
        to: znsPhone(message.to),
        brandname: this.options.brandname,
        text: message.template.smsText,
        requestId: message.notificationId,
      },
      this.options.timeoutMs ?? PROVIDER_TIMEOUT_MS,
    );
    const body = (answer.body ?? {}) as GatewayAnswer;
    if (answer.status < 300 && body.status === 'accepted' && typeof body.messageId === 'string')
      return { kind: 'sent', messageId: body.messageId };
    if (body.status === 'rejected' && body.code === 'invalid-number')
      return { kind: 'unreachable', reason: `gateway: ${String(body.message)}` };
    throw new Error(
      `SMS gateway answered HTTP ${answer.status}: ${String(body.code)} ${String(body.message)}`,
    );
  }
}
