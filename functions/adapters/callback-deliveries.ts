/** The queue of callback deliveries: one message per (subscription, event) to attempt. */
import { queueUrl } from '../commons/clients.ts';
import { SendMessageCommand } from '../commons/sdk/sqs.ts';
import { sqs } from '../commons/sqs-client.ts';

export interface DeliveryMessage {
  readonly agencyCode: string;
  readonly webhookId: string;
  readonly eventId: string;
}

export async function queueDelivery(message: DeliveryMessage): Promise<void> {
  await sqs().send(
    new SendMessageCommand({
      QueueUrl: queueUrl('callbackDeliveries'),
      MessageBody: JSON.stringify(message),
    }),
  );
}
