/** The SES outbox: one message per e-mail, from the service's sender; the client loads with the first. */
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { EmailOutbox } from '../../functions/adapters/notifications/email-outbox.ts';

const ses = mockClient(SESv2Client);

afterEach(() => ses.reset());

describe('EmailOutbox', () => {
  it('sends the e-mail through SES and answers its message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const outbox = new EmailOutbox('no-reply@bcci-bridge.vn');
    const id = await outbox.send({
      notificationId: 'n-1',
      channel: 'email',
      to: 'owner@agency.gov.vn',
      subject: 'Endpoint disabled',
      text: 'Điểm nhận callback đã bị tạm dừng.',
    });
    expect(id).toBe('ses-1');
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toMatchObject({
      FromEmailAddress: 'no-reply@bcci-bridge.vn',
      Destination: { ToAddresses: ['owner@agency.gov.vn'] },
      Content: { Simple: { Subject: { Data: 'Endpoint disabled' } } },
    });
  });

  it('refuses anything but e-mail, and sends nothing', async () => {
    const outbox = new EmailOutbox('no-reply@bcci-bridge.vn');
    await expect(
      outbox.send({ notificationId: 'n-2', channel: 'sms', to: '0912345678', text: 'OTP 123456' }),
    ).rejects.toThrow(/sends e-mail, not sms/);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
