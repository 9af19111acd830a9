/** The deployed outbox for e-mail: Amazon SES, from the service's own sender address. */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Notification, NotificationOutbox } from '../../domain/notifications.ts';

export class EmailOutbox implements NotificationOutbox {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async send(notification: Notification): Promise<string> {
    if (notification.channel !== 'email')
      throw new Error(`EmailOutbox sends e-mail, not ${notification.channel}`);
    const answer = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [notification.to] },
        Content: {
          Simple: {
            Subject: { Data: notification.subject ?? 'bcci-bridge', Charset: 'UTF-8' },
            Body: { Text: { Data: notification.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
    return answer.MessageId ?? 'unknown';
  }
}
