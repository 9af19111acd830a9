/**
 * What citizens are told, and when. SMS text is written without diacritics: it fits the
 * GSM 7-bit alphabet, so one message holds 160 characters instead of 70.
 */
import type { Dossier } from './dossiers.ts';
import type { DomainEvent } from './events.ts';
import type { ItemRecord } from './items/items.ts';

export const SMS_MAX_LENGTH = 160;

export interface Notification {
  /** Stable per event and channel: sending twice is recognised as the same notification. */
  readonly notificationId: string;
  readonly channel: 'sms' | 'email';
  readonly to: string;
  readonly text: string;
  /** E-mail only. */
  readonly subject?: string;
}

export interface NotificationOutbox {
  /** Hands the notification to the carrier; answers the carrier's message id. */
  send(notification: Notification): Promise<string>;
}

/** Vietnamese without diacritics, for SMS: "Hồ sơ đã đăng ký" → "Ho so da dang ky". */
export function withoutDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

const sms = (text: string): string => {
  const plain = withoutDiacritics(text);
  return plain.length <= SMS_MAX_LENGTH ? plain : `${plain.slice(0, SMS_MAX_LENGTH - 1)}…`;
};

/** E.164 for the carrier: 0912345678 → +84912345678. */
export const toE164 = (phone: string): string => (phone.startsWith('0') ? `+84${phone.slice(1)}` : phone);

export function notificationsFor(event: DomainEvent, dossier: Dossier): Notification[] {
  switch (event.type) {
    case 'dossier.registered': {
      const ref = dossier.dossierCode ?? dossier.consignmentRef;
      const service = dossier.services.pickup
        ? dossier.services.return
          ? 'nhận hồ sơ và trả kết quả'
          : 'nhận hồ sơ'
        : 'trả kết quả';
      return [
        {
          notificationId: `${event.eventId}:sms`,
          channel: 'sms',
          to: toE164(dossier.applicant.phone),
          text: sms(`Bưu điện đã đăng ký dịch vụ ${service} qua bưu chính cho hồ sơ ${ref}.`),
        },
      ];
    }
    case 'dossier.result-ready': {
      const ref = dossier.dossierCode ?? dossier.consignmentRef;
      return [
        {
          notificationId: `${event.eventId}:sms`,
          channel: 'sms',
          to: toE164(dossier.applicant.phone),
          text: sms(`Kết quả hồ sơ ${ref} đã sẵn sàng, bưu điện sẽ chuyển phát đến địa chỉ của ông/bà.`),
        },
      ];
    }
    default:
      return [];
  }
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
  const message = (text: string): Notification[] => [
    { notificationId: `${event.eventId}:sms`, channel: 'sms', to: toE164(phone), text: sms(text) },
  ];
  const amount =
    item.collectAmountVnd > 0 ? ` Số tiền thu: ${item.collectAmountVnd.toLocaleString('vi-VN')} đ.` : '';
  switch (event.type) {
    case 'item.out-for-delivery':
      return message(
        `Bưu điện đang phát kết quả ${item.itemCode}. Mã nhận: ${deliveryCodeForAttempt()}. Xuất trình CCCD khi nhận.${amount}`,
      );
    case 'item.delivery-failed':
      return message(
        `Bưu điện phát ${item.itemCode} chưa thành công, sẽ hẹn phát lại. Liên hệ bưu cục để đổi lịch.`,
      );
    case 'item.delivered':
      return message(`Kết quả ${item.itemCode} đã được phát thành công. Cảm ơn ông/bà.`);
    default:
      return [];
  }
}
