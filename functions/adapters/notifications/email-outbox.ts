/**
 * The deployed outbox for e-mail: Amazon SES, from the service's own sender address. The SES
 * client loads with the first e-mail: the callbacks deliverer writes one only when it disables
 * an endpoint, so most of its containers never need it.
 */
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Notification, NotificationOutbox } from '../../domain/notifications.ts';

export class EmailOutbox implements NotificationOutbox {
  private client: SESv2Client | undefined;

  constructor(private readonly from: string) {}

  async send(notification: Notification): Promise<string> {
    if (notification.channel !== 'email')
      throw new Error(`EmailOutbox sends e-mail, not ${notification.channel}`);
    const { SESv2Client, SendEmailCommand } = await import('@aws-sdk/client-sesv2');
    this.client ??= new SESv2Client({});
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
