/**
 * What citizens are told, and when. SMS text is written without diacritics: it fits the
 * GSM 7-bit alphabet, so one message holds 160 characters instead of 70.
 */
import type { Dossier } from './dossiers.ts';
import type { DomainEvent } from './events.ts';
import type { ItemRecord } from './items/items.ts';
import {
  type RenderedTemplate,
  renderTemplate,
  SMS_SEGMENT_LENGTH,
  stripDiacritics,
  type TemplateId,
} from './notifications/templates.ts';

export const SMS_MAX_LENGTH = SMS_SEGMENT_LENGTH;

export interface Notification {
  /** Stable per event and channel: sending twice is recognised as the same notification. */
  readonly notificationId: string;
  readonly channel: 'sms' | 'email';
  readonly to: string;
  readonly text: string;
  /** E-mail only. */
  readonly subject?: string;
  /** SMS only: the versioned template the text came from, with its parameters for Zalo ZNS. */
  readonly template?: RenderedTemplate;
}

export interface NotificationOutbox {
  /** Hands the notification to the carrier; answers the carrier's message id. */
  send(notification: Notification): Promise<string>;
}

/** Vietnamese without diacritics, for SMS: "Hồ sơ đã đăng ký" → "Ho so da dang ky". */
export const withoutDiacritics = stripDiacritics;

const templated = (
  notificationId: string,
  to: string,
  id: TemplateId,
  values: Readonly<Record<string, string>>,
): Notification => {
  const template = renderTemplate(id, values);
  return { notificationId, channel: 'sms', to, text: template.smsText, template };
};

/** E.164 for the carrier: 0912345678 → +84912345678. */
export const toE164 = (phone: string): string => (phone.startsWith('0') ? `+84${phone.slice(1)}` : phone);

/** The links a notice may carry, each with its own token. */
export interface CitizenLinks {
  /** The tracking page where the citizen chooses a delivery window or collection at the office. */
  readonly choice: string;
}

export function notificationsFor(event: DomainEvent, dossier: Dossier, links: CitizenLinks): Notification[] {
  const ref = dossier.dossierCode ?? dossier.consignmentRef;
  const to = toE164(dossier.applicant.phone);
  const id = `${event.eventId}:sms`;
  switch (event.type) {
    case 'dossier.registered': {
      const service = dossier.services.pickup
        ? dossier.services.return
          ? 'nhận hồ sơ và trả kết quả'
          : 'nhận hồ sơ'
        : 'trả kết quả';
      return [templated(id, to, 'dossier-registered', { service, ref })];
    }
    case 'dossier.result-ready':
      return [templated(id, to, 'result-ready', { link: links.choice })];
    case 'dossier.accepted':
      return [templated(id, to, 'dossier-accepted', { ref })];
    case 'dossier.refused':
      return [templated(id, to, 'dossier-refused', { ref, reason: String(event.data.reason ?? '') })];
    default:
      return [];
  }
}

/**
 * The rating link sent when the journey ends: one per dossier whatever event ended it, so
 * its id names the dossier, not the event.
 */
export function ratingNotification(
  dossier: Pick<Dossier, 'consignmentRef' | 'dossierCode' | 'applicant'>,
  link: string,
): Notification {
  const ref = dossier.dossierCode ?? dossier.consignmentRef;
  return templated(
    `${dossier.consignmentRef}:rating:sms`,
    toE164(dossier.applicant.phone),
    'rating-request',
    {
      ref,
      link,
    },
  );
}

/**
 * What the addressee of an outbound item is told as it moves. The delivery code is sent
 * with the out-for-delivery notice and asked for at the door.
 */
export function itemNotificationsFor(
  event: DomainEvent,
  item: Pick<ItemRecord, 'itemCode' | 'addressee' | 'direction' | 'collectAmountVnd'>,
  deliveryCodeForAttempt: () => string,
): Notification[] {
  const phone = item.addressee.phone;
  if (item.direction !== 'outbound' || !phone) return [];
  const id = `${event.eventId}:sms`;
  const itemCode = item.itemCode;
  const amount =
    item.collectAmountVnd > 0 ? `Số tiền thu: ${item.collectAmountVnd.toLocaleString('vi-VN')} đ.` : '';
  switch (event.type) {
    case 'item.out-for-delivery':
      return [
        templated(id, toE164(phone), 'out-for-delivery', {
          itemCode,
          code: deliveryCodeForAttempt(),
          amount,
        }),
      ];
    case 'item.delivery-failed':
      return [templated(id, toE164(phone), 'delivery-failed', { itemCode })];
    case 'item.delivered':
      return [templated(id, toE164(phone), 'delivered', { itemCode })];
    default:
      return [];
  }
}
