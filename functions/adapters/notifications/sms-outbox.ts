/** The deployed outbox: SMS through Amazon SNS, transactional, with the service as sender id. */
import { PublishCommand, type SNSClient } from '../../commons/sdk/sns.ts';
import type { Notification, NotificationOutbox } from '../../domain/notifications.ts';

export class SmsOutbox implements NotificationOutbox {
  constructor(private readonly client: SNSClient) {}

  async send(notification: Notification): Promise<string> {
    const answer = await this.client.send(
      new PublishCommand({
        PhoneNumber: notification.to,
        Message: notification.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'BUUDIEN' },
        },
      }),
    );
    return answer.MessageId ?? 'unknown';
  }
}
