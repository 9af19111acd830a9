/**
 * Citizens' notification choices and the delivery receipts of sent notices, each under a key
 * of its own (per phone, per carrier message id): read and written by key, never scanned.
 */
import type { DeliveryReceipt, DeliveryReceiptStore } from '../../app/notifications/receipts.ts';
import { MAX_RECEIPTS_PER_MESSAGE } from '../../app/notifications/receipts.ts';
import type { NotificationPreferences } from '../../app/notifications/send-notifications.ts';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '../../commons/sdk/lib-dynamodb.ts';
import { ENTITY, KEY } from './keys.ts';

export class DynamoNotificationPreferences implements NotificationPreferences {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async optedOut(phone: string): Promise<boolean> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.table, Key: KEY.notificationPreference(phone), ConsistentRead: true }),
    );
    return answer.Item?.optedOut === true;
  }

  async setOptedOut(phone: string, optedOut: boolean, at: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...KEY.notificationPreference(phone),
          entity: ENTITY.notificationPreference,
          phone,
          optedOut,
          updatedAt: at.toISOString(),
        },
      }),
    );
  }
}

const isConditionFailure = (error: unknown): boolean =>
  (error as { name?: string }).name === 'ConditionalCheckFailedException';

export class DynamoDeliveryReceipts implements DeliveryReceiptStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async recordSent(carrierId: string, notificationId: string, at: Date): Promise<void> {
    await this.client
      .send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...KEY.notificationMessage(carrierId),
            entity: ENTITY.notificationMessage,
            carrierId,
            notificationId,
            sentAt: at.toISOString(),
            receipts: [],
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  async recordReceipt(
    carrierId: string,
    receipt: DeliveryReceipt,
    at: Date,
  ): Promise<'recorded' | 'unknown-message'> {
    const entry = {
      status: receipt.status,
      occurredAt: receipt.occurredAt,
      detail: receipt.detail ?? '',
      receivedAt: at.toISOString(),
    };
    const key = `${receipt.status}@${receipt.occurredAt}`;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: KEY.notificationMessage(carrierId),
          UpdateExpression:
            'SET receipts = list_append(receipts, :entry), receiptKeys = list_append(if_not_exists(receiptKeys, :none), :key), lastStatus = :status',
          ConditionExpression:
            'attribute_exists(pk) AND size(receipts) < :max AND NOT contains(receiptKeys, :keyText)',
          ExpressionAttributeValues: {
            ':entry': [entry],
            ':key': [key],
            ':keyText': key,
            ':none': [],
            ':status': receipt.status,
            ':max': MAX_RECEIPTS_PER_MESSAGE,
          },
        }),
      );
      return 'recorded';
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.client.send(
        new GetCommand({
          TableName: this.table,
          Key: KEY.notificationMessage(carrierId),
          ConsistentRead: true,
        }),
      );
      return current.Item ? 'recorded' : 'unknown-message';
    }
  }
}
