/**
 * Versioned notification templates. One template gives both an SMS text (Vietnamese without
 * diacritics, GSM 7-bit basic alphabet, one 160-character segment) and the parameters of the
 * matching Zalo ZNS template. A template's wording never changes under the same version: a new
 * wording is a new version, so that a stored message names the text it carried.
 */

/** One SMS segment in the GSM 7-bit alphabet. */
export const SMS_SEGMENT_LENGTH = 160;

/**
 * The GSM 03.38 basic character set that a Vietnamese text without diacritics can use. The
 * extension table (`{}[]~^|\€`) is left out: each of its characters costs two septets.
 */
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7 = new Set(GSM7_BASIC);

export const isGsm7 = (text: string): boolean => [...text].every((char) => GSM7.has(char));

/** Vietnamese without diacritics: "Hồ sơ đã đăng ký" → "Ho so da dang ky" (đ/Đ too). */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

/** A parameter as an SMS may carry it: no diacritics, GSM-7 only (others become spaces), bounded. */
export function smsParameter(value: string, maxLength: number): string {
  const plain = [...stripDiacritics(value)].map((char) =>
    GSM7.has(char) && char !== '\n' && char !== '\r' ? char : ' ',
  );
  return plain.join('').replace(/ {2,}/g, ' ').trim().slice(0, maxLength).trim();
}

export type TemplateId =
  | 'dossier-registered'
  | 'result-ready'
  | 'dossier-accepted'
  | 'dossier-refused'
  | 'out-for-delivery'
  | 'delivery-failed'
  | 'delivered'
  | 'rating-request';

interface TemplateDefinition {
  readonly id: TemplateId;
  readonly version: number;
  /** Sent even in quiet hours and to citizens who opted out: the code is needed at the door. */
  readonly deliveryCode: boolean;
  /** Each parameter's longest SMS form: the wording is proven to fit with every parameter at it. */
  readonly parameters: Readonly<Record<string, number>>;
  /** The Vietnamese wording with its diacritics; `{name}` marks a parameter. */
  readonly wording: string;
}

/** The templates in use; the Zalo ZNS template registered for each is configured by id. */
export const TEMPLATES: Readonly<Record<TemplateId, TemplateDefinition>> = {
  'dossier-registered': {
    id: 'dossier-registered',
    version: 1,
    deliveryCode: false,
    parameters: { service: 26, ref: 40 },
    wording: 'Bưu điện đã đăng ký dịch vụ {service} qua bưu chính cho hồ sơ {ref}.',
  },
  // Version 2 carries the link where the citizen chooses a delivery window or collection at the office.
  'result-ready': {
    id: 'result-ready',
    version: 2,
    deliveryCode: false,
    parameters: { link: 100 },
    wording: 'Đã có kết quả hồ sơ. Chọn giờ phát hoặc nhận tại bưu cục: {link}',
  },
  'dossier-accepted': {
    id: 'dossier-accepted',
    version: 1,
    deliveryCode: false,
    parameters: { ref: 40 },
    wording: 'Cơ quan giải quyết đã tiếp nhận hồ sơ {ref} do bưu điện chuyển đến.',
  },
  'dossier-refused': {
    id: 'dossier-refused',
    version: 1,
    deliveryCode: false,
    parameters: { ref: 40, reason: 50 },
    wording: 'Hồ sơ {ref} không được tiếp nhận. Lý do: {reason}. Bưu điện sẽ chuyển trả hồ sơ.',
  },
  'out-for-delivery': {
    id: 'out-for-delivery',
    version: 1,
    deliveryCode: true,
    parameters: { itemCode: 13, code: 8, amount: 40 },
    wording: 'Bưu điện đang phát kết quả {itemCode}. Mã nhận: {code}. Xuất trình CCCD khi nhận. {amount}',
  },
  'delivery-failed': {
    id: 'delivery-failed',
    version: 1,
    deliveryCode: false,
    parameters: { itemCode: 13 },
    wording: 'Bưu điện phát {itemCode} chưa thành công, sẽ hẹn phát lại. Liên hệ bưu cục để đổi lịch.',
  },
  delivered: {
    id: 'delivered',
    version: 1,
    deliveryCode: false,
    parameters: { itemCode: 13 },
    wording: 'Kết quả {itemCode} đã được phát thành công. Cảm ơn ông/bà.',
  },
  'rating-request': {
    id: 'rating-request',
    version: 1,
    deliveryCode: false,
    parameters: { ref: 30, link: 100 },
    wording: 'Mời đánh giá dịch vụ hồ sơ {ref}: {link}',
  },
};

/** A template filled in: what every channel sends, each in its own form. */
export interface RenderedTemplate {
  readonly templateId: TemplateId;
  readonly version: number;
  readonly deliveryCode: boolean;
  /** The parameters with their diacritics, bounded: Zalo ZNS `template_data`. */
  readonly params: Readonly<Record<string, string>>;
  /** GSM-7, one segment. */
  readonly smsText: string;
}

const fill = (wording: string, values: Readonly<Record<string, string>>): string =>
  wording.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');

/** Throws unless the text is one GSM-7 segment: the templates' own guarantee, checked each time. */
export function assertSmsText(text: string): string {
  if (!isGsm7(text)) throw new Error(`SMS text is not GSM 7-bit: ${JSON.stringify(text)}`);
  if (text.length > SMS_SEGMENT_LENGTH)
    throw new Error(`SMS text is ${text.length} characters, over one segment`);
  return text;
}

export function renderTemplate(id: TemplateId, values: Readonly<Record<string, string>>): RenderedTemplate {
  const template = TEMPLATES[id];
  const params: Record<string, string> = {};
  const smsValues: Record<string, string> = {};
  for (const [name, maxLength] of Object.entries(template.parameters)) {
    const value = values[name] ?? '';
    smsValues[name] = smsParameter(value, maxLength);
    params[name] = [...value.replace(/[\p{Cc}]/gu, ' ')].slice(0, maxLength).join('');
  }
  const smsText = assertSmsText(fill(stripDiacritics(template.wording), smsValues).trim());
  return { templateId: id, version: template.version, deliveryCode: template.deliveryCode, params, smsText };
}
