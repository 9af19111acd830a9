/**
 * What citizens are told, and when. SMS text is written without diacritics: it fits the
 * GSM 7-bit alphabet, so one message holds 160 characters instead of 70.
 */
import type { Dossier, DossierEvent } from './dossiers.ts';

export const SMS_MAX_LENGTH = 160;

export interface Notification {
  /** Stable per event and channel: sending twice is recognised as the same notification. */
  readonly notificationId: string;
  readonly channel: 'sms';
  readonly to: string;
  readonly text: string;
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

export function notificationsFor(event: DossierEvent, dossier: Dossier): Notification[] {
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
