/** SMS through Amazon SNS, the citizens' last channel: transactional, with the service as sender id. */
import type { ChannelAnswer, ChannelMessage, NotificationChannel } from '../../app/notifications/channels.ts';
import { PublishCommand, type SNSClient } from '../../commons/sdk/sns.ts';

export class SnsSmsChannel implements NotificationChannel {
  readonly name = 'sns-sms' as const;
  constructor(private readonly client: SNSClient) {}

  async send(message: ChannelMessage): Promise<ChannelAnswer> {
    const answer = await this.client.send(
      new PublishCommand({
        PhoneNumber: message.to,
        Message: message.template.smsText,
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'BUUDIEN' },
        },
      }),
    );
    if (!answer.MessageId) throw new Error('SNS answered without a message id');
    return { kind: 'sent', messageId: answer.MessageId };
  }
}
