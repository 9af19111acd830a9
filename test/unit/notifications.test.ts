import { describe, expect, it } from 'vitest';
import { redactPersonalData } from '../../functions/commons/powertools.ts';
import { registerDossier } from '../../functions/domain/dossiers.ts';
import {
  notificationsFor,
  SMS_MAX_LENGTH,
  toE164,
  withoutDiacritics,
} from '../../functions/domain/notifications.ts';
import { RegisterDossierSchema } from '../../schemas/dossiers.ts';
import { dossierRequest, PLACEMENT } from '../support/http-event.ts';

describe('citizen notifications', () => {
  it('writes SMS without diacritics, to an E.164 number, within one message', () => {
    expect(withoutDiacritics('Đăng ký hồ sơ đã được tiếp nhận')).toBe('Dang ky ho so da duoc tiep nhan');
    expect(toE164('0912345678')).toBe('+84912345678');
    const { dossier, event } = registerDossier({
      request: RegisterDossierSchema.parse(dossierRequest()),
      registrant: { role: 'agency', agencyCode: '000.00.06.H56' },
      consignmentRef: 'PG0123456789AB',
      contentHash: 'h',
      now: new Date('2026-11-20T03:00:00Z'),
      placement: PLACEMENT,
    });
    const [sms, ...rest] = notificationsFor(event, dossier);
    expect(rest).toHaveLength(0);
    expect(sms?.to).toBe('+84912345678');
    expect(sms?.notificationId).toBe('PG0123456789AB-1:sms');
    expect(sms?.text).toContain('000.00.06.H56-261120-0042');
    expect(sms?.text).toMatch(/^[\x20-\x7e…]+$/);
    expect(sms?.text.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
  });
});

describe('log redaction', () => {
  it('masks personal data wherever it sits in a logged object', () => {
    const logged = JSON.parse(
      JSON.stringify(
        {
          applicant: { fullName: 'Nguyễn Thị Hoa', phone: '0912345678', address: { line: '12 Trần Phú' } },
          ok: 1,
        },
        redactPersonalData,
      ),
    );
    expect(logged).toEqual({
      applicant: { fullName: '[redacted]', phone: '[redacted]', address: '[redacted]' },
      ok: 1,
    });
  });
});
