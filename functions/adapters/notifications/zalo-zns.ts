/**
 * Zalo ZNS (Zalo Notification Service) template messages, the citizens' first channel.
 *
 * Request: `POST https://business.openapi.zalo.me/message/template`, header `access_token` (the
 * Official Account's token), JSON body
 * `{ phone: "84912345678", template_id: "<ZNS template id>", template_data: { name: value },
 *    tracking_id: "<our notification id>" }`.
 * Answer: `{ error: 0, message: "Success", data: { msg_id, sent_time, quota } }` when sent; a
 * negative `error` with its `message` otherwise. The errors for a number that has no usable
 * Zalo account (-118 no such account or disabled, -119 the account cannot receive ZNS, -108
 * invalid phone) answer `unreachable` so that the next channel is tried; every other error throws.
 */
import type { ChannelAnswer, ChannelMessage, NotificationChannel } from '../../app/notifications/channels.ts';
import type { TemplateId } from '../../domain/notifications/templates.ts';
import { PROVIDER_TIMEOUT_MS, postJson } from './post-json.ts';

export const ZNS_ENDPOINT = 'https://business.openapi.zalo.me/message/template';
/** Zalo's answers that mean the number cannot be reached on Zalo. */
export const ZNS_UNREACHABLE_ERRORS: ReadonlySet<number> = new Set([-108, -118, -119]);

export interface ZaloZnsOptions {
  readonly endpoint?: string;
  readonly accessToken: string;
  /** The ZNS template registered with Zalo for each of ours (same wording, same parameters). */
  readonly templateIds: Readonly<Partial<Record<TemplateId, string>>>;
  readonly timeoutMs?: number;
}

interface ZnsAnswer {
  readonly error?: unknown;
  readonly message?: unknown;
  readonly data?: { readonly msg_id?: unknown };
}

/** Zalo's phone form: +84912345678 → 84912345678. */
export const znsPhone = (e164: string): string => e164.replace(/^\+/, '');

export class ZaloZnsChannel implements NotificationChannel {
  readonly name = 'zalo-zns' as const;
  constructor(private readonly options: ZaloZnsOptions) {}

  async send(message: ChannelMessage): Promise<ChannelAnswer> {
    const templateId = this.options.templateIds[message.template.templateId];
    if (!templateId)
      return { kind: 'unreachable', reason: `no ZNS template for ${message.template.templateId}` };
    const answer = await postJson(
      this.options.endpoint ?? ZNS_ENDPOINT,
      { access_token: this.options.accessToken },
      {
        phone: znsPhone(message.to),
        template_id: templateId,
        template_data: message.template.params,
        tracking_id: message.notificationId,
      },
      this.options.timeoutMs ?? PROVIDER_TIMEOUT_MS,
    );
    const body = (answer.body ?? {}) as ZnsAnswer;
    const error = typeof body.error === 'number' ? body.error : Number.NaN;
    if (error === 0 && typeof body.data?.msg_id === 'string')
      return { kind: 'sent', messageId: body.data.msg_id };
    if (ZNS_UNREACHABLE_ERRORS.has(error))
      return { kind: 'unreachable', reason: `Zalo ${error}: ${String(body.message)}` };
    throw new Error(
      `Zalo ZNS answered HTTP ${answer.status}, error ${String(body.error)}: ${String(body.message)}`,
    );
  }
}
