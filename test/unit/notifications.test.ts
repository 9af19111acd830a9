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
    const [sms, ...rest] = notificationsFor(event, dossier, { choice: '' });
    expect(rest).toHaveLength(0);
    expect(sms?.to).toBe('+84912345678');
    expect(sms?.notificationId).toBe('PG0123456789AB-1:sms');
    expect(sms?.text).toContain('000.00.06.H56-261120-0042');
    expect(sms?.text).toMatch(/^[\x20-\x7e…]+$/);
    expect(sms?.text.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
  });

  it('tells the citizen when the agency accepts the dossier, or refuses it and why', () => {
    const { dossier, event } = registerDossier({
      request: RegisterDossierSchema.parse(dossierRequest()),
      registrant: { role: 'agency', agencyCode: '000.00.06.H56' },
      consignmentRef: 'PG0123456789AB',
      contentHash: 'h',
      now: new Date('2026-11-20T03:00:00Z'),
      placement: PLACEMENT,
    });
    const decided = (type: string, data: Record<string, unknown>) =>
      notificationsFor({ ...event, eventId: `PG0123456789AB-${type}`, type, data }, dossier, { choice: '' });
    const [accepted] = decided('dossier.accepted', {});
    expect(accepted?.text).toBe(
      'Co quan giai quyet da tiep nhan ho so 000.00.06.H56-261120-0042 do buu dien chuyen den.',
    );
    const [refused] = decided('dossier.refused', { reason: 'Thiếu bản sao giấy khai sinh' });
    expect(refused?.text).toBe(
      'Ho so 000.00.06.H56-261120-0042 khong duoc tiep nhan. Ly do: Thieu ban sao giay khai sinh. Buu dien se chuyen tra ho so.',
    );
    expect(refused?.template?.params.reason).toBe('Thiếu bản sao giấy khai sinh');
    const [long] = decided('dossier.refused', { reason: 'Đơn đề nghị '.repeat(40) });
    expect(long?.text.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
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
