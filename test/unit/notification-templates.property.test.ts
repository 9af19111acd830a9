/** Every rendered SMS is one GSM-7 segment without diacritics, whatever names and codes it carries. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertSmsText,
  isGsm7,
  renderTemplate,
  SMS_SEGMENT_LENGTH,
  stripDiacritics,
  TEMPLATES,
  type TemplateId,
} from '../../functions/domain/notifications/templates.ts';

const VIETNAMESE = [
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyàằầèềìòồờùừỳảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹáắấéếíóốớúứýạặậẹệịọộợụựỵĐĂÂÊÔƠƯ',
];
const vietnameseText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...VIETNAMESE),
    fc.constantFrom(' ', '-', '.', '/'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
  maxLength: 120,
});
const anyText = fc.oneof(vietnameseText, fc.string({ unit: 'binary', maxLength: 200 }));

describe('notification templates', () => {
  it('renders every template, with any parameters, into one GSM-7 segment', () => {
    const ids = Object.keys(TEMPLATES) as TemplateId[];
    fc.assert(
      fc.property(
        fc.constantFrom(...ids),
        fc.dictionary(fc.constantFrom('service', 'ref', 'itemCode', 'code', 'amount', 'reason'), anyText),
        (id, values) => {
          const rendered = renderTemplate(id, values);
          expect(rendered.smsText.length).toBeLessThanOrEqual(SMS_SEGMENT_LENGTH);
          expect(isGsm7(rendered.smsText)).toBe(true);
          expect(rendered.smsText).not.toMatch(/[\u0300-\u036fđĐ]/);
          expect(rendered.version).toBe(TEMPLATES[id].version);
          for (const [name, value] of Object.entries(rendered.params))
            expect([...value].length).toBeLessThanOrEqual(TEMPLATES[id].parameters[name] ?? 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the names it carries readable without their diacritics', () => {
    const rendered = renderTemplate('dossier-registered', {
      service: 'nhận hồ sơ',
      ref: 'Đặng Thị Ngọc Ánh',
    });
    expect(rendered.smsText).toBe(
      'Buu dien da dang ky dich vu nhan ho so qua buu chinh cho ho so Dang Thi Ngoc Anh.',
    );
    expect(rendered.params).toEqual({ service: 'nhận hồ sơ', ref: 'Đặng Thị Ngọc Ánh' });
    expect(stripDiacritics('Đường Điện Biên Phủ')).toBe('Duong Dien Bien Phu');
  });

  it('refuses a text over one segment or outside GSM-7', () => {
    expect(() => assertSmsText('a'.repeat(SMS_SEGMENT_LENGTH + 1))).toThrow(/over one segment/);
    expect(() => assertSmsText('Mã nhận')).toThrow(/GSM 7-bit/);
    expect(() => assertSmsText('ok {}')).toThrow(/GSM 7-bit/);
    expect(assertSmsText('a'.repeat(SMS_SEGMENT_LENGTH))).toHaveLength(SMS_SEGMENT_LENGTH);
  });

  it('carries the delivery code and the amount to collect in the out-for-delivery text', () => {
    const rendered = renderTemplate('out-for-delivery', {
      itemCode: 'EA123456789VN',
      code: '482913',
      amount: 'Số tiền thu: 1.250.000 đ.',
    });
    expect(rendered.smsText).toBe(
      'Buu dien dang phat ket qua EA123456789VN. Ma nhan: 482913. Xuat trinh CCCD khi nhan. So tien thu: 1.250.000 d.',
    );
    expect(rendered.deliveryCode).toBe(true);
  });
});
