/** The `callbackDeliveries` queue: one message per callback to deliver. */
import type { DeliveryQueue } from '../../app/callbacks/ports.ts';
import type { CallbackDeliveryMessage } from '../../app/messages.ts';
import { queueUrl } from '../../commons/clients.ts';
import { SendMessageCommand } from '../../commons/sdk/sqs.ts';
import { sqs } from '../../commons/sqs-client.ts';

export const callbackDeliveryQueue: DeliveryQueue = {
  async queueDelivery(message: CallbackDeliveryMessage): Promise<void> {
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: queueUrl('callbackDeliveries'),
        MessageBody: JSON.stringify(message),
      }),
    );
  },
};
